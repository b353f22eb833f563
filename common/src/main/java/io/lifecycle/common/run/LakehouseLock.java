package io.lifecycle.common.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.config.WriterLockSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One writer at a time on a lakehouse. The lock lives in the lakehouse itself ({@code <lakehouse>/_lifecycle/
 * writer.lock}, written through Hadoop's FileSystem as the tables are), so it holds on a shared file system or an
 * object store too, across hosts. Its content names the holder: user, host, process id, run id, when it was taken.
 * The holder renews a heartbeat ({@code writer.heartbeat}) every quarter of {@code staleAfterMinutes}; a lock whose
 * heartbeat (or, without one, whose taking) is older than that is stale — its process is gone — and is taken over,
 * saying so.
 *
 * <p>A second writer polls until the lock is free, for at most {@code waitMinutes}, printing whom it waits for,
 * then fails naming the holder and the file. Creating the lock file is the atomic step: the file system refuses to
 * create a file that exists, so of two writers exactly one gets it. Read-only commands ({@code sql}, {@code tables})
 * never take it.
 */
public final class LakehouseLock implements AutoCloseable {
    public static final String FOLDER = "_lifecycle";
    static final String LOCK = "writer.lock";
    static final String HEARTBEAT = "writer.heartbeat";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path lock;
    private final Path heartbeat;
    private final String runId;
    private final ScheduledExecutorService renewer;

    private LakehouseLock(FileSystem fs, Path lock, Path heartbeat, String runId, Duration renewEvery) {
        this.fs = fs;
        this.lock = lock;
        this.heartbeat = heartbeat;
        this.runId = runId;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lakehouse-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat();
        long ms = Math.max(200, renewEvery.toMillis());
        renewer.scheduleAtFixedRate(this::beat, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Takes the lock of the lakehouse at {@code root} (a local path or a URI) for {@code runId}, waiting if held. */
    public static LakehouseLock acquire(java.nio.file.Path root, String runId, WriterLockSettings settings,
                                        Progress progress) {
        return acquire(root.toUri().toString(), runId, Duration.ofMinutes(settings.waitMinutes()),
                Duration.ofMinutes(settings.staleAfterMinutes()), progress);
    }

    /** As {@link #acquire(java.nio.file.Path, String, WriterLockSettings, Progress)}, with durations (tests). */
    public static LakehouseLock acquire(String root, String runId, Duration wait, Duration staleAfter,
                                        Progress progress) {
        Path folder = new Path(new Path(root), FOLDER);
        Path lock = new Path(folder, LOCK);
        Path heartbeat = new Path(folder, HEARTBEAT);
        try {
            FileSystem fs = folder.getFileSystem(new Configuration());
            fs.mkdirs(folder);
            Instant deadline = Instant.now().plus(wait);
            Instant nextNotice = Instant.now();
            while (true) {
                if (tryCreate(fs, lock, runId)) {
                    return new LakehouseLock(fs, lock, heartbeat, runId, staleAfter.dividedBy(4));
                }
                Map<String, String> holder = read(fs, lock);
                Instant alive = lastSign(fs, heartbeat, holder);
                boolean gone = processGoneOnThisHost(holder);
                if (gone || alive != null && alive.plus(staleAfter).isBefore(Instant.now())) {
                    // only if the file still names that holder: another waiter may have taken it over meanwhile
                    if (holder.get("run_id") != null && holder.get("run_id").equals(read(fs, lock).get("run_id"))) {
                        progress.step("lock", "taking over the lakehouse lock of " + describe(holder) + ": " + (gone
                                ? "that process no longer exists on this host"
                                : "no sign of life since " + alive + " (writerLock.staleAfterMinutes), so its process "
                                        + "is gone"));
                        fs.delete(heartbeat, false);
                        fs.delete(lock, false);
                    }
                    continue;
                }
                if (!Instant.now().isBefore(deadline)) {
                    throw new LifecycleException("Another run is writing to this lakehouse: " + describe(holder)
                            + ". Waited " + wait.toMinutes() + " min (writerLock.waitMinutes of application.yaml). "
                            + "Try again when it has finished; if that process is gone, its lock (" + lock
                            + ") is taken over " + staleAfter.toMinutes() + " min after its last heartbeat.");
                }
                if (!Instant.now().isBefore(nextNotice)) {
                    progress.step("lock", "waiting for the lakehouse lock held by " + describe(holder));
                    nextNotice = Instant.now().plusSeconds(60);
                }
                Thread.sleep(Math.min(2000, Math.max(50, Duration.between(Instant.now(), deadline).toMillis())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lakehouse lock " + lock, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException("Interrupted while waiting for the lakehouse lock " + lock + ".");
        }
    }

    /** Creates the lock file with this process's details; false when it exists (another writer holds it). */
    private static boolean tryCreate(FileSystem fs, Path lock, String runId) throws IOException {
        Map<String, String> me = new TreeMap<>();
        me.put("run_id", runId);
        me.put("user", System.getProperty("user.name"));
        me.put("host", host());
        me.put("pid", String.valueOf(ProcessHandle.current().pid()));
        me.put("acquired_at", Instant.now().toString());
        try (FSDataOutputStream out = fs.create(lock, false)) {
            out.write(JSON.writeValueAsBytes(me));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(lock)) {
                return false; // some file systems report an existing file with a plain IOException
            }
            throw e;
        }
    }

    /** The holder's details; empty if the file vanished or is being written. */
    static Map<String, String> read(FileSystem fs, Path file) {
        try (InputStream in = fs.open(file)) {
            @SuppressWarnings("unchecked")
            Map<String, String> m = JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
            return m;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * The holder's last heartbeat, else when it took the lock, else null (unreadable: looked at again soon). A
     * heartbeat file that exists but cannot be read is being rewritten (or was cut short by a crash): the time it was
     * last modified is then the sign of life, never the older time the lock was taken.
     */
    private static Instant lastSign(FileSystem fs, Path heartbeat, Map<String, String> holder) {
        Map<String, String> beat = read(fs, heartbeat);
        if (beat.isEmpty()) {
            try {
                return Instant.ofEpochMilli(fs.getFileStatus(heartbeat).getModificationTime());
            } catch (IOException e) {
                // no heartbeat yet: when the lock was taken
            }
        }
        String at = holder.get("run_id") != null && holder.get("run_id").equals(beat.get("run_id"))
                ? beat.get("at") : holder.get("acquired_at");
        try {
            return at == null ? null : Instant.parse(at);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the holder ran on this host and its process has ended (a crash or a kill): then no one renews the lock,
     * and waiting for the heartbeat to go stale would only delay the next run. A holder on another host, or whose
     * process id is in use (by it or by a process that reused the id), is judged by its heartbeat alone.
     */
    static boolean processGoneOnThisHost(Map<String, String> holder) {
        if (!host().equals(holder.get("host")) || holder.get("pid") == null) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(holder.get("pid"))).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String describe(Map<String, String> holder) {
        if (holder.isEmpty()) {
            return "a run whose lock file is being written";
        }
        return "run " + holder.get("run_id") + " of " + holder.get("user") + " on host " + holder.get("host")
                + " (process " + holder.get("pid") + "), since " + holder.get("acquired_at");
    }

    private void beat() {
        try (FSDataOutputStream out = fs.create(heartbeat, true)) {
            out.write(JSON.writeValueAsBytes(Map.of("run_id", runId, "at", Instant.now().toString())));
        } catch (IOException e) {
            // a missed beat only brings a takeover closer; the next one tries again
        }
    }

    /** Releases the lock (only if this run still holds it). */
    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            if (runId.equals(read(fs, lock).get("run_id"))) {
                fs.delete(heartbeat, false);
                fs.delete(lock, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lakehouse lock " + lock, e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
