package io.lifecycle.common.run;

import io.lifecycle.common.Secrets;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on stderr: elapsed time, job, step. Quiet in tests when built with {@link #silent()}. */
public final class Progress {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    public static Progress stderr() {
        return new Progress(System.err);
    }

    public static Progress silent() {
        return new Progress(null);
    }

    public void step(String job, String message) {
        if (out != null) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            out.printf(Locale.ROOT, "[%7.1fs] %-10s %s%n", seconds, job, Secrets.scrub(message));
            out.flush();
        }
    }
}
