package io.lifecycle.common.testing;

import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.config.SegmentRule;
import io.lifecycle.common.config.SourceConfig;
import io.lifecycle.common.config.SparkSettings;
import io.lifecycle.common.config.WriterLockSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configurations for tests: every input a Parquet folder under the warehouse, the shipped segment rules. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static AppConfig of(Path warehouse, Path lakehouse) {
        Map<String, SourceConfig> sources = new LinkedHashMap<>();
        for (String input : Inputs.ALL) {
            sources.put(input, SourceConfig.parquet(null));
        }
        List<SegmentRule> segments = List.of(
                new SegmentRule("enterprise", Map.of("plan_tier", List.of("enterprise"))),
                new SegmentRule("mid_market", Map.of("plan_tier", List.of("business"))),
                new SegmentRule("smb", Map.of("plan_tier", List.of("starter", "team"))));
        return new AppConfig(lakehouse, warehouse, "USD", 3, new SparkSettings("local[2]", 2, Map.of()), sources,
                segments, "other", WriterLockSettings.DEFAULT);
    }
}
