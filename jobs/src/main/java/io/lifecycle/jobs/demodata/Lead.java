package io.lifecycle.jobs.demodata;

import java.util.SplittableRandom;

/**
 * One lead of the funnel, a pure function of (seed, lead index): created, maybe a trial, maybe converted.
 * Conversion rates differ by source channel ({@link Vocabulary#LEAD_CONVERT_AFTER_TRIAL} and
 * {@link Vocabulary#LEAD_CONVERT_DIRECT}). A step that would happen after the end of history has not
 * happened yet, so recent leads are still open.
 *
 * @param channelIndex    index into {@link Vocabulary#LEAD_CHANNELS}
 * @param createdAt       epoch second
 * @param trialStartedAt  epoch second, or -1
 * @param convertedAt     epoch second, or -1; the account converted from this lead is created then
 */
record Lead(int channelIndex, long createdAt, long trialStartedAt, long convertedAt) {
    static final int TRIAL_DAYS = 14;
    /** Share of leads created before the usage window: their accounts have longer histories. */
    private static final double PRE_WINDOW_SHARE = 0.25;

    static Lead of(long seed, long index, Timeline timeline) {
        SplittableRandom rng = Rand.of(seed, Rand.LEAD, index);
        int channel = Rand.weighted(rng, Vocabulary.LEAD_CHANNEL_WEIGHTS);
        int createdDay = Rand.chance(rng, PRE_WINDOW_SHARE)
                ? Rand.between(rng, timeline.historyStart(), timeline.windowStart() - 1)
                : Rand.between(rng, timeline.windowStart(), timeline.endDay());
        long created = second(createdDay, rng);
        long trial = -1;
        long converted = -1;
        if (Rand.chance(rng, Vocabulary.LEAD_TRIAL[channel])) {
            trial = created + Rand.between(rng, 0, 10) * (long) Timeline.SECONDS_PER_DAY + rng.nextInt(3600);
            if (Rand.chance(rng, Vocabulary.LEAD_CONVERT_AFTER_TRIAL[channel])) {
                converted = trial + TRIAL_DAYS * (long) Timeline.SECONDS_PER_DAY + rng.nextInt(7200);
            }
        } else if (Rand.chance(rng, Vocabulary.LEAD_CONVERT_DIRECT[channel])) {
            converted = created + Rand.between(rng, 7, 60) * (long) Timeline.SECONDS_PER_DAY + rng.nextInt(7200);
        }
        long end = timeline.endOfHistorySecond();
        if (trial > end) {
            trial = -1;
        }
        if (converted > end) {
            converted = -1;
        }
        return new Lead(channel, created, trial, converted);
    }

    boolean converted() {
        return convertedAt >= 0;
    }

    /** A time during the (UTC) working day. */
    private static long second(int day, SplittableRandom rng) {
        return (long) day * Timeline.SECONDS_PER_DAY + Rand.between(rng, 7 * 3600, 20 * 3600);
    }
}
