package io.lifecycle.common.config;

import java.nio.file.Path;

/**
 * conf/maintenance.yaml, read by {@code bin/lifecycle maintain}; bound strictly and validated on load.
 *
 * @param vacuumRetentionHours files a table no longer references are deleted once they are this old; never below
 *                             168 (Delta's safety default: a reader or writer still on an older version must not
 *                             lose its files)
 * @param optimize             whether the daily tables (those with a snapshot date) are compacted first (OPTIMIZE)
 */
public record MaintenanceConfig(Integer vacuumRetentionHours, Boolean optimize) {
    public static final String FILE_NAME = "maintenance.yaml";
    /** Delta's default retention, the floor: a shorter one could delete files a concurrent reader still needs. */
    public static final int MIN_RETENTION_HOURS = 168;

    public static MaintenanceConfig load(Path configDir) {
        Path file = configDir.resolve(FILE_NAME);
        MaintenanceConfig c = YamlFiles.read(file, MaintenanceConfig.class);
        ConfigChecks.range(file.toString(), "vacuumRetentionHours", c.vacuumRetentionHours(), MIN_RETENTION_HOURS,
                24 * 3650);
        ConfigChecks.required(file.toString(), "optimize", c.optimize(), "true or false");
        return c;
    }
}
