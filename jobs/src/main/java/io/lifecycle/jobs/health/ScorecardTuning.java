package io.lifecycle.jobs.health;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.jobs.health.HealthBacktest.SegmentSummary;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

/**
 * Fits a scorecard per segment to a lakehouse's own month-end history ({@code bin/lifecycle health tune}).
 *
 * <p>History: the month-end snapshots of gold.account_health_daily ({@link HealthBacktest#monthEndSnapshots}) whose
 * horizon has closed by the lakehouse's last date (D + horizonDays ≤ data end), at least {@code minMonthEnds} of
 * them. Time split: the newest third (rounded up) of those month-ends is the report period; the fit uses the older
 * month-ends whose own horizon closed by the first report month-end, so no churn seen in the fit happens after the
 * report period starts — the proposal is what tuning on that day would have given.
 *
 * <p>Fit, per segment, starting from the scorecard the segment gets today (its measures, groups, bands and
 * guard-rails):
 * <ol>
 *   <li>cut-offs of every {@code linear} measure: red and green at the 10th and 90th percentile of the feature among
 *       the segment's active accounts on the fit month-ends, red at the end where churners are (lower mean among
 *       churners than among the retained: red is the low end); a feature with one value there keeps its cut-offs.
 *       Thresholds and segmentPercentile measures keep theirs;</li>
 *   <li>weights: the accounts are scored with the re-cut scorecard, and {@link WeightSuggestions} (the same
 *       regression as gold.health_weight_suggestions) learns each measure's share; a measure with share 0 (its
 *       higher score did not lower churn) is left out, and a group keeps the sum of its measures' shares.</li>
 * </ol>
 * A segment without churn, or where no measure lowered churn, keeps its scorecard. The proposal is the current
 * configuration plus one scorecard {@code tuned_<segment>} per fitted segment, and a resolution rule for each ahead of
 * the current ones (a proposal tuned again replaces its tuned scorecards).
 *
 * <p>Report: both configurations score the report month-ends from the same features (without manual overrides),
 * and {@link HealthBacktest#summary} compares them per segment and population.
 */
public final class ScorecardTuning {
    public static final int DEFAULT_MIN_MONTH_ENDS = 12;
    public static final int LOWEST_MIN_MONTH_ENDS = 3;
    public static final String TUNED_PREFIX = "tuned_";
    static final double RISKY_QUANTILE = 0.1;
    static final double HEALTHY_QUANTILE = 0.9;

    private ScorecardTuning() {
    }

    /** The month-ends of the fit and of the report, and all closed ones. */
    public record Split(List<LocalDate> fit, List<LocalDate> report, List<LocalDate> closed) {
        public Split {
            fit = List.copyOf(fit);
            report = List.copyOf(report);
            closed = List.copyOf(closed);
        }
    }

    /** The current and the proposed scorecard's backtest on the report month-ends, one segment and population. */
    public record Comparison(String segment, String population, SegmentSummary current, SegmentSummary proposed) {
    }

    /**
     * @param proposal    the configuration to review (the current one plus the tuned scorecards and rules)
     * @param tuned       segment → its tuned scorecard, for the fitted segments
     * @param kept        segment → why it keeps its scorecard
     */
    public record Result(Split split, ScorecardConfig proposal, Map<String, Scorecard> tuned, Map<String, String> kept,
                         List<Comparison> comparisons) {
    }

    /**
     * The split of the month-end snapshots (see the class comment); a clear error when the history is too short.
     */
    public static Split split(SortedSet<LocalDate> monthEnds, int horizonDays, LocalDate dataEnd, int minMonthEnds) {
        if (minMonthEnds < LOWEST_MIN_MONTH_ENDS) {
            throw new LifecycleException("The minimum history must be at least " + LOWEST_MIN_MONTH_ENDS
                    + " month-ends, not " + minMonthEnds + ".");
        }
        List<LocalDate> closed = monthEnds.stream().filter(d -> !d.plusDays(horizonDays).isAfter(dataEnd)).toList();
        if (closed.size() < minMonthEnds) {
            throw new LifecycleException(String.format("Not enough history to tune: %d month-end snapshot(s) have a "
                    + "closed %d-day churn horizon by %s (%s), and tuning needs at least %d (the older ones to fit "
                    + "on, the newest third to check the fit on). Score more month-ends (bin/lifecycle backfill, or "
                    + "run health on each month's last day), or wait until more horizons have closed.",
                    closed.size(), horizonDays, dataEnd, closed.isEmpty() ? "none"
                            : closed.get(0) + " .. " + closed.get(closed.size() - 1), minMonthEnds));
        }
        int reportCount = (closed.size() + 2) / 3;
        List<LocalDate> report = closed.subList(closed.size() - reportCount, closed.size());
        LocalDate firstReport = report.get(0);
        List<LocalDate> fit = closed.subList(0, closed.size() - reportCount).stream()
                .filter(d -> !d.plusDays(horizonDays).isAfter(firstReport)).toList();
        if (fit.isEmpty()) {
            throw new LifecycleException("Not enough history to tune: no month-end before the report period ("
                    + firstReport + " ..) has its " + horizonDays + "-day horizon closed by " + firstReport
                    + ". Score more month-ends.");
        }
        return new Split(fit, report, closed);
    }

