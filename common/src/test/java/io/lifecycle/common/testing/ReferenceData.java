package io.lifecycle.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Public reference data for validating the models (published data sets and estimates), kept read-only under
 * {@code common/src/test/resources/reference-data/} with their provenance and licence in its README.md. Read from
 * the test classpath, so tests of every module find them in any clone.
 */
public final class ReferenceData {
    private static Path extracted;

    private ReferenceData() {
    }

    /** The file as a path on disk (copied once per JVM out of the test jar), for code that reads files. */
    public static synchronized Path path(String file) {
        try {
            if (extracted == null) {
                extracted = Files.createTempDirectory("lifecycle-reference-data");
                extracted.toFile().deleteOnExit();
            }
            Path target = extracted.resolve(file);
            if (!Files.exists(target)) {
                try (InputStream in = open(file)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> lines(String file) {
        try {
            return Files.readAllLines(path(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV file with a header row, as columns by header name (numbers only). */
    public static Map<String, double[]> columns(String file) {
        List<String> lines = lines(file);
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

    public static int[] integers(double[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(Math.round(values[i]));
        }
        return out;
    }

    private static InputStream open(String file) {
        InputStream in = ReferenceData.class.getResourceAsStream("/reference-data/" + file);
        if (in == null) {
            throw new IllegalStateException("no reference data file " + file + " on the test classpath"
                    + " (expected common/src/test/resources/reference-data/" + file + ")");
        }
        return in;
    }
}
