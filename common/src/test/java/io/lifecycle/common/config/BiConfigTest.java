package io.lifecycle.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BiConfigTest {
    @TempDir
    Path project;

    private BiConfig load(String yaml) throws IOException {
        Path conf = Files.createDirectories(project.resolve("conf"));
        Files.writeString(conf.resolve(BiConfig.FILE_NAME), yaml);
        return BiConfig.load(conf, project.resolve("demo/lakehouse"));
    }

    @Test
    void theShippedFileLoadsWithTheDatabaseBesideTheLakehouse() throws IOException {
        BiConfig bi = load(Files.readString(Path.of("../conf", BiConfig.FILE_NAME)));
        assertEquals(project.resolve("demo/bi/lifecycle.duckdb"), bi.database());
        assertEquals(project.resolve(".lifecycle/duckdb-extensions"), bi.extensionDirectory());
        assertFalse(bi.materialize());
        assertTrue(bi.refreshAfterPublish());
    }

    @Test
    void relativePathsResolveAgainstTheProjectFolder() throws IOException {
        BiConfig bi = load("database: out/x.duckdb\nmaterialize: true\nrefreshAfterPublish: false\n"
                + "extensionDirectory: /opt/ext\n");
        assertEquals(project.resolve("out/x.duckdb"), bi.database());
        assertEquals(Path.of("/opt/ext"), bi.extensionDirectory());
        assertTrue(bi.materialize());
    }

    @Test
    void aMissingKeyOrAWrongFileIsNamed() {
        ConfigException missing = assertThrows(ConfigException.class, () -> load("materialize: false\n"
                + "extensionDirectory: ext\n"));
        assertTrue(missing.getMessage().contains("refreshAfterPublish"), missing.getMessage());
        ConfigException notDuckDb = assertThrows(ConfigException.class, () -> load("database: bi.sqlite\n"
                + "materialize: false\nrefreshAfterPublish: true\nextensionDirectory: ext\n"));
        assertTrue(notDuckDb.getMessage().contains(".duckdb"), notDuckDb.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> load("materialise: false\n"));
        assertTrue(unknown.getMessage().contains("materialise"), unknown.getMessage());
    }
}
