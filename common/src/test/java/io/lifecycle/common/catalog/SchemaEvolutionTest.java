package io.lifecycle.common.catalog;

import io.delta.tables.DeltaTable;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.lifecycle.common.catalog.TableDef.column;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lakehouse written by an older catalog: its tables are brought in line when opened where that is additive, wait
 * for a declared migration step otherwise (and refuse writes until it is applied), and no row written before is
 * lost either way.
 */
class SchemaEvolutionTest {
    static final SparkSession SPARK = SharedSpark.get();

    @TempDir
    Path tmp;

    /** gold.scores as an older Lifecycle declared it: no note column, an old comment, score an INT. */
    static TableDef older() {
        return new TableDef(Layer.GOLD, "scores", "Scores.", new StructType(new StructField[] {
                column("snapshot_date", DataTypes.DateType, false, "Date."),
                column("account_id", DataTypes.StringType, false, "Account."),
                column("score", DataTypes.IntegerType, true, "Score (old words).")}),
                List.of("snapshot_date"), List.of("snapshot_date", "account_id"), "snapshot_date",
                List.of(new TableDef.Check("score_0_100", "score IS NULL OR score BETWEEN 0 AND 100")));
    }

    /** The same table as this catalog declares it: a new nullable note, new comment, the check relaxed. */
    static TableDef newer(DataType scoreType) {
        return new TableDef(Layer.GOLD, "scores", "Scores.", new StructType(new StructField[] {
                column("snapshot_date", DataTypes.DateType, false, "Date."),
                column("account_id", DataTypes.StringType, false, "Account."),
                column("score", scoreType, true, "Score 0-100, high is healthy."),
                column("note", DataTypes.StringType, true, "A note.")}),
                List.of("snapshot_date"), List.of("snapshot_date", "account_id"), "snapshot_date",
                List.of(new TableDef.Check("score_0_200", "score IS NULL OR score BETWEEN 0 AND 200")));
    }

    /** Two published nights written by the older catalog. */
    Lakehouse olderLakehouse() {
        TableDef def = older();
        Lakehouse old = new Lakehouse(SPARK, tmp.resolve("lake"), List.of(def), List.of());
        Dataset<Row> rows = SPARK.sql("SELECT * FROM VALUES (DATE'2026-01-01', 'A', 50), (DATE'2026-01-01', 'B', 90),"
                + " (DATE'2026-01-02', 'A', 55) AS t(snapshot_date, account_id, score)");
        old.replace(def, rows, "true");
        old.publish(def, null, Map.of());
        return old;
    }

    static List<String> published(Lakehouse lake, TableDef def, String columns) {
        return lake.readPublished(def).selectExpr(columns.split(", ")).orderBy("snapshot_date", "account_id").collectAsList()
                .stream().map(Row::toString).toList();
    }

    @Test
    void additiveChangesAreAppliedWhenTheTableIsFirstUsedAndTheNextNightIsWrittenAndPublished() {
        olderLakehouse();
        TableDef def = newer(DataTypes.IntegerType);
        Lakehouse lake = Lakehouse.open(SPARK, tmp.resolve("lake"), List.of(def), List.of());
        assertTrue(lake.plan().stream().anyMatch(c -> c.description().contains("add column note")),
                "opening reads no table: " + lake.plan());
        lake.readPublished(def);
        assertEquals(List.of(), lake.plan(), "nothing left to do once the table is used");
        assertEquals(List.of("[2026-01-01,A,50,null]", "[2026-01-01,B,90,null]", "[2026-01-02,A,55,null]"),
                published(lake, def, "snapshot_date, account_id, score, note"), "old rows kept, note null");
        StructField score = lake.readPublished(def).schema().apply("score");
        assertEquals("Score 0-100, high is healthy.", score.getComment().get());
        Map<String, String> props = DeltaTable.forPath(SPARK, lake.publishedPath(def).toString()).detail()
                .select("properties").first().getJavaMap(0);
        assertEquals("1", props.get(SchemaEvolution.VERSION_PROPERTY));
        assertEquals(null, props.get("delta.constraints.score_0_100"), "the old check is dropped");
        assertTrue(props.containsKey("delta.constraints.score_0_200"), "the relaxed one is added");

        lake.replace(def, SPARK.sql("SELECT DATE'2026-01-03' AS snapshot_date, 'A' AS account_id, 150 AS score,"
                + " 'new' AS note"), "snapshot_date = DATE'2026-01-03'");
        lake.publish(def, "snapshot_date = DATE'2026-01-03'", Map.of());
        assertEquals(List.of("[2026-01-01,A,50,null]", "[2026-01-01,B,90,null]", "[2026-01-02,A,55,null]",
                "[2026-01-03,A,150,new]"), published(lake, def, "snapshot_date, account_id, score, note"));
    }