    /**
     * Fits and reports (see the class comment).
     *
     * @param features rows of silver.account_features_daily of (at least) the split's month-ends
     * @param labels   {@link ChurnLabels} of the split's closed month-ends
     */
    public static Result tune(Dataset<Row> features, Dataset<Row> labels, ScorecardConfig config, Split split,
                              int horizonDays, LocalDate dataEnd) {
        SparkSession spark = features.sparkSession();
        Dataset<Row> fitFeatures = features.where(Lakehouse.onDates("snapshot_date", split.fit())).cache();
        try {
            Map<String, Scorecard> current = currentCards(fitFeatures, config);
            Map<String, Scorecard> recut = new TreeMap<>();
            Map<String, Map<String, Scorecard.Linear>> cutOffs = linearCutOffs(fitFeatures, labels, current);
            current.forEach((segment, card) -> recut.put(segment, withCutOffs(card, cutOffs.get(segment),
                    TUNED_PREFIX + segment, "tuned-" + dataEnd)));
            ScorecardConfig candidate = withTuned(config, recut);
            Dataset<Row> scored = HealthScoring.score(fitFeatures, noEarlierScores(spark), candidate, List.of());
            Map<String, Map<String, Double>> shares = shares(WeightSuggestions.of(scored, labels, horizonDays,
                    split.report().get(0), config.backtest().regParam()));
            Map<String, Scorecard> tuned = new TreeMap<>();
            Map<String, String> kept = new TreeMap<>();
            recut.forEach((segment, card) -> {
                Map<String, Double> s = shares.get(segment);
                Scorecard reweighted = s == null ? null : withWeights(card, s);
                if (reweighted == null) {
                    kept.put(segment, "no churn in the fit, or no measure lowered churn: keeps "
                            + current.get(segment).name());
                } else {
                    tuned.put(segment, reweighted);
                }
            });
            ScorecardConfig proposal = withTuned(config, tuned);
            return new Result(split, proposal, tuned, kept, compare(features, labels, config, proposal, split,
                    horizonDays, dataEnd));
        } finally {
            fitFeatures.unpersist();
        }
    }

    /** The scorecard each segment of the rows gets today (resolution by segment; features carry no stage). */
    static Map<String, Scorecard> currentCards(Dataset<Row> features, ScorecardConfig config) {
        Map<String, Scorecard> out = new TreeMap<>();
        for (Row r : features.where(col("customer_status").equalTo(HealthScoring.ACTIVE)).select("segment")
                .distinct().collectAsList()) {
            String segment = r.getString(0);
            String name = config.resolution().defaultScorecard();
            for (ScorecardConfig.Rule rule : config.resolution().rules()) {
                if (rule.stage() == null && (rule.segment() == null || rule.segment().equals(segment))) {
                    name = rule.scorecard();
                    break;
                }
            }
            out.put(segment, config.scorecard(name));
        }
        return out;
    }

