package io.lifecycle.pipelines.cli;

import io.lifecycle.pipelines.cluster.SparkCluster;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

/** Runs the CLI and captures what it printed: in-process, or as its own JVM (another default time zone). */
record CliRun(int status, String out, String err) {
    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = LifecycleCli.execute(args);
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Runs {@code lifecycle ARGS} in a JVM of its own whose default time zone is {@code zone} (what a driver on a
     * machine in that zone has), with the test classpath and JVM flags; waits up to 20 minutes.
     */
    static CliRun inJvm(String zone, String... args) {
        return inJvm(zone, null, args);
    }

    /**
     * Runs the CLI in a JVM of its own (UTC) and kills it with SIGKILL as soon as a line of its progress output
     * (stderr) matches {@code at}: a crash at that point. The result's status is 137 when it was killed, else the
     * exit status of a run that ended before the line came.
     */
    static CliRun killedAt(Pattern at, String... args) {
        return inJvm("UTC", at, args);
    }

    private static CliRun inJvm(String zone, Pattern killAt, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-Duser.timezone=" + zone));
        command.addAll(SparkCluster.sparkJvmFlags());
        command.addAll(SparkCluster.testJvmFlags());
        String log4j = System.getProperty("log4j2.configurationFile");
        if (log4j != null) {
            command.add("-Dlog4j2.configurationFile=" + log4j);
        }
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), LifecycleCli.class.getName()));
        command.addAll(List.of(args));
        try {
            // its own working folder: Spark makes its session catalog folder (spark-warehouse/) there
            Path dir = Files.createTempDirectory("lifecycle-cli");
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (killAt != null) {
                    killWhenSeen(p, err, killAt);
                }
                if (!p.waitFor(20, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("lifecycle " + String.join(" ", args) + " in " + zone
                            + " did not finish in 20 minutes:\n" + Files.readString(err));
                }
                return new CliRun(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Folders.deleteRecursively(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Watches the process's stderr file; SIGKILL (destroyForcibly) the moment a line matches. */
    private static void killWhenSeen(Process p, Path err, Pattern at) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (new String(Files.readAllBytes(err), StandardCharsets.UTF_8).lines().anyMatch(l -> at.matcher(l).find())) {
                p.destroyForcibly();
                return;
            }
            Thread.sleep(50);
        }
    }
}
