package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's contract with the rest of the pipeline: its name, what it depends on, and its errors. */
class LifecycleJobTest {
    @Test
    void nameAndDependencies() {
        assertEquals("lifecycle", new LifecycleJob().name());
        assertEquals(List.of("features", "health"), new LifecycleJob().dependsOn());
    }

    @Test
    void withoutHealthScoresItAsksToRunTheHealthJobFirst(@TempDir Path tmp) {
        Lakehouse lakehouse = Lakehouse.open(SharedSpark.get(), tmp.resolve("lake"));
        lakehouse.ensure(StagingTables.LEADS);
        lakehouse.ensure(SilverTables.ACCOUNT_FEATURES_DAILY);
        JobContext ctx = new JobContext(TestConfigs.of(tmp.resolve("wh"), tmp.resolve("lake")),
                Path.of("..", "conf"), lakehouse, "test", Progress.silent());
        LifecycleException e = assertThrows(LifecycleException.class,
                () -> new LifecycleJob().run(ctx, new TreeSet<>(List.of(LocalDate.of(2025, 1, 31)))));
        assertTrue(e.getMessage().contains("gold.account_health_daily") && e.getMessage().contains("'health' job first"),
                e.getMessage());
    }
}
