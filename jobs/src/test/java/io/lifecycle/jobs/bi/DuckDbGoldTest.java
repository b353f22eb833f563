package io.lifecycle.jobs.bi;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DuckDB statements from the lakehouse folder alone (a table is published once its _delta_log exists). */
class DuckDbGoldTest {
    @TempDir
    Path tmp;

    @Test
    void aViewPerPublishedTableAndItsCurrentViewAndACommentForTheOthers() throws IOException {
        Path root = tmp.resolve("lake's");
        Files.createDirectories(root.resolve("gold/account_health_daily/_delta_log"));
        List<String> sql = DuckDbGold.statements(new Lakehouse(null, root), false);
        assertEquals("CREATE SCHEMA IF NOT EXISTS gold", sql.get(0));
        String path = root.resolve("gold/account_health_daily").toString().replace("'", "''");
        assertTrue(sql.contains("CREATE OR REPLACE VIEW gold.account_health_daily AS SELECT * FROM delta_scan('"
                + path + "')"), String.join("\n", sql));
        assertTrue(sql.contains("CREATE OR REPLACE VIEW gold.account_health_current AS "
                + GoldTables.ACCOUNT_HEALTH_DAILY.currentViewQuery("gold.account_health_daily", null)),
                String.join("\n", sql));
        assertTrue(sql.stream().anyMatch(s -> s.startsWith("-- gold.segment_kpis_daily: not published yet")));
        long views = sql.stream().filter(s -> s.startsWith("CREATE OR REPLACE VIEW")).count();
        assertEquals(2, views);
    }

    @Test
    void onceThePublicationRecordIsPublishedItComesFirstAndTheCurrentViewsReadIt() throws IOException {
        Path root = tmp.resolve("lake");
        Files.createDirectories(root.resolve("gold/account_health_daily/_delta_log"));
        Files.createDirectories(root.resolve("gold/published_nights/_delta_log"));
        List<String> sql = DuckDbGold.statements(new Lakehouse(null, root), false);
        assertTrue(sql.get(1).startsWith("CREATE OR REPLACE VIEW gold.published_nights AS SELECT * FROM delta_scan("),
                String.join("\n", sql));
        String current = "CREATE OR REPLACE VIEW gold.account_health_current AS "
                + GoldTables.ACCOUNT_HEALTH_DAILY.currentViewQuery("gold.account_health_daily", "gold.published_nights");
        assertTrue(sql.contains(current), String.join("\n", sql));
        assertTrue(current.contains("snapshot_date <= (SELECT coalesce(max(snapshot_date), DATE '9999-12-31') FROM "
                + "gold.published_nights)"), current);
    }

    @Test
    void materialisedTablesKeepTheirCurrentViews() throws IOException {
        Path root = tmp.resolve("lake");
        Files.createDirectories(root.resolve("gold/segment_kpis_daily/_delta_log"));
        List<String> sql = DuckDbGold.statements(new Lakehouse(null, root), true);
        assertTrue(sql.stream().anyMatch(s -> s.startsWith("CREATE OR REPLACE TABLE gold.segment_kpis_daily AS "
                + "SELECT * FROM delta_scan(")), String.join("\n", sql));
        assertTrue(sql.stream().anyMatch(s -> s.startsWith("CREATE OR REPLACE VIEW gold.segment_kpis_current AS ")));
    }
}
