package io.lifecycle.pipelines.cli;

import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

import io.lifecycle.common.LifecycleException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Query the catalog (staging.*, silver.*, gold.*, ops.*, quarantine.*) with Spark SQL; read only.")
final class SqlCommand implements Runnable {
    enum Format { table, csv, json }

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "QUERY", description = "A Spark SQL query.")
    String query;

    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public void run() {
        LogicalPlan statement = ReadOnlyStatements.require(common.spark(), query);
        Lakehouse lakehouse = common.lakehouse(); // tables are registered when a query first names them
        if (ReadOnlyStatements.listsCatalog(statement)) {
            lakehouse.prepareAll();
        }
        try {
            Dataset<Row> limited = common.spark().sql(query).limit(limit);
            switch (format) {
                case table -> limited.show(limit, 60);
                case json -> limited.toJSON().collectAsList().forEach(System.out::println);
                case csv -> printCsv(limited);
            }
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                throw new LifecycleException("The query is not valid: " + firstLine(e.getMessage())
                        + " (list the tables with: bin/lifecycle tables)");
            }
            throw new LifecycleException("The query failed: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static void printCsv(Dataset<Row> rows) {
        System.out.println(String.join(",", List.of(rows.columns()).stream().map(SqlCommand::csvField).toList()));
        for (Row r : rows.collectAsList()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(r.isNullAt(i) ? "" : csvField(String.valueOf(r.get(i))));
            }
            System.out.println(line);
        }
    }

    private static String csvField(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
