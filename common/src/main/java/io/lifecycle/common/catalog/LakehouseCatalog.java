package io.lifecycle.common.catalog;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.delta.catalog.DeltaCatalog;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The Spark session catalog Lifecycle's sessions use: Delta's, plus lazy registration. Opening a lakehouse registers
 * nothing (registering every table read each table's Delta log, about 12 s per command on the medium lakehouse);
 * when a query names a catalog table that is not registered yet ({@code silver.x}, {@code gold.x},
 * {@code gold_unpublished.x}, {@code gold.x_current}), the lakehouse bound to the session prepares that table
 * (schema evolution, registration, its _current view) and the lookup is answered as if it had always been there.
 *
 * <p>A session built without this catalog (a user's own) still works: {@link Lakehouse#open} then registers every
 * table at once, as before.
 */
public class LakehouseCatalog extends DeltaCatalog {
    /** The lakehouse each session's lookups are answered from: the one opened last in it. */
    private static final Map<SparkSession, Lakehouse> BOUND = new WeakHashMap<>();

    /** The session catalog setting that makes a session use this catalog. */
    public static final String SETTING = "spark.sql.catalog.spark_catalog";

    static synchronized void bind(SparkSession spark, Lakehouse lakehouse) {
        BOUND.put(spark, lakehouse);
    }

    private static synchronized Lakehouse bound() {
        return BOUND.get(SparkSession.active());
    }

    /** Whether the session resolves unregistered lakehouse tables through this catalog. */
    static boolean isUsedBy(SparkSession spark) {
        return spark.sessionState().catalogManager().v2SessionCatalog() instanceof LakehouseCatalog;
    }

    @Override
    public Table loadTable(Identifier ident) {
        return orPrepared(ident, () -> super.loadTable(ident));
    }

    @Override
    public Table loadTable(Identifier ident, long timestamp) {
        return orPrepared(ident, () -> super.loadTable(ident, timestamp));
    }

    @Override
    public Table loadTable(Identifier ident, String version) {
        return orPrepared(ident, () -> super.loadTable(ident, version));
    }

    /** The lookup; when it finds nothing and the name is a table of the bound lakehouse, that table is prepared. */
    private Table orPrepared(Identifier ident, Supplier<Table> lookup) {
        try {
            return lookup.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // Scala throws checked exceptions Java cannot declare here
            if (!(e instanceof NoSuchTableException || e instanceof NoSuchNamespaceException)
                    || ident.namespace().length != 1) {
                throw sneaky(e);
            }
            Lakehouse lakehouse = bound();
            if (lakehouse == null || !lakehouse.prepareNamed(ident.namespace()[0], ident.name())) {
                throw sneaky(e);
            }
            return lookup.get();
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }
}
