package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch folders of the commands that replace data ({@code demo}, {@code generate}, {@code bench}): they only ever
 * replace or delete a folder they created themselves, recognised by a marker file they write into it. A folder that
 * exists, is not empty and carries no marker (nor sits inside one that does) is refused, naming the folder, so a
 * configuration that points at real data cannot have it overwritten.
 */
public final class Folders {
    /** The marker file: its presence says a Lifecycle command created the folder and may replace it. */
    public static final String MARKER = ".lifecycle-scratch";

    private Folders() {
    }

    /**
     * Makes {@code dir} a scratch folder of {@code command}: creates it (with its marker) when missing or empty,
     * accepts it when it or a folder above it carries the marker, and otherwise refuses.
     */
    public static void claim(Path dir, String command) {
        Path folder = dir.toAbsolutePath().normalize();
        if (owned(folder)) {
            return;
        }
        if (Files.exists(folder) && !isEmptyFolder(folder)) {
            throw new LifecycleException(command + " writes only into folders it created itself, and " + folder
                    + " exists, is not empty and was not created by a Lifecycle command (it has no " + MARKER
                    + " file). Choose a new or empty folder" + ("demo".equals(command)
                    ? " (the warehouse and lakehouse of the configuration: see docs/configuration.md)" : "")
                    + ", or delete this one yourself if it holds nothing you need.");
        }
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(MARKER), "Created by bin/lifecycle " + command + " at " + Instant.now()
                    + ".\nLifecycle's demo, generate and bench commands may replace this folder; delete this file to "
                    + "stop them.\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties a scratch folder of {@code command} ({@link #claim} rules) and leaves it with its marker. */
    public static void reset(Path dir, String command) {
        Path folder = dir.toAbsolutePath().normalize();
        claim(folder, command);
        if (Files.exists(folder.resolve(MARKER))) {
            try (Stream<Path> children = Files.list(folder)) {
                children.filter(p -> !p.getFileName().toString().equals(MARKER)).forEach(Folders::deleteRecursively);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            deleteRecursively(folder);
            claim(folder, command);
        }
    }

    /** Whether the folder or one above it carries the marker. */
    static boolean owned(Path folder) {
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(MARKER))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmptyFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes a folder and everything in it; nothing happens if it does not exist. Only for folders inside a claimed
     * scratch folder ({@link #reset} for the folder itself).
     */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
