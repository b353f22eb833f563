package io.lifecycle.jobs.bi;

import io.lifecycle.common.catalog.Lakehouse;
import io.lifecycle.common.catalog.Layer;
import io.lifecycle.common.catalog.TableDef;
import io.lifecycle.common.catalog.Tables;

import java.util.ArrayList;
import java.util.List;

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
        List<String> out = new ArrayList<>();
        out.add("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        for (TableDef def : Tables.all()) {
            if (def.layer() != Layer.GOLD) {
                continue;
            }
            if (!lakehouse.isPublished(def)) {
                out.add("-- " + def.qualifiedName() + ": not published yet under " + lakehouse.root());
                continue;
            }
            String table = SCHEMA + "." + def.name();
            String scan = "SELECT * FROM delta_scan('" + lakehouse.publishedPath(def).toString().replace("'", "''")
                    + "')";
            out.add("CREATE OR REPLACE " + (materialize ? "TABLE " : "VIEW ") + table + " AS " + scan);
            if (def.currentViewName() != null) {
                String view = SCHEMA + "." + def.currentViewName().substring(def.currentViewName().indexOf('.') + 1);
                out.add("CREATE OR REPLACE VIEW " + view + " AS " + def.currentViewQuery(table));
            }
        }
        return out;
    }
}
