package io.lifecycle.jobs.health;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Collected rows of gold.account_health_daily, looked up by date and account, with readable accessors. */
final class Scored {
    static final double EPS = 1e-9;
    private final Map<String, Row> byKey = new HashMap<>();

    Scored(Dataset<Row> rows) {
        for (Row r : rows.collectAsList()) {
            String key = r.<Date>getAs("snapshot_date").toLocalDate() + "/" + r.getAs("account_id");
            assertEquals(null, byKey.put(key, r), "duplicate row " + key);
        }
    }

    int size() {
        return byKey.size();
    }

    Row row(LocalDate date, String account) {
        Row r = byKey.get(date + "/" + account);
        assertNotNull(r, "no row for " + account + " on " + date);
        return r;
    }

    boolean has(LocalDate date, String account) {
        return byKey.containsKey(date + "/" + account);
    }

    Double score(LocalDate date, String account) {
        return row(date, account).getAs("score");
    }

    String band(LocalDate date, String account) {
        return row(date, account).getAs("band");
    }

    /** The measures struct of one measure. */
    static Row measure(Row row, String name) {
        return row.<Row>getList(row.fieldIndex("measures")).stream()
                .filter(m -> m.getAs("measure").equals(name)).findFirst().orElseThrow();
    }

    static Double measureScore(Row row, String name) {
        return measure(row, name).getAs("score");
    }

    static Row group(Row row, String name) {
        return row.<Row>getList(row.fieldIndex("group_scores")).stream()
                .filter(m -> m.getAs("group").equals(name)).findFirst().orElseThrow();
    }

    /** top_drivers as "measure:points_lost" strings, in order. */
    static List<String> drivers(Row row) {
        return row.<Row>getList(row.fieldIndex("top_drivers")).stream()
                .map(d -> d.getAs("measure") + ":" + Math.round(d.<Double>getAs("points_lost") * 1e6) / 1e6)
                .collect(Collectors.toList());
    }
}
