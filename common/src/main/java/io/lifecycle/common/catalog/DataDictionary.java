package io.lifecycle.common.catalog;

import org.apache.spark.sql.types.StructField;

import java.util.List;

/**
 * The catalog as Markdown: every table of {@link Tables} with its layer, comment, keys (the grain), partitioning,
 * BI view and columns. docs/tables.md is this text; a test keeps it current.
 */
public final class DataDictionary {
    /** How to regenerate the committed file, from the repository root. */
    public static final String REFRESH_COMMAND = "bin/lifecycle tables --markdown > docs/tables.md";

    private DataDictionary() {
    }

    public static String markdown(List<TableDef> tables) {
        StringBuilder md = new StringBuilder();
        md.append("# Lifecycle tables\n\n")
                .append("Generated from the table catalog (`common/src/main/java/io/lifecycle/common/catalog/Tables.java`)")
                .append(" by `").append(REFRESH_COMMAND).append("`; do not edit by hand. Every table is Delta under ")
                .append("`<lakehouse>/<layer>/<table>` and registered as `<layer>.<table>`. Gold tables are written, ")
                .append("audited and published: jobs write `<lakehouse>/gold_unpublished/<table>` (`gold_unpublished.<table>`); ")
                .append("the marts job audits the night (unique keys, the checks below, the row-count band of ")
                .append("`conf/publish.yaml`) into `ops.dq_results` and only then publishes each table to ")
                .append("`<lakehouse>/gold/<table>` in one atomic commit, where the checks are also Delta CHECK ")
                .append("constraints, NOT NULL columns are enforced, and table properties `lifecycle.owner`, ")
                .append("`lifecycle.grain` and `lifecycle.refresh_schedule` are set.\n\n");
        for (Layer layer : Layer.values()) {
            List<TableDef> inLayer = tables.stream().filter(t -> t.layer() == layer).toList();
            if (inLayer.isEmpty()) {
                continue;
            }
            md.append("- **").append(layer.dbName()).append("**: ");
            md.append(String.join(", ", inLayer.stream()
                    .map(t -> "[" + t.name() + "](#" + anchor(t) + ")").toList())).append('\n');
        }
        for (TableDef t : tables) {
            md.append("\n## ").append(t.qualifiedName()).append("\n\n").append(escape(t.comment())).append("\n\n");
            md.append("- layer: ").append(t.layer().dbName()).append('\n');
            md.append("- grain (keys): ").append(code(t.keys())).append('\n');
            md.append("- partitioned by: ").append(t.partitionColumns().isEmpty() ? "not partitioned"
                    : code(t.partitionColumns())).append('\n');
            if (t.currentViewName() != null) {
                md.append("- latest snapshot for BI: `").append(t.currentViewName()).append('`')
                        .append(t.currentView() == null ? "" : " (" + escape(t.currentView().description()) + ")")
                        .append('\n');
            }
            for (TableDef.Check c : t.checks()) {
                md.append("- check `").append(c.name()).append("`: `").append(escape(c.condition())).append("`\n");
            }
            md.append("\n| column | type | nullable | comment |\n|---|---|---|---|\n");
            for (StructField f : t.schema().fields()) {
                md.append("| `").append(f.name()).append("` | `").append(f.dataType().simpleString()).append("` | ")
                        .append(f.nullable() ? "yes" : "no").append(" | ")
                        .append(escape(f.getComment().getOrElse(() -> ""))).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String code(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> "`" + c + "`").toList());
    }

    /** GitHub's heading anchor: lower case, dots dropped. */
    private static String anchor(TableDef t) {
        return t.qualifiedName().replace(".", "");
    }

    /** Table cells and prose: a pipe would end the cell, a newline the row. */
    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
