package io.lifecycle.jobs.demodata;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rows of support tickets, NPS responses and touchpoints over the history window, while the account is a
 * customer. Unhealthy accounts open more and more urgent tickets and rate them lower; NPS scores follow
 * health (promoters are healthy); touch response rates differ by channel and rise with health.
 */
final class EngagementRows {
    private static final int SURVEY_EVERY_DAYS = 91;

    private EngagementRows() {
    }

    static List<Row> tickets(Population p, int index) {
        AccountLife a = p.lives[index];
        SplittableRandom rng = Rand.of(p.seed, Rand.TICKETS, index);
        List<Row> rows = new ArrayList<>();
        forEachMonth(p, a, (month, from, to) -> {
            double h = a.healthInMonth(month);
            double lambda = (0.15 + 0.05 * Math.sqrt(a.userDays().length)) * (0.4 + 1.6 * (1 - h));
            int n = Rand.poisson(rng, lambda * (to - from + 1) / 30.0);
            for (int i = 0; i < n; i++) {
                double[] weights = new double[4];
                for (int k = 0; k < 4; k++) {
                    weights[k] = h * Vocabulary.PRIORITY_HEALTHY[k] + (1 - h) * Vocabulary.PRIORITY_UNHEALTHY[k];
                }
                int priority = Rand.weighted(rng, weights);
                long opened = Math.max(a.createdAt(), second(rng, from, to));
                long closed = opened + (long) (Rand.exponential(rng, Vocabulary.HOURS_TO_CLOSE[priority]) * 3600);
                boolean open = closed > p.timeline.endOfHistorySecond();
                Integer csat = null;
                if (!open && Rand.chance(rng, 0.55)) {
                    double mean = 1 + 4 * h - (priority == 3 ? 0.5 : 0);
                    csat = (int) Rand.clamp(Math.round(mean + 0.8 * Rand.gaussian(rng)), 1, 5);
                }
                rows.add(RowFactory.create(Ids.ofAccount('T', index, rows.size()), a.accountId(),
                        Timeline.timestamp(opened), open ? null : Timeline.timestamp(closed),
                        Vocabulary.PRIORITIES[priority], csat));
            }
        });
        return rows;
    }

    /** Surveys go out every quarter of the window; an account answers some, with one to three users. */
    static List<Row> nps(Population p, int index) {
        AccountLife a = p.lives[index];
        Timeline tl = p.timeline;
        SplittableRandom rng = Rand.of(p.seed, Rand.NPS, index);
        List<Row> rows = new ArrayList<>();
        int lastDay = a.lastDay(tl);
        for (int wave = tl.windowStart() + 30; wave <= lastDay; wave += SURVEY_EVERY_DAYS) {
            int joined = a.usersJoined(wave);
            if (wave < a.createdDay() + 30 || joined == 0 || !Rand.chance(rng, a.dormantOn(wave) ? 0.15 : 0.5)) {
                continue;
            }
            double h = a.healthInMonth(Timeline.month(wave));
            int answers = 1 + rng.nextInt(Math.min(3, joined));
            for (int i = 0; i < answers; i++) {
                long at = Math.max(a.createdAt(), second(rng, wave, Math.min(lastDay, wave + 10)));
                int score = (int) Rand.clamp(Math.round(0.5 + 10 * h + 1.5 * Rand.gaussian(rng)), 0, 10);
                String user = Rand.chance(rng, 0.1) ? null : p.userId(a, rng.nextInt(joined));
                rows.add(RowFactory.create(Ids.ofAccount('N', index, rows.size()), a.accountId(), user,
                        Timeline.timestamp(at), score));
            }
        }
        return rows;
    }

    static List<Row> touchpoints(Population p, int index) {
        AccountLife a = p.lives[index];
        SplittableRandom rng = Rand.of(p.seed, Rand.TOUCHPOINTS, index);
        List<Row> rows = new ArrayList<>();
        forEachMonth(p, a, (month, from, to) -> {
            double h = a.healthInMonth(month);
            int n = Rand.poisson(rng, 1.8 * (to - from + 1) / 30.0);
            for (int i = 0; i < n; i++) {
                int channel = Rand.weighted(rng, Vocabulary.TOUCH_WEIGHTS);
                long at = Math.max(a.createdAt(), second(rng, from, to));
                boolean responded = Rand.chance(rng, Vocabulary.TOUCH_RESPONSE[channel] * (0.4 + 0.9 * h));
                rows.add(RowFactory.create(Ids.ofAccount('P', index, rows.size()), a.accountId(),
                        Vocabulary.TOUCH_CHANNELS[channel], campaign(rng, channel, month), Timeline.timestamp(at),
                        responded));
            }
        });
        return rows;
    }

    /** Campaign name for a touch; calls and many in-app and social touches belong to no campaign. */
    private static String campaign(SplittableRandom rng, int channel, int month) {
        LocalDate first = LocalDate.ofEpochDay(Timeline.firstDayOfMonth(month));
        String ym = String.format("%d-%02d", first.getYear(), first.getMonthValue());
        return switch (Vocabulary.TOUCH_CHANNELS[channel]) {
            case "email" -> Rand.chance(rng, 0.5) ? "newsletter-" + ym : "feature-launch-" + ym;
            case "webinar" -> "webinar-" + ym;
            case "event" -> "summit-" + first.getYear();
            case "social", "in_app" -> Rand.chance(rng, 0.5) ? null : "onboarding-tips";
            default -> null;
        };
    }

    private interface MonthVisitor {
        void visit(int month, int from, int to);
    }

    /** Visits each month of the window in which the account is a customer, with its days in that month. */
    private static void forEachMonth(Population p, AccountLife a, MonthVisitor visitor) {
        int start = Math.max(a.createdDay(), p.timeline.windowStart());
        int end = a.lastDay(p.timeline);
        for (int m = Timeline.month(start); start <= end && m <= Timeline.month(end); m++) {
            int from = Math.max(start, Timeline.firstDayOfMonth(m));
            int to = Math.min(end, Timeline.lastDayOfMonth(m));
            visitor.visit(m, from, to);
        }
    }

    /** A random second during the days [from, to]. */
    private static long second(SplittableRandom rng, int from, int to) {
        return (long) Rand.between(rng, from, to) * Timeline.SECONDS_PER_DAY + rng.nextInt(Timeline.SECONDS_PER_DAY);
    }
}
