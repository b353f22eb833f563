package io.lifecycle.common.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltOnceTest {
    @TempDir
    Path tmp;

    private final String before = System.getProperty(BuiltOnce.BUILD_PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (before == null) {
            System.clearProperty(BuiltOnce.BUILD_PROPERTY);
        } else {
            System.setProperty(BuiltOnce.BUILD_PROPERTY, before);
        }
    }

    /** Builds into {@code dir}: appends a line to {@code log} (one per build), waits, then writes a file. */
    static void build(Path dir, Path log) {
        try {
            Files.writeString(log, "built\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Thread.sleep(1500);
            Files.writeString(dir.resolve("data.txt"), "rows");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Entry point of the child JVMs: ensure the folder, then say whether the folder was complete when returned. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        BuiltOnce.ensure(dir, d -> build(d, Path.of(args[1])));
        System.out.print(Files.isRegularFile(dir.resolve("data.txt")) ? "complete" : "incomplete");
    }

    @Test
    void twoJvmsOfOneBuildBuildTheFolderOnceAndBothSeeItComplete() throws Exception {
        Path dir = tmp.resolve("shared");
        Path log = tmp.resolve("builds.log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(java.toString(), "-cp", classpath,
                    "-D" + BuiltOnce.BUILD_PROPERTY + "=build-1", BuiltOnceTest.class.getName(), dir.toString(),
                    log.toString()).redirectErrorStream(true).start());
        }
        for (Process p : children) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.endsWith("complete") && !out.endsWith("incomplete"), out);
        }
        assertEquals(List.of("built"), Files.readAllLines(log), "built by one JVM only");
    }

    @Test
    void theSameBuildReusesTheFolderAndALaterBuildStartsFromAnEmptyOne() throws IOException {
        Path dir = tmp.resolve("shared");
        Path log = tmp.resolve("builds.log");
        System.setProperty(BuiltOnce.BUILD_PROPERTY, "build-1");
        assertTrue(BuiltOnce.ensure(dir, d -> build(d, log)));
        Files.writeString(dir.resolve("left-by-a-test.txt"), "x");
        assertFalse(BuiltOnce.ensure(dir, d -> build(d, log)), "reused within the build");
        assertTrue(Files.exists(dir.resolve("left-by-a-test.txt")));

        System.setProperty(BuiltOnce.BUILD_PROPERTY, "build-2");
        assertTrue(BuiltOnce.ensure(dir, d -> build(d, log)));
        assertFalse(Files.exists(dir.resolve("left-by-a-test.txt")), "a new build starts from an empty folder");
        assertTrue(Files.isRegularFile(dir.resolve("data.txt")));
        assertEquals(List.of("built", "built"), Files.readAllLines(log));
    }

    @Test
    void aFailedBuildIsTriedAgainByTheNextCaller() {
        Path dir = tmp.resolve("shared");
        Path log = tmp.resolve("builds.log");
        System.setProperty(BuiltOnce.BUILD_PROPERTY, "build-1");
        assertThrows(IllegalStateException.class, () -> BuiltOnce.ensure(dir, d -> {
            throw new IllegalStateException("generator failed");
        }));
        assertTrue(BuiltOnce.ensure(dir, d -> build(d, log)), "built after the failure");
        assertTrue(Files.isRegularFile(dir.resolve("data.txt")));
    }

    @Test
    void withoutAMavenBuildIdEachJvmBuildsOnce() {
        System.clearProperty(BuiltOnce.BUILD_PROPERTY);
        assertEquals("jvm-" + ProcessHandle.current().pid(), BuiltOnce.buildId());
        System.setProperty(BuiltOnce.BUILD_PROPERTY, "${maven.build.timestamp}");
        assertEquals("jvm-" + ProcessHandle.current().pid(), BuiltOnce.buildId(), "an uninterpolated property");
    }
}
