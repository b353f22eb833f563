package io.lifecycle.jobs.clv;

import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.ConfigException;
import io.lifecycle.common.config.SegmentRule;
import io.lifecycle.common.config.YamlFiles;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * conf/clv.yaml, bound strictly and validated on load.
 *
 * @param grossMargin          share of revenue kept after the cost of serving it, 0 &lt; m ≤ 1
 * @param grossMarginBySegment optional per-segment overrides of grossMargin
 * @param annualDiscountRate   yearly discount rate d_year, 0 &lt; d &lt; 1; a period of P months is discounted at
 *                             (1 + d_year)^(P/12) − 1
 * @param horizonMonths        how far ahead transactional (one-off) revenue is forecast
 * @param periodMonths         length of an sBG renewal period (1, 3, 6 or 12 months)
 * @param minCustomers         fewer customers than this in a segment and the segment uses the pooled fit
 * @param holdoutDays          the holdout check fits on data up to D − holdoutDays and predicts the rest
 */
public record ClvConfig(Double grossMargin, Map<String, Double> grossMarginBySegment, Double annualDiscountRate,
                        Integer horizonMonths, Integer periodMonths, Integer minCustomers, Integer holdoutDays)
        implements Serializable {
    public static final String FILE_NAME = "clv.yaml";
    private static final Set<Integer> PERIODS = Set.of(1, 3, 6, 12);

    public ClvConfig {
        grossMarginBySegment = grossMarginBySegment == null ? Map.of() : Map.copyOf(grossMarginBySegment);
    }

    /** Reads and validates {@code <configDir>/clv.yaml}; margins may only name segments of the app config. */
    public static ClvConfig load(Path configDir, AppConfig app) {
        Path file = configDir.resolve(FILE_NAME);
        return validate(file.toString(), YamlFiles.read(file, ClvConfig.class), segmentNames(app));
    }

    static ClvConfig validate(String file, ClvConfig c, Set<String> segments) {
        margin(file, "grossMargin", c.grossMargin());
        for (Map.Entry<String, Double> e : c.grossMarginBySegment().entrySet()) {
            if (!segments.contains(e.getKey())) {
                throw new ConfigException(file, "grossMarginBySegment." + e.getKey(),
                        "unknown segment; segments are: " + String.join(", ", segments));
            }
            margin(file, "grossMarginBySegment." + e.getKey(), e.getValue());
        }
        required(file, "annualDiscountRate", c.annualDiscountRate(), "a yearly rate between 0 and 1, e.g. 0.10");
        if (!(c.annualDiscountRate() > 0 && c.annualDiscountRate() < 1)) {
            throw new ConfigException(file, "annualDiscountRate", c.annualDiscountRate()
                    + " is out of range; allowed greater than 0 and less than 1 (e.g. 0.10 for 10% a year)");
        }
        range(file, "horizonMonths", c.horizonMonths(), 1, 120);
        required(file, "periodMonths", c.periodMonths(), "one of 1, 3, 6, 12");
        if (!PERIODS.contains(c.periodMonths())) {
            throw new ConfigException(file, "periodMonths", c.periodMonths() + " is not allowed; allowed 1, 3, 6 or 12");
        }
        range(file, "minCustomers", c.minCustomers(), 10, 10_000_000);
        range(file, "holdoutDays", c.holdoutDays(), 30, 730);
        return c;
    }

    /** The gross margin of a segment: its override, else the default. */
    public double marginOf(String segment) {
        return grossMarginBySegment.getOrDefault(segment, grossMargin);
    }

    /** Discount rate per sBG period: (1 + d_year)^(P/12) − 1. */
    public double periodDiscountRate() {
        return Math.pow(1 + annualDiscountRate, periodMonths / 12.0) - 1;
    }

    private static Set<String> segmentNames(AppConfig app) {
        Set<String> names = new LinkedHashSet<>();
        for (SegmentRule s : app.segments()) {
            names.add(s.name());
        }
        names.add(app.defaultSegment());
        return names;
    }

    private static void margin(String file, String key, Double value) {
        required(file, key, value, "a share between 0 and 1, e.g. 0.8");
        if (!(value > 0 && value <= 1)) {
            throw new ConfigException(file, key, value + " is out of range; allowed greater than 0 and at most 1 "
                    + "(a share of revenue, e.g. 0.8 for 80%)");
        }
    }

    private static void range(String file, String key, Integer value, int min, int max) {
        required(file, key, value, "a whole number from " + min + " to " + max);
        if (value < min || value > max) {
            throw new ConfigException(file, key, value + " is out of range; allowed " + min + " to " + max);
        }
    }

    private static void required(String file, String key, Object value, String allowed) {
        if (value == null) {
            throw new ConfigException(file, key, "missing; give " + allowed);
        }
    }
}
