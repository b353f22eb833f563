package io.lifecycle.common.config;

import java.nio.file.Path;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Loads {@code application.yaml} from a config folder and validates it. Relative paths in it resolve
 * against the folder above the config folder (the project folder for the shipped {@code conf/}).
 */
public final class AppConfigLoader {
    public static final String FILE_NAME = "application.yaml";

    private AppConfigLoader() {
    }

    public static AppConfig load(Path configDir) {
        Path file = configDir.resolve(FILE_NAME);
        AppConfig raw = YamlFiles.read(file, AppConfig.class);
        Path base = configDir.toAbsolutePath().normalize().getParent();
        return validate(file.toString(), raw, base);
    }

    static AppConfig validate(String file, AppConfig c, Path base) {
        if (c.lakehouse() == null) {
            throw new ConfigException(file, "lakehouse", "missing; give the folder that holds the Delta tables");
        }
        if (c.warehouse() == null) {
            throw new ConfigException(file, "warehouse", "missing; give the folder that holds the input files");
        }
        String currency = c.reportingCurrency() == null ? "USD" : c.reportingCurrency();
        if (!isIsoCurrency(currency)) {
            throw new ConfigException(file, "reportingCurrency", "'" + currency
                    + "' is not an ISO 4217 currency code (e.g. USD, EUR)");
        }
        int lookback = c.lateDataLookbackDays() == null ? 3 : c.lateDataLookbackDays();
        if (lookback < 0 || lookback > 365) {
            throw new ConfigException(file, "lateDataLookbackDays", lookback + " is out of range; allowed 0 to 365");
        }
        SparkSettings spark = c.spark() == null ? new SparkSettings(null, null, null) : c.spark();
        if (spark.shufflePartitions() < 1) {
            throw new ConfigException(file, "spark.shufflePartitions", "must be at least 1");
        }
        Map<String, SourceConfig> sources = validateSources(file, c.sources());
        Set<String> names = new HashSet<>();
        var segments = c.segments() == null ? List.<SegmentRule>of() : c.segments();
        for (int i = 0; i < segments.size(); i++) {
            SegmentRule s = segments.get(i);
            String key = "segments[" + i + "]";
            if (s.name() == null || s.name().isBlank()) {
                throw new ConfigException(file, key + ".name", "missing; every segment needs a name");
            }
            if (!names.add(s.name())) {
                throw new ConfigException(file, key + ".name", "segment '" + s.name() + "' is defined twice");
            }
            for (var attribute : s.match().keySet()) {
                if (!SegmentRule.ATTRIBUTES.contains(attribute)) {
                    throw new ConfigException(file, key + ".match." + attribute,
                            "unknown account attribute; allowed: " + String.join(", ", SegmentRule.ATTRIBUTES));
                }
                if (s.match().get(attribute) == null || s.match().get(attribute).isEmpty()) {
                    throw new ConfigException(file, key + ".match." + attribute, "needs at least one value");
                }
            }
        }
        String defaultSegment = c.defaultSegment() == null || c.defaultSegment().isBlank() ? "other"
                : c.defaultSegment();
        return new AppConfig(base.resolve(c.lakehouse()).normalize(), base.resolve(c.warehouse()).normalize(),
                currency, lookback, spark, sources, segments, defaultSegment,
                WriterLockSettings.validate(file, c.writerLock()));
    }

    private static Map<String, SourceConfig> validateSources(String file, Map<String, SourceConfig> sources) {
        if (sources == null) {
            throw new ConfigException(file, "sources", "missing; declare one source for each input: "
                    + String.join(", ", Inputs.ALL));
        }
        Map<String, SourceConfig> out = new LinkedHashMap<>();
        for (String input : sources.keySet()) {
            if (!Inputs.ALL.contains(input)) {
                throw new ConfigException(file, "sources." + input, "unknown input; allowed: "
                        + String.join(", ", Inputs.ALL));
            }
        }
        for (String input : Inputs.ALL) {
            SourceConfig s = sources.get(input);
            String key = "sources." + input;
            if (s == null) {
                throw new ConfigException(file, key, "missing; every input needs a source "
                        + "(e.g. '" + input + ": {format: parquet}')");
            }
            String format = s.format() == null ? "parquet" : s.format();
            if (!SourceConfig.FORMATS.contains(format)) {
                throw new ConfigException(file, key + ".format", "'" + format + "' is not supported; allowed: "
                        + String.join(", ", new TreeSet<>(SourceConfig.FORMATS)));
            }
            if (format.equals("jdbc")) {
                if (s.url() == null || !s.url().startsWith("jdbc:")) {
                    throw new ConfigException(file, key + ".url", "a jdbc source needs a url starting with 'jdbc:'");
                }
                if (s.table() == null || s.table().isBlank()) {
                    throw new ConfigException(file, key + ".table", "a jdbc source needs a table");
                }
                if (s.url().toLowerCase(Locale.ROOT).contains("password=")) {
                    throw new ConfigException(file, key + ".url", "must not contain a password; name an "
                            + "environment variable in passwordEnv instead");
                }
                boolean partitioned = s.partitionColumn() != null;
                if (partitioned && (s.lowerBound() == null || s.upperBound() == null || s.numPartitions() == null)) {
                    throw new ConfigException(file, key, "partitionColumn needs lowerBound, upperBound and "
                            + "numPartitions");
                }
            } else if (s.url() != null || s.table() != null || s.partitionColumn() != null) {
                throw new ConfigException(file, key, "url, table and partitionColumn apply to jdbc sources only");
            }
            if (s.numPartitions() != null && s.numPartitions() < 1) {
                throw new ConfigException(file, key + ".numPartitions", "must be at least 1");
            }
            if (s.options().keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).contains("password"))) {
                throw new ConfigException(file, key + ".options", "must not hold a password; name an environment "
                        + "variable in passwordEnv instead");
            }
            out.put(input, new SourceConfig(format, s.path(), s.url(), s.table(), s.user(), s.passwordEnv(),
                    s.partitionColumn(), s.lowerBound(), s.upperBound(), s.numPartitions(), s.options()));
        }
        return out;
    }

    static boolean isIsoCurrency(String code) {
        try {
            return code.length() == 3 && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
