package io.lifecycle.jobs.marts;

import io.lifecycle.common.catalog.OpsTables;
import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Write-audit-publish on gold.advocates with hand-made rows: a clean night is published with its constraints and
 * properties; a night that breaks rules publishes nothing, BI keeps seeing the night before, and ops.dq_results
 * holds each rule's failing count; once fixed, the night is published, and publishing again changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldPublicationTest {
    private static final SparkSession SPARK = SharedSpark.get();
    private static final LocalDate D0 = LocalDate.of(2026, 3, 1);
    private static final LocalDate D1 = D0.plusDays(1);

    @TempDir
    static Path tmp;
    private static JobContext ctx;
    private static PublishConfig config;

    @BeforeAll
    static void lakehouse() {
        Path lake = tmp.resolve("lakehouse");
        ctx = new JobContext(TestConfigs.of(tmp.resolve("warehouse"), lake), Path.of("..", "conf"),
                Lakehouse.open(SPARK, lake), "test-run", Progress.silent());
        config = new PublishConfig("cs-analytics", "daily", new PublishConfig.RowCountBand(0.5, 2.0, 100,
                List.of("gold.advocates")));
    }

    private static Row advocate(LocalDate d, String account, String segment, int nps) {
        return RowFactory.create(Date.valueOf(d), account, segment, Date.valueOf(d.minusDays(500)), 500,
                Date.valueOf(d.minusDays(120)), 120, nps, 1, new BigDecimal("99.00"));
    }

    private static List<Row> valid(LocalDate d, int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(advocate(d, "A" + i, i % 2 == 0 ? "smb" : "enterprise", 9 + i % 2));
        }
        return rows;
    }

    private static void writeUnpublished(LocalDate d, List<Row> rows) {
        ctx.lakehouse().replace(GoldTables.ADVOCATES, SPARK.createDataFrame(rows, GoldTables.ADVOCATES.schema()),
                Lakehouse.onDates("snapshot_date", List.of(d)));
    }

    private static long publish(LocalDate... dates) {
        return GoldPublication.auditAndPublish(ctx, new TreeSet<>(List.of(dates)), config);
    }

    private static LocalDate currentViewDate() {
        return SPARK.sql("SELECT max(snapshot_date) FROM gold.advocates_current").first().getDate(0).toLocalDate();
    }

    @Test
    @Order(1)
    void aCleanNightIsPublishedWithItsConstraintsAndProperties() {
        writeUnpublished(D0, valid(D0, 120));
        assertEquals(120 + 1, publish(D0), "the advocates and the night's row of gold.published_nights");
        assertEquals(List.of(D0), publishedNights());
        Frames.assertSameRows(ctx.lakehouse().read(GoldTables.ADVOCATES), ctx.lakehouse().readPublished(GoldTables.ADVOCATES));
        assertEquals(GoldTables.ADVOCATES.schema(), ctx.lakehouse().readPublished(GoldTables.ADVOCATES).schema());
        assertEquals(D0, currentViewDate());

        String location = ctx.lakehouse().publishedPath(GoldTables.ADVOCATES).toString();
        Map<String, String> properties = SPARK.sql("DESCRIBE DETAIL delta.`" + location + "`").first().getJavaMap(
                SPARK.sql("DESCRIBE DETAIL delta.`" + location + "`").first().fieldIndex("properties"));
        assertEquals("cs-analytics", properties.get("lifecycle.owner"));
        assertEquals("daily", properties.get("lifecycle.refresh_schedule"));
        assertEquals("one row per snapshot_date, account_id", properties.get("lifecycle.grain"));
        assertEquals("latest_nps IS NULL OR latest_nps BETWEEN 0 AND 10", properties.get("delta.constraints.nps_0_10"));
        // The published table enforces its declaration itself: a write around the audit is refused.
        Dataset<Row> bad = SPARK.createDataFrame(List.of(advocate(D0, "X", "smb", 12)), GoldTables.ADVOCATES.schema());
        Exception refused = assertThrows(Exception.class, () -> bad.write().format("delta").mode("append").save(location));
        assertTrue(String.valueOf(refused.getMessage()).contains("nps_0_10"), refused.getMessage());
        Dataset<Row> nullSegment = SPARK.createDataFrame(List.of(advocate(D0, "Y", null, 9)),
                GoldTables.ADVOCATES.schema().asNullable());
        assertThrows(Exception.class, () -> nullSegment.write().format("delta").mode("append").save(location));
        assertEquals(120, ctx.lakehouse().readPublished(GoldTables.ADVOCATES).count());
    }

    @Test
    @Order(2)
    void aNullWhereTheDeclarationForbidsItStopsTheWritingJob() {
        List<Row> withNull = List.of(advocate(D1, "B2", null, 9));
        Exception e = assertThrows(Exception.class, () -> ctx.lakehouse().replace(GoldTables.ADVOCATES,
                SPARK.createDataFrame(withNull, GoldTables.ADVOCATES.schema().asNullable()),
                Lakehouse.onDates("snapshot_date", List.of(D1))));
        assertTrue(String.valueOf(e.getMessage()).contains("segment"), e.getMessage());
        assertEquals(0, ctx.lakehouse().read(GoldTables.ADVOCATES).where("snapshot_date = DATE'" + D1 + "'").count());
    }

    @Test
    @Order(3)
    void aNightBreakingRulesPublishesNothingAndReportsEachRule() {
        List<Row> night = new ArrayList<>(valid(D1, 48));
        night.add(advocate(D1, "B1", "smb", 11));     // check nps_0_10
        night.add(advocate(D1, "A0", "smb", 9));      // duplicate key with A0
        writeUnpublished(D1, night);
        List<Row> before = ctx.lakehouse().readPublished(GoldTables.ADVOCATES).collectAsList();

        LifecycleException e = assertThrows(LifecycleException.class, () -> publish(D1));
        assertTrue(e.getMessage().contains("nothing was published") && e.getMessage().contains("BI still sees"),
                e.getMessage());
        assertTrue(e.getMessage().contains("gold.advocates check_nps_0_10 on " + D1 + ": 1 row(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("gold.advocates unique_snapshot_date_account_id on " + D1 + ": 2 row(s)"),
                e.getMessage());
        // 50 rows against 120 the day before: 10 short of the band's lower edge (60)
        assertTrue(e.getMessage().contains("row_count_within_band_of_day_before on " + D1 + ": 10 row(s)"),
                e.getMessage());

        Frames.assertSameRows(SPARK.createDataFrame(before, GoldTables.ADVOCATES.schema()),
                ctx.lakehouse().readPublished(GoldTables.ADVOCATES));
        assertEquals(D0, currentViewDate());
        Dataset<Row> dq = ctx.lakehouse().read(OpsTables.DQ_RESULTS).where("job = 'marts' AND table_name = 'gold.advocates'"
                + " AND snapshot_date = DATE'" + D1 + "'");
        assertEquals(1L, dq.where("rule = 'check_nps_0_10'").first().<Long>getAs("failing_rows"));
        assertFalse(dq.where("rule = 'check_nps_0_10'").first().<Boolean>getAs("passed"));
        assertEquals(10L, dq.where("rule = 'row_count_within_band_of_day_before'").first().<Long>getAs("failing_rows"));
        assertTrue(dq.where("rule = 'check_days_green_not_negative'").first().<Boolean>getAs("passed"));
        assertEquals(0L, dq.where("rule = 'check_days_green_not_negative'").first().<Long>getAs("failing_rows"));
    }

    @Test
    @Order(4)
    void onceFixedTheNightIsPublishedAndPublishingAgainChangesNothing() {
        writeUnpublished(D1, valid(D1, 130));
        assertEquals(130 + 1, publish(D1));
        assertEquals(D1, currentViewDate());
        assertEquals(250, ctx.lakehouse().readPublished(GoldTables.ADVOCATES).count());
        assertEquals(0, ctx.lakehouse().read(OpsTables.DQ_RESULTS).where("job = 'marts' AND snapshot_date = DATE'" + D1
                + "' AND NOT passed").count(), "the re-audit replaced the failed results");
        List<Row> once = ctx.lakehouse().readPublished(GoldTables.ADVOCATES).collectAsList();
        publish(D0, D1);
        Frames.assertSameRows(SPARK.createDataFrame(once, GoldTables.ADVOCATES.schema()),
                ctx.lakehouse().readPublished(GoldTables.ADVOCATES));
    }

    @Test
    @Order(5)
    void aNightWhosePublicationStopsHalfWayIsNotSeenByTheCurrentViews() {
        LocalDate d2 = D1.plusDays(1);
        writeUnpublished(d2, valid(d2, 140));
        // The publication record refuses d2, as if the process died after every other table was published.
        String nights = ctx.lakehouse().publishedPath(GoldTables.PUBLISHED_NIGHTS).toString();
        SPARK.sql("ALTER TABLE delta.`" + nights + "` ADD CONSTRAINT stop_here CHECK (snapshot_date < DATE'" + d2 + "')");
        assertThrows(Exception.class, () -> publish(d2));
        assertEquals(140, ctx.lakehouse().readPublished(GoldTables.ADVOCATES)
                .where("snapshot_date = DATE'" + d2 + "'").count(), "gold.advocates itself was published");
        assertEquals(D1, currentViewDate(), "but BI's current view stays on the last whole night");
        assertEquals(List.of(D0, D1), publishedNights());

        SPARK.sql("ALTER TABLE delta.`" + nights + "` DROP CONSTRAINT stop_here");
        publish(d2);
        assertEquals(d2, currentViewDate());
        assertEquals(List.of(D0, D1, d2), publishedNights());
    }

    private static List<LocalDate> publishedNights() {
        return SPARK.sql("SELECT snapshot_date FROM gold.published_nights ORDER BY 1").collectAsList().stream()
                .map(r -> r.getDate(0).toLocalDate()).toList();
    }

    @Test
    void theConfigNamesOnlyDailyGoldTablesInTheBand() {
        PublishConfig wrong = new PublishConfig("o", "daily", new PublishConfig.RowCountBand(0.5, 2.0, 10,
                List.of("silver.account_features_daily")));
        ConfigException e = assertThrows(ConfigException.class, () -> PublishConfig.validate("publish.yaml", wrong));
        assertTrue(e.getMessage().contains("rowCountBand.tables") && e.getMessage().contains("gold.advocates"),
                e.getMessage());
        PublishConfig.load(Path.of("..", "conf"));
    }
}
