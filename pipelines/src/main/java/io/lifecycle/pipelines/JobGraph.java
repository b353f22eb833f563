package io.lifecycle.pipelines;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.run.Job;
import io.lifecycle.jobs.churn.ChurnJob;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The nightly job graph, derived from what each job declares it reads and writes: a job depends on the jobs that
 * write the tables it reads (ops tables, which every job appends to, do not order jobs). Jobs run in dependency
 * order, ties in the order given. The Airflow DAG mirrors it task for task.
 */
public final class JobGraph {
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    private final Map<String, String> producers = new LinkedHashMap<>();

    public JobGraph(List<Job> jobs) {
        for (Job job : jobs) {
            for (TableDef table : job.writes()) {
                String other = producers.putIfAbsent(table.qualifiedName(), job.name());
                if (other != null && table.layer() != Layer.OPS) {
                    throw new IllegalArgumentException("table " + table + " is written by both " + other + " and "
                            + job.name() + "; one job owns each table");
                }
            }
        }
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        for (Job job : jobs) {
            Set<String> deps = new LinkedHashSet<>();
            for (TableDef table : Stream.concat(job.reads().stream(), job.readsIfPresent().stream()).toList()) {
                if (table.layer() == Layer.OPS) {
                    continue;
                }
                String producer = producers.get(table.qualifiedName());
                if (producer == null) {
                    throw new IllegalArgumentException("job " + job.name() + " reads " + table
                            + ", which no job of the graph writes");
                }
                if (!producer.equals(job.name())) {
                    deps.add(producer);
                }
            }
            upstream.put(job.name(), List.copyOf(deps));
        }
        // Topological order, stable: repeatedly take the first job (in the given order) whose dependencies are placed.
        List<Job> pending = new ArrayList<>(jobs);
        while (!pending.isEmpty()) {
            Job next = pending.stream().filter(j -> this.jobs.keySet().containsAll(upstream.get(j.name())))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("the jobs "
                            + pending.stream().map(Job::name).toList() + " read each other's tables in a cycle"));
            this.jobs.put(next.name(), next);
            pending.remove(next);
        }
        for (String name : this.jobs.keySet()) {
            List<String> deps = new ArrayList<>(upstream.get(name));
            deps.sort((a, b) -> names().indexOf(a) - names().indexOf(b));
            dependsOn.put(name, List.copyOf(deps));
        }
    }

    /** The jobs that exist today. */
    public static JobGraph standard() {
        return new JobGraph(List.of(new IngestJob(), new UsageJob(), new FeaturesJob(), new HealthJob(),
                new LifecycleJob(), new ClvJob(), new ExpansionJob(), new ChurnJob(), new MartsJob()));
    }

    public List<Job> jobs() {
        return new ArrayList<>(jobs.values());
    }

    public List<String> names() {
        return new ArrayList<>(jobs.keySet());
    }

    /** The jobs whose tables the named job reads, in graph order. */
    public List<String> dependsOn(String job) {
        return dependsOn.get(job);
    }

    /** The job that writes the table, for messages that say what to run first. */
    public String producerOf(TableDef table) {
        return producers.getOrDefault(table.qualifiedName(), "the job that writes it");
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