    /**
     * Per segment and linear measure name, the fitted cut-offs (absent: keep the configured ones). One Spark
     * aggregation over the active fit rows joined with their labels.
     */
    static Map<String, Map<String, Scorecard.Linear>> linearCutOffs(Dataset<Row> fitFeatures, Dataset<Row> labels,
                                                                    Map<String, Scorecard> cards) {
        Set<String> featureNames = new LinkedHashSet<>();
        cards.values().forEach(c -> c.groups().forEach(g -> g.measures().stream()
                .filter(m -> m.linear() != null).forEach(m -> featureNames.add(m.feature()))));
        Map<String, Map<String, Scorecard.Linear>> out = new HashMap<>();
        if (featureNames.isEmpty()) {
            return out;
        }
        Dataset<Row> rows = fitFeatures.where(col("customer_status").equalTo(HealthScoring.ACTIVE))
                .join(labels.select(col("snapshot_date"), col("account_id"), col("churned_within_horizon").as("_churned")),
                        new String[] {"snapshot_date", "account_id"});
        List<String> names = new ArrayList<>(featureNames);
        List<Column> aggregates = new ArrayList<>();
        for (String f : names) {
            Column v = col(f).cast("double");
            aggregates.add(percentile_approx(v, array(lit(RISKY_QUANTILE), lit(HEALTHY_QUANTILE)), lit(10_000)));
            aggregates.add(avg(when(col("_churned"), v)));
            aggregates.add(avg(when(not(col("_churned")), v)));
        }
        for (Row r : rows.groupBy("segment").agg(aggregates.get(0), aggregates.subList(1, aggregates.size())
                .toArray(Column[]::new)).collectAsList()) {
            String segment = r.getString(0);
            Scorecard card = cards.get(segment);
            if (card == null) {
                continue;
            }
            Map<String, Scorecard.Linear> bySegment = new HashMap<>();
            for (Scorecard.Group g : card.groups()) {
                for (Scorecard.Measure m : g.measures()) {
                    if (m.linear() == null) {
                        continue;
                    }
                    int i = 1 + 3 * names.indexOf(m.feature());
                    if (r.isNullAt(i)) {
                        continue;
                    }
                    List<Double> q = r.getList(i);
                    Double churned = r.isNullAt(i + 1) ? null : r.getDouble(i + 1);
                    Double retained = r.isNullAt(i + 2) ? null : r.getDouble(i + 2);
                    Scorecard.Linear fitted = cutOffs(m.linear(), q.get(0), q.get(1), churned, retained);
                    if (fitted != null) {
                        bySegment.put(m.measureName(), fitted);
                    }
                }
            }
            out.put(segment, bySegment);
        }
        return out;
    }

    /**
     * Red at the churners' end of [low, high] (the 10th and 90th percentile), green at the other; the configured
     * direction when the means do not tell (no churner, or equal means); null (keep) when low equals high.
     */
    static Scorecard.Linear cutOffs(Scorecard.Linear configured, Double low, Double high, Double meanChurned,
                                    Double meanRetained) {
        if (low == null || high == null) {
            return null;
        }
        double lo = round(low);
        double hi = round(high);
        if (lo == hi) {
            return null;
        }
        boolean higherIsBetter = meanChurned == null || meanRetained == null || meanChurned.equals(meanRetained)
                ? configured.green() > configured.red() : meanRetained > meanChurned;
        return higherIsBetter ? new Scorecard.Linear(lo, hi) : new Scorecard.Linear(hi, lo);
    }

    /** Four significant digits: cut-offs a person reads. */
    static double round(double v) {
        return v == 0 ? 0 : new BigDecimal(v).round(new MathContext(4)).doubleValue();
    }

    /** The card under a new name and version, with the fitted linear cut-offs where there are some. */
    static Scorecard withCutOffs(Scorecard card, Map<String, Scorecard.Linear> cutOffs, String name, String version) {
        Map<String, Scorecard.Linear> fitted = cutOffs == null ? Map.of() : cutOffs;
        List<Scorecard.Group> groups = new ArrayList<>();
        for (Scorecard.Group g : card.groups()) {
            List<Scorecard.Measure> measures = new ArrayList<>();
            for (Scorecard.Measure m : g.measures()) {
                Scorecard.Linear linear = fitted.getOrDefault(m.measureName(), m.linear());
                measures.add(new Scorecard.Measure(m.name(), m.feature(), m.weight(), linear, m.thresholds(),
                        m.segmentPercentile()));
            }
            groups.add(new Scorecard.Group(g.name(), g.weight(), measures));
        }
        return new Scorecard(name, version, card.bands(), card.minCoverage(), groups, card.guardRails());
    }

