package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.jobs.shared.LifecycleStage;
import io.lifecycle.jobs.shared.PaidTerms;
import io.lifecycle.jobs.shared.SnapshotCalendar;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.sql.Date;
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
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;
import java.util.Arrays;

/**
 * gold.account_lifecycle_daily for a set of snapshot dates in one pass (pure transform): every account in the
 * features and every lead open on a date gets exactly one stage, by folding {@link StageMachine} over its dates
 * in order, starting from its newest earlier row (the prior state). An account converted from a lead continues that
 * lead's history, so conversion is a transition of one entity. A retired entity (lost or churned for more than
 * retireAfterDays) gets no row; its state stays its last row until it comes back.
 */
public final class LifecycleStages {
    private static final String[] FEATURE_COLUMNS = {"snapshot_date", "account_id", "segment", "customer_status",
            "first_paid_date", "billing_period", "renewal_date", "seats", "mrr", "seat_utilisation",
            "key_features_used_30d", "days_since_last_activity", "tenure_days", "latest_nps"};
    /** The stages whose entities can be retired, so whose last row may be older than the prior snapshot. */
    private static final Object[] RETIRING_STAGES = {LifecycleStage.LOST.code(), LifecycleStage.CHURNED.code()};

    private LifecycleStages() {
    }

    /**
     * @param features    silver.account_features_daily rows of the dates (other dates are ignored)
     * @param health      (snapshot_date, account_id, band) of gold.account_health_daily
     * @param leads       staging.leads (lead_id, account_id, created_at, trial_started_at, converted_at); with a
     *                    prior state only the leads that can change are observed (see {@link #leadsToObserve})
     * @param touchpoints staging.touchpoints (account_id, touched_at) touched from lostLeadDays - 1 days before the
     *                    first date (or the day after priorDate, if earlier) to the last date; null: none
     * @param subscriptions staging.subscriptions (account_id, start_date, end_date, status, mrr_reporting): the
     *                    warehouse's record of when a lead's trial ended; null: none
     * @param prior       the newest row before the first date of each entity, as {@link #priorRows} selects them
     *                    (more rows per entity are allowed: the newest counts); null or empty when there is none
     * @param priorDate   the newest snapshot date before the first date; null when there is none
     * @param leadSegment segment of open leads (the default segment)
     */
    public record Inputs(Dataset<Row> features, Dataset<Row> health, Dataset<Row> leads, Dataset<Row> touchpoints,
                         Dataset<Row> subscriptions, Dataset<Row> prior, LocalDate priorDate, String leadSegment) {
        /** Without touchpoints, subscriptions or a prior date: every lead is observed, none by its trial's end. */
        public Inputs(Dataset<Row> features, Dataset<Row> health, Dataset<Row> leads, Dataset<Row> prior,
                      String leadSegment) {
            this(features, health, leads, null, null, prior, null, leadSegment);
        }
    }

    /**
     * The stored rows that hold every entity's newest row before {@code priorDate + 1}: the rows of priorDate (every
     * entity not retired) and the earlier lost and churned rows (the last row of a retired entity is one of them).
     * Retired entities stop adding rows, so the second part grows with the number of exits, not with the days.
     */
    public static Dataset<Row> priorRows(Dataset<Row> stored, LocalDate priorDate) {
        Date prior = Date.valueOf(priorDate);
        return stored.where(col("snapshot_date").equalTo(lit(prior)).or(col("snapshot_date").lt(lit(prior))
                .and(col("stage").isin(RETIRING_STAGES))));
    }

    public static Dataset<Row> of(SparkSession spark, Inputs in, SortedSet<LocalDate> snapshotDates,
                                  LifecycleConfig config) {
        Dataset<Row> dates = SnapshotCalendar.dates(spark, snapshotDates);
        Dataset<Row> prior = in.prior() != null ? in.prior()
                : spark.createDataFrame(List.of(), GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema());
        prior = Lakehouse.conform(GoldTables.ACCOUNT_LIFECYCLE_DAILY, prior).withColumn("entity", entityKey());
        Dataset<Row> touches = in.touchpoints() == null ? null
                : in.touchpoints().select(col("account_id"), to_date(col("touched_at")).as("touch_day"));
        Dataset<Row> leads = in.priorDate() == null ? in.leads()
                : leadsToObserve(in.leads(), prior, touches, in.priorDate(), snapshotDates.last());
        Dataset<Row> observations = accounts(in, leads, prior, dates)
                .unionByName(openLeads(in, leads, touches, dates, config), true);
        StageMachine machine = new StageMachine(config);
        MapFunction<Row, String> key = r -> r.getAs("entity");
        Dataset<Row> rows = observations.groupByKey(key, Encoders.STRING())
                .cogroup(prior.groupByKey(key, Encoders.STRING()),
                        (CoGroupFunction<String, Row, Row, Row>) (entity, obs, before) -> fold(machine, obs, before),
                        Encoders.row(GoldTables.ACCOUNT_LIFECYCLE_DAILY.schema()));
        return Lakehouse.conform(GoldTables.ACCOUNT_LIFECYCLE_DAILY, rows);
    }

