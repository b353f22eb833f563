package io.lifecycle.jobs.bi;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The DuckDB statements that make schema {@code gold} of a DuckDB database: per published gold table a view reading
 * its Delta folder in place through the delta extension's delta_scan (or, materialised, a table copied from it), and
 * its _current view. Gold tables not published yet are comments.
 */
public final class DuckDbGold {
    public static final String SCHEMA = "gold";

    private DuckDbGold() {
    }

    public static List<String> statements(Lakehouse lakehouse, boolean materialize) {
        return registration(lakehouse, SCHEMA, (def, table) -> "CREATE OR REPLACE " + (materialize ? "TABLE " : "VIEW ")
                + table + " AS SELECT * FROM delta_scan('"
                + lakehouse.publishedPath(def).toString().replace("'", "''") + "')");
    }

    /**
     * The statements that register every published gold table in an engine's {@code schema}: a schema, then per
     * table the engine's own statement ({@code tableStatement} of the table and its name {@code schema.name}) and its
     * _current view; a table not published yet is a comment. One loop for every dialect.
     */
    public static List<String> registration(Lakehouse lakehouse, String schema,
                                            BiFunction<TableDef, String, String> tableStatement) {
        List<String> out = new ArrayList<>();
        out.add("CREATE SCHEMA IF NOT EXISTS " + schema);
        // The publication record first: the _current views read it (and a view is checked when it is created).
        List<TableDef> gold = GoldTables.publishedNightsFirst(
                Tables.all().stream().filter(t -> t.layer() == Layer.GOLD).toList());
        String publishedNights = lakehouse.isPublished(GoldTables.PUBLISHED_NIGHTS)
                ? schema + "." + GoldTables.PUBLISHED_NIGHTS.name() : null;
        for (TableDef def : gold) {
            if (!lakehouse.isPublished(def)) {
                out.add("-- " + def.qualifiedName() + ": not published yet under " + lakehouse.root());
                continue;
            }
            String table = schema + "." + def.name();
            out.add(tableStatement.apply(def, table));
            if (def.currentViewName() != null) {
                String view = schema + "." + def.currentViewName().substring(def.currentViewName().indexOf('.') + 1);
                out.add("CREATE OR REPLACE VIEW " + view + " AS " + def.currentViewQuery(table, publishedNights));
            }
        }
        return out;
    }
}
