package io.lifecycle.jobs.propensity;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.SegmentRule;
import io.lifecycle.common.run.JobContext;
import io.lifecycle.jobs.health.Scorecard;
import io.lifecycle.jobs.health.ScorecardConfig;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a propensity model reads (the expansion and churn jobs read the same): silver.account_features_daily,
 * gold.account_health_daily, gold.account_lifecycle_daily and staging.subscriptions, the health groups of the
 * scorecards and the segments of the configuration, and the model's own extra features.
 */
public final class ModelInputs {
    public final Dataset<Row> features;
    public final Dataset<Row> health;
    public final Dataset<Row> lifecycle;
    public final Dataset<Row> subscriptions;
    public final List<String> healthGroups;
    public final List<String> segments;
    public final List<String> featureNames;
    private final Map<String, Column> extras;

    /** @param extras the model's extra features (name → expression, see {@link ModelFeatures#of}) */
    public ModelInputs(JobContext ctx, Map<String, Column> extras) {
        Lakehouse lakehouse = ctx.lakehouse();
        features = lakehouse.read(SilverTables.ACCOUNT_FEATURES_DAILY);
        health = lakehouse.read(GoldTables.ACCOUNT_HEALTH_DAILY);
        lifecycle = lakehouse.read(GoldTables.ACCOUNT_LIFECYCLE_DAILY);
        subscriptions = lakehouse.read(StagingTables.SUBSCRIPTIONS);
        healthGroups = healthGroups(ScorecardConfig.load(ctx.configDir(), ctx.config()));
        segments = segmentNames(ctx.config());
        this.extras = new LinkedHashMap<>(extras);
        featureNames = ModelFeatures.names(healthGroups, segments, this.extras);
    }

    /** {@link ModelFeatures} rows of the dates. */
    public Dataset<Row> rows(Collection<LocalDate> dates) {
        return ModelFeatures.of(features, health, lifecycle, dates, healthGroups, segments, extras);
    }

    /** The snapshot dates of the features table. */
    public SortedSet<LocalDate> featureDates() {
        SortedSet<LocalDate> out = new TreeSet<>();
        for (Row r : features.select("snapshot_date").distinct().collectAsList()) {
            out.add(r.getDate(0).toLocalDate());
        }
        return out;
    }

    /** Group names of every scorecard, first appearance first. */
    public static List<String> healthGroups(ScorecardConfig scorecards) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Scorecard s : scorecards.scorecards()) {
            for (Scorecard.Group g : s.groups()) {
                names.add(g.name());
            }
        }
        return List.copyOf(names);
    }

    public static List<String> segmentNames(AppConfig app) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (SegmentRule s : app.segments()) {
            names.add(s.name());
        }
        names.add(app.defaultSegment());
        return List.copyOf(names);
    }
}
