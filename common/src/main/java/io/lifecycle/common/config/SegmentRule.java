package io.lifecycle.common.config;

import java.util.List;
import java.util.Map;

/**
 * A named segment: accounts whose attributes match every listed attribute (any of its values).
 * Rules are tried in order; the first match wins; accounts matching none get the default segment.
 *
 * @param name  segment name as it appears in every gold table
 * @param match account attribute (plan_tier, employee_band, region, industry) to allowed values
 */
public record SegmentRule(String name, Map<String, List<String>> match) {
    public static final List<String> ATTRIBUTES = List.of("plan_tier", "employee_band", "region", "industry");

    public SegmentRule {
        match = match == null ? Map.of() : Map.copyOf(match);
    }
}
