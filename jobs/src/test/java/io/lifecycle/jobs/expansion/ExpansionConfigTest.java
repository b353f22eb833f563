package io.lifecycle.jobs.expansion;

import io.lifecycle.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** conf/expansion.yaml is checked on load; an error names the file, the key and what is allowed. */
class ExpansionConfigTest {
    private static final Path SHIPPED = Path.of("..", "conf", ExpansionConfig.FILE_NAME);

    @TempDir
    Path tmp;

    @Test
    void theShippedConfigLoads() {
        ExpansionConfig c = ExpansionConfig.load(Path.of("..", "conf"));
        assertEquals(90, c.horizonDays());
        assertEquals(7, c.retrain().everyDays());
        assertEquals(0.60, c.floors().minRocAuc());
        assertEquals(42L, c.seed());
    }

    @Test
    void anOutOfRangeValueNamesTheKeyAndTheRange() throws IOException {
        String message = error("minRocAuc: 0.60", "minRocAuc: 1.5");
        assertTrue(message.contains(ExpansionConfig.FILE_NAME), message);
        assertTrue(message.contains("floors.minRocAuc"), message);
        assertTrue(message.contains("allowed 0 to 1"), message);
        assertTrue(error("horizonDays: 90", "horizonDays: 0").contains("allowed 7 to 730"));
    }

    @Test
    void aMissingOrUnknownKeyIsAnError() throws IOException {
        assertTrue(error("seed: 42", "").contains("seed"));
        assertTrue(error("seed: 42", "seed: 42\nseeds: 1").contains("unknown key"));
        assertTrue(error("maxDepth: 4, ", "").contains("models.gradientBoostedTrees.maxDepth"));
    }

    /** A conf/expansion.yaml of the version before still loads: its retired keys are ignored. */
    @Test
    void theRetiredKeysOfAnOlderFileAreIgnored() throws IOException {
        String yaml = Files.readString(SHIPPED).replace("horizonDays: 90", "horizonDays: 90\nminMrrUpliftShare: 0.10")
                .replace("minRocAuc: 0.60", "minRocAuc: 0.70, maxEce: 0.05");
        assertTrue(yaml.contains("minMrrUpliftShare") && yaml.contains("maxEce"), yaml);
        Files.writeString(tmp.resolve(ExpansionConfig.FILE_NAME), yaml);
        ExpansionConfig c = ExpansionConfig.load(tmp);
        assertEquals(0.70, c.floors().minRocAuc());
        assertEquals(90, c.horizonDays());
    }

    /** The shipped file with one text replaced, loaded; the message of the error it gives. */
    private String error(String text, String replacement) throws IOException {
        String yaml = Files.readString(SHIPPED);
        assertTrue(yaml.contains(text), "shipped file contains " + text);
        Files.writeString(tmp.resolve(ExpansionConfig.FILE_NAME), yaml.replace(text, replacement));
        return assertThrows(ConfigException.class, () -> ExpansionConfig.load(tmp)).getMessage();
    }
}
