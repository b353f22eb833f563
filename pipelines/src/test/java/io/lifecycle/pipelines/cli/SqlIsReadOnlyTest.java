package io.lifecycle.pipelines.cli;

import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/lifecycle sql reads and never writes: every kind of writing statement is refused before it runs. */
class SqlIsReadOnlyTest {
    static String refusal(String statement) throws ParseException {
        return ReadOnlyStatements.refusal(parse(statement));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DELETE FROM gold.account_health_daily WHERE true",
            "UPDATE ops.pipeline_runs SET status = 'succeeded'",
            "MERGE INTO gold.renewal_briefs t USING gold.renewal_briefs s ON t.account_id = s.account_id "
                    + "WHEN MATCHED THEN DELETE",
            "INSERT INTO ops.pipeline_runs SELECT * FROM ops.pipeline_runs",
            "INSERT OVERWRITE gold.segment_kpis_daily SELECT * FROM gold.segment_kpis_daily",
            "CREATE TABLE t (a INT) USING delta",
            "CREATE TABLE t2 USING delta AS SELECT 1 AS a",
            "DROP TABLE gold.account_health_daily",
            "ALTER TABLE gold.account_health_daily DROP CONSTRAINT score_0_100",
            "ALTER TABLE gold.account_health_daily SET TBLPROPERTIES ('x' = 'y')",
            "RESTORE TABLE gold.account_health_daily TO VERSION AS OF 0",
            "VACUUM gold.account_health_daily RETAIN 0 HOURS",
            "OPTIMIZE gold.account_health_daily",
            "TRUNCATE TABLE ops.pipeline_runs",
            "CREATE OR REPLACE VIEW gold.account_health_current AS SELECT 1",
            "SET spark.sql.shuffle.partitions = 1",
            "CACHE TABLE gold.account_health_daily",
            "EXPLAIN DELETE FROM gold.account_health_daily WHERE true",
            "WITH x AS (SELECT 1) INSERT INTO ops.pipeline_runs SELECT * FROM x"})
    void writingStatementsAreRefused(String statement) throws ParseException {
        String refused = refusal(statement);
        assertTrue(refused != null, "must be refused: " + statement);
    }

    @Test
    void statementsThatListTheCatalogAreKnown() throws ParseException {
        for (String listing : List.of("SHOW TABLES IN gold", "SHOW TABLES", "SHOW VIEWS IN gold", "SHOW DATABASES",
                "SHOW TABLE EXTENDED IN gold LIKE 'account*'", "DESCRIBE DATABASE gold")) {
            assertTrue(ReadOnlyStatements.listsCatalog(parse(listing)), listing);
        }
        for (String other : List.of("SELECT * FROM gold.account_health_current", "DESCRIBE gold.account_health_daily",
                "SHOW COLUMNS IN gold.account_health_daily")) {
            assertTrue(!ReadOnlyStatements.listsCatalog(parse(other)), other);
        }
    }

    static LogicalPlan parse(String statement) throws ParseException {
        return SharedSpark.get().sessionState().sqlParser().parsePlan(statement);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1",
            "SELECT band, count(*) FROM gold.account_health_current GROUP BY band",
            "WITH x AS (SELECT 1 AS a) SELECT a FROM x",
            "VALUES (1), (2)",
            "SHOW TABLES IN gold",
            "SHOW DATABASES",
            "SHOW COLUMNS IN gold.account_health_daily",
            "DESCRIBE TABLE gold.account_health_daily",
            "DESCRIBE gold.account_health_daily score",
            "EXPLAIN SELECT * FROM gold.account_health_daily"})
    void queriesShowDescribeAndExplainAreAllowed(String statement) throws ParseException {
        assertNull(refusal(statement), statement);
    }

    @Test
    void theCommandRefusesBeforeRunningWithAPlainMessage() {
        CliRun run = CliRun.of("sql", "DELETE FROM ops.pipeline_runs WHERE true", "--config", "../conf", "--lakehouse",
                System.getProperty("java.io.tmpdir") + "/lifecycle-sql-read-only");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("bin/lifecycle sql only reads: DeleteFromTable is refused"), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
        List<String> lines = run.err().lines().filter(l -> l.startsWith("lifecycle: ")).toList();
        assertEquals(1, lines.size(), run.err());
    }
}
