package io.lifecycle.pipelines.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/lifecycle health: the health scorecard outside the nightly run. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Health scorecards: fit one to the lakehouse's own history.",
        subcommands = {HealthTuneCommand.class})
final class HealthCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
