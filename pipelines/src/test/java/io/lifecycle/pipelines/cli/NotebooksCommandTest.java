package io.lifecycle.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed notebooks are clean (no outputs, no execution counts: reviews see code, not stale numbers) and read
 * the lakehouse only through the helper module; the notebooks command's errors before any Python runs.
 */
class NotebooksCommandTest {
    static final Path NOTEBOOKS = NotebooksCommand.home().resolve("notebooks");
    static final String CONF = NotebooksCommand.home().resolve("conf").toString();

    static List<Path> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            return files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @Test
    void committedNotebooksHaveNoOutputsNorExecutionCounts() throws IOException {
        List<Path> notebooks = notebooks();
        assertTrue(notebooks.size() >= 6, "the six notebooks are in " + NOTEBOOKS + ": " + notebooks);
        List<String> dirty = new ArrayList<>();
        for (Path nb : notebooks) {
            JsonNode cells = new ObjectMapper().readTree(nb.toFile()).path("cells");
            assertTrue(cells.size() > 0, nb + " has cells");
            for (int i = 0; i < cells.size(); i++) {
                JsonNode cell = cells.get(i);
                if (cell.path("outputs").size() > 0) {
                    dirty.add(nb.getFileName() + " cell " + (i + 1) + " has outputs");
                }
                if (cell.has("execution_count") && !cell.get("execution_count").isNull()) {
                    dirty.add(nb.getFileName() + " cell " + (i + 1) + " has execution_count "
                            + cell.get("execution_count"));
                }
            }
        }
        assertTrue(dirty.isEmpty(), "commit notebooks without outputs (Jupyter: Edit > Clear Outputs of All Cells, "
                + "or jupyter nbconvert --clear-output --inplace notebooks/*.ipynb): " + dirty);
    }

    @Test
    void everyNotebookReadsThroughTheHelperModuleWithAPythonKernel() throws IOException {
        for (Path nb : notebooks()) {
            JsonNode root = new ObjectMapper().readTree(nb.toFile());
            assertEquals("python3", root.path("metadata").path("kernelspec").path("name").asText(), nb + " kernel");
            StringBuilder code = new StringBuilder();
            root.path("cells").forEach(c -> {
                if (c.path("cell_type").asText().equals("code")) {
                    c.path("source").forEach(line -> code.append(line.asText()));
                    code.append('\n');
                }
            });
            assertTrue(code.toString().contains("import lakehouse"), nb + " imports the helper module lakehouse.py");
            assertFalse(code.toString().contains("deltalake") || code.toString().contains("duckdb"),
                    nb + " reads tables only through lakehouse.py, the one place that knows how");
        }
    }

    @Test
    void aMissingLakehouseIsOneClearSentence(@TempDir Path tmp) {
        CliRun run = CliRun.of("notebooks", "--config", CONF, "--lakehouse", tmp.resolve("nowhere").toString(),
                "--venv", tmp.resolve("venv").toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("No published lakehouse at") && run.err().contains("bin/lifecycle demo"),
                run.err());
        assertFalse(Files.exists(tmp.resolve("venv")), "no environment is made for a run that cannot happen");
    }

    @Test
    void aMissingPythonIsOneClearSentence(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("lakehouse/gold"));
        CliRun run = CliRun.of("notebooks", "--config", CONF, "--lakehouse", tmp.resolve("lakehouse").toString(),
                "--venv", tmp.resolve("venv").toString(), "--python", tmp.resolve("no-python3").toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains("is needed to run the notebooks and was not found"), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
    }

    @Test
    void theFailureSummaryNamesNotebookAndCell(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("run.json"), "{\"failures\": [\"01_health.ipynb at cell 7 (code cell 4): "
                + "KeyError: 'band'\"]}");
        String summary = NotebooksCommand.failureSummary(tmp, 1);
        assertTrue(summary.contains("01_health.ipynb at cell 7 (code cell 4): KeyError: 'band'"), summary);
        assertTrue(NotebooksCommand.failureSummary(tmp.resolve("none"), 3).contains("status 3"));
    }
}
