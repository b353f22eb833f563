package io.lifecycle.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifecycle.common.LifecycleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * bin/lifecycle notebooks: executes the Jupyter notebooks of notebooks/ against a lakehouse, in a Python virtual
 * environment made from notebooks/requirements.txt (kept, and made again when that file changes). The notebooks read
 * the Delta tables with Python (delta-rs); no Spark session is started here.
 */
@Command(name = "notebooks", mixinStandardHelpOptions = true,
        description = "Execute the notebooks of notebooks/ against the lakehouse; write each executed notebook and "
                + "an HTML copy to the output folder. Needs python3 with its venv module; the first run installs "
                + "notebooks/requirements.txt from PyPI.")
public final class NotebooksCommand implements Runnable {
    static final String MARKER = "lifecycle-requirements.sha256";

    @Mixin
    CommonOptions common;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where the executed notebooks and HTML copies go (default: notebooks/output/).")
    Path output;

    @Option(names = "--venv", paramLabel = "DIR",
            description = "The notebooks' virtual environment (default: .lifecycle/notebooks-venv/).")
    Path venv;

    @Option(names = "--python", paramLabel = "EXE", defaultValue = "python3",
            description = "Python that makes the virtual environment (default: ${DEFAULT-VALUE}).")
    String python;

    @Parameters(paramLabel = "NOTEBOOK", arity = "0..*",
            description = "Notebooks to run, e.g. 01_health (default: all of notebooks/).")
    List<String> names = new ArrayList<>();

    @Override
    public void run() {
        Path home = home();
        Path notebooks = home.resolve("notebooks");
        Path lakehouse = common.config().lakehouse().toAbsolutePath().normalize();
        if (!Files.isDirectory(lakehouse.resolve("gold"))) {
            throw new LifecycleException("No published lakehouse at " + lakehouse
                    + ": build one with bin/lifecycle demo, or pass --lakehouse DIR.");
        }
        Path out = (output != null ? output : notebooks.resolve("output")).toAbsolutePath().normalize();
        Path env = (venv != null ? venv : home.resolve(".lifecycle/notebooks-venv")).toAbsolutePath().normalize();
        Path venvPython = ensureVenv(env, notebooks.resolve("requirements.txt"), python);

        List<String> command = new ArrayList<>(List.of(venvPython.toString(),
                notebooks.resolve("run_notebooks.py").toString(), "--lakehouse", lakehouse.toString(),
                "--output", out.toString()));
        command.addAll(names);
        System.err.println("lifecycle: notebooks: running " + (names.isEmpty() ? "every notebook" : names)
                + " of " + notebooks + " against " + lakehouse);
        int status = runEchoed(command, notebooks);
        if (status != 0) {
            throw new LifecycleException(failureSummary(out, status));
        }
        System.out.println("Executed notebooks and HTML copies: " + out);
    }

    /** The project folder: bin/lifecycle says it; a run from a source tree (tests) finds it above the working folder. */
    public static Path home() {
        String property = System.getProperty("lifecycle.home");
        if (property != null) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("notebooks/run_notebooks.py"))) {
                return p;
            }
        }
        throw new LifecycleException("Cannot find the notebooks/ folder: run bin/lifecycle from the project.");
    }

    /**
     * The venv's python, after making the venv with the given python if it is missing or was made from another
     * requirements.txt (a hash of the file is kept in the venv).
     */
    public static Path ensureVenv(Path env, Path requirements, String python) {
        String wanted = sha256(requirements);
        Path marker = env.resolve(MARKER);
        Path venvPython = env.resolve("bin/python");
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(wanted)
                    && Files.isExecutable(venvPython)) {
                return venvPython;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        requirePython(python);
        long start = System.nanoTime();
        System.err.println("lifecycle: notebooks: making the Python environment " + env + " from " + requirements
                + " (first run, or the requirements changed; a minute or two)...");
        Path log = env.resolveSibling(env.getFileName() + ".log");
        run(List.of(python, "-m", "venv", "--clear", env.toString()), log,
                "Making the virtual environment " + env + " with " + python + " failed");
        System.err.println("lifecycle: notebooks: installing the pinned packages from PyPI...");
        run(List.of(venvPython.toString(), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r",
                requirements.toString()), log, "Installing " + requirements + " into " + env + " failed");
        try {
            Files.writeString(marker, wanted + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.err.printf("lifecycle: notebooks: Python environment ready in %d s%n",
                (System.nanoTime() - start) / 1_000_000_000L);
        return venvPython;
    }

    private static void requirePython(String python) {
        int status;
        try {
            Process p = new ProcessBuilder(python, "-c", "import venv, ensurepip").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            status = p.waitFor();
        } catch (IOException e) {
            throw new LifecycleException(python + " is needed to run the notebooks and was not found; install it "
                    + "(apt-get install python3 python3-venv) or pass --python EXE.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException("Interrupted while checking " + python + ".");
        }
        if (status != 0) {
            throw new LifecycleException(python + " has no venv module, needed to make the notebooks' environment; "
                    + "install it (apt-get install python3-venv).");
        }
    }

    /** Runs a setup step with its output in the log; a failure names the step and shows the log's last lines. */
    private static void run(List<String> command, Path log, String failure) {
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            int status = p.waitFor();
            if (status != 0) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                throw new LifecycleException(failure + " (exit " + status + "); the last lines of " + log + ":\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (IOException e) {
            throw new LifecycleException(failure + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException(failure + ": interrupted.");
        }
    }

    /**
     * Runs the notebook runner with its output passed on line by line to System.err (progress, as the other commands
     * print it), through Java's stream rather than the inherited descriptor, so an in-process caller sees it too.
     */
    private static int runEchoed(List<String> command, Path dir) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(System.err::println);
            }
            return p.waitFor();
        } catch (IOException e) {
            throw new LifecycleException("Could not start " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException("Interrupted while the notebooks ran.");
        }
    }

    /** One sentence naming each failed notebook and cell, from the run.json the script wrote. */
    static String failureSummary(Path out, int status) {
        Path report = out.resolve("run.json");
        try {
            if (Files.isRegularFile(report)) {
                JsonNode failures = new ObjectMapper().readTree(report.toFile()).path("failures");
                if (failures.size() > 0) {
                    List<String> each = new ArrayList<>();
                    failures.forEach(f -> each.add(f.asText()));
                    return failures.size() + " notebook(s) failed: " + String.join("; ", each)
                            + ". The executed notebooks, with the tracebacks, are in " + out;
                }
            }
        } catch (IOException e) {
            // fall through to the generic sentence
        }
        return "The notebook runner (notebooks/run_notebooks.py) exited with status " + status + "; see above.";
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new LifecycleException("Cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
