package io.lifecycle.pipelines.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * demo, generate and bench replace only folders they created themselves: pointed at a folder holding someone's
 * data they stop before touching it, name the folder, and leave every file as it was.
 */
class DestructiveCommandsTest {
    @TempDir
    Path tmp;

    private Path realData(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("precious.parquet"), "customer data");
        Files.createDirectories(dir.resolve("gold/account_health_daily"));
        Files.writeString(dir.resolve("gold/account_health_daily/part-0.parquet"), "published rows");
        return dir;
    }

    private static void assertUntouched(Path dir) throws IOException {
        assertEquals("customer data", Files.readString(dir.resolve("precious.parquet")));
        assertEquals("published rows", Files.readString(dir.resolve("gold/account_health_daily/part-0.parquet")));
        assertTrue(Files.notExists(dir.resolve(Folders.MARKER)), "no marker written into " + dir);
    }

    @Test
    void demoRefusesALakehouseItDidNotCreate() throws IOException {
        Path lakehouse = realData("production-lakehouse");
        Path warehouse = tmp.resolve("new-warehouse");
        CliRun run = CliRun.of("demo", "--config", "../conf", "--lakehouse", lakehouse.toString(),
                "--warehouse", warehouse.toString());
        assertNotEquals(0, run.status());
        assertTrue(run.err().contains(lakehouse.toString()) && run.err().contains("not created by a Lifecycle command"),
                run.err());
        assertUntouched(lakehouse);
        assertTrue(Files.notExists(warehouse), "nothing generated before the refusal");
    }

    @Test
    void demoRefusesAWarehouseItDidNotCreate() throws IOException {
        Path warehouse = realData("production-warehouse");
        CliRun run = CliRun.of("demo", "--config", "../conf", "--lakehouse", tmp.resolve("lake").toString(),
                "--warehouse", warehouse.toString());
        assertNotEquals(0, run.status());
        assertTrue(run.err().contains(warehouse.toString()), run.err());
        assertUntouched(warehouse);
    }

    @Test
    void generateAndBenchRefuseFoldersTheyDidNotCreate() throws IOException {
        Path out = realData("warehouse");
        CliRun generate = CliRun.of("generate", "--config", "../conf", "--out", out.toString());
        assertNotEquals(0, generate.status());
        assertTrue(generate.err().contains(out.toString()), generate.err());
        assertUntouched(out);

        Path work = realData("work");
        CliRun bench = CliRun.of("bench", "ingest", "--config", "../conf", "--work", work.toString());
        assertNotEquals(0, bench.status());
        assertTrue(bench.err().contains(work.toString()), bench.err());
        assertUntouched(work);
    }

    @Test
    void aFolderTheyCreatedOrAnEmptyOneIsTheirs() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Folders.claim(empty, "generate");
        assertTrue(Files.isRegularFile(empty.resolve(Folders.MARKER)));
        Files.writeString(empty.resolve("inputs.parquet"), "generated");
        Files.createDirectories(empty.resolve("usage_events"));
        Folders.reset(empty, "demo");
        try (var children = Files.list(empty)) {
            assertEquals(1, children.count(), "only the marker is left");
        }
        Folders.claim(empty.resolve("warehouse-small"), "bench");
        assertTrue(Files.notExists(empty.resolve("warehouse-small").resolve(Folders.MARKER)),
                "inside a claimed folder: no marker of its own needed");

        Path data = realData("data");
        assertThrows(io.lifecycle.common.LifecycleException.class, () -> Folders.reset(data, "demo"));
        assertUntouched(data);
    }
}
