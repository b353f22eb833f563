package io.lifecycle.jobs.shared;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Date;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The subscription definitions every table agrees on, written once (over {@code staging.subscriptions} rows).
 *
 * <ul>
 *   <li><b>Paid term</b>: a term that is not a trial and has {@code mrr_reporting > 0}.</li>
 *   <li><b>In force on X</b>: {@code start_date ≤ X} and ({@code end_date} null, i.e. open-ended, or
 *       {@code end_date ≥ X}; the end date is the last day of the term, inclusive).</li>
 *   <li><b>Active account on D</b>: an account with a paid term in force on D (its MRR on D is the sum of
 *       {@code mrr_reporting} over those terms, so "active" and "MRR &gt; 0" are the same thing).</li>
 *   <li><b>Churn</b>: an account active on D churns on the first day after D with no paid term in force (the day
 *       after the end of the covered span holding D; see {@code ChurnLabels}). The lifecycle's {@code churned}
 *       stage, the KPIs' churned MRR and the backtest's labels all follow from "active" on each day.</li>
 *   <li><b>Reactivation</b>: an account that churned and later has a paid term in force again.</li>
 *   <li><b>Expansion and contraction</b>: {@link RevenueChange} (the paid terms in force on two dates compared in
 *       the account's own currency).</li>
 * </ul>
 *
 * <p>Statuses (cancelled, expired) describe the end of history, not the day asked about, so they are never read
 * beyond the trial test: a term's dates say when it was in force.
 */
public final class PaidTerms {
    /** Stands for "no end" (an open-ended term) so term ends compare as dates; far from any real date. */
    public static final Column OPEN_END = lit(Date.valueOf("9999-12-31"));

    private PaidTerms() {
    }

    /** True for a paid term. */
    public static Column isPaid() {
        return col("status").notEqual("trial").and(col("mrr_reporting").gt(0));
    }

    /** True for a term in force on the date {@code day}. */
    public static Column inForceOn(Column day) {
        return col("start_date").leq(day).and(col("end_date").isNull().or(col("end_date").geq(day)));
    }

    /** The paid terms of the subscriptions. */
    public static Dataset<Row> of(Dataset<Row> subscriptions) {
        return subscriptions.where(isPaid());
    }

    /** The term's last day, {@link #OPEN_END} when open-ended. */
    public static Column lastDay() {
        return coalesce(col("end_date"), OPEN_END);
    }
}
