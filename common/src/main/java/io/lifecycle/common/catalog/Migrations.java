package io.lifecycle.common.catalog;

import java.util.List;

/**
 * The declared migration steps of the catalog, oldest first. A table's catalog version is 1 plus the number of steps
 * declared for it; every Delta table records the version it was written at in the table property
 * {@value SchemaEvolution#VERSION_PROPERTY}.
 *
 * <p>None yet: every change of the catalog so far has been additive (new tables, new nullable columns, new comments,
 * new or relaxed checks), which {@link SchemaEvolution} applies when a lakehouse is opened.
 */
public final class Migrations {
    public static final List<Migration> DECLARED = List.of();

    private Migrations() {
    }

    /** The catalog version this code writes the table at. */
    public static int versionOf(TableDef def, List<Migration> migrations) {
        return 1 + (int) migrations.stream().filter(m -> m.table().equals(def.qualifiedName())).count();
    }
}
