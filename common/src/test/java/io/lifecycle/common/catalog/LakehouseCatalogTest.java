package io.lifecycle.common.catalog;

import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening a lakehouse registers nothing; a query that names a table registers it on the way (through
 * {@link LakehouseCatalog}, the session catalog of every Lifecycle session), and always the lakehouse opened last.
 */
class LakehouseCatalogTest {
    private static final SparkSession SPARK = SharedSpark.get();
    private static final TableDef EVENTS = new TableDef(Layer.SILVER, "lazy_events", "Events.", new StructType()
            .add("id", DataTypes.StringType, false), List.of(), List.of("id"), null, List.of(), null);
    private static final TableDef SCORES = new TableDef(Layer.GOLD, "lazy_scores_daily", "Scores.", new StructType()
            .add("snapshot_date", DataTypes.DateType, false).add("id", DataTypes.StringType, false)
            .add("score", DataTypes.IntegerType, true),
            List.of(), List.of("snapshot_date", "id"), "snapshot_date", List.of(), null);

    @TempDir
    Path tmp;

    /** Writes a lakehouse with n event rows and the scores of two dates, published. */
    private void write(String folder, int n) {
        Lakehouse writer = new Lakehouse(SPARK, tmp.resolve(folder), List.of(EVENTS, SCORES), List.of());
        writer.overwrite(EVENTS, SPARK.sql("SELECT CAST(id AS STRING) AS id FROM range(" + n + ")"));
        writer.overwrite(SCORES, SPARK.sql("SELECT * FROM VALUES (DATE'2026-01-01', 'a', 1), (DATE'2026-01-02', 'a', "
                + n + "), (DATE'2026-01-02', 'b', 2) AS t(snapshot_date, id, score)"));
        writer.publish(SCORES, null, Map.of());
    }

    private Lakehouse open(String folder) {
        return Lakehouse.open(SPARK, tmp.resolve(folder), List.of(EVENTS, SCORES), List.of());
    }

    private Lakehouse written(String folder, int n) {
        write(folder, n);
        return open(folder);
    }

    private static boolean registered(String database, String name) {
        return SPARK.sessionState().catalog().tableExists(new TableIdentifier(name, Option.apply(database)));
    }

    private static long count(String query) {
        return ((Number) SPARK.sql(query).first().get(0)).longValue();
    }

    @Test
    void openingRegistersNothingAndAQueryRegistersWhatItNames() {
        assertTrue(LakehouseCatalog.isUsedBy(SPARK), "Lifecycle's sessions use the lazy catalog");
        Lakehouse lake = written("a", 3);
        assertFalse(registered("silver", "lazy_events"), "opening registered silver.lazy_events");
        assertFalse(registered("gold", "lazy_scores_daily"), "opening registered gold.lazy_scores_daily");

        long version = SchemaEvolution.latest(SPARK, lake.path(EVENTS).toString()).version();
        assertEquals(3, count("SELECT count(*) FROM silver.lazy_events VERSION AS OF " + version),
                "time travel resolves the same way");
        assertTrue(registered("silver", "lazy_events"));
        assertEquals(3, count("SELECT count(*) FROM silver.lazy_events"));
        assertFalse(registered("gold", "lazy_scores_daily"), "only what the query named");

        assertEquals(2, count("SELECT count(*) FROM gold.lazy_scores_current"), "the _current view: newest date");
        assertEquals(3, count("SELECT count(*) FROM gold.lazy_scores_daily"));
        assertEquals(3, count("SELECT count(*) FROM gold_unpublished.lazy_scores_daily"));

        AnalysisException missing = assertThrows(AnalysisException.class,
                () -> SPARK.sql("SELECT * FROM gold.lazy_nothing"));
        assertTrue(missing.getMessage().contains("TABLE_OR_VIEW_NOT_FOUND"), missing.getMessage());
    }

    @Test
    void aQueryAnswersFromTheLakehouseOpenedLastEvenWhereAnotherWasRegistered() {
        write("a", 3);
        write("b", 5);
        open("a");
        assertEquals(3, count("SELECT count(*) FROM silver.lazy_events"));
        assertEquals(3, count("SELECT max(score) FROM gold.lazy_scores_current"));
        SPARK.sql("SELECT 1 AS x").createOrReplaceTempView("lazy_temp");

        open("b");
        assertEquals(5, count("SELECT count(*) FROM silver.lazy_events"), "silver from the second lakehouse");
        assertEquals(5, count("SELECT max(score) FROM gold.lazy_scores_current"), "the view over the second");
        assertEquals(1, count("SELECT count(*) FROM lazy_temp"), "a temporary view survives opening");
    }

    @Test
    void prepareAllRegistersEveryTableForListing() {
        Lakehouse lake = written("a", 3);
        lake.prepareAll();
        List<String> gold = SPARK.sql("SHOW TABLES IN gold").collectAsList().stream()
                .map(r -> r.getString(1)).toList();
        assertTrue(gold.contains("lazy_scores_daily") && gold.contains("lazy_scores_current"), gold.toString());
        assertTrue(registered("silver", "lazy_events"));
    }
}
