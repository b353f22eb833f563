package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * bin/lifecycle: the command line (DESIGN §9). Exit status 0 on success, 1 when the run failed, 2 on wrong usage.
 * Errors are plain sentences on stderr; a stack trace only with --verbose.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true, version = "lifecycle 0.1.0",
        description = "Customer health, lifecycle stages, CLV and expansion propensity from warehouse data.",
        subcommands = {DemoCommand.class, GenerateCommand.class, RunCommand.class, BackfillCommand.class,
                SqlCommand.class, TablesCommand.class, BenchCommand.class, ClvCommand.class, AirflowCommand.class,
                BiCommand.class})
public final class LifecycleCli implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        int status = execute(args);
        System.exit(status);
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new LifecycleCli());
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (verbose) {
                e.printStackTrace(System.err);
            }
            if (e instanceof LifecycleException) {
                System.err.println("lifecycle: " + e.getMessage());
            } else {
                System.err.println("lifecycle: internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
            }
            return 1;
        });
        return cli.execute(args);
    }
}
