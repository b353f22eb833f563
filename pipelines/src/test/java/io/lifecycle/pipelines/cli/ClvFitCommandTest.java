package io.lifecycle.pipelines.cli;

import io.lifecycle.common.testing.ReferenceData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.Iterator;

/** bin/lifecycle clv fit, in-process: the published estimates from the JSON it prints, and its errors. */
class ClvFitCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode fit(String model, Path input) throws IOException {
        CliRun run = CliRun.of("clv", "fit", "--model", model, "--input", input.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(1, run.out().strip().lines().count(), "exactly one JSON object: " + run.out());
        JsonNode json = JSON.readTree(run.out());
        assertEquals(List.of("model", "params", "std_errors", "log_likelihood", "n", "converged", "iterations"),
                List.copyOf(iterable(json.fieldNames())));
        assertEquals(List.copyOf(iterable(json.get("params").fieldNames())), List.copyOf(iterable(json.get("std_errors").fieldNames())));
        return json;
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /** Agreement to three significant digits, as the issue asks. */
    private static void assertPublished(double published, JsonNode value, String what) {
        double scale = Math.pow(10, Math.floor(Math.log10(Math.abs(published))) - 2);
        assertEquals(published, value.asDouble(), 0.5 * scale + 1e-12, what);
    }

    @Test
    void bgnbdOnCdnowPrintsThePublishedEstimates() throws IOException {
        JsonNode json = fit("bgnbd", ReferenceData.path("cdnow_bgnbd.csv"));
        assertEquals("bgnbd", json.get("model").asText());
        assertPublished(0.243, json.at("/params/r"), "r");
        assertPublished(4.414, json.at("/params/alpha"), "alpha");
        assertPublished(0.793, json.at("/params/a"), "a");
        assertPublished(2.426, json.at("/params/b"), "b");
        assertEquals(-9582.4, json.get("log_likelihood").asDouble(), 0.05);
        assertEquals(0.012557, json.at("/std_errors/r").asDouble(), 1e-4);
        assertEquals(2357, json.get("n").asLong());
        assertTrue(json.get("converged").asBoolean());
        assertTrue(json.get("iterations").asInt() > 0);
    }

    @Test
    void sbgOnTheRegularCohortPrintsThePublishedEstimates() throws IOException {
        JsonNode json = fit("sbg", ReferenceData.path("sbg_regular.csv"));
        assertPublished(0.704, json.at("/params/alpha"), "alpha");
        assertPublished(1.182, json.at("/params/beta"), "beta");
        assertEquals(1000, json.get("n").asLong());
    }

    /** FHL (2005), "RFM and CLV", CDNOW spend: p = 6.25, q = 3.74, γ = 15.44. */
    @Test
    void gammaGammaOnCdnowPrintsThePublishedEstimates() throws IOException {
        JsonNode json = fit("gamma-gamma", ReferenceData.path("cdnow_gamma_gamma.csv"));
        assertEquals("gamma-gamma", json.get("model").asText());
        assertEquals(6.25, json.at("/params/p").asDouble(), 0.005);
        assertEquals(3.74, json.at("/params/q").asDouble(), 0.005);
        assertEquals(15.44, json.at("/params/gamma").asDouble(), 0.01);
        assertEquals(946, json.get("n").asLong());
    }

    /** Distinct (x, t_x, T) rows with a weight are the same data as one row per customer. */
    @Test
    void weightedRowsGiveTheSameFitAsOneRowPerCustomer() throws IOException {
        List<String> lines = Files.readAllLines(ReferenceData.path("cdnow_bgnbd.csv"));
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            counts.merge(c[1] + "," + c[2] + "," + c[3], 1, Integer::sum);
        }
        StringBuilder weighted = new StringBuilder("T,weight,recency,frequency\n");
        counts.forEach((k, w) -> {
            String[] c = k.split(",");
            weighted.append(c[2]).append(',').append(w).append(',').append(c[1]).append(',').append(c[0]).append('\n');
        });
        Path file = Files.writeString(tmp.resolve("weighted.csv"), weighted);
        JsonNode perCustomer = fit("bgnbd", ReferenceData.path("cdnow_bgnbd.csv"));
        JsonNode perHistory = fit("bgnbd", file);
        assertTrue(counts.size() < 2357);
        assertEquals(2357, perHistory.get("n").asLong());
        for (String p : List.of("r", "alpha", "a", "b")) {
            assertEquals(perCustomer.at("/params/" + p).asDouble(), perHistory.at("/params/" + p).asDouble(),
                    1e-5 * perCustomer.at("/params/" + p).asDouble(), p + " (to the optimiser's tolerance)");
        }
    }

    /** Two identical cohorts double the likelihood, which leaves the maximum where it was. */
    @Test
    void cohortsAreFittedTogether() throws IOException {
        List<String> lines = Files.readAllLines(ReferenceData.path("sbg_regular.csv"));
        StringBuilder two = new StringBuilder("cohort,period,alive\n");
        for (String cohort : List.of("2019", "2020")) {
            lines.subList(1, lines.size()).forEach(l -> two.append(cohort).append(',').append(l.strip()).append('\n'));
        }
        JsonNode json = fit("sbg", Files.writeString(tmp.resolve("cohorts.csv"), two));
        assertPublished(0.704, json.at("/params/alpha"), "alpha");
        assertPublished(1.182, json.at("/params/beta"), "beta");
        assertEquals(2000, json.get("n").asLong());
    }

    @Test
    void badFilesFailWithOneClearMessageAndStatusOne() throws IOException {
        assertFails("bgnbd", "frequency,recency\n1,2\n", "missing column(s) T");
        assertFails("bgnbd", "frequency,recency,T\n1,2,10\n1,abc,10\n", "line 3, column recency: 'abc' is not a number");
        assertFails("bgnbd", "frequency,recency,T\n1,12,10\n", "line 2, column recency: 12 is outside 0..T");
        assertFails("bgnbd", "frequency,recency,T\n-1,0,10\n", "line 2, column frequency: -1 is not a whole number >= 0");
        assertFails("bgnbd", "frequency,recency,T\n1,2,10\n0,0,5\n", "fewer than the configured minimum of 30");
        assertFails("gamma-gamma", "frequency,monetary_value\n0,10\n", "line 2, column frequency: 0 is not a whole number >= 1");
        assertFails("gamma-gamma", "frequency,monetary_value,weight\n1,10,1.5\n", "column weight: 1.5 is not a whole number >= 1");
        assertFails("sbg", "period,alive\n0,100\n1,120\n", "line 3, column alive: 120 customers alive in period 1");
        assertFails("sbg", "period,alive\n0,100\n2,80\n", "without gaps");
        assertFails("sbg", "period,alive\n", "no data rows");

        CliRun missing = CliRun.of("clv", "fit", "--model", "sbg", "--input", tmp.resolve("nope.csv").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("nope.csv: file not found"), missing.err());

        CliRun wrongModel = CliRun.of("clv", "fit", "--model", "pareto", "--input", "x.csv");
        assertEquals(2, wrongModel.status());
        assertTrue(wrongModel.err().contains("use sbg, bgnbd or gamma-gamma"), wrongModel.err());
    }

    private void assertFails(String model, String content, String expected) throws IOException {
        Path file = Files.writeString(Files.createTempFile(tmp, "bad", ".csv"), content);
        CliRun run = CliRun.of("clv", "fit", "--model", model, "--input", file.toString());
        assertEquals(1, run.status(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().contains(expected) && run.err().contains(file.getFileName().toString()), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one message, no stack trace: " + run.err());
    }
}
