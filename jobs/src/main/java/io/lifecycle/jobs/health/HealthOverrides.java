package io.lifecycle.jobs.health;

import io.lifecycle.common.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the overrides CSV: a header row naming the columns (account_id, band, score, reason, owner, expires_on,
 * optional starts_on; any order), then one override per line. Blank lines and lines starting with # are skipped;
 * fields may be double-quoted (with "" for a quote). A bad row stops the run with the file, line and problem.
 */
public final class HealthOverrides {
    static final List<String> REQUIRED = List.of("account_id", "band", "score", "reason", "owner", "expires_on");
    static final Set<String> ALLOWED = Set.of("account_id", "band", "score", "reason", "owner", "starts_on",
            "expires_on");

    private HealthOverrides() {
    }

    /** The overrides of the configured file; none when no file is configured or the file does not exist. */
    public static List<HealthOverride> load(Path configDir, ScorecardConfig config) {
        return config.overridesFile(configDir).filter(Files::isRegularFile).map(HealthOverrides::read)
                .orElse(List.of());
    }

    static List<HealthOverride> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), null, "cannot be read: " + e.getMessage());
        }
        Map<String, Integer> header = null;
        List<HealthOverride> overrides = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            List<String> fields = fields(file, lineNo, line);
            if (header == null) {
                header = header(file, lineNo, fields);
            } else {
                overrides.add(row(file, lineNo, header, fields));
            }
        }
        return List.copyOf(overrides);
    }

    private static Map<String, Integer> header(Path file, int lineNo, List<String> fields) {
        Map<String, Integer> header = new HashMap<>();
        for (int c = 0; c < fields.size(); c++) {
            String name = fields.get(c).strip();
            if (!ALLOWED.contains(name)) {
                throw error(file, lineNo, "unknown column '" + name + "' in the header; allowed "
                        + String.join(", ", REQUIRED) + ", starts_on");
            }
            if (header.put(name, c) != null) {
                throw error(file, lineNo, "column '" + name + "' appears twice in the header");
            }
        }
        for (String required : REQUIRED) {
            if (!header.containsKey(required)) {
                throw error(file, lineNo, "the header lacks column '" + required + "'; expected "
                        + String.join(",", REQUIRED) + " (and optionally starts_on)");
            }
        }
        return header;
    }

    private static HealthOverride row(Path file, int lineNo, Map<String, Integer> header, List<String> fields) {
        if (fields.size() != header.size()) {
            throw error(file, lineNo, fields.size() + " fields where the header has " + header.size());
        }
        String accountId = text(fields, header, "account_id");
        if (accountId == null) {
            throw error(file, lineNo, "account_id is empty");
        }
        String bandText = text(fields, header, "band");
        Band band = null;
        if (bandText != null) {
            if (!Set.of("red", "yellow", "green").contains(bandText)) {
                throw error(file, lineNo, "band '" + bandText + "' is not allowed; allowed red, yellow, green or empty");
            }
            band = Band.of(bandText);
        }
        String scoreText = text(fields, header, "score");
        Double score = null;
        if (scoreText != null) {
            try {
                score = Double.parseDouble(scoreText);
            } catch (NumberFormatException e) {
                throw error(file, lineNo, "score '" + scoreText + "' is not a number; allowed 0 to 100 or empty");
            }
            if (!(score >= 0 && score <= 100)) {
                throw error(file, lineNo, "score " + scoreText + " is out of range; allowed 0 to 100 or empty");
            }
        }
        if (band == null && score == null) {
            throw error(file, lineNo, "neither band nor score is given; give one or both");
        }
        String reason = text(fields, header, "reason");
        String owner = text(fields, header, "owner");
        if (reason == null || owner == null) {
            throw error(file, lineNo, (reason == null ? "reason" : "owner") + " is empty; every override needs "
                    + "a reason and an owner");
        }
        LocalDate expiresOn = date(file, lineNo, fields, header, "expires_on");
        if (expiresOn == null) {
            throw error(file, lineNo, "expires_on is empty; give the last date (YYYY-MM-DD) the override applies to");
        }
        LocalDate startsOn = header.containsKey("starts_on") ? date(file, lineNo, fields, header, "starts_on") : null;
        if (startsOn != null && startsOn.isAfter(expiresOn)) {
            throw error(file, lineNo, "starts_on " + startsOn + " is after expires_on " + expiresOn);
        }
        return new HealthOverride(lineNo, accountId, band, score, reason, owner, startsOn, expiresOn);
    }

    private static LocalDate date(Path file, int lineNo, List<String> fields, Map<String, Integer> header,
                                  String column) {
        String value = text(fields, header, column);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw error(file, lineNo, column + " '" + value + "' is not a date; expected YYYY-MM-DD");
        }
    }

    private static String text(List<String> fields, Map<String, Integer> header, String column) {
        String v = fields.get(header.get(column)).strip();
        return v.isEmpty() ? null : v;
    }

    /** Splits one CSV line: commas separate, double quotes enclose, "" inside quotes is a quote. */
    private static List<String> fields(Path file, int lineNo, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    current.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        if (quoted) {
            throw error(file, lineNo, "a quoted field is not closed");
        }
        fields.add(current.toString());
        return fields;
    }

    private static ConfigException error(Path file, int lineNo, String problem) {
        return new ConfigException(file.toString(), null, "line " + lineNo + ": " + problem);
    }
}
