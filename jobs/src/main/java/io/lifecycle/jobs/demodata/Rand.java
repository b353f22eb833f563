package io.lifecycle.jobs.demodata;

import java.util.SplittableRandom;

/**
 * Seeded randomness. Every random stream is derived from the spec's seed and the identity of what it
 * describes (an account, a lead, an account-day), never from partitioning or call order across entities:
 * that is what makes a spec reproduce identical rows however Spark splits the work.
 */
final class Rand {
    /** Stream names: one per kind of entity, so that streams of different kinds never coincide. */
    static final long LEAD = 1, ACCOUNT = 2, USERS = 3, USAGE = 4, BILLING = 5, TICKETS = 6, NPS = 7,
            TOUCHPOINTS = 8, FX = 9;

    private Rand() {
    }

    static SplittableRandom of(long seed, long stream, long a) {
        return new SplittableRandom(mix(mix(mix(seed) ^ stream) ^ a));
    }

    static SplittableRandom of(long seed, long stream, long a, long b) {
        return new SplittableRandom(mix(mix(mix(mix(seed) ^ stream) ^ a) ^ b));
    }

    /** SplitMix64 finaliser: a strong 64-bit mixing function. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static double gaussian(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    static double exponential(SplittableRandom rng, double mean) {
        return -mean * Math.log(1 - rng.nextDouble());
    }

    static int poisson(SplittableRandom rng, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 30) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rng)));
        }
        double limit = Math.exp(-lambda);
        double product = rng.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            n++;
        }
        return n;
    }

    static boolean chance(SplittableRandom rng, double p) {
        return rng.nextDouble() < p;
    }

    /** Uniform int in [from, to] (both inclusive). */
    static int between(SplittableRandom rng, int from, int to) {
        return from + rng.nextInt(to - from + 1);
    }

    /** Index drawn with probability proportional to its weight. */
    static int weighted(SplittableRandom rng, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = rng.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static <T> T pick(SplittableRandom rng, T[] values) {
        return values[rng.nextInt(values.length)];
    }

    static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }
}
