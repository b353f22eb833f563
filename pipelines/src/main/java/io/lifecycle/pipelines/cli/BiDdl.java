package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements that register the published gold tables, and their _current views, in a SQL engine's catalog from
 * the lakehouse folder alone: Spark SQL (spark-sql, the Spark Thrift server, Databricks) or Trino's Delta Lake
 * connector. Tables not published yet are listed as comments.
 */
final class BiDdl {
    static final List<String> DIALECTS = List.of("spark", "trino");

    private BiDdl() {
    }

    static List<String> statements(Lakehouse lakehouse, String dialect, String schema, String trinoCatalog) {
        if (!DIALECTS.contains(dialect)) {
            throw new LifecycleException("Unknown SQL dialect '" + dialect + "' for --ddl; use one of "
                    + String.join(", ", DIALECTS) + ".");
        }
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new LifecycleException("--schema '" + schema + "' is not a plain SQL identifier (letters, digits, _).");
        }
        boolean trino = dialect.equals("trino");
        String prefix = trino ? trinoCatalog + "." + schema + "." : schema + ".";
        List<String> out = new ArrayList<>();
        out.add("CREATE SCHEMA IF NOT EXISTS " + (trino ? trinoCatalog + "." : "") + schema);
        for (TableDef def : Tables.all()) {
            if (def.layer() != Layer.GOLD) {
                continue;
            }
            if (!lakehouse.isPublished(def)) {
                out.add("-- " + def.qualifiedName() + ": not published yet under " + lakehouse.root());
                continue;
            }
            String location = lakehouse.publishedPath(def).toUri().toString().replace("'", "''");
            String table = prefix + def.name();
            out.add(trino ? "CALL " + trinoCatalog + ".system.register_table(schema_name => '" + schema
                    + "', table_name => '" + def.name() + "', table_location => '" + location + "')"
                    : "CREATE TABLE IF NOT EXISTS " + table + " USING delta LOCATION '" + location + "'");
            if (def.currentViewName() != null) {
                String view = prefix + def.currentViewName().substring(def.currentViewName().indexOf('.') + 1);
                out.add("CREATE OR REPLACE VIEW " + view + " AS " + def.currentViewQuery(table));
            }
        }
        return out;
    }
}
