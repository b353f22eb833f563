package io.lifecycle.common.config;

import org.apache.spark.sql.Column;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/** Turns the segment rules of application.yaml into one Spark column over account attributes. */
public final class Segments {
    private Segments() {
    }

    /** The segment of each account row: the first rule whose every attribute matches, else the default. */
    public static Column segmentOf(List<SegmentRule> rules, String defaultSegment) {
        Column result = lit(defaultSegment);
        for (int i = rules.size() - 1; i >= 0; i--) {
            SegmentRule rule = rules.get(i);
            Column matches = lit(true);
            for (Map.Entry<String, List<String>> m : rule.match().entrySet()) {
                matches = matches.and(col(m.getKey()).isin(m.getValue().toArray()));
            }
            result = when(matches, lit(rule.name())).otherwise(result);
        }
        return result;
    }
}
