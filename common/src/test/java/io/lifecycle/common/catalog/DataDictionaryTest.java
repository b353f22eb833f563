package io.lifecycle.common.catalog;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/tables.md is the catalog as it is now. */
class DataDictionaryTest {
    private static final Path COMMITTED = Path.of(System.getProperty("user.dir")).resolve("../docs/tables.md");

    @Test
    void committedDataDictionaryIsCurrent() throws IOException {
        String expected = DataDictionary.markdown(Tables.all());
        assertTrue(Files.exists(COMMITTED), COMMITTED + " is missing; create it with: " + DataDictionary.REFRESH_COMMAND);
        assertEquals(expected, Files.readString(COMMITTED), "docs/tables.md is out of date with the catalog; "
                + "refresh it with: " + DataDictionary.REFRESH_COMMAND);
    }

    @Test
    void everyTableAndColumnIsListed() {
        String md = DataDictionary.markdown(Tables.all());
        for (TableDef t : Tables.all()) {
            assertTrue(md.contains("\n## " + t.qualifiedName() + "\n"), t.qualifiedName());
            for (String c : t.columnNames()) {
                assertTrue(md.contains("| `" + c + "` |"), t.qualifiedName() + "." + c);
            }
        }
    }
}
