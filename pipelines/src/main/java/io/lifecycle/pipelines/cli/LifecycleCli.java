package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/**
 * bin/lifecycle: the command line (DESIGN §9). Exit status 0 on success, 1 when the run failed, 2 on wrong usage.
 * Errors are plain sentences on stderr (through the logger, with the run id when there is a run); a stack trace
 * only with --verbose.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true, version = "lifecycle 0.1.0",
        description = "Customer health, lifecycle stages, CLV and expansion propensity from warehouse data.",
        subcommands = {RunCommand.class, BackfillCommand.class, SqlCommand.class, TablesCommand.class,
                MigrateCommand.class, ClvCommand.class, AirflowCommand.class, NotebooksCommand.class, BiCommand.class,
                HealthCommand.class, MaintainCommand.class})
public final class LifecycleCli implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleCli.class);
    private static final List<String> TOOL_COMMANDS = List.of("io.lifecycle.pipelines.demo.DemoCommand",
            "io.lifecycle.pipelines.demo.GenerateCommand", "io.lifecycle.pipelines.bench.BenchCommand");

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        int status = execute(args);
        System.exit(status);
    }

    /**
     * The command line with every command this build holds. The demo, generator and benchmark commands live in
     * packages the spark-submit job jar leaves out (production runs need none of them), so they are added when
     * present.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LifecycleCli());
        for (String tool : TOOL_COMMANDS) {
            try {
                cli.addSubcommand(Class.forName(tool).getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException | NoClassDefFoundError absent) {
                // the job jar: no demo, generator or benchmarks
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create command " + tool, e);
            }
        }
        return cli;
    }

    public static int execute(String... args) {
        CommandLine cli = commandLine();
        boolean verbose = Arrays.asList(args).contains("--verbose");
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = Secrets.scrub(e instanceof LifecycleException ? e.getMessage()
                    : "internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                LOG.error("{}\n{}", message, Secrets.scrub(trace.toString()));
            } else {
                LOG.error(message);
            }
            return 1;
        });
        try {
            return cli.execute(args);
        } finally {
            MDC.remove(CommonOptions.RUN_ID_KEY);
        }
    }
}
