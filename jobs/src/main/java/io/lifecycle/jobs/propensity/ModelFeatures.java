package io.lifecycle.jobs.propensity;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.jobs.shared.LifecycleStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * The model's inputs for one snapshot date D (pure transform): per account active on D (customer_status = active),
 * the columns of silver.account_features_daily on D, its health on D (overall score, change over 30 days and each
 * group score of gold.account_health_daily), its lifecycle stage on D one-hot, and its segment as indicators.
 * Every input row is matched on snapshot_date = D exactly, so nothing dated after D can reach the vector.
 *
 * <p>A missing value becomes 0 and, for the columns that are often missing, a {@code <name>_missing} indicator
 * of 1, so that neither model mistakes "no NPS answer" for "NPS 0".
 *
 * <p>Output: snapshot_date, account_id, segment, current_mrr (double), one double column per feature name and
 * {@code features}, the vector of those columns in {@link #names} order.
 */
public final class ModelFeatures {
    public static final String VECTOR = "features";

    /**
     * Numeric columns of silver.account_features_daily used as they are. days_to_renewal is point-in-time: the
     * features job takes it from the start date of the largest paid term in force on D (its next anniversary),
     * never from an end date after D — end dates in staging.subscriptions are as they are now, and a term that an
     * expansion replaced after D ends the day before that expansion (ExpansionJobTest checks that such end dates
     * do not reach the rows of D).
     */
    static final List<String> ACCOUNT_COLUMNS = List.of("tenure_days", "seats", "mrr", "mrr_change_90d",
            "days_to_renewal", "active_users_7d", "active_users_30d", "seat_utilisation", "stickiness", "events_30d",
            "events_prev_30d", "usage_trend", "key_features_used_30d", "adoption_breadth", "days_since_last_activity",
            "tickets_90d", "urgent_tickets_90d", "avg_csat_90d", "latest_nps", "failed_payments_90d",
            "overdue_invoices_90d", "touches_90d", "touch_response_rate_90d");
    /** Columns that get a missing indicator. */
    private static final Set<String> OFTEN_MISSING = Set.of("mrr_change_90d", "usage_trend", "avg_csat_90d",
            "latest_nps", "touch_response_rate_90d", "days_since_last_activity", "health_score", "health_change_30d");

    private ModelFeatures() {
    }

    /** The model's feature names, in vector order, for these health groups and segments. */
    public static List<String> names(List<String> healthGroups, List<String> segments) {
        return names(healthGroups, segments, Map.of());
    }

    /** The feature names with a model's own extra features appended (in the map's order). */
    public static List<String> names(List<String> healthGroups, List<String> segments, Map<String, Column> extras) {
        return new ArrayList<>(expressions(healthGroups, segments, extras).keySet());
    }

    /**
     * The feature rows of {@code dates}.
     *
     * @param features  silver.account_features_daily (any dates)
     * @param health    gold.account_health_daily (any dates; may lack a date: its columns are then missing)
     * @param lifecycle gold.account_lifecycle_daily (any dates; may lack a date)
     */
    public static Dataset<Row> of(Dataset<Row> features, Dataset<Row> health, Dataset<Row> lifecycle,
                                  Collection<LocalDate> dates, List<String> healthGroups, List<String> segments) {
        return of(features, health, lifecycle, dates, healthGroups, segments, Map.of());
    }

    /**
     * The feature rows of {@code dates} with a model's extra features: name → expression over the same joined inputs
     * (the columns of silver.account_features_daily of D, health_score, health_change_30d, group_scores, stage); a
     * null becomes 0. The output also keeps renewal_date (the features' next renewal of D) for the caller.
     */
    public static Dataset<Row> of(Dataset<Row> features, Dataset<Row> health, Dataset<Row> lifecycle,
                                  Collection<LocalDate> dates, List<String> healthGroups, List<String> segments,
                                  Map<String, Column> extras) {
        String onDates = Lakehouse.onDates("snapshot_date", dates);
        Dataset<Row> active = features.where(onDates).where(col("customer_status").equalTo("active"));
        Dataset<Row> h = health.where(onDates).select(col("snapshot_date"), col("account_id"),
                col("score").as("health_score"), col("change_30d").as("health_change_30d"), col("group_scores"));
        Dataset<Row> stages = lifecycle.where(onDates).where(col("account_id").isNotNull())
                .select(col("snapshot_date"), col("account_id"), col("stage"));
        String[] keys = {"snapshot_date", "account_id"};
        Dataset<Row> joined = active.join(h, keys, "left").join(stages, keys, "left");
        List<Column> out = new ArrayList<>(List.of(col("snapshot_date"), col("account_id"), col("segment"),
                col("mrr").cast("double").as("current_mrr"), col("renewal_date")));
        Map<String, Column> expressions = expressions(healthGroups, segments, extras);
        expressions.forEach((name, value) -> out.add(value.cast("double").as(name)));
        Dataset<Row> columns = joined.select(out.toArray(Column[]::new));
        return new VectorAssembler().setInputCols(expressions.keySet().toArray(String[]::new)).setOutputCol(VECTOR)
                .transform(columns);
    }

    /** Feature name → its value as a column expression over the joined inputs (nulls already replaced). */
    private static Map<String, Column> expressions(List<String> healthGroups, List<String> segments,
                                                   Map<String, Column> extras) {
        Map<String, Column> e = new LinkedHashMap<>();
        for (String c : ACCOUNT_COLUMNS) {
            valueAndIndicator(e, c, col(c));
        }
        e.put("billing_annual", when(col("billing_period").equalTo("annual"), 1).otherwise(0));
        valueAndIndicator(e, "health_score", col("health_score"));
        valueAndIndicator(e, "health_change_30d", col("health_change_30d"));
        for (String g : healthGroups) {
            // try_element_at: an account whose scorecard lacks the group gets null, not an ANSI index error.
            valueAndIndicator(e, "health_" + g, expr("try_element_at(filter(group_scores, x -> x.`group` = '"
                    + g.replace("'", "''") + "'), 1).score"));
        }
        for (LifecycleStage s : LifecycleStage.values()) {
            e.put("stage_" + s.code(), when(col("stage").equalTo(s.code()), 1).otherwise(0));
        }
        // The segment of D (the features' segment, from the plan of the terms in force on D: AccountPlans). It once
        // came from accounts.plan_tier, the tier at the end of history, which put an account that upgraded later in
        // its later segment on past snapshots and flattered the validation metrics of the higher segments.
        for (String s : segments) {
            e.put("segment_" + s, when(col("segment").equalTo(s), 1).otherwise(0));
        }
        extras.forEach((name, value) -> {
            if (e.containsKey(name)) {
                throw new IllegalArgumentException("extra feature " + name + " is already a feature");
            }
            e.put(name, when(value.isNull(), lit(0)).otherwise(value));
        });
        return e;
    }

    private static void valueAndIndicator(Map<String, Column> e, String name, Column value) {
        e.put(name, when(value.isNull(), lit(0)).otherwise(value));
        if (OFTEN_MISSING.contains(name) || name.startsWith("health_")) {
            e.put(name + "_missing", when(value.isNull(), 1).otherwise(0));
        }
    }

}
