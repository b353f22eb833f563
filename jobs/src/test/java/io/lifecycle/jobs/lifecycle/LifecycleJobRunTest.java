package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.features.FeaturesJob;
import io.lifecycle.jobs.testing.GeneratedLakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle job over a generated TINY warehouse (health bands stand in for the health job: green when
 * seat_utilisation >= 0.5): nightly runs from yesterday's state write exactly the rows of one pass, re-runs
 * do not duplicate, and every table is filled.
 */
class LifecycleJobRunTest {
    private static final LocalDate END = GeneratedLakehouse.END;
    private static final SortedSet<LocalDate> DATES = new TreeSet<>(List.of(LocalDate.of(2025, 8, 31),
            LocalDate.of(2025, 9, 30), LocalDate.of(2025, 10, 31), LocalDate.of(2025, 11, 30), END.minusDays(1), END));
    private static final List<TableDef> OUTPUTS = List.of(GoldTables.ACCOUNT_LIFECYCLE_DAILY,
            GoldTables.LIFECYCLE_TRANSITIONS, GoldTables.LIFECYCLE_MAP, GoldTables.DORMANT_ACCOUNTS, GoldTables.ADVOCATES,
            GoldTables.CHANNEL_EFFECTIVENESS);

    @TempDir
    static Path tmp;
    private static JobContext ctx;

    @BeforeAll
    static void upToFeatures() {
        ctx = GeneratedLakehouse.get().copy(tmp);
        new FeaturesJob().run(ctx, DATES);
    }

    private static void run(SortedSet<LocalDate> dates) {
        Dataset<Row> health = ctx.lakehouse().read(SilverTables.ACCOUNT_FEATURES_DAILY).select(col("snapshot_date"),
                col("account_id"), when(col("seat_utilisation").geq(0.5), lit("green")).otherwise(lit("yellow"))
                        .as("band"));
        new LifecycleJob().run(ctx, dates, LifecycleConfig.load(ctx.configDir()), health);
    }

    private static Map<TableDef, Set<Row>> outputs() {
        return Frames.rowSets(ctx.lakehouse(), OUTPUTS);
    }

    @Test
    void nightlyRunsFromYesterdaysStateWriteTheRowsOfOnePass() {
        run(DATES);
        Map<TableDef, Set<Row>> onePass = outputs();
        assertTrue(onePass.get(GoldTables.ACCOUNT_LIFECYCLE_DAILY).size() > 100);
        assertTrue(onePass.get(GoldTables.LIFECYCLE_TRANSITIONS).size() > 10);
        assertTrue(onePass.get(GoldTables.LIFECYCLE_MAP).size() > 10);
        long withRates = onePass.get(GoldTables.LIFECYCLE_MAP).stream().filter(r -> r.getAs("advance_rate_90d") != null)
                .count();
        assertTrue(withRates > 0, "map rows with forward rates");
        assertTrue(onePass.get(GoldTables.CHANNEL_EFFECTIVENESS).size() > 0, "channel effectiveness rows");

        run(new TreeSet<>(DATES.headSet(END.minusDays(1))));
        run(new TreeSet<>(List.of(END.minusDays(1))));
        run(new TreeSet<>(List.of(END)));
        run(new TreeSet<>(List.of(END)));  // a re-run of the same night
        Map<TableDef, Set<Row>> nightly = outputs();
        for (TableDef def : OUTPUTS) {
            assertEquals(onePass.get(def), nightly.get(def), def.toString());
        }
        ctx.lakehouse().publish(GoldTables.ACCOUNT_LIFECYCLE_DAILY, null, Map.of());
        assertTrue(ctx.spark().sql("SELECT count(*) FROM gold.account_lifecycle_current").first().getLong(0) > 10);
        // the _current view: each entity's newest row, so retired lost leads and churned accounts keep their last one
        Set<List<Object>> newest = new java.util.HashSet<>();
        Map<String, Row> byEntity = new java.util.HashMap<>();
        for (Row r : onePass.get(GoldTables.ACCOUNT_LIFECYCLE_DAILY)) {
            String entity = r.getAs("lead_id") != null ? "lead:" + r.getAs("lead_id") : "account:" + r.getAs("account_id");
            byEntity.merge(entity, r, (a, b) -> a.<java.sql.Date>getAs("snapshot_date")
                    .after(b.getAs("snapshot_date")) ? a : b);
        }
        byEntity.values().forEach(r -> newest.add(List.of(r.get(r.fieldIndex("snapshot_date")),
                Objects.toString(r.get(r.fieldIndex("account_id"))), Objects.toString(r.get(r.fieldIndex("lead_id"))),
                r.get(r.fieldIndex("stage")), r.get(r.fieldIndex("is_advocate")))));
        Set<List<Object>> view = new java.util.HashSet<>();
        for (Row r : ctx.spark().sql("SELECT snapshot_date, account_id, lead_id, stage, is_advocate FROM "
                + "gold.account_lifecycle_current").collectAsList()) {
            view.add(List.of(r.get(0), Objects.toString(r.get(1)), Objects.toString(r.get(2)), r.get(3), r.get(4)));
        }
        assertEquals(newest, view);
        assertTrue(view.stream().anyMatch(r -> !END.equals(((java.sql.Date) r.get(0)).toLocalDate())),
                "a retired entity's last row is older than the newest date");
    }
}
