package io.lifecycle.pipelines.cli;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.MaintenanceConfig;
import io.lifecycle.common.run.LakehouseLock;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Housekeeping: for every table of the lakehouse (and every published gold table), OPTIMIZE when it is a daily table
 * and optimize is on, then VACUUM with the retention of conf/maintenance.yaml; prints files and bytes before and
 * after per table and in total. Holds the writer lock: it never runs beside a night.
 */
@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = "Compact the daily tables and delete files no table references any more (retention from "
                + "conf/maintenance.yaml); prints the bytes before and after.")
final class MaintainCommand implements Runnable {
    @Mixin
    CommonOptions common;

    /** Files and bytes under a table's folder. */
    record Footprint(long files, long bytes) {
    }

    @Override
    public void run() {
        MaintenanceConfig config = MaintenanceConfig.load(common.configDir());
        Lakehouse lakehouse = common.lakehouse();
        try (LakehouseLock held = LakehouseLock.acquire(lakehouse.root(), "maintain-" + CommonOptions.newRunId(),
                common.config().writerLockOrDefault(), common.progress())) {
            List<Path> tables = new ArrayList<>();
            List<Boolean> daily = new ArrayList<>();
            for (TableDef def : Tables.all()) {
                if (lakehouse.exists(def)) {
                    tables.add(lakehouse.path(def));
                    daily.add(def.dateColumn() != null);
                }
                if (def.layer() == Layer.GOLD && lakehouse.isPublished(def)) {
                    tables.add(lakehouse.publishedPath(def));
                    daily.add(def.dateColumn() != null);
                }
            }
            long before = 0;
            long after = 0;
            System.out.printf("%-60s %9s %14s %9s %14s%n", "table folder", "files", "bytes before", "files", "bytes after");
            for (int i = 0; i < tables.size(); i++) {
                Path table = tables.get(i);
                Footprint was = footprint(table);
                maintain(common.spark(), table, daily.get(i) && config.optimize(), config.vacuumRetentionHours());
                Footprint is = footprint(table);
                before += was.bytes();
                after += is.bytes();
                System.out.printf("%-60s %,9d %,14d %,9d %,14d%n", lakehouse.root().relativize(table), was.files(),
                        was.bytes(), is.files(), is.bytes());
            }
            System.out.printf("Maintained %d tables: %,d bytes before, %,d after (%,d freed), retention %d hours.%n",
                    tables.size(), before, after, before - after, config.vacuumRetentionHours());
        }
    }

    static void maintain(SparkSession spark, Path table, boolean optimize, int retentionHours) {
        String location = table.toAbsolutePath().toString().replace("`", "``");
        if (optimize) {
            spark.sql("OPTIMIZE delta.`" + location + "`").collect();
        }
        spark.sql("VACUUM delta.`" + location + "` RETAIN " + retentionHours + " HOURS").collect();
    }

    /** Files and bytes under the folder (data files and the Delta log). */
    static Footprint footprint(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            long[] n = {0, 0};
            files.filter(Files::isRegularFile).forEach(p -> {
                n[0]++;
                try {
                    n[1] += Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return new Footprint(n[0], n[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + folder, e);
        }
    }
}
