package io.lifecycle.jobs.demodata;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Product usage events, generated one day at a time (so each Spark task writes whole event_date partitions
 * and the output has about one file per day). An account-day draws a Poisson number of events with mean
 * <pre>
 *   λ = {@value #EVENTS_PER_ACTIVE_SCALE} × joinedUsers^0.6 × (0.2 + health) × weekday × ramp × activity
 * </pre>
 * where weekday is 1 on weekdays and {@value #WEEKEND_FACTOR} on weekends, and ramp grows linearly from 0.2
 * to 1 over the first {@value #ONBOARDING_DAYS} days (onboarding). Nothing happens before creation, after
 * churn or during a dormancy spell. Each event picks a joined user and one of the features the account has
 * adopted by that day. Randomness is seeded by (seed, account, day), so the rows do not depend on how the
 * days are split across tasks.
 */
final class UsageEvents {
    private static final double EVENTS_PER_ACTIVE_SCALE = 1.3;
    private static final double WEEKEND_FACTOR = 0.3;
    private static final int ONBOARDING_DAYS = 42;
    private static final int MAX_EVENTS_PER_ACCOUNT_DAY = 9_999;
    private static final int API = Vocabulary.indexOf(Vocabulary.FEATURES, "api");
    private static final int EXPORT = Vocabulary.indexOf(Vocabulary.FEATURES, "export");

    private UsageEvents() {
    }

    /** All events of the window's day number {@code dayIndex} (0 = the window's first day). */
    static List<Row> day(Population p, int dayIndex) {
        int day = p.timeline.windowStart() + dayIndex;
        Date date = Timeline.date(day);
        List<Row> rows = new ArrayList<>();
        for (AccountLife a : p.lives) {
            accountDay(p, a, day, date, rows);
        }
        return rows;
    }

    static List<Row> accountDay(Population p, AccountLife a, int day) {
        List<Row> rows = new ArrayList<>();
        accountDay(p, a, day, Timeline.date(day), rows);
        return rows;
    }

    private static void accountDay(Population p, AccountLife a, int day, Date date, List<Row> out) {
        if (day < a.createdDay() || day > a.lastDay(p.timeline) || a.dormantOn(day)) {
            return;
        }
        int joined = a.usersJoined(day);
        if (joined == 0) {
            return;
        }
        double h = a.usageHealthInMonth(Timeline.month(day));
        double ramp = Math.min(1.0, 0.2 + 0.8 * (day - a.createdDay()) / ONBOARDING_DAYS);
        double weekday = Timeline.weekend(day) ? WEEKEND_FACTOR : 1.0;
        double lambda = EVENTS_PER_ACTIVE_SCALE * Math.pow(joined, 0.6) * (0.2 + h) * weekday * ramp * a.activity();
        SplittableRandom rng = Rand.of(p.seed, Rand.USAGE, a.index(), day);
        int n = Math.min(MAX_EVENTS_PER_ACCOUNT_DAY, Rand.poisson(rng, lambda));
        if (n == 0) {
            return;
        }
        double[] weights = new double[Vocabulary.FEATURES.length];
        int[] featureDays = a.featureDays();
        for (int f = 0; f < weights.length; f++) {
            weights[f] = featureDays[f] <= day ? Vocabulary.FEATURE_WEIGHTS[f] : 0;
        }
        String accountId = a.accountId();
        long dayStart = (long) day * Timeline.SECONDS_PER_DAY;
        for (int i = 0; i < n; i++) {
            String user = Rand.chance(rng, 0.02) ? null : p.userId(a, rng.nextInt(joined));
            int feature = Rand.weighted(rng, weights);
            // Working-hours peak around 13:30 UTC, spread over the day.
            long secondOfDay = (long) Rand.clamp(Math.round((13.5 + 3.2 * Rand.gaussian(rng)) * 3600), 0, 86_399);
            long time = Math.max(a.createdAt(), dayStart + secondOfDay);
            out.add(RowFactory.create(Ids.event(a.index(), day, i), accountId, user, Timeline.timestamp(time),
                    Vocabulary.FEATURES[feature], quantity(rng, feature), date));
        }
    }

    /** Units per event: records for api calls and exports, 1 for interactive features. */
    private static double quantity(SplittableRandom rng, int feature) {
        if (feature == API) {
            return 1 + Math.floor(Math.exp(3 + Rand.gaussian(rng)));
        }
        if (feature == EXPORT) {
            return 1 + Math.floor(Rand.exponential(rng, 50));
        }
        return 1.0;
    }
}
