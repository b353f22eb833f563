package io.lifecycle.pipelines.airflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.lifecycle.pipelines.airflow.DagMatchesJobGraphTest.DAG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DAG's weekly `maintain` task: its bash command (read from the DAG file with python3's ast, so Airflow need not
 * be installed) runs `maintain` through spark-submit on the configured weekday, ends as skipped (exit code 99) on
 * the other days or when turned off, and fails on a weekday setting it does not understand. spark-submit is a script
 * that prints its arguments. The DAG's own iso_weekday macro gives the weekday, checked on dates read off a calendar.
 */
class DagMaintainTaskIT {
    private static final String RENDER = String.join("\n",
            "import ast, sys",
            "tree = ast.parse(open(sys.argv[1]).read())",
            "ns = {}",
            "exec('from datetime import date', ns)",
            "for n in tree.body:",
            "    named = [getattr(t, 'id', None) for t in getattr(n, 'targets', [])] + [getattr(n, 'name', None)]",
            "    if any(x in ('MAIN_CLASS', 'SPARK_SUBMIT', 'MAINTAIN', 'iso_weekday') for x in named):",
            "        exec(compile(ast.Module([n], []), 'dag', 'exec'), ns)",
            "print(ns['iso_weekday']('2026-12-06') + ns['iso_weekday']('2026-12-07') + ns['iso_weekday']('2024-02-29'))",
            "sys.stdout.write(ns['MAINTAIN'])");

    @TempDir
    Path tmp;

    record Result(int status, String output) {
    }

    private String[] rendered() throws Exception {
        Process python = new ProcessBuilder("python3", "-c", RENDER, DAG.toString()).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS), "python3 finished");
        assertEquals(0, python.exitValue(), out);
        int newline = out.indexOf('\n');
        return new String[] {out.substring(0, newline), out.substring(newline + 1)};
    }

    private Result run(String script, String snapshotDate, String snapshotWeekday, String maintainWeekday)
            throws IOException, InterruptedException {
        Path submit = tmp.resolve("spark-submit");
        Files.writeString(submit, "#!/bin/sh\necho \"SUBMITTED $*\"\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = tmp.resolve("maintain.sh");
        Files.writeString(file, script);
        ProcessBuilder bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(Map.of(
                "LIFECYCLE_JOB", "maintain", "LIFECYCLE_SNAPSHOT_DATE", snapshotDate,
                "LIFECYCLE_SNAPSHOT_WEEKDAY", snapshotWeekday, "LIFECYCLE_MAINTAIN_WEEKDAY", maintainWeekday,
                "LIFECYCLE_SPARK_SUBMIT", submit.toString(), "LIFECYCLE_SPARK_MASTER", "local[*]",
                "LIFECYCLE_JAR", "/opt/lifecycle/job.jar", "LIFECYCLE_CONFIG", "/opt/lifecycle/conf",
                "LIFECYCLE_DRIVER_MEMORY", "4g", "LIFECYCLE_EXECUTOR_MEMORY", "4g"));
        env.put("LIFECYCLE_EXECUTOR_CORES", "2");
        env.put("LIFECYCLE_SPARK_ARGS", "");
        bash.environment().putAll(env);
        Process p = bash.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash finished");
        return new Result(p.exitValue(), out);
    }

    @Test
    void maintainRunsOnItsWeekdayAndIsSkippedOtherwise() throws Exception {
        String[] r = rendered();
        // 2026-12-06 is a Sunday, 2026-12-07 a Monday, 2024-02-29 a Thursday
        assertEquals("714", r[0], "iso_weekday");
        String script = r[1];

        Result sunday = run(script, "2026-12-06", "7", "7");
        assertEquals(0, sunday.status(), sunday.output());
        assertTrue(sunday.output().contains("SUBMITTED --master local[*]") && sunday.output().contains(
                "/opt/lifecycle/job.jar maintain --config /opt/lifecycle/conf"), sunday.output());

        Result monday = run(script, "2026-12-07", "1", "7");
        assertEquals(99, monday.status(), "Airflow's skip code: " + monday.output());
        assertFalse(monday.output().contains("SUBMITTED"), monday.output());

        Result mondayConfigured = run(script, "2026-12-07", "1", "1");
        assertEquals(0, mondayConfigured.status(), mondayConfigured.output());

        Result off = run(script, "2026-12-06", "7", "never");
        assertEquals(99, off.status(), off.output());
        assertFalse(off.output().contains("SUBMITTED"), off.output());

        Result wrong = run(script, "2026-12-06", "7", "sunday");
        assertEquals(1, wrong.status(), wrong.output());
        assertTrue(wrong.output().contains("use 1 (Monday) .. 7 (Sunday) or never"), wrong.output());
        assertFalse(wrong.output().contains("SUBMITTED"), wrong.output());
    }
}
