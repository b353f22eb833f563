package io.lifecycle.pipelines;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.run.Job;
import io.lifecycle.jobs.clv.ClvJob;
import io.lifecycle.jobs.expansion.ExpansionJob;
import io.lifecycle.jobs.features.FeaturesJob;
import io.lifecycle.jobs.health.HealthJob;
import io.lifecycle.jobs.ingest.IngestJob;
import io.lifecycle.jobs.lifecycle.LifecycleJob;
import io.lifecycle.jobs.marts.MartsJob;
import io.lifecycle.jobs.usage.UsageJob;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nightly job graph, in dependency order. The Airflow DAG mirrors it task for task.
 */
public final class JobGraph {
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public JobGraph(List<Job> jobsInOrder) {
        for (Job job : jobsInOrder) {
            for (String dependency : job.dependsOn()) {
                if (!jobs.containsKey(dependency)) {
                    throw new IllegalArgumentException("job " + job.name() + " depends on " + dependency
                            + ", which must come before it");
                }
            }
            jobs.put(job.name(), job);
        }
    }

    /** The jobs that exist today. */
    public static JobGraph standard() {
        return new JobGraph(List.of(new IngestJob(), new UsageJob(), new FeaturesJob(), new HealthJob(), new LifecycleJob(), new ClvJob(),
                new ExpansionJob(),
                new MartsJob()));
    }

    public List<Job> jobs() {
        return new ArrayList<>(jobs.values());
    }

    public List<String> names() {
        return new ArrayList<>(jobs.keySet());
    }

    /** The named jobs in graph order; an unknown name is an error listing the known ones. */
    public List<Job> select(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            return jobs();
        }
        for (String name : names) {
            if (!jobs.containsKey(name)) {
                throw new LifecycleException("Unknown job '" + name + "'; jobs are: " + String.join(", ", names()) + ".");
            }
        }
        return jobs.values().stream().filter(j -> names.contains(j.name())).toList();
    }
}
