package io.lifecycle.jobs.features;

import io.lifecycle.jobs.shared.PaidTerms;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Subscription state per snapshot date and account (pure transform), with paid terms and "in force" as defined in
 * {@link PaidTerms}.
 */
public final class SubscriptionFeatures {
    private SubscriptionFeatures() {
    }

    /**
     * (snapshot_date, account_id, first_paid_date, paid_in_force, trial_in_force, seats, mrr, mrr_90d_ago,
     * billing_period, current_term_start) for accounts with a term started by the snapshot date. The billing period
     * and current_term_start come from the largest paid term in force; end dates after the snapshot date are never
     * read, since a warehouse records a term's end when it happens (a later upgrade or churn would leak in).
     */
    public static Dataset<Row> of(Dataset<Row> subscriptions, Dataset<Row> dates) {
        Column paid = PaidTerms.isPaid();
        Column inForce = PaidTerms.inForceOn(col("snapshot_date"));
        Column paidInForce = paid.and(inForce);
        Column earlier = date_sub(col("snapshot_date"), 90);
        Column paidInForce90dAgo = paid.and(PaidTerms.inForceOn(earlier));
        return subscriptions.join(broadcast(dates), col("start_date").leq(col("snapshot_date")))
                .groupBy("snapshot_date", "account_id")
                .agg(min(when(paid, col("start_date"))).as("first_paid_date"),
                        coalesce(max(paidInForce), lit(false)).as("paid_in_force"),
                        coalesce(max(not(paid).and(inForce)), lit(false)).as("trial_in_force"),
                        sum(when(paidInForce, col("seats"))).cast("int").as("seats"),
                        sum(when(paidInForce, col("mrr_reporting"))).as("mrr"),
                        coalesce(sum(when(paidInForce90dAgo, col("mrr_reporting"))), lit(0)).as("mrr_90d_ago"),
                        // the largest term in force (ties: the later period name, then the later start)
                        max(when(paidInForce, struct(col("mrr_reporting"), col("billing_period"), col("start_date"))))
                                .as("largest_term"))
                .withColumn("billing_period", col("largest_term").getField("billing_period"))
                .withColumn("current_term_start", col("largest_term").getField("start_date"))
                .drop("largest_term");
    }
}
