package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's contract with the rest of the pipeline: its name, what it depends on, and its errors. */
class LifecycleJobTest {
    @Test
    void nameAndTables() {
        LifecycleJob job = new LifecycleJob();
        assertEquals("lifecycle", job.name());
        assertTrue(job.reads().containsAll(List.of(SilverTables.ACCOUNT_FEATURES_DAILY, GoldTables.ACCOUNT_HEALTH_DAILY)),
                job.reads().toString());
        assertTrue(job.writes().containsAll(List.of(GoldTables.ACCOUNT_LIFECYCLE_DAILY, GoldTables.LIFECYCLE_TRANSITIONS)),
                job.writes().toString());
    }
}
