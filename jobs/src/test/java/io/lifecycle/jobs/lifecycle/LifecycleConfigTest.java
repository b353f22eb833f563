package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** conf/lifecycle.yaml: the shipped file loads; a bad or missing value names the file, the key and what is allowed. */
class LifecycleConfigTest {
    private static final Path SHIPPED = Path.of("..", "conf", LifecycleConfig.FILE_NAME);

    @Test
    void theShippedFileLoads() {
        LifecycleConfig c = LifecycleConfig.load(SHIPPED.getParent());
        assertEquals(0.3, c.activation().minSeatShare());
        assertEquals(30, c.activation().minTenureDays());
        assertEquals(60, c.renewalWindowDays());
        assertEquals(9, c.advocate().minNps());
        assertEquals(90, c.lostLeadDays());
        assertEquals(30, c.retireAfterDays());
    }

    @Test
    void retireAfterDaysIsOptionalAndChecked(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(LifecycleConfig.FILE_NAME), Files.readString(SHIPPED)
                .replace("retireAfterDays: 30", ""));
        assertEquals(LifecycleConfig.DEFAULT_RETIRE_AFTER_DAYS, LifecycleConfig.load(dir).retireAfterDays());
        String message = load(dir, Files.readString(SHIPPED).replace("retireAfterDays: 30", "retireAfterDays: -1"))
                .getMessage();
        assertTrue(message.contains("'retireAfterDays'") && message.contains("allowed 0 to 3650"), message);
    }

    @Test
    void anOutOfRangeValueNamesTheFileKeyAndRange(@TempDir Path dir) throws Exception {
        String message = load(dir, Files.readString(SHIPPED).replace("minNps: 9", "minNps: 11")).getMessage();
        assertTrue(message.contains("lifecycle.yaml") && message.contains("'advocate.minNps'")
                && message.contains("allowed 0 to 10"), message);
        message = load(dir, Files.readString(SHIPPED).replace("minSeatShare: 0.3", "minSeatShare: 1.5")).getMessage();
        assertTrue(message.contains("'activation.minSeatShare'") && message.contains("from 0 to 1"), message);
    }

    @Test
    void activationCannotWaitLongerThanItIsExpectedToTake(@TempDir Path dir) throws Exception {
        String message = load(dir, Files.readString(SHIPPED).replace("minTenureDays: 30", "minTenureDays: 61"))
                .getMessage();
        assertTrue(message.contains("'activation.minTenureDays'") && message.contains("withinDays (60)"), message);
        message = load(dir, Files.readString(SHIPPED).replace("minTenureDays: 30", "")).getMessage();
        assertTrue(message.contains("'activation.minTenureDays'") && message.contains("missing"), message);
    }

    @Test
    void aMissingOrUnknownKeyIsNamed(@TempDir Path dir) throws Exception {
        String message = load(dir, Files.readString(SHIPPED).replace("dormancyDays: 30", "")).getMessage();
        assertTrue(message.contains("'dormancyDays'") && message.contains("missing"), message);
        message = load(dir, Files.readString(SHIPPED).replace("dormancyDays: 30", "dormantDays: 30")).getMessage();
        assertTrue(message.contains("'dormantDays'") && message.contains("dormancyDays"), message);
    }

    private static ConfigException load(Path dir, String yaml) throws Exception {
        Files.writeString(dir.resolve(LifecycleConfig.FILE_NAME), yaml);
        return assertThrows(ConfigException.class, () -> LifecycleConfig.load(dir));
    }
}
