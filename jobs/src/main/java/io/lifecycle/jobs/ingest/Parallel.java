package io.lifecycle.jobs.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent per-input work side by side. Spark runs jobs from several threads at once; for the many
 * small reads and Delta commits of a nightly ingest this hides their fixed latency. Results keep input order;
 * the first failure in input order is rethrown once all work has ended.
 */
final class Parallel {
    static final int THREADS = 3;

    private Parallel() {
    }

    static <T> Map<String, T> map(List<String> inputs, Function<String, T> work) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            Map<String, Future<T>> futures = new LinkedHashMap<>();
            for (String input : inputs) {
                futures.put(input, pool.submit(() -> work.apply(input)));
            }
            Map<String, T> results = new LinkedHashMap<>();
            RuntimeException failure = null;
            for (Map.Entry<String, Future<T>> f : futures.entrySet()) {
                try {
                    results.put(f.getKey(), f.getValue().get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
