package io.lifecycle.jobs.ingest;

import io.lifecycle.common.config.AppConfig;
import io.lifecycle.common.config.Inputs;
import io.lifecycle.common.config.SegmentRule;
import io.lifecycle.common.config.SourceConfig;
import org.apache.spark.sql.SparkSession;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per input, a fingerprint of everything its staged and quarantined rows are computed from, other than the
 * snapshot date: its source's state ({@link SourceFingerprint}), where and how it is read, the staging schema,
 * the settings its staging uses (segments, reporting currency) and the fingerprints of the inputs its checks
 * join (accounts for unknown_account, fx_rates for the money columns). Equal fingerprints mean equal check
 * results for any snapshot date, for the inputs {@link #skippable} admits. Null when some part has no
 * fingerprint (a JDBC source, a missing source).
 */
final class InputFingerprints {
    private InputFingerprints() {
    }

    /** Taken before any input is read: a source changing while it is read then shows as a change next night. */
    static Map<String, String> of(SparkSession spark, SourceReader reader, AppConfig config) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String input : Inputs.ALL) {
            SourceConfig source = config.source(input);
            sources.put(input, SourceFingerprint.of(spark, source, reader.pathOf(source, input)));
        }
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (String input : Inputs.ALL) {
            fingerprints.put(input, fingerprint(input, sources, reader, config));
        }
        return fingerprints;
    }

    /**
     * Whether an input's check result can depend on the snapshot date. {@link ContractCheck} uses the date only
     * in event_after_snapshot (inputs with an event time column) and to clamp the day of the fx rate (inputs
     * with a currency column); usage events also depend on the late-data window. Such inputs are always staged.
     */
    static boolean skippable(String input) {
        Contract c = Contracts.of(input);
        return !input.equals(Inputs.USAGE_EVENTS) && c.eventTimeColumn() == null && c.currencyColumn() == null;
    }

    private static String fingerprint(String input, Map<String, String> sources, SourceReader reader,
                                      AppConfig config) {
        Contract c = Contracts.of(input);
        SourceConfig source = config.source(input);
        if (sources.get(input) == null) {
            return null;
        }
        StringBuilder text = new StringBuilder()
                .append("input ").append(input).append('\n')
                .append("source ").append(source.format()).append(' ').append(reader.pathOf(source, input))
                .append(' ').append(new TreeMap<>(source.options())).append('\n')
                .append("staging ").append(c.staging().schema().json()).append('\n')
                .append("reporting currency ").append(config.reportingCurrency()).append('\n');
        if (input.equals(Inputs.ACCOUNTS)) {
            for (SegmentRule rule : config.segments()) {
                text.append("segment ").append(rule.name()).append(' ').append(new TreeMap<>(rule.match())).append('\n');
            }
            text.append("default segment ").append(config.defaultSegment()).append('\n');
        }
        for (String dependency : dependencies(c)) {
            String theirs = fingerprint(dependency, sources, reader, config);
            if (theirs == null) {
                return null;
            }
            text.append("depends on ").append(dependency).append(' ').append(theirs).append('\n');
        }
        text.append(sources.get(input));
        return sha256(text.toString());
    }

    private static List<String> dependencies(Contract c) {
        List<String> on = new ArrayList<>();
        if (c.accountColumn() != null) {
            on.add(Inputs.ACCOUNTS);
        }
        if (c.currencyColumn() != null) {
            on.add(Inputs.FX_RATES);
        }
        return on;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
