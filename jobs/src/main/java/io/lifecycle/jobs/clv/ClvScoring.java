package io.lifecycle.jobs.clv;

import io.lifecycle.common.catalog.GoldTables;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import java.sql.Date;
import java.util.HashMap;

/**
 * Applies the fitted models to every account in the customer base at D (a subscription term in force, paid or
 * trial), in parallel on the executors; the models travel in one broadcast (they are Serializable).
 *
 * <p>subscription_residual_value = MRR × P × margin × DERL(d, n): MRR × P is the payment of one period of P
 * months, paid at the start of each period; the current period is paid, so the value starts with the next
 * renewal (at the start of period n+1, undiscounted) and discounts each later one by one more period.
 * transactional_value = E[Y(h) | x, t_x, T] × E[M | x, m_x] × margin × (1 + d_year)^(−h/24): the horizon's
 * one-off revenue, discounted to the middle of the horizon.
 */
final class ClvScoring {
    /** The three models (and their ids) a segment uses on a date; a null model means no fit was possible. */
    record SegmentModels(SbgModel sbg, String sbgId, BgNbdModel bgnbd, String bgnbdId, GammaGammaModel spend,
                         String spendId) implements Serializable {
    }

    private ClvScoring() {
    }

    static Dataset<Row> score(Dataset<Row> histories, Broadcast<Map<String, SegmentModels>> models, ClvConfig config) {
        Dataset<Row> base = histories
                .where(col("in_force_d").equalTo(true).or(col("trial_d").equalTo(true)))
                .select(col("snapshot_date"), col("account_id"), col("segment"), coalesce(col("in_force_d"), lit(false)).as("active"),
                        coalesce(col("mrr_d"), lit(BigDecimal.ZERO)).cast("decimal(18,2)").as("mrr"),
                        coalesce(col("n_d"), lit(0)).as("n"), col("x_d"), col("recency_days_d"), col("age_days_d"),
                        col("mean_spend_d"));
        return base.mapPartitions(new Scorer(models, config), Encoders.row(GoldTables.ACCOUNT_CLV.schema()));
    }

    static String key(LocalDate date, String segment) {
        return date + "|" + segment;
    }

    private static final class Scorer implements MapPartitionsFunction<Row, Row> {
        private final Broadcast<Map<String, SegmentModels>> models;
        private final ClvConfig config;
        /** DERL depends on the segment's model and n only: computed once per pair in a partition. */
        private transient Map<String, Double> derlCache;

        Scorer(Broadcast<Map<String, SegmentModels>> models, ClvConfig config) {
            this.models = models;
            this.config = config;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            derlCache = new HashMap<>();
            List<Row> out = new ArrayList<>();
            rows.forEachRemaining(r -> out.add(score(r)));
            return out.iterator();
        }

        private Row score(Row r) {
            Date date = r.getDate(0);
            String segment = r.getString(2);
            SegmentModels m = models.value().get(key(date.toLocalDate(), segment));
            double margin = config.marginOf(segment);
            BigDecimal mrr = r.getDecimal(4);
            int n = r.getInt(5);
            int x = (int) r.getLong(6);
            double recency = r.getInt(7) / ClvModelKind.DAYS_PER_WEEK;
            double age = r.getInt(8) / ClvModelKind.DAYS_PER_WEEK;
            Double derl = m == null || m.sbg() == null ? null : derlCache.computeIfAbsent(m.sbgId() + "|" + n,
                    k -> m.sbg().discountedExpectedResidualLifetime(config.periodDiscountRate(), n));
            Double subscription = derl == null ? null : mrr.doubleValue() * config.periodMonths() * margin * derl;
            Double alive = null;
            Double transactions = null;
            if (m != null && m.bgnbd() != null) {
                alive = m.bgnbd().probabilityAlive(x, recency, age);
                double horizonWeeks = config.horizonMonths() * 365.25 / 12 / ClvModelKind.DAYS_PER_WEEK;
                transactions = m.bgnbd().conditionalExpectedPurchases(horizonWeeks, x, recency, age);
            }
            Double spend = m == null || m.spend() == null ? null
                    : m.spend().conditionalExpectedSpend(x, x == 0 ? 1 : r.getDouble(9));
            Double transactional = transactions == null || spend == null ? null
                    : transactions * spend * margin * Math.pow(1 + config.annualDiscountRate(), -config.horizonMonths() / 24.0);
            Double total = subscription == null || transactional == null ? null : subscription + transactional;
            return RowFactory.create(date, r.getString(1), segment, r.getBoolean(3) ? "active" : "trial", mrr, n, margin,
                    derl, money(subscription), x, alive, transactions, spend, money(transactional), money(total),
                    m == null ? null : m.sbgId(), m == null ? null : m.bgnbdId(), m == null ? null : m.spendId());
        }

        private static BigDecimal money(Double v) {
            return v == null ? null : BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
        }
    }
}
