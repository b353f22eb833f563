package io.lifecycle.jobs.features;

import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.testing.GeneratedLakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.sql.Date;

/**
 * The features job over a generated TINY warehouse: nightly runs that carry state forward give exactly the rows
 * of one pass over all dates, and usage features agree with a brute-force count over the staged events.
 */
class FeaturesJobTest {
    private static final LocalDate END = GeneratedLakehouse.END;
    private static final SortedSet<LocalDate> DATES = new TreeSet<>(List.of(LocalDate.of(2025, 9, 30),
            LocalDate.of(2025, 10, 31), LocalDate.of(2025, 11, 30), END.minusDays(2), END.minusDays(1), END));

    @TempDir
    static Path tmp;
    private static JobContext ctx;

    @BeforeAll
    static void ingestAndRollUp() {
        ctx = GeneratedLakehouse.get().copy(tmp);
    }

    @Test
    void nightlyRunsCarryingStateGiveTheRowsOfOnePass() {
        new FeaturesJob().run(ctx, DATES);
        List<Row> onePass = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY).collectAsList();
        assertTrue(onePass.size() > 100, "rows: " + onePass.size());

        new FeaturesJob().run(ctx, new TreeSet<>(DATES.headSet(END.minusDays(2))));
        for (LocalDate night : DATES.tailSet(END.minusDays(2))) {
            new FeaturesJob().run(ctx, new TreeSet<>(List.of(night)));
        }
        new FeaturesJob().run(ctx, new TreeSet<>(List.of(END)));  // a re-run of the same date
        List<Row> nightly = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY).collectAsList();
        assertEquals(onePass.size(), nightly.size(), "no duplicates");
        assertEquals(new HashSet<>(onePass), new HashSet<>(nightly));
    }

    @Test
    void usageFeaturesAgreeWithABruteForceCountOverStagedEvents() {
        new FeaturesJob().run(ctx, new TreeSet<>(List.of(END)));
        Dataset<Row> events = ctx.lakehouse().read(StagingTables.USAGE_EVENTS)
                .where(col("event_date").leq(Date.valueOf(END)));
        Date end = Date.valueOf(END);
        Dataset<Row> expected = events.groupBy("account_id").agg(
                max(col("event_date")).as("last_active_date"),
                count_distinct(when(
                        col("event_date").gt(date_sub(lit(end), 30)),
                        col("user_id"))).as("active_users_30d"));
        Dataset<Row> actual = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY)
                .where(col("snapshot_date").equalTo(end).and(col("last_active_date").isNotNull()))
                .select("account_id", "last_active_date", "active_users_30d");
        assertTrue(actual.count() > 20);
        assertEquals(new HashSet<>(expected.collectAsList()), new HashSet<>(actual.collectAsList()));
    }
}