    /**
     * The card with each measure's weight its share × 100 (one decimal), measures whose weight rounds to 0 left
     * out, each group weighted by the sum of its measures' weights; null when no measure is left.
     */
    static Scorecard withWeights(Scorecard card, Map<String, Double> shares) {
        List<Scorecard.Group> groups = new ArrayList<>();
        for (Scorecard.Group g : card.groups()) {
            List<Scorecard.Measure> measures = new ArrayList<>();
            double total = 0;
            for (Scorecard.Measure m : g.measures()) {
                Double share = shares.get(m.measureName());
                double w = share == null ? 0 : Math.round(share * 1000) / 10.0;
                if (w > 0) {
                    measures.add(new Scorecard.Measure(m.name(), m.feature(), w, m.linear(), m.thresholds(),
                            m.segmentPercentile()));
                    total += w;
                }
            }
            if (!measures.isEmpty()) {
                groups.add(new Scorecard.Group(g.name(), Math.round(total * 10) / 10.0, measures));
            }
        }
        return groups.isEmpty() ? null
                : new Scorecard(card.name(), card.version(), card.bands(), card.minCoverage(), groups, card.guardRails());
    }

    /** Segment → measure → suggested weight (share of 1), for the segments the regression fitted. */
    private static Map<String, Map<String, Double>> shares(Dataset<Row> suggestions) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (Row r : suggestions.select("segment", "measure", "suggested_weight").collectAsList()) {
            if (!r.isNullAt(2)) {
                out.computeIfAbsent(r.getString(0), s -> new HashMap<>()).put(r.getString(1), r.getDouble(2));
            }
        }
        return out;
    }

    /**
     * The configuration with the tuned scorecards (replacing scorecards of the same name) and one resolution rule per
     * tuned segment ahead of the others (rules naming a replaced or removed scorecard are dropped).
     */
    static ScorecardConfig withTuned(ScorecardConfig config, Map<String, Scorecard> tuned) {
        Set<String> replaced = new LinkedHashSet<>();
        tuned.values().forEach(c -> replaced.add(c.name()));
        List<Scorecard> cards = new ArrayList<>(config.scorecards().stream()
                .filter(c -> !replaced.contains(c.name())).toList());
        cards.addAll(tuned.values());
        List<ScorecardConfig.Rule> rules = new ArrayList<>();
        tuned.forEach((segment, card) -> rules.add(new ScorecardConfig.Rule(segment, null, card.name())));
        for (ScorecardConfig.Rule r : config.resolution().rules()) {
            boolean shadowed = r.stage() == null && r.segment() != null && tuned.containsKey(r.segment());
            if (!replaced.contains(r.scorecard()) && !shadowed) {
                rules.add(r);
            }
        }
        return new ScorecardConfig(config.minCoverage(), config.bands(), config.trendFlatTolerance(), cards,
                new ScorecardConfig.Resolution(rules, config.resolution().defaultScorecard()), config.overrides(),
                config.backtest());
    }

    private static List<Comparison> compare(Dataset<Row> features, Dataset<Row> labels, ScorecardConfig current,
                                            ScorecardConfig proposal, Split split, int horizonDays, LocalDate dataEnd) {
        SparkSession spark = features.sparkSession();
        Dataset<Row> report = features.where(Lakehouse.onDates("snapshot_date", split.report())).cache();
        try {
            Dataset<Row> renewals = HealthBacktest.renewals(report);
            Map<List<String>, SegmentSummary> before = byKey(HealthBacktest.summary(
                    HealthScoring.score(report, noEarlierScores(spark), current, List.of()), labels, renewals,
                    horizonDays, dataEnd));
            Map<List<String>, SegmentSummary> after = byKey(HealthBacktest.summary(
                    HealthScoring.score(report, noEarlierScores(spark), proposal, List.of()), labels, renewals,
                    horizonDays, dataEnd));
            List<Comparison> out = new ArrayList<>();
            before.forEach((k, s) -> out.add(new Comparison(k.get(0), k.get(1), s, after.get(k))));
            return out;
        } finally {
            report.unpersist();
        }
    }

    private static Map<List<String>, SegmentSummary> byKey(List<SegmentSummary> summary) {
        Map<List<String>, SegmentSummary> out = new LinkedHashMap<>();
        summary.forEach(s -> out.put(List.of(s.segment(), s.population()), s));
        return out;
    }

    private static Dataset<Row> noEarlierScores(SparkSession spark) {
        return spark.createDataFrame(List.of(), new StructType().add("snapshot_date", "date")
                .add("account_id", "string").add("score", "double"));
    }
}
