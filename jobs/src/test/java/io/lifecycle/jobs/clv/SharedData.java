package io.lifecycle.jobs.clv;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only reference data in the shared folder (shared/data/), found via the system property
 * {@code lifecycle.shared.dir} (set by surefire) or ../../shared or ../shared from the working
 * directory. The files are read in place, never copied into the repository.
 */
final class SharedData {
    private SharedData() {
    }

    static Path path(String file) {
        List<Path> tried = new ArrayList<>();
        String property = System.getProperty("lifecycle.shared.dir");
        if (property != null && !property.isBlank()) {
            tried.add(Path.of(property));
        }
        tried.add(Path.of("../../shared"));
        tried.add(Path.of("../shared"));
        for (Path dir : tried) {
            Path candidate = dir.resolve("data").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        return fail("Reference file data/" + file + " not found under " + tried.stream().map(p -> p.toAbsolutePath().normalize()).toList()
                + "; set -Dlifecycle.shared.dir to the shared folder that holds data/");
    }

    /** A CSV file with a header row, as columns by header name (numbers only). */
    static Map<String, double[]> columns(String file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] header = lines.get(0).trim().split(",");
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (String name : header) {
            columns.put(name, new double[lines.size() - 1]);
        }
        for (int row = 1; row < lines.size(); row++) {
            String[] cells = lines.get(row).trim().split(",");
            for (int c = 0; c < header.length; c++) {
                columns.get(header[c])[row - 1] = Double.parseDouble(cells[c]);
            }
        }
        return columns;
    }

    static int[] integers(double[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(Math.round(values[i]));
        }
        return out;
    }
}
