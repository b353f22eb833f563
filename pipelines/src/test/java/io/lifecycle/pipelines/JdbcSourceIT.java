package io.lifecycle.pipelines;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.config.SourceConfig;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Scale;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import io.lifecycle.jobs.ingest.IngestJob;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingest through the JDBC source from a real PostgreSQL gives the same staging tables as from Parquet. */
class JdbcSourceIT {
    private static final LocalDate END = LocalDate.of(2026, 5, 31);
    private final SparkSession spark = SharedSpark.get();

    @TempDir
    Path tmp;

    @Test
    void stagingFromPostgresEqualsStagingFromParquet() throws Exception {
        Path warehouse = tmp.resolve("warehouse");
        new WarehouseGenerator(spark, Progress.silent()).generate(new GeneratorSpec(Scale.TINY, 5, END, 1), warehouse);
        try (PostgresServer pg = PostgresServer.start()) {
            Properties admin = new Properties();
            admin.setProperty("user", pg.user());
            try (Connection c = DriverManager.getConnection(pg.url("postgres"), admin)) {
                c.createStatement().execute("CREATE DATABASE warehouse");
            }
            for (String input : Inputs.ALL) {
                spark.read().parquet(warehouse.resolve(input).toString()).write().mode("overwrite")
                        .jdbc(pg.url("warehouse"), input, admin);
            }

            AppConfig fromParquet = TestConfigs.of(warehouse, tmp.resolve("lake-parquet"));
            AppConfig fromPostgres = TestConfigs.of(warehouse, tmp.resolve("lake-jdbc"));
            for (String input : Inputs.ALL) {
                fromPostgres = fromPostgres.withSource(input, jdbc(pg, input, null, null, null, null));
            }
            fromPostgres = fromPostgres
                    .withSource(Inputs.USAGE_EVENTS, jdbc(pg, Inputs.USAGE_EVENTS, "event_time",
                            END.minusMonths(7) + " 00:00:00", END.plusDays(3) + " 00:00:00", 3))
                    .withSource(Inputs.INVOICES, jdbc(pg, Inputs.INVOICES, "issued_at",
                            END.minusMonths(7) + " 00:00:00", END + " 00:00:00", 2));

            Lakehouse parquetLake = ingest(fromParquet);
            Lakehouse jdbcLake = ingest(fromPostgres);
            int compared = 0;
            for (TableDef def : Tables.all()) {
                if (def.layer() == Layer.STAGING || def.layer() == Layer.QUARANTINE && parquetLake.exists(def)) {
                    Frames.assertSameRows(parquetLake.read(def).drop("run_id"), jdbcLake.read(def).drop("run_id"));
                    compared++;
                }
            }
            assertTrue(compared >= 10, "all staging tables compared, and the quarantines that exist");
            assertTrue(jdbcLake.read(StagingTables.USAGE_EVENTS).count() > 1000);

            AppConfig noPassword = fromPostgres.withSource(Inputs.ACCOUNTS, new SourceConfig("jdbc", null,
                    pg.url("warehouse"), "accounts", pg.user(), "LIFECYCLE_TEST_PASSWORD_THAT_IS_NOT_SET", null, null,
                    null, null, null));
            LifecycleException e = assertThrows(LifecycleException.class, () -> ingest(noPassword));
            assertTrue(e.getMessage().contains("LIFECYCLE_TEST_PASSWORD_THAT_IS_NOT_SET"), e.getMessage());
        }
    }

    private static SourceConfig jdbc(PostgresServer pg, String table, String partitionColumn, String lower,
                                     String upper, Integer partitions) {
        return new SourceConfig("jdbc", null, pg.url("warehouse"), table, pg.user(), null, partitionColumn, lower,
                upper, partitions, null);
    }

    private Lakehouse ingest(AppConfig config) {
        Lakehouse lake = Lakehouse.open(spark, config.lakehouse());
        new IngestJob().run(new JobContext(config, tmp, lake, "jdbc-test", Progress.silent()),
                new TreeSet<>(List.of(END)));
        assertEquals(END, lake.read(StagingTables.USAGE_EVENTS).selectExpr("max(event_date)").first().getDate(0)
                .toLocalDate());
        return lake;
    }
}
