package io.lifecycle.jobs.ingest;

import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Snapshot date D covers everything before D+1 00:00 UTC (DESIGN §4), whatever the driver's default time zone: an
 * event at 23:30 UTC on D is D's, one at 00:30 UTC the next day is after it — on a driver east of UTC (where
 * 23:30 UTC is already the next local day) and west of it alike.
 */
class SnapshotCutOffIsUtcTest {
    private static final SparkSession SPARK = SharedSpark.get();

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"})
    void theCutOffIsTheEndOfTheDayInUtc(String zone) {
        TimeZone before = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone(zone));
            Dataset<Row> raw = SPARK.sql("""
                    SELECT event_id, 'A' AS account_id, CAST(NULL AS STRING) AS user_id,
                           CAST(event_time AS TIMESTAMP) AS event_time, 'search' AS feature, 1D AS quantity
                    FROM VALUES ('early', '2025-06-30 00:30:00'), ('late', '2025-06-30 23:30:00'),
                      ('next', '2025-07-01 00:30:00') AS t(event_id, event_time)""");
            Dataset<Row> accounts = SPARK.sql("SELECT 'A' AS account_id");
            Dataset<Row> checked = ContractCheck.apply(Contracts.of(Inputs.USAGE_EVENTS), raw, accounts, null,
                    LocalDate.of(2025, 6, 30), null, "USD").rows();
            Map<String, String> rules = new TreeMap<>();
            for (Row r : checked.select(col("event_id"), coalesce(col(ContractCheck.RULE), lit("staged")))
                    .collectAsList()) {
                rules.put(r.getString(0), r.getString(1));
            }
            assertEquals(Map.of("early", "staged", "late", "staged", "next", "event_after_snapshot"), rules,
                    "default zone " + zone);
        } finally {
            TimeZone.setDefault(before);
        }
    }
}
