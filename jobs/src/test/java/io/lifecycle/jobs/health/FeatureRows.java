package io.lifecycle.jobs.health;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.SilverTables;
import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.common.testing.TestConfigs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test rows of silver.account_features_daily and scorecard files: only the columns a test cares about. */
final class FeatureRows {
    static final AppConfig APP = TestConfigs.of(Path.of("unused-warehouse"), Path.of("unused-lakehouse"));
    private final List<Row> rows = new ArrayList<>();

    /** An active account of the segment on the date, with the given features; others null (or 0 when NOT NULL). */
    FeatureRows add(LocalDate date, String account, String segment, Object... features) {
        return addWithStatus(date, account, segment, "active", features);
    }

    FeatureRows addWithStatus(LocalDate date, String account, String segment, String status, Object... features) {
        Map<String, Object> values = new HashMap<>();
        values.put("snapshot_date", Date.valueOf(date));
        values.put("account_id", account);
        values.put("segment", segment);
        values.put("plan_tier", "team");
        values.put("customer_status", status);
        for (int i = 0; i < features.length; i += 2) {
            values.put((String) features[i], features[i + 1]);
        }
        List<Object> row = new ArrayList<>();
        for (StructField f : SilverTables.ACCOUNT_FEATURES_DAILY.schema().fields()) {
            Object v = values.get(f.name());
            if (v == null && !f.nullable()) {
                v = 0;
            }
            row.add(v == null ? null : convert(v, f.dataType()));
        }
        rows.add(RowFactory.create(row.toArray()));
        return this;
    }

    Dataset<Row> frame() {
        return SharedSpark.get().createDataFrame(rows, SilverTables.ACCOUNT_FEATURES_DAILY.schema());
    }

    private static Object convert(Object v, DataType type) {
        if (!(v instanceof Number n)) {
            return v;
        }
        if (type.equals(DataTypes.LongType)) {
            return n.longValue();
        }
        if (type.equals(DataTypes.IntegerType)) {
            return n.intValue();
        }
        if (type.equals(DataTypes.DoubleType)) {
            return n.doubleValue();
        }
        if (type instanceof DecimalType) {
            return new BigDecimal(n.toString());
        }
        return v;
    }

    /** Writes scorecards.yaml (and optionally the overrides CSV) to a fresh folder under dir and loads it. */
    static ScorecardConfig load(Path dir, String yaml) {
        return ScorecardConfig.load(write(dir, yaml), APP);
    }

    static Path write(Path dir, String yaml) {
        try {
            Path conf = Files.createTempDirectory(dir, "conf");
            Files.writeString(conf.resolve(ScorecardConfig.FILE_NAME), yaml);
            return conf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty frame of earlier health scores. */
    static Dataset<Row> noEarlierScores() {
        return SharedSpark.get().createDataFrame(List.of(), GoldTables.ACCOUNT_HEALTH_DAILY.schema());
    }

    /** A scorecards.yaml with one scorecard `card` of one group `g` holding the given measure lines. */
    static String oneGroup(String measures, String extraCard, String extraTop) {
        return """
                bands: {redBelow: 40, greenAtLeast: 70}
                minCoverage: 0.5
                trendFlatTolerance: 5
                %s
                scorecards:
                  - name: card
                    version: "v1"
                    groups:
                      - name: g
                        weight: 1
                        measures:
                %s
                %s
                resolution:
                  defaultScorecard: card
                """.formatted(extraTop, indent(measures, 10), indent(extraCard, 4));
    }

    private static String indent(String text, int spaces) {
        String pad = " ".repeat(spaces);
        return text.lines().map(l -> l.isBlank() ? l : pad + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
