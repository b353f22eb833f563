package io.lifecycle.common.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * conf/application.yaml, bound and validated by {@link AppConfigLoader}.
 *
 * @param lakehouse             root folder of the Delta tables ({@code <lakehouse>/<layer>/<table>})
 * @param warehouse             root folder of file-based inputs; relative source paths resolve against it
 * @param reportingCurrency     ISO 4217 code all money is converted to
 * @param lateDataLookbackDays  how many days before the newest ingested event date a night re-reads, so
 *                              late-arriving events correct the days they belong to
 * @param spark                 Spark session settings
 * @param sources               one source per warehouse input (all ten must be present)
 * @param segments              segment rules, first match wins
 * @param defaultSegment        segment of accounts that match no rule
 * @param writerLock            how writing commands share the lakehouse (optional: defaults)
 */
public record AppConfig(
        Path lakehouse,
        Path warehouse,
        String reportingCurrency,
        Integer lateDataLookbackDays,
        SparkSettings spark,
        Map<String, SourceConfig> sources,
        List<SegmentRule> segments,
        String defaultSegment,
        WriterLockSettings writerLock) {

    /** Where the file was read from; relative paths in it were resolved against its project folder. */
    public AppConfig withPaths(Path newLakehouse, Path newWarehouse) {
        return new AppConfig(newLakehouse == null ? lakehouse : newLakehouse,
                newWarehouse == null ? warehouse : newWarehouse,
                reportingCurrency, lateDataLookbackDays, spark, sources, segments, defaultSegment, writerLock);
    }

    public SourceConfig source(String input) {
        return sources.get(input);
    }

    public AppConfig withSource(String input, SourceConfig source) {
        Map<String, SourceConfig> copy = new LinkedHashMap<>(sources);
        copy.put(input, source);
        return new AppConfig(lakehouse, warehouse, reportingCurrency, lateDataLookbackDays, spark, copy,
                segments, defaultSegment, writerLock);
    }

    /** The writer-lock settings, the defaults when none were configured. */
    public WriterLockSettings writerLockOrDefault() {
        return writerLock == null ? WriterLockSettings.DEFAULT : writerLock;
    }

    /** The same configuration with other writer-lock settings. */
    public AppConfig withWriterLock(WriterLockSettings settings) {
        return new AppConfig(lakehouse, warehouse, reportingCurrency, lateDataLookbackDays, spark, sources,
                segments, defaultSegment, settings);
    }
}
