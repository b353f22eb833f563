package io.lifecycle.jobs.health;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Applies the manual overrides in force on each row's snapshot date (startsOn &lt;= date &lt;= expiresOn; where two
 * overrides of an account overlap, the later line of the file wins). An override's band replaces the band; its
 * score replaces the score and, without a band, sets the band from that score with the scorecard's cut-offs.
 */
final class OverrideColumns {
    private static final StructType SCHEMA = new StructType()
            .add("_ov_account_id", DataTypes.StringType).add("_ov_band", DataTypes.StringType)
            .add("_ov_score", DataTypes.DoubleType).add("_ov_reason", DataTypes.StringType)
            .add("_ov_owner", DataTypes.StringType).add("_ov_expires_on", DataTypes.DateType)
            .add("_ov_from", DataTypes.DateType).add("_ov_to", DataTypes.DateType);

    private OverrideColumns() {
    }

    /**
     * @param rows scored rows with score, band (after guard-rails) and the scorecard's cut-offs in _red_below and
     *             _green_at_least
     */
    static Dataset<Row> apply(Dataset<Row> rows, List<HealthOverride> overrides) {
        List<Row> data = new ArrayList<>();
        for (Period p : disjoint(overrides)) {
            HealthOverride o = p.override();
            data.add(RowFactory.create(o.accountId(), o.band() == null ? null : o.band().label(), o.score(),
                    o.reason(), o.owner(), Date.valueOf(o.expiresOn()),
                    p.from() == null ? null : Date.valueOf(p.from()), Date.valueOf(p.to())));
        }
        Dataset<Row> table = broadcast(rows.sparkSession().createDataFrame(data, SCHEMA));
        Column inForce = col("account_id").equalTo(col("_ov_account_id"))
                .and(col("snapshot_date").leq(col("_ov_to")))
                .and(col("_ov_from").isNull().or(col("snapshot_date").geq(col("_ov_from"))));
        Column ovScore = col("_ov_score");
        Column ovBand = col("_ov_band");
        Column bandOfOverrideScore = when(ovScore.lt(col("_red_below")), lit(Band.RED.label()))
                .when(ovScore.geq(col("_green_at_least")), lit(Band.GREEN.label()))
                .otherwise(lit(Band.YELLOW.label()));
        return rows.join(table, inForce, "left")
                .withColumn("override_applied", col("_ov_account_id").isNotNull())
                .withColumn("band", when(ovBand.isNotNull(), ovBand)
                        .when(ovScore.isNotNull(), bandOfOverrideScore).otherwise(col("band")))
                .withColumn("score", coalesce(ovScore, col("score")))
                .withColumn("override_reason", col("_ov_reason"))
                .withColumn("override_owner", col("_ov_owner"))
                .withColumn("override_expires_on", col("_ov_expires_on"))
                .drop(SCHEMA.fieldNames());
    }

    /** An override winning from {@code from} (null: since ever) through {@code to}, both inclusive. */
    record Period(HealthOverride override, LocalDate from, LocalDate to) {
    }

    /**
     * Splits each account's overrides into periods that do not overlap, each with the override that wins there
     * (the latest line in force), so that a row matches at most one period.
     */
    static List<Period> disjoint(List<HealthOverride> overrides) {
        Map<String, List<HealthOverride>> byAccount = new LinkedHashMap<>();
        for (HealthOverride o : overrides) {
            byAccount.computeIfAbsent(o.accountId(), k -> new ArrayList<>()).add(o);
        }
        List<Period> periods = new ArrayList<>();
        for (List<HealthOverride> list : byAccount.values()) {
            TreeSet<LocalDate> starts = new TreeSet<>();
            for (HealthOverride o : list) {
                starts.add(o.startsOn() == null ? LocalDate.MIN : o.startsOn());
                starts.add(o.expiresOn().plusDays(1));
            }
            List<LocalDate> points = new ArrayList<>(starts);
            for (int i = 0; i + 1 < points.size(); i++) {
                LocalDate from = points.get(i);
                HealthOverride winner = null;
                for (HealthOverride o : list) {
                    if (o.inForceOn(from) && (winner == null || o.line() > winner.line())) {
                        winner = o;
                    }
                }
                if (winner != null) {
                    periods.add(new Period(winner, from.equals(LocalDate.MIN) ? null : from,
                            points.get(i + 1).minusDays(1)));
                }
            }
        }
        return periods;
    }
}
