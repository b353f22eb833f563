package io.lifecycle.jobs.marts;

import io.lifecycle.jobs.features.SnapshotCalendar;
import io.lifecycle.jobs.features.SubscriptionFeatures;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Per snapshot date D and account: MRR on D, on D - 30 and 12 months before D, and the account's one MRR movement
 * over the 30 days (pure transform). MRR on a date is {@link SubscriptionFeatures}' sum of mrr_reporting of the
 * paid terms in force (0 when none), so it is the same MRR the features and health tables carry.
 *
 * <p>Each account falls in exactly one class, and its movement is MRR(D) - MRR(D - 30) in every class, so the
 * movements of any group of accounts sum to that group's MRR change by construction:
 * <ul>
 *   <li>new: MRR(D - 30) = 0, MRR(D) &gt; 0, no paid term started on or before D - 30 → + MRR(D)</li>
 *   <li>reactivation: the same, but a paid term had started by D - 30 → + MRR(D)</li>
 *   <li>expansion: 0 &lt; MRR(D - 30) &lt; MRR(D) → MRR(D) - MRR(D - 30)</li>
 *   <li>contraction: 0 &lt; MRR(D) &lt; MRR(D - 30) → MRR(D) - MRR(D - 30) (negative)</li>
 *   <li>churn: MRR(D - 30) &gt; 0, MRR(D) = 0 → - MRR(D - 30)</li>
 *   <li>unchanged: MRR(D) = MRR(D - 30) → 0</li>
 * </ul>
 */
public final class MrrMovements {
    /** Days of the movement window. */
    public static final int WINDOW_DAYS = 30;
    /** Months of the retention (NRR, GRR) window. */
    public static final int RETENTION_MONTHS = 12;

    public static final String NEW = "new";
    public static final String EXPANSION = "expansion";
    public static final String CONTRACTION = "contraction";
    public static final String CHURN = "churn";
    public static final String REACTIVATION = "reactivation";
    public static final String UNCHANGED = "unchanged";

    private static final String[] KEY = {"snapshot_date", "account_id"};

    private MrrMovements() {
    }

    /**
     * (snapshot_date, account_id, mrr, mrr_30d_ago, mrr_12m_ago, movement, mrr_movement, retained_mrr) for every
     * account with a term started by one of the three dates; MRR columns are 0 where nothing paid was in force.
     * retained_mrr = least(mrr, mrr_12m_ago): the account's contribution to gross retention.
     */
    public static Dataset<Row> of(SparkSession spark, Dataset<Row> subscriptions, SortedSet<LocalDate> snapshotDates) {
        SortedSet<LocalDate> asOf = new TreeSet<>();
        List<Row> periods = new ArrayList<>();
        for (LocalDate d : snapshotDates) {
            LocalDate ago30 = d.minusDays(WINDOW_DAYS);
            LocalDate ago12m = d.minusMonths(RETENTION_MONTHS);
            asOf.add(d);
            asOf.add(ago30);
            asOf.add(ago12m);
            periods.add(RowFactory.create(Date.valueOf(d), Date.valueOf(ago30), Date.valueOf(ago12m)));
        }
        Dataset<Row> window = spark.createDataFrame(periods, new StructType()
                .add("snapshot_date", DataTypes.DateType, false)
                .add("date_30d_ago", DataTypes.DateType, false)
                .add("date_12m_ago", DataTypes.DateType, false));
        Dataset<Row> state = SubscriptionFeatures.of(subscriptions, SnapshotCalendar.dates(spark, asOf))
                .select(col("snapshot_date").as("as_of"), col("account_id"),
                        coalesce(col("mrr"), lit(0)).as("mrr"), col("first_paid_date"));

        Dataset<Row> accounts = at(window, state, "snapshot_date", "mrr", null)
                .join(at(window, state, "date_30d_ago", "mrr_30d_ago", "first_paid_30d_ago"), KEY, "full")
                .join(at(window, state, "date_12m_ago", "mrr_12m_ago", null), KEY, "full")
                .na().fill(0, new String[] {"mrr", "mrr_30d_ago", "mrr_12m_ago"});
        return classify(accounts);
    }

    /** Adds movement, mrr_movement and retained_mrr to rows with mrr, mrr_30d_ago, mrr_12m_ago, first_paid_30d_ago. */
    static Dataset<Row> classify(Dataset<Row> accounts) {
        Column now = col("mrr");
        Column before = col("mrr_30d_ago");
        Column movement = when(before.equalTo(0).and(now.gt(0)),
                        when(col("first_paid_30d_ago").isNull(), lit(NEW)).otherwise(lit(REACTIVATION)))
                .when(before.gt(0).and(now.equalTo(0)), lit(CHURN))
                .when(before.gt(0).and(now.gt(before)), lit(EXPANSION))
                .when(before.gt(0).and(now.lt(before)), lit(CONTRACTION))
                .otherwise(lit(UNCHANGED));
        return accounts
                .withColumn("movement", movement)
                .withColumn("mrr_movement", now.minus(before))
                .withColumn("retained_mrr", least(now, col("mrr_12m_ago")))
                .select(col("snapshot_date"), col("account_id"), now, before, col("mrr_12m_ago"), col("movement"),
                        col("mrr_movement"), col("retained_mrr"));
    }

    /** The state as of the window's {@code dateColumn}, keyed by the snapshot date it serves. */
    private static Dataset<Row> at(Dataset<Row> window, Dataset<Row> state, String dateColumn, String mrrAs,
                                   String firstPaidAs) {
        Dataset<Row> joined = state.join(broadcast(window), state.col("as_of").equalTo(window.col(dateColumn)))
                .select(window.col("snapshot_date"), col("account_id"), col("mrr").as(mrrAs),
                        col("first_paid_date"));
        return firstPaidAs == null ? joined.drop("first_paid_date")
                : joined.withColumnRenamed("first_paid_date", firstPaidAs);
    }
}
