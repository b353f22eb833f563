package io.lifecycle.pipelines.cli;

import io.lifecycle.pipelines.JobGraph;
import io.lifecycle.pipelines.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the nightly pipeline for one snapshot date (jobs already done for it are skipped).")
final class RunCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Snapshot (as-of) date.")
    LocalDate date;

    @Option(names = "--jobs", split = ",", paramLabel = "JOB", description = "Only these jobs (default: all).")
    List<String> jobs;

    @Option(names = "--force", description = "Run jobs again even if they already succeeded for the date.")
    boolean force;

    @Override
    public void run() {
        new Runner(common.jobContext(), JobGraph.standard()).run(new TreeSet<>(List.of(date)), jobs, force);
        System.out.println("Pipeline done for " + date + ". Tables are under " + common.config().lakehouse()
                + "; list them with: bin/lifecycle tables");
    }
}
