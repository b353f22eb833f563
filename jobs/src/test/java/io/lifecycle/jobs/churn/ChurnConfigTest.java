package io.lifecycle.jobs.churn;

import io.lifecycle.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** conf/churn.yaml is checked on load; an error names the file, the key and what is allowed. */
class ChurnConfigTest {
    private static final Path SHIPPED = Path.of("..", "conf", ChurnConfig.FILE_NAME);

    @TempDir
    Path tmp;

    @Test
    void theShippedConfigLoads() {
        ChurnConfig c = ChurnConfig.load(Path.of("..", "conf"));
        assertEquals(90, c.horizonDays());
        assertEquals(0.10, c.contractionShare());
        assertEquals(90, c.retrain().everyDays());
        assertEquals(0.60, c.floors().minRocAuc());
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAllowed() throws IOException {
        String share = error("contractionShare: 0.10", "contractionShare: 0");
        assertTrue(share.contains(ChurnConfig.FILE_NAME) && share.contains("contractionShare")
                && share.contains("greater than 0 to 1"), share);
        assertTrue(error("horizonDays: 90", "horizonDays: 400").contains("allowed 7 to 365"));
        assertTrue(error("seed: 42", "").contains("seed"));
        assertTrue(error("seed: 42", "seed: 42\nmaxOpportunities: 3").contains("unknown key"));
    }

    private String error(String text, String replacement) throws IOException {
        String yaml = Files.readString(SHIPPED);
        assertTrue(yaml.contains(text), "shipped file contains " + text);
        Files.writeString(tmp.resolve(ChurnConfig.FILE_NAME), yaml.replace(text, replacement));
        return assertThrows(ConfigException.class, () -> ChurnConfig.load(tmp)).getMessage();
    }
}
