package io.lifecycle.pipelines.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.io.File;

/**
 * A Spark standalone cluster on 127.0.0.1 without a Spark distribution: a stand-in SPARK_HOME whose jars/ links the
 * test's runtime classpath (Spark, Scala, Hadoop; not JUnit, not Delta or Lifecycle, which the job jar brings),
 * a Master and a Worker as separate processes, and spark-submit (org.apache.spark.deploy.SparkSubmit) for drivers.
 * {@link #close()} stops exactly the processes this class started.
 */
public final class SparkCluster implements AutoCloseable {
    private static final List<String> NOT_SPARK = List.of("junit-", "opentest4j-", "apiguardian-", "surefire",
            "spark-testing-base", "delta-", "unitycatalog", "lifecycle-", "postgresql-", "picocli-");

    private final Path home;
    private final List<ChildProcess> started = new ArrayList<>();
    private String masterUrl;

    public SparkCluster(Path home) throws IOException {
        this.home = home;
        Path jars = Files.createDirectories(home.resolve("jars"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            if (name.endsWith(".jar") && Files.isRegularFile(jar) && NOT_SPARK.stream().noneMatch(name::startsWith)
                    && !Files.exists(jars.resolve(name))) {
                Files.createSymbolicLink(jars.resolve(name), jar.toAbsolutePath());
            }
        }
    }

    public Path home() {
        return home;
    }

    /** JVM flags Spark needs on Java 17, as Maven passes them to the test JVM. */
    public static List<String> sparkJvmFlags() {
        return flags("lifecycle.spark.jvm.flags");
    }

    /**
     * The test JVMs' compiler flags (C1 only, a larger code cache): on test-sized work these processes spend more
     * CPU compiling than running, and the flags change no result.
     */
    public static List<String> testJvmFlags() {
        return flags("lifecycle.test.jvm.flags");
    }

    /** The JVM flags Maven passes in a system property, one per whitespace-separated word. */
    private static List<String> flags(String property) {
        return Arrays.stream(System.getProperty(property, "").trim().split("\\s+")).filter(f -> !f.isEmpty())
                .toList();
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");  // else every executor dies: "Cannot find any build directories"
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return env;
    }

    /** A java command line over SPARK_HOME/jars. */
    public List<String> java(String heap, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-Duser.timezone=UTC");
        command.addAll(sparkJvmFlags());
        command.addAll(testJvmFlags());
        command.add("-cp");
        command.add(home.resolve("jars") + "/*");
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the Master and one Worker (2 cores, 2 GB), each as its own process. */
    public void start() throws IOException, InterruptedException {
        int port = freePort();
        ChildProcess master = track(ChildProcess.start("spark master",
                java("512m", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                        String.valueOf(port), "--webui-port", String.valueOf(freePort())),
                env(), home.resolve("master.log")));
        master.awaitLog("I have been elected leader", Duration.ofSeconds(90));
        masterUrl = "spark://127.0.0.1:" + port;
        ChildProcess worker = track(ChildProcess.start("spark worker",
                java("512m", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2",
                        "--memory", "2g", "--webui-port", String.valueOf(freePort()),
                        "--work-dir", Files.createDirectories(home.resolve("work")).toString(), masterUrl),
                env(), home.resolve("worker.log")));
        worker.awaitLog("Successfully registered with master", Duration.ofSeconds(90));
    }

    public String masterUrl() {
        return masterUrl;
    }

    public List<Long> pids() {
        return started.stream().map(ChildProcess::pid).toList();
    }

    /** spark-submit of an application jar in client mode against the given master; the driver's exit status. */
    public ChildProcess submit(String name, String master, Path jar, String mainClass, List<String> args)
            throws IOException {
        List<String> submit = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client",
                "--class", mainClass, "--name", name,
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.cores.max=2", "--conf", "spark.executor.extraJavaOptions=-Duser.timezone=UTC",
                jar.toString()));
        submit.addAll(args);
        return track(ChildProcess.start(name, java("1536m", "org.apache.spark.deploy.SparkSubmit",
                submit.toArray(String[]::new)), env(), home.resolve(name + ".log")));
    }

    private ChildProcess track(ChildProcess process) {
        started.add(process);
        return process;
    }

    /** Stops every process this cluster started, the last started first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
