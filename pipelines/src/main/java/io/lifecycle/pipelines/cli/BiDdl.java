package io.lifecycle.pipelines.cli;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Tables;
import io.lifecycle.jobs.bi.DuckDbGold;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements that register the published gold tables, and their _current views, in a SQL engine's catalog from
 * the lakehouse folder alone: Spark SQL (spark-sql, the Spark Thrift server, Databricks) or DuckDB (views over the
 * delta extension's delta_scan, as bin/lifecycle bi refresh writes them). Tables not published yet are comments.
 */
final class BiDdl {
    static final List<String> DIALECTS = List.of("spark", "duckdb");

    private BiDdl() {
    }

    static List<String> statements(Lakehouse lakehouse, String dialect, String schema) {
        if (!DIALECTS.contains(dialect)) {
            throw new LifecycleException("Unknown SQL dialect '" + dialect + "' for --ddl; use one of "
                    + String.join(", ", DIALECTS) + ".");
        }
        if (dialect.equals("duckdb")) {
            if (!schema.equals(DuckDbGold.SCHEMA)) {
                throw new LifecycleException("--ddl duckdb writes schema " + DuckDbGold.SCHEMA
                        + " (the _current views name it); leave out --schema.");
            }
            List<String> out = new ArrayList<>(List.of("-- DuckDB's delta extension: INSTALL delta where DuckDB's "
                    + "extension site is reachable, else the file of PyPI's duckdb-extension-delta in the "
                    + "extension_directory (docs/bi.md)", "LOAD delta"));
            out.addAll(DuckDbGold.statements(lakehouse, false));
            return out;
        }
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new LifecycleException("--schema '" + schema + "' is not a plain SQL identifier (letters, digits, _).");
        }
        return DuckDbGold.registration(lakehouse, schema, (def, table) -> "CREATE TABLE IF NOT EXISTS " + table
                + " USING delta LOCATION '" + lakehouse.publishedPath(def).toUri().toString().replace("'", "''") + "'");
    }
}