    /**
     * The leads whose stage can change after priorDate: those with a row on priorDate as open leads (not retired),
     * and those created, starting a trial, converting or with their account touched after priorDate up to
     * {@code last}. Any other lead either converted by priorDate (its account carries it on) or was lost, retired
     * and has done nothing since, so it would get no row: observing it would only cost.
     */
    static Dataset<Row> leadsToObserve(Dataset<Row> leads, Dataset<Row> prior, Dataset<Row> touches,
                                       LocalDate priorDate, LocalDate last) {
        Date from = Date.valueOf(priorDate.plusDays(1));
        Date to = Date.valueOf(last);
        Dataset<Row> open = prior.where(col("snapshot_date").equalTo(lit(Date.valueOf(priorDate)))
                        .and(col("account_id").isNull()))
                .select(col("lead_id")).distinct().withColumn("open_on_prior", lit(true));
        Column activity = to_date(col("created_at")).between(from, to)
                .or(to_date(col("trial_started_at")).between(from, to))
                .or(to_date(col("converted_at")).between(from, to))
                .or(col("open_on_prior").isNotNull());
        if (touches != null) {
            Dataset<Row> touched = touches.where(col("touch_day").between(from, to)).select(col("account_id"))
                    .distinct().withColumn("touched", lit(true));
            leads = leads.join(touched, leads.col("account_id").equalTo(touched.col("account_id")), "left")
                    .drop(touched.col("account_id"));
            activity = activity.or(col("touched").isNotNull());
        }
        return leads.join(open, new String[] {"lead_id"}, "left").where(activity);
    }

    /** The features of each account and date, with its health band and the lead it converted from. */
    private static Dataset<Row> accounts(Inputs in, Dataset<Row> leads, Dataset<Row> prior, Dataset<Row> dates) {
        // the lead of an account: from the leads observed, or from its stored rows when its lead was not read
        Dataset<Row> converted = leads.where(col("account_id").isNotNull().and(col("converted_at").isNotNull()))
                .select("account_id", "lead_id")
                .unionByName(prior.where(col("account_id").isNotNull().and(col("lead_id").isNotNull()))
                        .select("account_id", "lead_id"))
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

    /**
     * Leads created by a date and not converted by it: one observation per lead and date, with (for a lead whose
     * record names an account) the day its trial ended as the subscriptions record it and its latest touch within
     * lostLeadDays.
     */
    private static Dataset<Row> openLeads(Inputs in, Dataset<Row> leads, Dataset<Row> touches, Dataset<Row> dates,
                                          LifecycleConfig config) {
        Column created = to_date(col("created_at"));
        Column convertedOn = to_date(col("converted_at"));
        Dataset<Row> open = leads.join(broadcast(dates), created.leq(col("snapshot_date"))
                        .and(convertedOn.isNull().or(convertedOn.gt(col("snapshot_date")))))
                .select(col("snapshot_date"), col("lead_id"), col("account_id").as("lead_account"),
                        created.as("lead_created"), to_date(col("trial_started_at")).as("trial_started"));
        Dataset<Row> withAccount = open.where(col("lead_account").isNotNull());
        String[] key = {"snapshot_date", "lead_id"};
        if (in.subscriptions() != null) {
            Dataset<Row> trialTerms = in.subscriptions().where(not(PaidTerms.isPaid()))
                    .select(col("account_id").as("lead_account"), col("start_date"), col("end_date"));
            Column endedInTrial = col("end_date").lt(col("snapshot_date")).and(col("trial_started").isNotNull())
                    .and(col("end_date").geq(col("trial_started")));
            Dataset<Row> ended = withAccount.join(trialTerms, "lead_account")
                    .where(col("start_date").leq(col("snapshot_date")))
                    .groupBy("snapshot_date", "lead_id")
                    .agg(max(when(endedInTrial, col("end_date"))).as("ended"),
                            max(PaidTerms.inForceOn(col("snapshot_date"))).as("trial_in_force"))
                    .select(col("snapshot_date"), col("lead_id"),
                            when(not(col("trial_in_force")), col("ended")).as("trial_ended"));
            open = open.join(ended, key, "left");
        } else {
            open = open.withColumn("trial_ended", lit(null).cast(DataTypes.DateType));
        }
        if (touches != null) {
            Dataset<Row> lastTouch = withAccount.join(touches, withAccount.col("lead_account")
                            .equalTo(touches.col("account_id")))
                    .where(col("touch_day").leq(col("snapshot_date"))
                            .and(col("touch_day").gt(date_sub(col("snapshot_date"), config.lostLeadDays()))))
                    .groupBy("snapshot_date", "lead_id").agg(max("touch_day").as("last_touch"));
            open = open.join(lastTouch, key, "left");
        } else {
            open = open.withColumn("last_touch", lit(null).cast(DataTypes.DateType));
        }
        return open.drop("lead_account")
                .withColumn("account_id", lit(null).cast(DataTypes.StringType))
                .withColumn("segment", lit(in.leadSegment()))
                .withColumn("entity", entityKey());
    }

    /** One entity per lead (before and after conversion), or per account without a lead. */
    private static Column entityKey() {
        return coalesce(concat(lit("lead:"), col("lead_id")), concat(lit("account:"), col("account_id")));
    }

    /**
     * Today's observations in date order (an account's wins over its lead's on the same date), folded from the
     * entity's newest earlier row; a retired step writes no row and keeps the state of the last row written.
     */
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
            StageState next = machine.step(state, o);
            if (!machine.retired(next)) {
                state = next;
                out.add(StateRows.toRow(state));
            }
        }
        return out.iterator();
    }
}
