package io.lifecycle.pipelines.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shaded jar that spark-submit runs in production carries the pipeline, not the generator, demo or benchmarks. */
class JobJarIT {
    @Test
    void theJobJarLeavesOutTheGeneratorDemoAndBenchmarks() throws IOException {
        Path jar = Path.of(System.getProperty("lifecycle.job.jar"));
        assertTrue(Files.isRegularFile(jar), "built by package: " + jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(e -> e.getName()).toList();
            List<String> tools = names.stream().filter(n -> n.startsWith("io/lifecycle/jobs/demodata/")
                    || n.startsWith("io/lifecycle/pipelines/demo/") || n.startsWith("io/lifecycle/pipelines/bench/"))
                    .toList();
            assertEquals(List.of(), tools);
            for (String needed : List.of("io/lifecycle/pipelines/cli/LifecycleCli.class",
                    "io/lifecycle/jobs/ingest/IngestJob.class", "io/lifecycle/jobs/marts/MartsJob.class")) {
                assertTrue(names.contains(needed), needed);
            }
        }
    }
}
