package io.lifecycle.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A folder of test data built once per Maven invocation and shared by all its test JVMs (surefire and failsafe each
 * fork two): the first JVM to ask builds it while holding a file lock, the others wait for the lock and reuse what it
 * built. A folder is reused only when its marker names this invocation (the system property
 * {@value #BUILD_PROPERTY}, Maven's start time, set in the root pom), so a later {@code mvn verify} over changed
 * code rebuilds it. Without the property (a test started from an IDE) the folder is rebuilt once per JVM.
 */
public final class BuiltOnce {
    public static final String BUILD_PROPERTY = "lifecycle.test.build";
    static final String MARKER = ".built-by";

    private BuiltOnce() {
    }

    /** This invocation's identity: what a folder's marker must say for the folder to be reused. */
    static String buildId() {
        String id = System.getProperty(BUILD_PROPERTY, "");
        return id.isBlank() || id.startsWith("${") ? "jvm-" + ProcessHandle.current().pid() : id;
    }

    /**
     * Makes sure {@code dir} holds what {@code build} writes into it for this invocation, building it (into an
     * emptied folder) unless another JVM of the same invocation already did; returns whether this call built it.
     * A build that throws leaves no marker, so the next caller tries again.
     */
    public static synchronized boolean ensure(Path dir, Consumer<Path> build) {
        Path folder = dir.toAbsolutePath();
        Path lockFile = folder.resolveSibling(folder.getFileName() + ".lock");
        Path marker = folder.resolve(MARKER);
        String id = buildId();
        try {
            Files.createDirectories(folder.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(id)) {
                    return false;
                }
                deleteRecursively(folder);
                Files.createDirectories(folder);
                build.accept(folder);
                Files.writeString(marker, id, StandardCharsets.UTF_8);
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the shared test folder " + folder, e);
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
