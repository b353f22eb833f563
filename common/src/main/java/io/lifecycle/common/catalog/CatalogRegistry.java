package io.lifecycle.common.catalog;

import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the per-layer declaration classes register their tables. Only {@link Tables} reads it, after making sure
 * every layer class has been loaded, so the catalog is whole and in the same order whichever table a job touches
 * first.
 */
final class CatalogRegistry {
    private static final Map<String, TableDef> DEFINED = new LinkedHashMap<>();

    private CatalogRegistry() {
    }

    static synchronized TableDef define(Layer layer, String name, String comment, List<String> keys,
                                        String dateColumn, List<String> partitions, StructField... fields) {
        TableDef def = new TableDef(layer, name, comment, new StructType(fields), partitions, keys, dateColumn,
                List.of());
        DEFINED.put(def.qualifiedName(), def);
        return def;
    }

    /** The table with these checks, replacing its catalog entry. */
    static synchronized TableDef checked(TableDef def, TableDef.Check... checks) {
        TableDef withChecks = def.withChecks(checks);
        DEFINED.put(withChecks.qualifiedName(), withChecks);
        return withChecks;
    }

    /** The table with this _current view rule, replacing its catalog entry. */
    static synchronized TableDef withCurrentView(TableDef def, TableDef.CurrentView view) {
        TableDef withView = def.withCurrentView(view);
        DEFINED.put(withView.qualifiedName(), withView);
        return withView;
    }

    static TableDef.Check check(String name, String condition) {
        return new TableDef.Check(name, condition);
    }

    static synchronized List<TableDef> ofLayer(Layer layer) {
        return DEFINED.values().stream().filter(t -> t.layer() == layer).toList();
    }
}
