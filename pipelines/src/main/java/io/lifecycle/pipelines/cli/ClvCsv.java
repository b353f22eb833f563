package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file with a header row, read for a model fit: the named columns as numbers, each checked on
 * its own line so an error names the file, the line and the column. Columns the model does not use
 * (an id, say) are ignored; cells may be quoted.
 */
final class ClvCsv {
    private final Path file;
    private final Map<String, Integer> header = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();

    private ClvCsv(Path file) {
        this.file = file;
    }

    static ClvCsv read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LifecycleException(file + ": file not found.");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LifecycleException(file + ": cannot be read (" + e.getMessage() + ").");
        }
        ClvCsv csv = new ClvCsv(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new LifecycleException(file + ": the file is empty; expected a header row.");
        }
        String[] names = split(lines.get(0).replace("\uFEFF", ""));
        for (int i = 0; i < names.length; i++) {
            csv.header.putIfAbsent(names[i], i);
        }
        for (int i = 1; i < lines.size(); i++) {
            csv.rows.add(lines.get(i).isBlank() ? null : split(lines.get(i)));
        }
        return csv;
    }

    /** Fails unless every required column is in the header. */
    void require(String model, List<String> columns) {
        List<String> missing = columns.stream().filter(c -> !header.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new LifecycleException(file + ": missing column(s) " + String.join(", ", missing) + "; " + model
                    + " needs " + String.join(",", columns) + " (header found: " + String.join(",", header.keySet()) + ").");
        }
    }

    boolean has(String column) {
        return header.containsKey(column);
    }

    /** Data rows (blank lines skipped), as their 2-based line numbers in the file. */
    List<Integer> lines() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) != null) {
                out.add(i + 2);
            }
        }
        if (out.isEmpty()) {
            throw new LifecycleException(file + ": no data rows after the header.");
        }
        return out;
    }

    /** The cell as a finite number. */
    double number(int line, String column) {
        String[] row = rows.get(line - 2);
        Integer index = header.get(column);
        String cell = index < row.length ? row[index] : "";
        try {
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the line and column
        }
        throw fail(line, column, "'" + cell + "' is not a number");
    }

    /** The cell as a whole number of at least {@code min}. */
    long whole(int line, String column, long min) {
        double v = number(line, column);
        if (v != Math.rint(v) || v < min || v > Long.MAX_VALUE / 2) {
            throw fail(line, column, format(v) + " is not a whole number >= " + min);
        }
        return (long) v;
    }

    /** The cell as text (trimmed, unquoted). */
    String text(int line, String column) {
        String[] row = rows.get(line - 2);
        int index = header.get(column);
        return index < row.length ? row[index] : "";
    }

    LifecycleException fail(int line, String column, String problem) {
        return new LifecycleException(file + " line " + line + ", column " + column + ": " + problem + ".");
    }

    Path file() {
        return file;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i].trim();
            if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
                c = c.substring(1, c.length() - 1).replace("\"\"", "\"").trim();
            }
            cells[i] = c;
        }
        return cells;
    }
}
