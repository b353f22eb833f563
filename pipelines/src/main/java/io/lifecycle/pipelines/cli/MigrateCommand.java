package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.run.LakehouseLock;
import io.lifecycle.common.catalog.SchemaEvolution;
import io.lifecycle.common.catalog.SchemaEvolution.Change;
import io.lifecycle.common.catalog.SchemaEvolution.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/**
 * Shows how the lakehouse's tables differ from this Lifecycle's catalog, and with --apply brings them in line:
 * additive changes (also applied by any run) and the declared migration steps (only here). Blocked tables (a newer
 * Lifecycle wrote them, or they differ in a way no declared step covers) are listed and make the command fail.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Show the catalog upgrades the lakehouse needs; apply them with --apply.")
final class MigrateCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Option(names = "--apply", description = "Apply the additive changes and the declared migration steps.")
    boolean apply;

    @Override
    public void run() {
        Lakehouse lakehouse = new Lakehouse(common.spark(), common.config().lakehouse());
        List<Change> plan = lakehouse.plan();
        if (plan.isEmpty()) {
            System.out.println("Every table of " + lakehouse.root() + " matches the catalog; nothing to migrate.");
            return;
        }
        print(plan);
        if (!apply) {
            System.out.println("Nothing changed; run bin/lifecycle migrate --apply to apply the additive changes and "
                    + "migration steps.");
            failIfBlocked(plan);
            return;
        }
        // One writer at a time: a migration waits for (or fails naming) a run that is writing the lakehouse.
        try (LakehouseLock held = LakehouseLock.acquire(lakehouse.root(), "migrate-" + CommonOptions.newRunId(),
                common.config().writerLockOrDefault(), common.progress())) {
            // A migration step changes a table's version, after which more steps (or additive changes) may apply.
            for (int round = 0; round < 100; round++) {
                List<Change> todo = plan.stream().filter(c -> c.kind() != Kind.BLOCKED).toList();
                if (todo.isEmpty()) {
                    break;
                }
                for (Change change : todo) {
                    common.progress().step("migrate", "applying " + change);
                    change.apply().run();
                }
                plan = lakehouse.plan();
            }
        }
        failIfBlocked(plan);
        System.out.println("Migrated: every table of " + lakehouse.root() + " matches the catalog.");
    }

    private static void print(List<Change> plan) {
        System.out.printf("%-10s %s%n", "kind", "table: change");
        for (Change change : plan) {
            System.out.printf("%-10s %s%n", change.kind().name().toLowerCase(Locale.ROOT), change);
        }
    }

    private static void failIfBlocked(List<Change> plan) {
        List<Change> blocked = plan.stream().filter(c -> c.kind() == Kind.BLOCKED).toList();
        if (!blocked.isEmpty()) {
            throw new LifecycleException(blocked.size() + " table(s) cannot be migrated by this Lifecycle: "
                    + String.join("; ", blocked.stream().map(Change::toString).toList()) + ". "
                    + "See " + SchemaEvolution.VERSION_PROPERTY + " in the table properties.");
        }
    }
}
