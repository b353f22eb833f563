package io.lifecycle.pipelines.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/lifecycle clv: the CLV models outside the pipeline. */
@Command(name = "clv", mixinStandardHelpOptions = true,
        description = "Customer lifetime value models: fit one on a CSV file.",
        subcommands = {ClvFitCommand.class})
final class ClvCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
