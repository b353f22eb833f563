package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.jobs.shared.SnapshotCalendar;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;
import java.util.Arrays;

/**
 * gold.account_lifecycle_daily for a set of snapshot dates in one pass (pure transform): every account in the
 * features and every lead open on a date gets exactly one stage, by folding {@link StageMachine} over its dates
 * in order, starting from its row on the previous snapshot (the prior state). An account converted from a lead
 * continues that lead's history, so conversion is a transition of one entity.
 */
public final class LifecycleStages {
    private static final String[] FEATURE_COLUMNS = {"snapshot_date", "account_id", "segment", "customer_status",
            "first_paid_date", "billing_period", "renewal_date", "seats", "mrr", "seat_utilisation",
            "key_features_used_30d", "days_since_last_activity", "tenure_days", "latest_nps"};

    private LifecycleStages() {
    }

    /**
     * @param features    silver.account_features_daily rows of the dates (other dates are ignored)
     * @param health      (snapshot_date, account_id, band) of gold.account_health_daily
     * @param leads       staging.leads (lead_id, account_id, created_at, trial_started_at, converted_at)
     * @param prior       gold.account_lifecycle_daily rows of the snapshot before the first date; null or empty
     *                    when there is none
     * @param leadSegment segment of open leads (the default segment)
     */
    public record Inputs(Dataset<Row> features, Dataset<Row> health, Dataset<Row> leads, Dataset<Row> prior,
                         String leadSegment) {
    }

    public static Dataset<Row> of(SparkSession spark, Inputs in, SortedSet<LocalDate> snapshotDates,
                                  LifecycleConfig config) {
        Dataset<Row> dates = SnapshotCalendar.dates(spark, snapshotDates);
        Dataset<Row> observations = accounts(in, dates).unionByName(openLeads(in, dates), true);
        Dataset<Row> prior = in.prior() != null ? in.prior()
                : spark.createDataFrame(List.of(), GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema());
        prior = Lakehouse.conform(GoldTables.ACCOUNT_LIFECYCLE_DAILY, prior).withColumn("entity", entityKey());
        StageMachine machine = new StageMachine(config);
        MapFunction<Row, String> key = r -> r.getAs("entity");
        Dataset<Row> rows = observations.groupByKey(key, Encoders.STRING())
                .cogroup(prior.groupByKey(key, Encoders.STRING()),
                        (CoGroupFunction<String, Row, Row, Row>) (entity, obs, before) -> fold(machine, obs, before),
                        Encoders.row(GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()));
        return Lakehouse.conform(GoldTables.ACCOUNT_LIFECYCLE_DAILY, rows);
    }

    /** The features of each account and date, with its health band and the lead it converted from. */
    private static Dataset<Row> accounts(Inputs in, Dataset<Row> dates) {
        Dataset<Row> converted = in.leads().where(col("account_id").isNotNull().and(col("converted_at").isNotNull()))
                .groupBy("account_id").agg(min("lead_id").as("lead_id"));
        Dataset<Row> health = in.health().select("snapshot_date", "account_id", "band");
        return in.features().join(broadcast(dates), "snapshot_date")
                .select(Arrays.stream(FEATURE_COLUMNS).map(c -> col(c)).toArray(Column[]::new))
                .join(health, new String[] {"snapshot_date", "account_id"}, "left")
                .join(converted, new String[] {"account_id"}, "left")
                .withColumn("lead_created", lit(null).cast(DataTypes.DateType))
                .withColumn("trial_started", lit(null).cast(DataTypes.DateType))
                .withColumn("entity", entityKey());
    }

    /** Leads created by a date and not converted by it: one observation per lead and date. */
    private static Dataset<Row> openLeads(Inputs in, Dataset<Row> dates) {
        Column created = to_date(col("created_at"));
        Column convertedOn = to_date(col("converted_at"));
        return in.leads().join(broadcast(dates), created.leq(col("snapshot_date"))
                        .and(convertedOn.isNull().or(convertedOn.gt(col("snapshot_date")))))
                .select(col("snapshot_date"), lit(null).cast(DataTypes.StringType).as("account_id"), col("lead_id"),
                        lit(in.leadSegment()).as("segment"), created.as("lead_created"),
                        to_date(col("trial_started_at")).as("trial_started"))
                .withColumn("entity", entityKey());
    }

    /** One entity per lead (before and after conversion), or per account without a lead. */
    private static Column entityKey() {
        return coalesce(concat(lit("lead:"), col("lead_id")), concat(lit("account:"), col("account_id")));
    }

    /** Today's observations in date order (an account's wins over its lead's on the same date), folded. */
    private static Iterator<Row> fold(StageMachine machine, Iterator<Row> observations, Iterator<Row> before) {
        StageState state = null;
        while (before.hasNext()) {
            StageState s = StateRows.state(before.next());
            if (state == null || s.snapshotDate().isAfter(state.snapshotDate())) {
                state = s;
            }
        }
        TreeMap<LocalDate, Observation> byDate = new TreeMap<>();
        while (observations.hasNext()) {
            Observation o = StateRows.observation(observations.next());
            byDate.merge(o.snapshotDate(), o, (a, b) -> a.isLead() ? b : a);
        }
        List<Row> out = new ArrayList<>(byDate.size());
        for (Observation o : byDate.values()) {
            state = machine.step(state, o);
            out.add(StateRows.toRow(state));
        }
        return out.iterator();
    }
}
