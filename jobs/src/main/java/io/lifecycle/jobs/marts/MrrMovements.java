package io.lifecycle.jobs.marts;

import io.lifecycle.jobs.shared.PaidTerms;
import io.lifecycle.jobs.shared.RevenueChange;
import io.lifecycle.jobs.shared.SnapshotCalendar;
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
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Per snapshot date D and account: MRR on D, on D - 30 and 12 months before D, and the account's one MRR movement
 * over the 30 days (pure transform). MRR on a date is {@link SubscriptionFeatures}' sum of mrr_reporting of the
 * paid terms in force (0 when none), so it is the same MRR the features and health tables carry.
 *
 * <p>Each account falls in exactly one class. Expansion and contraction are {@link RevenueChange}'s (the definition
 * the expansion label uses too): the constant-currency change, D - 30's own-currency MRR restated at the rates the
 * account's terms carry on D. What exchange rates moved is shown apart, in mrr_fx, so the movements and mrr_fx of any
 * group of accounts sum to that group's MRR change by construction:
 * <ul>
 *   <li>new: MRR(D - 30) = 0, MRR(D) &gt; 0, no paid term started on or before D - 30 → + MRR(D)</li>
 *   <li>reactivation: the same, but a paid term had started by D - 30 → + MRR(D)</li>
 *   <li>expansion: both &gt; 0 and the constant-currency change &gt; 0 → that change</li>
 *   <li>contraction: both &gt; 0 and the constant-currency change &lt; 0 → that change (negative)</li>
 *   <li>churn: MRR(D - 30) &gt; 0, MRR(D) = 0 → - MRR(D - 30)</li>
 *   <li>unchanged: constant-currency change 0 (or nothing paid on either date) → 0</li>
 * </ul>
 * mrr_fx = MRR(D) - MRR(D - 30) - the change, for accounts paying on both dates (0 for the others).
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

    private static final String NOW = "now";
    private static final String AGO_30D = "30d_ago";
    private static final String AGO_12M = "12m_ago";

    private MrrMovements() {
    }

    /**
     * (snapshot_date, account_id, mrr, mrr_30d_ago, mrr_12m_ago, movement, mrr_movement, mrr_fx, retained_mrr) for every
     * account with a term started by one of the three dates; MRR columns are 0 where nothing paid was in force.
     * retained_mrr = least(mrr, mrr_12m_ago): the account's contribution to gross retention.
     */
    public static Dataset<Row> of(SparkSession spark, Dataset<Row> subscriptions, SortedSet<LocalDate> snapshotDates) {
        SortedSet<LocalDate> asOf = new TreeSet<>();
        List<Row> roles = new ArrayList<>();
        for (LocalDate d : snapshotDates) {
            for (var role : List.of(Map.entry(NOW, d), Map.entry(AGO_30D, d.minusDays(WINDOW_DAYS)),
                    Map.entry(AGO_12M, d.minusMonths(RETENTION_MONTHS)))) {
                asOf.add(role.getValue());
                roles.add(RowFactory.create(Date.valueOf(d), Date.valueOf(role.getValue()), role.getKey()));
            }
        }
        Dataset<Row> window = spark.createDataFrame(roles, new StructType()
                .add("for_date", DataTypes.DateType, false)
                .add("as_of", DataTypes.DateType, false)
                .add("role", DataTypes.StringType, false));
        // One pass over the subscription state of every date needed; each state row serves up to three snapshot
        // dates in one of three roles, and one aggregation lays the roles side by side.
        Dataset<Row> state = SubscriptionFeatures.of(subscriptions, SnapshotCalendar.dates(spark, asOf))
                .withColumnRenamed("snapshot_date", "as_of");
        Dataset<Row> accounts = state.join(broadcast(window), "as_of")
                .groupBy(col("for_date").as("snapshot_date"), col("account_id"))
                .agg(inRole(NOW, col("mrr")).as("mrr"),
                        inRole(AGO_30D, col("mrr")).as("mrr_30d_ago"),
                        inRole(AGO_12M, col("mrr")).as("mrr_12m_ago"),
                        max(when(col("role").equalTo(AGO_30D), col("first_paid_date"))).as("first_paid_30d_ago"));
        Dataset<Row> matched = PaidTerms.of(subscriptions)
                .join(broadcast(window.where(col("role").notEqual(AGO_12M))), PaidTerms.inForceOn(col("as_of")))
                .withColumnRenamed("for_date", "snapshot_date");
        List<String> keys = List.of("snapshot_date", "account_id");
        Dataset<Row> holdings = RevenueChange.holdings(matched, List.of("snapshot_date", "account_id", "role"));
        Dataset<Row> changes = RevenueChange.compare(holdings.where(col("role").equalTo(AGO_30D)).drop("role"),
                        holdings.where(col("role").equalTo(NOW)).drop("role"), keys)
                .select("snapshot_date", "account_id", "mrr_change", "mrr_fx", "change");
        return classify(accounts.join(changes, keys.toArray(String[]::new), "left"));
    }

    /** The value of the state in one role; 0 when the account had nothing paid in force then. */
    private static Column inRole(String role, Column value) {
        return coalesce(sum(when(col("role").equalTo(role), value)), lit(0));
    }

    /**
     * Adds movement, mrr_movement, mrr_fx and retained_mrr to rows with mrr, mrr_30d_ago, mrr_12m_ago,
     * first_paid_30d_ago and {@link RevenueChange#compare}'s mrr_change, mrr_fx and change (null when the account
     * paid on neither D - 30 nor D).
     */
    static Dataset<Row> classify(Dataset<Row> accounts) {
        Column now = col("mrr");
        Column before = col("mrr_30d_ago");
        Column continuing = before.gt(0).and(now.gt(0));
        Column movement = when(before.equalTo(0).and(now.gt(0)),
                        when(col("first_paid_30d_ago").isNull(), lit(NEW)).otherwise(lit(REACTIVATION)))
                .when(before.gt(0).and(now.equalTo(0)), lit(CHURN))
                .when(continuing.and(col("change").equalTo(RevenueChange.EXPANSION)), lit(EXPANSION))
                .when(continuing.and(col("change").equalTo(RevenueChange.CONTRACTION)), lit(CONTRACTION))
                .otherwise(lit(UNCHANGED));
        Column fx = when(continuing, col("mrr_fx")).otherwise(lit(0).cast("decimal(18,2)"));
        return accounts
                .withColumn("movement", movement)
                .withColumn("mrr_movement", now.minus(before).minus(fx))
                .withColumn("mrr_fx", fx)
                .withColumn("retained_mrr", least(now, col("mrr_12m_ago")))
                .select(col("snapshot_date"), col("account_id"), now, before, col("mrr_12m_ago"), col("movement"),
                        col("mrr_movement"), col("mrr_fx"), col("retained_mrr"));
    }

}
