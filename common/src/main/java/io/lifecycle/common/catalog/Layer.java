package io.lifecycle.common.catalog;

import java.util.Locale;

/** Lakehouse layers; each is a folder under the lakehouse root and a database in the Spark catalog. */
public enum Layer {
    STAGING, QUARANTINE, SILVER, GOLD, OPS;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
