package io.lifecycle.jobs.shared;

import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.Segments;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Arrays;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

/**
 * The one definition of an account's plan tier and segment on a date D (DESIGN §5).
 *
 * <ul>
 *   <li>The plan tier on D is that of the account's paid subscription terms in force on D ({@link PaidTerms}) that
 *   carry a plan (staging.subscriptions.plan_tier), the largest by MRR when several do. With none in force, it is
 *   the plan of the latest term started by D that carries one (a trial, or the last paid term of a churned
 *   account). Only terms started by D are read, and end dates only through {@link PaidTerms#inForceOn}.</li>
 *   <li>Only when no term started by D carries a plan does the plan come from staging.accounts.plan_tier, which
 *   is the tier at the end of history (what real warehouses keep): {@code plan_tier_source} then says
 *   {@value #FROM_ACCOUNT} instead of {@value #FROM_SUBSCRIPTION}, and the features job counts those accounts in
 *   ops.dq_results.</li>
 *   <li>The segment on D is the first segment rule of conf/application.yaml matching the account's attributes,
 *   with plan_tier as of D (so an account moves to its new segment on the day it upgrades).</li>
 * </ul>
 */
public final class AccountPlans {
    public static final String FROM_SUBSCRIPTION = "subscription";
    public static final String FROM_ACCOUNT = "account";
    private static final String[] KEY = {"snapshot_date", "account_id"};

    private AccountPlans() {
    }

    /** The segment rules of application.yaml, to apply to rows carrying the account attributes. */
    public static Column segmentRules(AppConfig config) {
        return Segments.segmentOf(config.segments(), config.defaultSegment());
    }

    /**
     * (snapshot_date, account_id, plan_tier, plan_tier_source, segment) for every account that exists on each date:
     * created by then, or paying by then (a paid term started on or before it, whatever the account's created_at).
     *
     * @param accounts      staging.accounts (account_id, created_at, plan_tier and the attributes the rules use)
     * @param subscriptions staging.subscriptions
     * @param dates         one column, snapshot_date
     * @param segmentRules  {@link #segmentRules(AppConfig)}
     */
    public static Dataset<Row> asOf(Dataset<Row> accounts, Dataset<Row> subscriptions, Dataset<Row> dates,
                                    Column segmentRules) {
        Column paidInForce = PaidTerms.isPaid().and(PaidTerms.inForceOn(col("snapshot_date")));
        // hand-made frames (tests, notebooks) may have no plan column at all: no term carries a plan then
        Dataset<Row> terms = Arrays.asList(subscriptions.columns()).contains("plan_tier") ? subscriptions
                : subscriptions.withColumn("plan_tier", lit(null).cast("string"));
        Dataset<Row> fromTerms = terms.where(col("plan_tier").isNotNull())
                .join(broadcast(dates), col("start_date").leq(col("snapshot_date")))
                .groupBy("snapshot_date", "account_id")
                // in force first, then the largest MRR, then the latest start; the plan name breaks exact ties
                .agg(max(struct(paidInForce.as("in_force"),
                        when(paidInForce, col("mrr_reporting").cast("double")).otherwise(lit(0.0)).as("mrr"),
                        col("start_date"), col("plan_tier"))).getField("plan_tier").as("term_plan_tier"));
        // an account exists on D once created, or once it pays (a warehouse may record a purchase before the
        // account row's created_at; its MRR must not go missing from the segment it belongs to)
        Dataset<Row> firstPaid = terms.where(PaidTerms.isPaid()).groupBy("account_id")
                .agg(min(col("start_date")).as("first_paid_start"));
        Dataset<Row> attributes = accounts.drop("segment").withColumnRenamed("plan_tier", "account_plan_tier")
                .join(firstPaid, new String[] {"account_id"}, "left")
                .join(broadcast(dates), to_date(col("created_at")).leq(col("snapshot_date"))
                        .or(col("first_paid_start").leq(col("snapshot_date"))))
                .join(fromTerms, KEY, "left");
        Column fromTerm = col("term_plan_tier").isNotNull();
        return attributes
                .withColumn("plan_tier", when(fromTerm, col("term_plan_tier")).otherwise(col("account_plan_tier")))
                .withColumn("plan_tier_source", when(fromTerm, lit(FROM_SUBSCRIPTION)).otherwise(lit(FROM_ACCOUNT)))
                .withColumn("segment", segmentRules)
                .select("snapshot_date", "account_id", "plan_tier", "plan_tier_source", "segment");
    }
}
