package io.lifecycle.jobs.shared;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * What an expansion and a contraction are, written once: the expansion label ({@code ExpansionLabels}) and the
 * KPIs' MRR movements ({@code MrrMovements}) both compare an account's paid terms ({@link PaidTerms}) in force on an
 * earlier date B with those in force on a later date A, with this class.
 *
 * <p>An expansion is the customer buying more, in its own currency; exchange rates never make one.
 * <ul>
 *   <li><b>MRR before, after</b>: sum of {@code mrr_reporting} of the paid terms in force on B, on A.</li>
 *   <li><b>Before at A's rates</b>: per currency c of the account, the own-currency MRR on B ({@code mrr} of the
 *       subscriptions in c) × the rate the account's terms in c carry on A (their mrr_reporting / mrr on A); for a
 *       currency no longer paid in on A, its reporting MRR on B as it was.</li>
 *   <li><b>Change</b> (constant currency) = MRR after − before at A's rates, rounded to cents; <b>fx</b> = (MRR after
 *       − MRR before) − change, so change + fx is the reporting-currency change exactly. An account paying in one
 *       currency has change 0 exactly when its own-currency MRR did not move.</li>
 *   <li><b>Expansion</b>: change &gt; 0 — more seats of a product, a higher price (a higher plan: the same product
 *       or a swapped one costing more in the account's currency), or an added product, net of any cut made the same
 *       day. <b>Contraction</b>: change &lt; 0 (a cheaper plan, fewer seats, a dropped product). <b>Unchanged</b>:
 *       change = 0, whatever the rates did (a pure currency move is neither).</li>
 *   <li><b>Kind</b> of an expansion: {@code product} when a product is paid for on A that was not on B and none was
 *       dropped; else {@code seats} when some product has more seats on A; else {@code plan} (a higher price).</li>
 * </ul>
 * Callers decide what happens when nothing was paid on B or on A (a first purchase, a reactivation, a churn): those
 * are no expansion or contraction.
 */
public final class RevenueChange {
    public static final String EXPANSION = "expansion";
    public static final String CONTRACTION = "contraction";
    public static final String UNCHANGED = "unchanged";
    public static final String KIND_PRODUCT = "product";
    public static final String KIND_SEATS = "seats";
    public static final String KIND_PLAN = "plan";

    private RevenueChange() {
    }

    /**
     * Paid terms matched to the keys they are in force for (subscription columns plus the key columns), summed per
     * (keys, product, currency): seats, mrr_own (subscription currency) and mrr_reporting.
     */
    public static Dataset<Row> holdings(Dataset<Row> matchedPaidTerms, List<String> keys) {
        List<Column> by = new ArrayList<>();
        keys.forEach(k -> by.add(col(k)));
        by.add(col("product"));
        by.add(col("currency"));
        return matchedPaidTerms.groupBy(by.toArray(Column[]::new)).agg(
                sum(col("seats")).cast("long").as("seats"),
                sum(col("mrr")).cast("double").as("mrr_own"),
                sum(col("mrr_reporting")).as("mrr_reporting"));
    }

    /**
     * Compares {@link #holdings} on B ({@code before}) with those on A ({@code after}) for the same keys: one row per
     * keys present in either, with mrr_before and mrr_after (reporting currency, 0 when nothing was in force),
     * mrr_change and mrr_fx (decimal, cents; they sum to mrr_after − mrr_before), change ({@link #EXPANSION},
     * {@link #CONTRACTION} or {@link #UNCHANGED}) and kind (for an expansion; null otherwise).
     */
    public static Dataset<Row> compare(Dataset<Row> before, Dataset<Row> after, List<String> keys) {
        List<String> productKeys = new ArrayList<>(keys);
        productKeys.add("product");
        productKeys.add("currency");
        Dataset<Row> b = suffixed(before, keys, "_before");
        Dataset<Row> a = suffixed(after, keys, "_after");
        Dataset<Row> both = b.join(a, productKeys.toArray(String[]::new), "full_outer");

        Column[] keyCols = keys.stream().map(k -> col(k)).toArray(Column[]::new);
        Column[] byCurrency = append(keyCols, col("currency"));
        Column ownAfter = coalesce(sum(col("mrr_own_after")), lit(0.0));
        Dataset<Row> money = both.groupBy(byCurrency).agg(
                        coalesce(sum(col("mrr_own_before")), lit(0.0)).as("own_before"),
                        coalesce(sum(col("mrr_reporting_before")), lit(0).cast("decimal(18,2)")).as("rep_before"),
                        ownAfter.as("own_after"),
                        coalesce(sum(col("mrr_reporting_after")), lit(0).cast("decimal(18,2)")).as("rep_after"))
                .withColumn("restated_before", when(col("own_after").gt(0),
                        col("own_before").multiply(col("rep_after").cast("double")).divide(col("own_after")))
                        .otherwise(col("rep_before").cast("double")))
                .groupBy(keyCols).agg(
                        sum(col("rep_before")).as("mrr_before"),
                        sum(col("rep_after")).as("mrr_after"),
                        sum(col("restated_before")).as("restated_before"));

        Dataset<Row> products = both.groupBy(append(keyCols, col("product"))).agg(
                        coalesce(sum(col("seats_before")), lit(0L)).as("seats_before"),
                        coalesce(sum(col("seats_after")), lit(0L)).as("seats_after"),
                        max(col("mrr_reporting_before").isNotNull()).as("had"),
                        max(col("mrr_reporting_after").isNotNull()).as("has"))
                .groupBy(keyCols).agg(
                        max(col("has").and(not(col("had")))).as("added"),
                        max(col("had").and(not(col("has")))).as("dropped"),
                        max(col("has").and(col("had")).and(col("seats_after").gt(col("seats_before"))))
                                .as("more_seats"));

        Column change = round(col("mrr_after").cast("double").minus(col("restated_before")), 2)
                .cast("decimal(18,2)");
        Column kind = when(col("added").and(not(col("dropped"))), lit(KIND_PRODUCT))
                .when(col("more_seats"), lit(KIND_SEATS))
                .otherwise(lit(KIND_PLAN));
        List<Column> out = new ArrayList<>(List.of(keyCols));
        out.add(col("mrr_before"));
        out.add(col("mrr_after"));
        out.add(col("mrr_change"));
        out.add(col("mrr_after").minus(col("mrr_before")).minus(col("mrr_change")).cast("decimal(18,2)")
                .as("mrr_fx"));
        out.add(when(col("mrr_change").gt(0), lit(EXPANSION)).when(col("mrr_change").lt(0), lit(CONTRACTION))
                .otherwise(lit(UNCHANGED)).as("change"));
        out.add(when(col("mrr_change").gt(0), kind).as("kind"));
        return money.join(products, keys.toArray(String[]::new))
                .withColumn("mrr_change", change)
                .select(out.toArray(Column[]::new));
    }

    private static Dataset<Row> suffixed(Dataset<Row> holdings, List<String> keys, String suffix) {
        List<Column> cols = new ArrayList<>();
        keys.forEach(k -> cols.add(col(k)));
        cols.add(col("product"));
        cols.add(col("currency"));
        cols.add(col("seats").as("seats" + suffix));
        cols.add(col("mrr_own").as("mrr_own" + suffix));
        cols.add(col("mrr_reporting").as("mrr_reporting" + suffix));
        return holdings.select(cols.toArray(Column[]::new));
    }

    private static Column[] append(Column[] cols, Column extra) {
        Column[] out = Arrays.copyOf(cols, cols.length + 1);
        out[cols.length] = extra;
        return out;
    }
}
