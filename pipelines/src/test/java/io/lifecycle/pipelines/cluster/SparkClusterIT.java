package io.lifecycle.pipelines.cluster;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.common.run.Progress;
import io.lifecycle.common.testing.Frames;
import io.lifecycle.common.testing.SharedSpark;
import io.lifecycle.jobs.demodata.GeneratorSpec;
import io.lifecycle.jobs.demodata.Scale;
import io.lifecycle.jobs.demodata.WarehouseGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded job jar, spark-submitted to a standalone cluster (a Master and a Worker as separate processes on
 * 127.0.0.1), writes the same tables as the same jar in local mode. Runs in Maven's integration-test phase, after
 * the job jar is built.
 */
class SparkClusterIT {
    static final LocalDate DATE = LocalDate.of(2026, 6, 30);
    static final String MAIN = "io.lifecycle.pipelines.cli.LifecycleCli";
    static final SparkSession SPARK = SharedSpark.get();

    @TempDir
    static Path tmp;
    static SparkCluster cluster;

    @BeforeAll
    static void generateWarehouseAndStartCluster() throws Exception {
        long t0 = System.nanoTime();
        new WarehouseGenerator(SPARK, Progress.silent())
                .generate(new GeneratorSpec(Scale.TINY, 5, DATE, 0), tmp.resolve("warehouse"));
        long t1 = System.nanoTime();
        cluster = new SparkCluster(tmp.resolve("spark-home"));
        cluster.start();
        System.out.printf("SparkClusterIT: warehouse generated in %.1f s; master and worker (pids %s) up in %.1f s%n",
                (t1 - t0) / 1e9, cluster.pids(), (System.nanoTime() - t1) / 1e9);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Path jobJar() {
        Path jar = Path.of(System.getProperty("lifecycle.job.jar",
                "target/lifecycle-pipelines-0.1.0-SNAPSHOT-job.jar"));
        assertTrue(Files.isRegularFile(jar), "the shaded job jar " + jar + " exists (built by 'package')");
        return jar;
    }

    /** The shipped conf/, with application.yaml pointed at this test's warehouse and the given lakehouse. */
    static Path config(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name + "-conf"));
        Path shipped = Path.of(System.getProperty("user.dir")).resolve("../conf");
        try (var files = Files.list(shipped)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String yaml = Files.readString(shipped.resolve("application.yaml"));
        assertTrue(yaml.contains("lakehouse: ./demo/lakehouse") && yaml.contains("warehouse: ./demo/warehouse"));
        Files.writeString(dir.resolve("application.yaml"), yaml
                .replace("lakehouse: ./demo/lakehouse", "lakehouse: " + tmp.resolve(name + "-lakehouse"))
                .replace("warehouse: ./demo/warehouse", "warehouse: " + tmp.resolve("warehouse"))
                .replace("shufflePartitions: 4", "shufflePartitions: 2"));
        return dir;
    }

    static double submit(String name, String master) throws Exception {
        long t0 = System.nanoTime();
        try (ChildProcess driver = cluster.submit(name, master, jobJar(), MAIN, List.of("run", "--date",
                DATE.toString(), "--jobs", "ingest,usage,features", "--config", config(name).toString()))) {
            int status = driver.await(Duration.ofMinutes(8));
            assertEquals(0, status, name + " run failed:\n" + driver.tail(60));
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    static Dataset<Row> content(Lakehouse lake, TableDef def) {
        return lake.read(def).drop("run_id", "fit_ms");
    }

    @Test
    void aRunOnTheStandaloneClusterWritesTheSameTablesAsALocalRun() throws Exception {
        double onCluster = submit("cluster", cluster.masterUrl());
        String worker = Files.readString(cluster.home().resolve("worker.log"));
        assertTrue(worker.contains("Asked to launch executor"), "the worker ran an executor for the job:\n" + worker);
        double local = submit("local", "local[2]");
        System.out.printf("SparkClusterIT: spark-submit to the cluster %.1f s, in local mode %.1f s%n", onCluster, local);

        Lakehouse clusterLake = new Lakehouse(SPARK, tmp.resolve("cluster-lakehouse"));
        Lakehouse localLake = new Lakehouse(SPARK, tmp.resolve("local-lakehouse"));
        List<String> compared = new ArrayList<>();
        for (TableDef def : Tables.all()) {
            assertEquals(localLake.exists(def), clusterLake.exists(def), def.qualifiedName() + " written by both or neither");
            if (localLake.exists(def) && def.layer() != Layer.OPS) {
                Dataset<Row> expected = content(localLake, def);
                Frames.assertSameRows(expected, content(clusterLake, def));
                compared.add(def.qualifiedName() + "=" + expected.count());
            }
        }
        System.out.println("SparkClusterIT: same rows in " + compared);
        assertTrue(compared.contains("silver.account_features_daily=" + content(localLake,
                Tables.find("silver.account_features_daily").orElseThrow()).count()), "features were compared: " + compared);
        assertFalse(compared.stream().anyMatch(c -> c.endsWith("=0") && c.startsWith("silver.account_features")),
                "features has rows: " + compared);
    }
}
