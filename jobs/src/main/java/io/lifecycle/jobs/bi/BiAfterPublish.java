package io.lifecycle.jobs.bi;

import io.lifecycle.common.config.BiConfig;
import io.lifecycle.common.run.JobContext;

import java.nio.file.Files;

/**
 * The marts job's last step: after a successful publish, rewrite the DuckDB file BI reads (conf/bi.yaml), so BI
 * never shows a night that was not published. Skipped, with a sentence saying why and what to run instead, where it
 * cannot work: no conf/bi.yaml, refreshAfterPublish off, no DuckDB driver (the shaded job jar on a cluster) or no
 * delta extension installed yet. A refresh that starts and fails fails the job.
 */
public final class BiAfterPublish {
    private static final String STEP = "bi";

    private BiAfterPublish() {
    }

    public static void refresh(JobContext ctx) {
        if (!BiConfig.exists(ctx.configDir())) {
            ctx.progress().step(STEP, "no " + BiConfig.FILE_NAME + " in " + ctx.configDir()
                    + ": the DuckDB file for BI is not refreshed");
            return;
        }
        BiConfig bi = BiConfig.load(ctx.configDir(), ctx.lakehouse().root());
        if (!bi.refreshAfterPublish()) {
            return;
        }
        if (!DuckDbRefresh.driverAvailable()) {
            ctx.progress().step(STEP, "DuckDB's JDBC driver is not on the classpath (the job jar leaves it out): "
                    + bi.database() + " is not refreshed; run bin/lifecycle bi refresh where BI reads it");
            return;
        }
        if (!Files.isRegularFile(DuckDbRefresh.extensionFile(bi.extensionDirectory()))) {
            ctx.progress().step(STEP, "DuckDB's delta extension is not installed in " + bi.extensionDirectory()
                    + ": " + bi.database() + " is not refreshed; bin/lifecycle bi refresh installs it and writes it");
            return;
        }
        ctx.progress().step(STEP, "refreshed " + DuckDbRefresh.refresh(ctx.lakehouse(), bi));
    }
}
