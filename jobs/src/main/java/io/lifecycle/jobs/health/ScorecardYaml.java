package io.lifecycle.jobs.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ScorecardConfig} as a scorecards.yaml that {@link ScorecardConfig#load} reads back to the same
 * records, in the layout of the shipped file (one flow-style line per measure), under comment lines.
 */
public final class ScorecardYaml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScorecardYaml() {
    }

    public static String write(ScorecardConfig c, List<String> comments) {
        StringBuilder y = new StringBuilder();
        comments.forEach(line -> y.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
        y.append('\n');
        if (c.bands() != null) {
            y.append("bands: ").append(bands(c.bands())).append('\n');
        }
        optional(y, "", "minCoverage", c.minCoverage());
        optional(y, "", "trendFlatTolerance", c.trendFlatTolerance());
        y.append("\nscorecards:\n");
        for (Scorecard s : c.scorecards()) {
            y.append("  - name: ").append(str(s.name())).append('\n');
            y.append("    version: ").append(str(s.version())).append('\n');
            if (s.bands() != null) {
                y.append("    bands: ").append(bands(s.bands())).append('\n');
            }
            optional(y, "    ", "minCoverage", s.minCoverage());
            y.append("    groups:\n");
            for (Scorecard.Group g : s.groups()) {
                y.append("      - name: ").append(str(g.name())).append('\n');
                y.append("        weight: ").append(num(g.weight())).append('\n');
                y.append("        measures:\n");
                for (Scorecard.Measure m : g.measures()) {
                    y.append("          - ").append(measure(m)).append('\n');
                }
            }
            if (!s.guardRails().isEmpty()) {
                y.append("    guardRails:\n");
                for (Scorecard.GuardRail r : s.guardRails()) {
                    List<String> fields = new ArrayList<>();
                    if (r.name() != null) {
                        fields.add("name: " + str(r.name()));
                    }
                    fields.add("feature: " + str(r.feature()));
                    if (r.atLeast() != null) {
                        fields.add("atLeast: " + num(r.atLeast()));
                    }
                    if (r.atMost() != null) {
                        fields.add("atMost: " + num(r.atMost()));
                    }
                    fields.add("maxBand: " + str(r.maxBand()));
                    y.append("      - {").append(String.join(", ", fields)).append("}\n");
                }
            }
        }
        y.append("\nresolution:\n");
        if (!c.resolution().rules().isEmpty()) {
            y.append("  rules:\n");
            for (ScorecardConfig.Rule r : c.resolution().rules()) {
                List<String> fields = new ArrayList<>();
                if (r.segment() != null) {
                    fields.add("segment: " + str(r.segment()));
                }
                if (r.stage() != null) {
                    fields.add("stage: " + str(r.stage()));
                }
                fields.add("scorecard: " + str(r.scorecard()));
                y.append("    - {").append(String.join(", ", fields)).append("}\n");
            }
        }
        y.append("  defaultScorecard: ").append(str(c.resolution().defaultScorecard())).append('\n');
        if (c.overrides() != null && c.overrides().path() != null) {
            y.append("\noverrides: {path: ").append(str(c.overrides().path())).append("}\n");
        }
        y.append("\nbacktest: {horizonDays: ").append(c.backtest().horizonDays()).append(", regParam: ")
                .append(num(c.backtest().regParam())).append("}\n");
        return y.toString();
    }

    private static String measure(Scorecard.Measure m) {
        List<String> fields = new ArrayList<>();
        if (m.name() != null) {
            fields.add("name: " + str(m.name()));
        }
        fields.add("feature: " + str(m.feature()));
        fields.add("weight: " + num(m.weight()));
        if (m.linear() != null) {
            fields.add("linear: {red: " + num(m.linear().red()) + ", green: " + num(m.linear().green()) + "}");
        } else if (m.thresholds() != null) {
            List<String> cuts = new ArrayList<>();
            for (Scorecard.Threshold t : m.thresholds()) {
                cuts.add(t.otherwise() != null ? "{otherwise: " + num(t.otherwise()) + "}"
                        : "{atLeast: " + num(t.atLeast()) + ", score: " + num(t.score()) + "}");
            }
            fields.add("thresholds: [" + String.join(", ", cuts) + "]");
        } else if (m.segmentPercentile() != null) {
            fields.add("segmentPercentile: {higherIsBetter: " + m.segmentPercentile().higherIsBetter() + "}");
        }
        return "{" + String.join(", ", fields) + "}";
    }

    private static String bands(Scorecard.Bands b) {
        return "{redBelow: " + num(b.redBelow()) + ", greenAtLeast: " + num(b.greenAtLeast()) + "}";
    }

    private static void optional(StringBuilder y, String indent, String key, Double value) {
        if (value != null) {
            y.append(indent).append(key).append(": ").append(num(value)).append('\n');
        }
    }

    /** Shortest exact decimal: 40 not 40.0, 0.05 not 5.0E-2. */
    public static String num(Double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** A double-quoted YAML scalar (JSON string syntax is valid YAML). */
    static String str(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
