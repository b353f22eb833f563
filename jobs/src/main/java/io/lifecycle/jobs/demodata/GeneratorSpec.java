package io.lifecycle.jobs.demodata;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate. The same spec always yields the same rows.
 *
 * @param scale           size of the warehouse
 * @param seed            seed of every pseudo-random choice
 * @param endDate         last day of history (UTC); nothing good is dated after it
 * @param badRowsPerInput rows per input that break the contract on purpose (0: a clean warehouse)
 * @param profile         what drives churn ({@link Profile#USAGE_DRIVEN} unless asked otherwise)
 */
public record GeneratorSpec(Scale scale, long seed, LocalDate endDate, int badRowsPerInput, Profile profile)
        implements Serializable {
    public GeneratorSpec {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(endDate, "endDate");
        Objects.requireNonNull(profile, "profile");
        if (badRowsPerInput < 0) {
            throw new IllegalArgumentException("badRowsPerInput must be >= 0, was " + badRowsPerInput);
        }
    }

    /** The default profile, {@link Profile#USAGE_DRIVEN}. */
    public GeneratorSpec(Scale scale, long seed, LocalDate endDate, int badRowsPerInput) {
        this(scale, seed, endDate, badRowsPerInput, Profile.USAGE_DRIVEN);
    }
}
