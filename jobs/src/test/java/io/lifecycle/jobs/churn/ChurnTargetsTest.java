package io.lifecycle.jobs.churn;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.testing.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The renewal forecast's labels on hand-made accounts, computed by hand (horizon 90, contraction share 0.10). */
class ChurnTargetsTest {
    private final SparkSession spark = SharedSpark.get();
    private static final LocalDate D = LocalDate.of(2025, 1, 1);

    private static Row term(String id, String account, String start, String end, String status, int seats,
                            double mrr, String currency, double mrrReporting) {
        return RowFactory.create(id, account, "core", Date.valueOf(start), end == null ? null : Date.valueOf(end),
                status, seats, BigDecimal.valueOf(mrr).setScale(2), currency, "monthly",
                BigDecimal.valueOf(mrrReporting).setScale(2), null);
    }

    private static Row usd(String id, String account, String start, String end, String status, int seats, double mrr) {
        return term(id, account, start, end, status, seats, mrr, "USD", mrr);
    }

    private Dataset<Row> subscriptions() {
        return spark.createDataFrame(List.of(
                // C1: last paid day 01-30, nothing after: churns on 01-31 = D + 30
                usd("S1", "C1", "2024-12-01", "2025-01-30", "cancelled", 10, 100),
                // C2: last paid day 04-01 = D + 90, nothing after: churns on 04-02 = D + 91, outside the horizon
                usd("S2", "C2", "2024-12-01", "2025-04-01", "cancelled", 10, 200),
                // C3: 10 seats -> 8 on 02-01: MRR down 20 %, a contraction of 20
                usd("S3", "C3", "2024-12-01", "2025-01-31", "expired", 10, 100),
                usd("S4", "C3", "2025-02-01", null, "active", 8, 80),
                // C4: down 5 % (100 -> 95): below the 10 % share, no contraction, but 5 less retained
                usd("S5", "C4", "2024-12-01", "2025-01-31", "expired", 10, 100),
                usd("S6", "C4", "2025-02-01", null, "active", 10, 95),
                // C5: churns on 01-20 and comes back on 02-20: churned (the logo was lost), nothing retained
                usd("S7", "C5", "2024-12-01", "2025-01-19", "cancelled", 5, 50),
                usd("S8", "C5", "2025-02-20", null, "active", 5, 50),
                // C6: EUR renewal on 02-01 at the same EUR price, the euro fell 20 %: no contraction
                term("S9", "C6", "2024-02-01", "2025-01-31", "expired", 3, 90, "EUR", 100),
                term("S10", "C6", "2025-02-01", null, "active", 3, 90, "EUR", 80),
                // C7: seats up on 03-01: retains its whole MRR of D (expansion is capped)
                usd("S11", "C7", "2024-12-01", "2025-02-28", "expired", 4, 40),
                usd("S12", "C7", "2025-03-01", null, "active", 6, 60),
                // C8: in trial on D: not paying, no label
                usd("S13", "C8", "2024-12-20", "2025-01-10", "trial", 5, 0),
                usd("S14", "C8", "2025-01-11", null, "active", 5, 50),
                // C9: churns on D + 10 but the term ending it is only known after the data end: start after it
                usd("S15", "C9", "2024-12-01", null, "active", 2, 20),
                usd("S16", "C9", "2025-05-02", null, "active", 2, 999)),
                StagingTables.SUBSCRIPTIONS.schema());
    }

    @Test
    void labelsAsComputedByHand() {
        // 03-15 + 90 is after the data end (05-01): not labelled
        List<Row> rows = ChurnTargets.of(subscriptions(), List.of(D, LocalDate.of(2025, 3, 15)), 90, 0.10,
                        LocalDate.of(2025, 5, 1))
                .orderBy("snapshot_date", "account_id").collectAsList();
        StringBuilder got = new StringBuilder();
        for (Row r : rows) {
            got.append(r.getDate(0)).append(' ').append(r.getString(1)).append(' ').append(r.getDouble(2))
                    .append(" churned=").append(r.getBoolean(3)).append(' ').append(r.get(4))
                    .append(' ').append(r.getDouble(5)).append(" contracted=").append(r.getBoolean(6)).append(' ')
                    .append(Math.round(r.getDouble(7) * 100) / 100.0).append(" retained=")
                    .append(Math.round(r.getDouble(8) * 100) / 100.0).append('\n');
        }
        assertEquals("""
                2025-01-01 C1 100.0 churned=true 2025-01-31 100.0 contracted=false 0.0 retained=0.0
                2025-01-01 C2 200.0 churned=false null 0.0 contracted=false 0.0 retained=200.0
                2025-01-01 C3 100.0 churned=false null 0.0 contracted=true 20.0 retained=80.0
                2025-01-01 C4 100.0 churned=false null 0.0 contracted=false 0.0 retained=95.0
                2025-01-01 C5 50.0 churned=true 2025-01-20 50.0 contracted=false 0.0 retained=0.0
                2025-01-01 C6 100.0 churned=false null 0.0 contracted=false 0.0 retained=100.0
                2025-01-01 C7 40.0 churned=false null 0.0 contracted=false 0.0 retained=40.0
                2025-01-01 C9 20.0 churned=false null 0.0 contracted=false 0.0 retained=20.0
                """, got.toString());
    }
}
