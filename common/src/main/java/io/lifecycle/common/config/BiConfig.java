package io.lifecycle.common.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * conf/bi.yaml: the DuckDB database file BI tools open, bound strictly and validated on load. Relative paths resolve
 * against the folder above the config folder, as in application.yaml.
 *
 * @param database            the DuckDB file; null (the default) for {@code <lakehouse>/../bi/lifecycle.duckdb}
 * @param materialize         false: a view per gold table reading the published Delta table in place (DuckDB's
 *                            delta extension needed at query time); true: a copy of the rows made at refresh
 * @param refreshAfterPublish whether the marts job rewrites the file after each successful publish
 * @param extensionDirectory  DuckDB extension directory holding
 *                            {@code v<duckdb version>/<platform>/delta.duckdb_extension}
 */
public record BiConfig(Path database, Boolean materialize, Boolean refreshAfterPublish, Path extensionDirectory) {
    public static final String FILE_NAME = "bi.yaml";

    public static boolean exists(Path configDir) {
        return Files.isRegularFile(configDir.resolve(FILE_NAME));
    }

    /** The file in {@code configDir}, with every path made absolute; {@code lakehouse} gives the default database. */
    public static BiConfig load(Path configDir, Path lakehouse) {
        Path file = configDir.resolve(FILE_NAME);
        return validate(file.toString(), YamlFiles.read(file, BiConfig.class),
                configDir.toAbsolutePath().normalize().getParent(), lakehouse);
    }

    static BiConfig validate(String file, BiConfig c, Path base, Path lakehouse) {
        ConfigChecks.required(file, "materialize", c.materialize(), "true (tables) or false (views)");
        ConfigChecks.required(file, "refreshAfterPublish", c.refreshAfterPublish(), "true or false");
        ConfigChecks.required(file, "extensionDirectory", c.extensionDirectory(),
                "the DuckDB extension directory, e.g. .lifecycle/duckdb-extensions");
        if (c.database() != null && !c.database().getFileName().toString().endsWith(".duckdb")) {
            throw new ConfigException(file, "database", "'" + c.database() + "' should name a .duckdb file");
        }
        Path database = c.database() == null
                ? lakehouse.toAbsolutePath().normalize().getParent().resolve("bi").resolve("lifecycle.duckdb")
                : base.resolve(c.database()).normalize();
        return new BiConfig(database, c.materialize(), c.refreshAfterPublish(),
                base.resolve(c.extensionDirectory()).normalize());
    }
}
