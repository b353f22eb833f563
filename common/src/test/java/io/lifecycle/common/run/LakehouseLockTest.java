package io.lifecycle.common.run;

import io.lifecycle.common.LifecycleException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One writer at a time: a second writer waits, then fails naming the holder; a dead holder's lock is taken over. */
class LakehouseLockTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path lake;

    private Path lockFile() {
        return lake.resolve(LakehouseLock.FOLDER).resolve(LakehouseLock.LOCK);
    }

    @Test
    void aSecondWriterWaitsThenFailsNamingTheHolder() {
        try (LakehouseLock first = LakehouseLock.acquire(lake.toString(), "night-1", Duration.ZERO, MINUTE,
                Progress.silent())) {
            assertTrue(Files.isRegularFile(lockFile()));
            long t0 = System.nanoTime();
            LifecycleException e = assertThrows(LifecycleException.class, () -> LakehouseLock.acquire(lake.toString(),
                    "manual-2", Duration.ofSeconds(2), MINUTE, Progress.silent()));
            double waited = (System.nanoTime() - t0) / 1e9;
            assertTrue(waited >= 1.9, "waited " + waited + " s");
            assertTrue(e.getMessage().contains("run night-1") && e.getMessage().contains("process "
                    + ProcessHandle.current().pid()) && e.getMessage().contains("writerLock.waitMinutes"), e.getMessage());
        }
        assertFalse(Files.exists(lockFile()), "released");
        LakehouseLock.acquire(lake.toString(), "manual-2", Duration.ZERO, MINUTE, Progress.silent()).close();
    }

    @Test
    void aWaitingWriterGetsTheLockWhenTheHolderReleasesIt() throws Exception {
        LakehouseLock first = LakehouseLock.acquire(lake.toString(), "night-1", Duration.ZERO, MINUTE,
                Progress.silent());
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            try (LakehouseLock l = LakehouseLock.acquire(lake.toString(), "night-2", Duration.ofSeconds(30), MINUTE,
                    Progress.silent())) {
                return "got it";
            }
        });
        Thread.sleep(1500);
        assertFalse(second.isDone(), "waits while night-1 holds the lock");
        first.close();
        assertEquals("got it", second.get(20, TimeUnit.SECONDS));
    }

    @Test
    void theLockOfAProcessThatIsGoneIsTakenOverSayingSo() throws IOException {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), "{\"run_id\":\"crashed-run\",\"user\":\"etl\",\"host\":\"old-host\",\"pid\":\"4242\","
                + "\"acquired_at\":\"" + Instant.now().minus(Duration.ofMinutes(30)) + "\"}");
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (LakehouseLock l = LakehouseLock.acquire(lake.toString(), "night-3", Duration.ZERO,
                Duration.ofMinutes(10), new Progress(new PrintStream(said, true, StandardCharsets.UTF_8)))) {
            assertTrue(Files.readString(lockFile()).contains("night-3"));
        }
        String out = said.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("taking over") && out.contains("crashed-run") && out.contains("old-host"), out);
    }

    @Test
    void theLockOfAProcessThatEndedOnThisHostIsTakenOverAtOnce() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Files.createDirectories(lockFile().getParent());
        // its heartbeat is fresh (it was killed a second ago), so the stale time alone would make the next run wait
        String holder = "{\"run_id\":\"killed-run\",\"user\":\"etl\",\"host\":\"" + host + "\",\"pid\":\""
                + ended.pid() + "\",\"acquired_at\":\"" + Instant.now() + "\"}";
        Files.writeString(lockFile(), holder);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        try (LakehouseLock l = LakehouseLock.acquire(lake.toString(), "next-run", Duration.ZERO,
                Duration.ofMinutes(10), new Progress(new PrintStream(said, true, StandardCharsets.UTF_8)))) {
            assertTrue(Files.readString(lockFile()).contains("next-run"));
        }
        String out = said.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("killed-run") && out.contains("no longer exists on this host"), out);

        // the same holder with a live process id (this one) keeps its lock
        Files.writeString(lockFile(), holder.replace("\"" + ended.pid() + "\"",
                "\"" + ProcessHandle.current().pid() + "\""));
        LifecycleException e = assertThrows(LifecycleException.class, () -> LakehouseLock.acquire(lake.toString(),
                "impatient", Duration.ZERO, Duration.ofMinutes(10), Progress.silent()));
        assertTrue(e.getMessage().contains("killed-run"), e.getMessage());
    }

    @Test
    void aHeartbeatCaughtWhileBeingRewrittenIsASignOfLife() throws IOException {
        // taken 30 min ago; its heartbeat file was just truncated by the holder's next beat (read as nothing)
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), "{\"run_id\":\"long-night\",\"user\":\"etl\",\"host\":\"h\",\"pid\":\"1\","
                + "\"acquired_at\":\"" + Instant.now().minus(Duration.ofMinutes(30)) + "\"}");
        Files.writeString(lockFile().resolveSibling(LakehouseLock.HEARTBEAT), "");
        LifecycleException e = assertThrows(LifecycleException.class, () -> LakehouseLock.acquire(lake.toString(),
                "impatient", Duration.ZERO, Duration.ofMinutes(10), Progress.silent()));
        assertTrue(e.getMessage().contains("long-night"), e.getMessage());
    }

    @Test
    void aLiveHolderKeepsItsLockFreshBeyondTheStaleTime() throws IOException {
        Duration staleAfter = Duration.ofSeconds(2);
        try (LakehouseLock holder = LakehouseLock.acquire(lake.toString(), "long-night", Duration.ZERO, staleAfter,
                Progress.silent())) {
            // the holder renews every 0.5 s: 4 s later (twice the stale time) it is still not taken over
            LifecycleException e = assertThrows(LifecycleException.class, () -> LakehouseLock.acquire(lake.toString(),
                    "impatient", Duration.ofSeconds(4), staleAfter, Progress.silent()));
            assertTrue(e.getMessage().contains("long-night"), e.getMessage());
            assertTrue(Files.readString(lockFile()).contains("long-night"));
        }
    }
}
