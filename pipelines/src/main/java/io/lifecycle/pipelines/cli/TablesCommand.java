package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.DataDictionary;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "List every table with its row count and latest date, describe one table, or print the data "
                + "dictionary (--markdown).")
final class TablesCommand implements Runnable {
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A table, e.g. staging.usage_events.")
    String name;

    @Option(names = "--markdown", description = "Print every catalog table (layer, comment, grain, partitioning, "
            + "columns with types and comments) as Markdown, as committed in docs/tables.md. Needs no lakehouse.")
    boolean markdown;

    @Option(names = "--ddl", paramLabel = "DIALECT", description = "Print the SQL that registers the published gold "
            + "tables and their _current views from the lakehouse folder: spark (spark-sql, Spark Thrift server, "
            + "Databricks) or duckdb (views over delta_scan, as bin/lifecycle bi refresh writes them).")
    String ddl;

    @Option(names = "--schema", defaultValue = "gold", description = "Schema (database) for --ddl spark "
            + "(default: gold).")
    String schema;

    @Override
    public void run() {
        if (markdown) {
            System.out.print(DataDictionary.markdown(Tables.all()));
            return;
        }
        Lakehouse lakehouse = common.lakehouse();
        if (ddl != null) {
            for (String statement : BiDdl.statements(lakehouse, ddl, schema)) {
                System.out.println(statement.startsWith("--") ? statement : statement + ";");
            }
            return;
        }
        if (name == null) {
            System.out.printf("%-42s %14s  %-12s  %s%n", "table", "rows", "latest date", "what one row is");
            for (TableDef def : Tables.all()) {
                Stats s = stats(lakehouse, def);
                System.out.printf("%-42s %14s  %-12s  %s%n", def.qualifiedName(),
                        s == null ? "-" : String.format("%,d", s.rows), s == null ? (def.layer() == Layer.GOLD ? "(not published)" : "(not written)") : s.latest,
                        def.comment());
            }
            System.out.println("\nLakehouse: " + lakehouse.root() + ". Gold rows and dates are the published ones (what BI "
                    + "sees); jobs write " + Lakehouse.UNPUBLISHED + ".<table> first. Describe one table: "
                    + "bin/lifecycle tables NAME");
            return;
        }
        TableDef def = Tables.find(name).orElseThrow(() -> new LifecycleException("No table '" + name
                + "'; list them with: bin/lifecycle tables"));
        Stats s = stats(lakehouse, def);
        System.out.println(def.qualifiedName() + " — " + def.comment());
        if (def.layer() == Layer.GOLD) {
            System.out.println("  published:   " + lakehouse.publishedPath(def) + (s == null ? " (not published yet)"
                    : "") + " — what BI reads, as " + def.qualifiedName());
            System.out.println("  unpublished: " + lakehouse.path(def) + " — jobs write here, as " + Lakehouse.UNPUBLISHED
                    + "." + def.name() + "; the marts job audits and publishes it");
            if (!def.checks().isEmpty()) {
                System.out.println("  checks:      " + String.join("; ", def.checks().stream()
                        .map(c -> c.name() + ": " + c.condition()).toList()));
            }
        } else {
            System.out.println("  location:    " + lakehouse.path(def) + (s == null ? " (not written yet)" : ""));
        }
        System.out.println("  rows:        " + (s == null ? "-" : String.format("%,d", s.rows)));
        System.out.println("  latest date: " + (s == null ? "-" : s.latest));
        System.out.println("  keys:        " + String.join(", ", def.keys()));
        System.out.println("  partitioned: " + (def.partitionColumns().isEmpty() ? "no"
                : String.join(", ", def.partitionColumns())));
        System.out.println();
        System.out.printf("  %-22s %-14s %-9s %s%n", "column", "type", "nullable", "comment");
        for (StructField f : def.schema().fields()) {
            System.out.printf("  %-22s %-14s %-9s %s%n", f.name(), f.dataType().simpleString(),
                    f.nullable() ? "yes" : "no", f.getComment().getOrElse(() -> ""));
        }
    }

    private record Stats(long rows, String latest) {
    }

    /** Row count and the newest value of the table's date column (gold: as published); null if not built. */
    private static Stats stats(Lakehouse lakehouse, TableDef def) {
        boolean gold = def.layer() == Layer.GOLD;
        if (gold ? !lakehouse.isPublished(def) : !lakehouse.exists(def)) {
            return null;
        }
        String dateColumn = def.dateColumn();
        Row r = (gold ? lakehouse.readPublished(def) : lakehouse.read(def)).agg(count(lit(1)), dateColumn == null ? max(lit(null)) : max(col(dateColumn)))
                .first();
        return new Stats(r.getLong(0), r.isNullAt(1) ? "-" : String.valueOf(r.get(1)));
    }
}