    @Test
    void aTypeChangeWaitsForItsDeclaredMigrationAndNoJobWritesTheTableUntilItIsApplied() {
        olderLakehouse();
        TableDef def = newer(DataTypes.DoubleType);
        Lakehouse undeclared = Lakehouse.open(SPARK, tmp.resolve("lake"), List.of(def), List.of());
        List<SchemaEvolution.Change> blocked = undeclared.plan();
        assertTrue(blocked.stream().anyMatch(c -> c.kind() == SchemaEvolution.Kind.BLOCKED
                && c.description().contains("score is int, the catalog says double")), blocked.toString());

        Migration toDouble = Migration.rewrite(def, 1, "score becomes a double",
                rows -> rows.withColumn("score", col("score").cast("double")).withColumn("note", lit(null)));
        Lakehouse lake = Lakehouse.open(SPARK, tmp.resolve("lake"), List.of(def), List.of(toDouble));
        LifecycleException refused = assertThrows(LifecycleException.class, () -> lake.replace(def,
                SPARK.sql("SELECT DATE'2026-01-03' AS snapshot_date, 'A' AS account_id, 1.5D AS score, 'x' AS note"),
                "snapshot_date = DATE'2026-01-03'"));
        assertTrue(refused.getMessage().contains("gold_unpublished.scores")
                && refused.getMessage().contains("bin/lifecycle migrate --apply"), refused.getMessage());

        for (SchemaEvolution.Change step : lake.plan()) {
            assertEquals(SchemaEvolution.Kind.MIGRATION, step.kind(), step.toString());
            step.apply().run();
        }
        Lakehouse migrated = Lakehouse.open(SPARK, tmp.resolve("lake"), List.of(def), List.of(toDouble));
        assertEquals(List.of("[2026-01-01,A,50.0,null]", "[2026-01-01,B,90.0,null]", "[2026-01-02,A,55.0,null]"),
                published(migrated, def, "snapshot_date, account_id, score, note"), "every published row kept");
        assertEquals(List.of(), migrated.plan(), "the additive rest applied when the table was first used");
        migrated.replace(def, SPARK.sql("SELECT DATE'2026-01-03' AS snapshot_date, 'A' AS account_id, 1.5D AS score,"
                + " 'x' AS note"), "snapshot_date = DATE'2026-01-03'");
        assertEquals(4, migrated.read(def).count());
    }

    @Test
    void aTableFromANewerLifecycleIsNotWritten() {
        Lakehouse old = olderLakehouse();
        TableDef def = older();
        SPARK.sql("ALTER TABLE delta.`" + old.path(def) + "` SET TBLPROPERTIES ('"
                + SchemaEvolution.VERSION_PROPERTY + "' = '7')");
        Lakehouse lake = Lakehouse.open(SPARK, tmp.resolve("lake"), List.of(def), List.of());
        LifecycleException refused = assertThrows(LifecycleException.class,
                () -> lake.overwrite(def, lake.read(def)));
        assertTrue(refused.getMessage().contains("newer Lifecycle") && refused.getMessage().contains("version 7"),
                refused.getMessage());
    }

    @Test
    void aTightenedCheckThatOldPublishedRowsBreakBlocksOnlyThatTable() {
        olderLakehouse();
        TableDef tightened = older().withChecks(new TableDef.Check("score_0_60", "score IS NULL OR score <= 60"));
        Lakehouse lake = Lakehouse.open(SPARK, tmp.resolve("lake"), List.of(tightened), List.of());
        List<SchemaEvolution.Change> plan = lake.plan();
        assertTrue(plan.stream().anyMatch(c -> c.kind() == SchemaEvolution.Kind.BLOCKED
                && c.description().contains("score_0_60") && c.description().contains("1 row(s)")), plan.toString());
        LifecycleException refused = assertThrows(LifecycleException.class,
                () -> lake.publish(tightened, null, Map.of()));
        assertTrue(refused.getMessage().contains("gold.scores (published)"), refused.getMessage());
        assertEquals(3, lake.readPublished(tightened).count(), "nothing published was touched");
    }

    @Test
    void aCheckIsTheSameWhateverWhiteSpaceDeltaStoresItWith() {
        assertTrue(SchemaEvolution.sameCondition("band IN ('red', 'green') AND n = datediff(d, e)",
                "band IN ( 'red' , 'green' ) AND n = datediff ( d , e )"));
        assertTrue(!SchemaEvolution.sameCondition("band IN ('a b')", "band IN ( 'ab' )"), "literals keep spaces");
        assertTrue(!SchemaEvolution.sameCondition("score <= 60", "score <= 100"));
        assertTrue(!SchemaEvolution.sameCondition("score <= 60", null));
    }

    @Test
    void reopeningAPublishedTableWithChecksChangesNothing() {
        TableDef def = older().withChecks(new TableDef.Check("score_in", "score IN (50, 55, 90) AND score = abs(score)"));
        Lakehouse lake = new Lakehouse(SPARK, tmp.resolve("lake"), List.of(def), List.of());
        lake.replace(def, SPARK.sql("SELECT DATE'2026-01-01' AS snapshot_date, 'A' AS account_id, 50 AS score"),
                "true");
        lake.publish(def, null, Map.of());
        assertEquals(List.of(), Lakehouse.open(SPARK, tmp.resolve("lake"), List.of(def), List.of()).plan());
    }
}
