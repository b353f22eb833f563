package io.lifecycle.common.catalog;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;

/**
 * One table of the catalog: where it lives, its exact schema (with a comment on every column), how it
 * is partitioned and which columns identify a row.
 *
 * @param layer            lakehouse layer (folder and catalog database)
 * @param name             table name inside the layer
 * @param comment          what one row means
 * @param schema           columns in order, with types, nullability and comments
 * @param partitionColumns Delta partition columns (empty: not partitioned)
 * @param keys             columns that identify a row (unique per table)
 * @param dateColumn       the date column whose newest value tells how current the table is (the snapshot date
 *                         of daily tables), or null
 * @param checks           conditions every row must meet (gold: audited before publishing, and Delta CHECK
 *                         constraints of the published table)
 * @param currentView      null: the _current view holds the rows of the newest date; else which older rows it keeps
 */
public record TableDef(Layer layer, String name, String comment, StructType schema, List<String> partitionColumns,
                       List<String> keys, String dateColumn, List<Check> checks, CurrentView currentView) {

    /**
     * A condition every row must meet, as a Spark SQL boolean expression over the row's columns. As in Delta's
     * CHECK constraints, a row breaks it unless it is true (null breaks it too), so conditions on nullable columns
     * say what a null means (e.g. {@code score IS NULL OR score BETWEEN 0 AND 100}).
     */
    public record Check(String name, String condition) {
    }

    /**
     * A _current view for a table whose entities may stop getting rows: besides the rows of the newest date it keeps
     * the newest row of every entity without one, looked for among the rows meeting {@code kept}.
     *
     * @param entity      SQL expression naming the entity of a row (standard SQL, for every engine's view)
     * @param kept        SQL condition of the rows an entity that stopped getting rows ends on
     * @param description the rule in words, for the data dictionary
     */
    public record CurrentView(String entity, String kept, String description) {
    }

    public TableDef(Layer layer, String name, String comment, StructType schema, List<String> partitionColumns,
                    List<String> keys, String dateColumn, List<Check> checks) {
        this(layer, name, comment, schema, partitionColumns, keys, dateColumn, checks, null);
    }

    public TableDef {
        partitionColumns = List.copyOf(partitionColumns);
        keys = List.copyOf(keys);
        checks = List.copyOf(checks);
        for (String c : partitionColumns) {
            requireColumn(schema, c);
        }
        for (String c : keys) {
            requireColumn(schema, c);
        }
        if (dateColumn != null) {
            requireColumn(schema, dateColumn);
        }
    }

    /** The same table with these checks. */
    public TableDef withChecks(Check... more) {
        return new TableDef(layer, name, comment, schema, partitionColumns, keys, dateColumn, List.of(more),
                currentView);
    }

    /** The same table with this _current view rule. */
    public TableDef withCurrentView(CurrentView view) {
        return new TableDef(layer, name, comment, schema, partitionColumns, keys, dateColumn, checks, view);
    }

    /** The grain as words: "one row per snapshot_date, account_id". */
    public String grain() {
        return "one row per " + String.join(", ", keys);
    }

    /** {@code layer.name}, as registered in the Spark catalog. */
    public String qualifiedName() {
        return layer.dbName() + "." + name;
    }

    /**
     * The view BI reads for the latest snapshot of a daily gold table: {@code gold.X_current} for {@code gold.X_daily}
     * and for any other dated gold table {@code gold.X}; null for tables without one.
     */
    public String currentViewName() {
        if (layer != Layer.GOLD || dateColumn == null) {
            return null;
        }
        String base = name.endsWith("_daily") ? name.substring(0, name.length() - "_daily".length()) : name;
        return layer.dbName() + "." + base + "_current";
    }

    /**
     * The SELECT of the _current view over this table registered as {@code table}: rows of its newest date that is
     * not after the newest night of {@code publishedNights} (the engine's name of {@link GoldTables#PUBLISHED_NIGHTS};
     * null: no such limit), so that a night is seen by BI only once every table of it is published. While that table
     * is empty the limit is open. One text for the Spark catalog and for the DDL other engines get.
     */
    public String currentViewQuery(String table, String publishedNights) {
        String published = publishedNights == null ? null : dateColumn + " <= (SELECT coalesce(max(snapshot_date), "
                + "DATE '9999-12-31') FROM " + publishedNights + ")";
        String newestDate = dateColumn + " = (SELECT max(" + dateColumn + ") FROM " + table
                + (published == null ? "" : " WHERE " + published) + ")";
        if (currentView == null) {
            return "SELECT * FROM " + table + " WHERE " + newestDate;
        }
        return "SELECT " + String.join(", ", columnNames()) + " FROM (SELECT *, max(" + dateColumn
                + ") OVER (PARTITION BY " + currentView.entity() + ") AS newest_of_entity FROM " + table + " WHERE ("
                + newestDate + " OR (" + currentView.kept() + "))" + (published == null ? "" : " AND " + published)
                + ") newest WHERE " + dateColumn + " = newest_of_entity";
    }

    public List<String> columnNames() {
        return Arrays.asList(schema.fieldNames());
    }

    public static StructField column(String name, DataType type, boolean nullable, String comment) {
        return new StructField(name, type, nullable, Metadata.empty()).withComment(comment);
    }

    private static void requireColumn(StructType schema, String column) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("column " + column + " is not in the schema");
        }
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
