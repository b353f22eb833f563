package io.lifecycle.jobs.churn;

import java.util.TreeSet;
import io.lifecycle.jobs.health.ChurnLabels;
import io.lifecycle.jobs.shared.PaidTerms;
import io.lifecycle.jobs.shared.RevenueChange;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * The renewal forecast's labels (pure transform), for every account paying on a snapshot date D whose horizon has
 * closed (D + horizonDays ≤ dataEnd); only subscription terms started by dataEnd are read.
 *
 * <ul>
 *     <li><b>churned</b>: the account churns within (D, D + horizonDays], as {@link ChurnLabels} defines it (the one
 *     churn definition of {@link PaidTerms}: some day without a paid term in force). Coming back before the window
 *     closes does not undo it: the logo was lost.</li>
 *     <li><b>contracted</b>: not churned, and the paid terms in force on D + horizonDays, compared with those on D by
 *     {@link RevenueChange} (constant exchange rates: the account's own currency), lost at least
 *     {@code contractionShare} of the MRR: −change ≥ share × MRR of D restated at the rates of D + horizonDays.</li>
 * </ul>
 *
 * <p>Output: snapshot_date, account_id, mrr (reporting currency, on D), churned, churn_date (null when not churned),
 * churned_mrr (mrr when churned, else 0), contracted, contracted_mrr (the share of MRR lost × mrr when contracted,
 * else 0), retained_mrr (0 when churned, else mrr × least(1, 1 + change / restated MRR of D)): what the forecast
 * backtest compares its forecast with.
 */
public final class ChurnTargets {
    private static final List<String> KEYS = List.of("snapshot_date", "account_id");

    private ChurnTargets() {
    }

    public static Dataset<Row> of(Dataset<Row> subscriptions, Collection<LocalDate> snapshotDates, int horizonDays,
                                  double contractionShare, LocalDate dataEnd) {
        Dataset<Row> known = subscriptions.where(col("start_date").leq(lit(Date.valueOf(dataEnd))));
        List<Date> closed = snapshotDates.stream().filter(d -> !d.plusDays(horizonDays).isAfter(dataEnd))
                .map(Date::valueOf).sorted().toList();
        Dataset<Row> dates = known.sparkSession().createDataset(closed, Encoders.DATE()).toDF("snapshot_date");
        Dataset<Row> paid = PaidTerms.of(known);
        Dataset<Row> onD = dates.join(paid, PaidTerms.inForceOn(col("snapshot_date")));
        Dataset<Row> atEnd = dates.join(paid, PaidTerms.inForceOn(date_add(col("snapshot_date"), horizonDays)));
        Dataset<Row> change = RevenueChange.compare(RevenueChange.holdings(onD, KEYS),
                        RevenueChange.holdings(atEnd, KEYS), KEYS)
                .where(col("mrr_before").gt(0));
        Dataset<Row> churn = ChurnLabels.of(known, new TreeSet<>(closed.stream().map(Date::toLocalDate)
                .toList()), horizonDays, dataEnd);
        Dataset<Row> both = change.join(churn, KEYS.toArray(String[]::new), "left");

        Column mrr = col("mrr_before").cast("double");
        Column delta = col("mrr_change").cast("double");
        // MRR of D restated at the rates of D + horizon: after − change (RevenueChange's restated_before).
        Column restated = col("mrr_after").cast("double").minus(delta);
        Column churned = coalesce(col("churned_within_horizon"), lit(false));
        Column lostShare = when(restated.gt(0), greatest(lit(0.0), functions.negate(delta).divide(restated))).otherwise(0.0);
        Column contracted = not(churned).and(col("mrr_after").gt(0)).and(delta.lt(0))
                .and(functions.negate(delta).geq(lit(contractionShare).multiply(restated)));
        return both.select(col("snapshot_date"), col("account_id"), mrr.as("mrr"),
                churned.as("churned"), col("churn_date"),
                when(churned, mrr).otherwise(0.0).as("churned_mrr"),
                contracted.as("contracted"),
                when(contracted, lostShare.multiply(mrr)).otherwise(0.0).as("contracted_mrr"),
                when(churned, lit(0.0)).otherwise(mrr.multiply(least(lit(1.0), lit(1.0).minus(lostShare))))
                        .as("retained_mrr"));
    }
}
