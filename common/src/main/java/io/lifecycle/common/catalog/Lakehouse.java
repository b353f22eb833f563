package io.lifecycle.common.catalog;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.lifecycle.common.LifecycleException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.types.StructField;
import scala.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import scala.jdk.javaapi.CollectionConverters;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.lit;
import java.sql.Date;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;

/**
 * Reads and writes the catalog's Delta tables under one lakehouse root ({@code <root>/<layer>/<table>}) and
 * registers them in the Spark catalog as {@code <layer>.<table>}, so SQL works in every command. Every write
 * first conforms the rows to the declared schema (column order, types), so a table never drifts from its
 * declaration.
 *
 * <p>Gold tables are written, audited, then published: jobs read and write an unpublished copy under
 * {@code <root>/gold_unpublished/<table>} (registered as {@code gold_unpublished.<table>}, NOT NULL columns enforced, no CHECK constraints), and
 * only {@link #publish} changes {@code <root>/gold/<table>} (registered as {@code gold.<table>}, with its NOT NULL
 * and CHECK constraints and table properties), which is what BI reads.
 */
public final class Lakehouse {
    /** Folder and catalog database of the unpublished gold copies. */
    public static final String UNPUBLISHED = "gold_unpublished";

    private final SparkSession spark;
    private final Path root;
    private final SchemaEvolution evolution;
    private final List<TableDef> tables;
    /** Table folders that need a migration step (or a newer Lifecycle) before a job may write them. */
    private final Map<String, List<SchemaEvolution.Change>> notWritable = new HashMap<>();
    /** Whether tables are prepared on first use (made by {@link #open}). */
    private boolean opened;
    /** The tables prepared so far (see {@link #prepare}). */
    private final Set<TableDef> prepared = new HashSet<>();

    public Lakehouse(SparkSession spark, Path root) {
        this(spark, root, Tables.all(), Migrations.DECLARED);
    }

    /** A lakehouse of these tables whose catalog declares these migration steps (tests declare their own). */
    public Lakehouse(SparkSession spark, Path root, List<TableDef> tables, List<Migration> migrations) {
        this.spark = spark;
        this.root = root.toAbsolutePath().normalize();
        this.tables = List.copyOf(tables);
        this.evolution = new SchemaEvolution(spark, migrations);
    }

    /**
     * Opens the lakehouse. Nothing is read yet: each table is prepared the first time this lakehouse (or a query
     * through {@link LakehouseCatalog}) uses it: its existing folders are brought in line with the catalog where that
     * is additive (see {@link SchemaEvolution}); a folder that waits for a migration step is remembered, and no job
     * writes it until {@code bin/lifecycle migrate --apply}; it is registered as {@code layer.name} (gold: also its
     * published copy and _current view); and a gold table published before the unpublished copies existed (a
     * lakehouse of an older version) gets its copy from the published rows, once. A session that does not use
     * {@link LakehouseCatalog} gets every table prepared here, as its queries cannot ask for them later.
     */
    public static Lakehouse open(SparkSession spark, Path root) {
        return open(spark, root, Tables.all(), Migrations.DECLARED);
    }

    public static Lakehouse open(SparkSession spark, Path root, List<TableDef> tables, List<Migration> migrations) {
        Lakehouse lakehouse = new Lakehouse(spark, root, tables, migrations);
        lakehouse.opened = true;
        if (lakehouse.tables.stream().anyMatch(lakehouse::isPublished)) {
            lakehouse.ensurePublicationRecord(); // a lakehouse published before the record existed
        }
        lakehouse.forgetOtherRegistrations();
        if (LakehouseCatalog.isUsedBy(spark)) {
            LakehouseCatalog.bind(spark, lakehouse);
        } else {
            lakehouse.prepareAll();
        }
        return lakehouse;
    }

    /** Prepares every table of the catalog (see {@link #open}); what listing the catalog (SHOW TABLES) needs. */
    public void prepareAll() {
        for (TableDef def : GoldTables.publishedNightsFirst(tables)) {
            prepare(def);
        }
    }

    /**
     * Prepares the table registered (once prepared) as {@code database.name}, or whose _current view that is;
     * false when no table of this catalog has that name or its folder does not exist.
     */
    boolean prepareNamed(String database, String name) {
        String qualified = database + "." + name;
        for (TableDef def : tables) {
            boolean named = def.layer() == Layer.GOLD
                    ? qualified.equals(UNPUBLISHED + "." + def.name()) || qualified.equals(def.qualifiedName())
                            || qualified.equals(def.currentViewName())
                    : qualified.equals(def.qualifiedName());
            if (named && (exists(def) || isPublished(def))) {
                prepare(def);
                return true;
            }
        }
        return false;
    }

    /**
     * Brings the table's folders in line with the catalog and registers them, once per opened lakehouse (a
     * lakehouse made with the constructor is used as it is).
     */
    private synchronized void prepare(TableDef def) {
        if (!opened || !prepared.add(def)) {
            return;
        }
        try {
            if (def.layer() == Layer.GOLD && !def.equals(GoldTables.PUBLISHED_NIGHTS)
                    && tables.contains(GoldTables.PUBLISHED_NIGHTS)) {
                prepare(GoldTables.PUBLISHED_NIGHTS); // the _current views read it
            }
            if (isPublished(def)) {
                upgrade(copy(def, true));
            }
            if (def.layer() == Layer.GOLD && !exists(def) && isPublished(def)) {
                overwrite(def, readPublished(def));
            }
            if (exists(def)) {
                upgrade(copy(def, false));
                register(def);
            }
            if (isPublished(def)) {
                registerPublished(def);
            }
        } catch (RuntimeException e) {
            prepared.remove(def);
            throw e;
        }
    }

    /**
     * Drops the session catalog's registrations of the lakehouse layers (metadata only; the folders are untouched),
     * so that a session that opened another lakehouse before never answers with that one's tables.
     */
    private void forgetOtherRegistrations() {
        SessionCatalog catalog = spark.sessionState().catalog();
        Set<String> databases = new HashSet<>(List.of(UNPUBLISHED));
        tables.forEach(def -> databases.add(def.layer().dbName()));
        for (String database : databases) {
            if (!catalog.databaseExists(database)) {
                continue;
            }
            for (TableIdentifier id : CollectionConverters.asJava(catalog.listTables(database))) {
                if (id.database().isDefined()) { // not a temporary view
                    catalog.dropTable(id, true, false);
                }
            }
        }
    }

    /** One folder of a table: where jobs write it, or (gold) the published copy. */
    public SchemaEvolution.Copy copy(TableDef def, boolean published) {
        return new SchemaEvolution.Copy(def, (published ? publishedPath(def) : path(def)).toString(), published);
    }

    /** What would bring every existing table of the catalog in line with it (nothing is changed). */
    public List<SchemaEvolution.Change> plan() {
        List<SchemaEvolution.Change> changes = new ArrayList<>();
        for (TableDef def : tables) {
            if (isPublished(def)) {
                changes.addAll(evolution.plan(copy(def, true)));
            }
            if (exists(def)) {
                changes.addAll(evolution.plan(copy(def, false)));
            }
        }
        return changes;
    }

    /** Applies the additive changes of a table folder; remembers it as not writable when more is needed. */
    private void upgrade(SchemaEvolution.Copy copy) {
        List<SchemaEvolution.Change> changes = evolution.plan(copy);
        List<SchemaEvolution.Change> waiting = new ArrayList<>();
        for (SchemaEvolution.Change change : changes) {
            if (change.kind() == SchemaEvolution.Kind.ADDITIVE) {
                change.apply().run();
            } else {
                waiting.add(change);
            }
        }
        if (!waiting.isEmpty()) {
            notWritable.put(copy.location(), waiting);
        }
    }

    /** Fails, naming the table and what to run, when a table folder waits for a migration step. */
    private void requireWritable(SchemaEvolution.Copy copy) {
        List<SchemaEvolution.Change> waiting = notWritable.get(copy.location());
        if (waiting != null) {
            throw new LifecycleException("Table " + copy.label() + " is not written by this run: "
                    + waiting.stream().map(SchemaEvolution.Change::description).collect(Collectors.joining("; "))
                    + ". Run " + SchemaEvolution.COMMAND + ".");
        }
    }

    public SparkSession spark() {
        return spark;
    }

    public Path root() {
        return root;
    }

    /** Where jobs read and write the table: for gold tables the unpublished copy. */
    public Path path(TableDef def) {
        return root.resolve(def.layer() == Layer.GOLD ? UNPUBLISHED : def.layer().dbName()).resolve(def.name());
    }

    /** Where BI reads a gold table: {@code <root>/gold/<table>}. */
    public Path publishedPath(TableDef def) {
        requireGold(def);
        return root.resolve(def.layer().dbName()).resolve(def.name());
    }

    public boolean exists(TableDef def) {
        return Files.isDirectory(path(def).resolve("_delta_log"));
    }

    /** Whether a gold table has been published at least once. */
    public boolean isPublished(TableDef def) {
        return def.layer() == Layer.GOLD && Files.isDirectory(publishedPath(def).resolve("_delta_log"));
    }

    /** The published rows of a gold table (what BI sees); empty of the declared schema before the first publish. */
    public Dataset<Row> readPublished(TableDef def) {
        prepare(def);
        if (!isPublished(def)) {
            return spark.createDataFrame(List.of(), def.schema());
        }
        return spark.read().format("delta").load(publishedPath(def).toString());
    }

    /**
     * Publishes a gold table: makes its published rows matching {@code replaceWhere} (null: all rows) equal to the
     * unpublished rows matching it, in one atomic Delta commit. The published table is created on first use with
     * the declared nullability, the catalog's CHECK constraints and the given table properties. Returns the rows
     * written.
     */
    public long publish(TableDef def, String replaceWhere, Map<String, String> properties) {
        return publish(def, replaceWhere, properties, null);
    }

    /**
     * As {@link #publish(TableDef, String, Map)}, from the unpublished table as it was at Delta version
     * {@code version} (null: the latest): the version an audit read, so that exactly the audited rows are published
     * even if a writer changed the table since.
     */
    public long publish(TableDef def, String replaceWhere, Map<String, String> properties, Long version) {
        prepare(def);
        ensurePublicationRecord();
        ensurePublished(def, properties);
        Dataset<Row> source = version == null ? read(def) : read(def, version);
        Dataset<Row> rows = conform(def, replaceWhere == null ? source : source.where(replaceWhere));
        var writer = rows.write().format("delta").mode("overwrite");
        if (replaceWhere != null) {
            writer = writer.option("replaceWhere", replaceWhere);
        }
        writer.save(publishedPath(def).toString());
        registerPublished(def);
        return rowsWrittenByLastCommit(publishedPath(def));
    }

    /**
     * Makes sure the published {@link GoldTables#PUBLISHED_NIGHTS} exists (empty at first) and is registered before
     * any _current view is created over it; nothing when this lakehouse's catalog has no such table (tests).
     */
    private void ensurePublicationRecord() {
        if (tables.contains(GoldTables.PUBLISHED_NIGHTS) && !isPublished(GoldTables.PUBLISHED_NIGHTS)) {
            ensurePublished(GoldTables.PUBLISHED_NIGHTS, Map.of());
            registerPublished(GoldTables.PUBLISHED_NIGHTS);
        }
    }

    /** The name of the publication record the _current views read; null when this catalog has none. */
    private String publishedNights() {
        return tables.contains(GoldTables.PUBLISHED_NIGHTS) && isPublished(GoldTables.PUBLISHED_NIGHTS)
                ? GoldTables.PUBLISHED_NIGHTS.qualifiedName() : null;
    }

    /** Creates the published table if needed; adds missing CHECK constraints and sets changed table properties. */
    private void ensurePublished(TableDef def, Map<String, String> properties) {
        requireWritable(copy(def, true));
        String location = publishedPath(def).toString();
        if (!isPublished(def)) {
            DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).location(location)
                    .addColumns(def.schema()).comment(def.comment())
                    .property(SchemaEvolution.VERSION_PROPERTY, String.valueOf(evolution.codeVersion(def)));
            if (!def.partitionColumns().isEmpty()) {
                builder = builder.partitionedBy(def.partitionColumns().toArray(String[]::new));
            }
            for (Map.Entry<String, String> p : properties.entrySet()) {
                builder = builder.property(p.getKey(), p.getValue());
            }
            builder.execute();
        }
        Map<String, String> current = SchemaEvolution.properties(SchemaEvolution.latest(spark, location));
        List<String> changed = properties.entrySet().stream()
                .filter(p -> !p.getValue().equals(current.get(p.getKey())))
                .map(p -> sqlString(p.getKey()) + " = " + sqlString(p.getValue())).toList();
        if (!changed.isEmpty()) {
            spark.sql("ALTER TABLE delta.`" + location + "` SET TBLPROPERTIES (" + String.join(", ", changed) + ")");
        }
        for (TableDef.Check check : def.checks()) {
            String declared = current.get("delta.constraints." + check.name().toLowerCase(Locale.ROOT));
            if (SchemaEvolution.sameCondition(check.condition(), declared)) {
                continue;
            }
            if (declared != null) { // the catalog changed the condition
                spark.sql("ALTER TABLE delta.`" + location + "` DROP CONSTRAINT " + check.name());
            }
            spark.sql("ALTER TABLE delta.`" + location + "` ADD CONSTRAINT " + check.name() + " CHECK ("
                    + check.condition() + ")");
        }
    }

    private static String sqlString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void requireGold(TableDef def) {
        if (def.layer() != Layer.GOLD) {
            throw new IllegalArgumentException(def + " is not a gold table; only gold tables are published");
        }
    }

    /**
     * The newest value of the table's date column strictly before {@code before} (any, when null); null when the
     * table does not exist or has no such row. Incremental jobs find the state they carry forward with it.
     */
    public LocalDate newestDate(TableDef def, LocalDate before) {
        if (def.dateColumn() == null) {
            throw new IllegalArgumentException(def + " has no date column");
        }
        if (!exists(def)) {
            return null;
        }
        Dataset<Row> rows = read(def);
        if (before != null) {
            rows = rows.where(col(def.dateColumn()).lt(lit(Date.valueOf(before))));
        }
        Row row = rows.agg(max(col(def.dateColumn()))).first();
        return row.isNullAt(0) ? null : row.getDate(0).toLocalDate();
    }

    /** A SQL predicate (for replaceWhere or where) selecting the given dates of a date column; "false" when none. */
    public static String onDates(String dateColumn, Collection<LocalDate> dates) {
        if (dates.isEmpty()) {
            return "false";
        }
        return dateColumn + " IN (" + dates.stream().sorted().map(d -> "DATE'" + d + "'")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** The table's rows; an empty frame of the declared schema if the table has not been written yet. */
    public Dataset<Row> read(TableDef def) {
        prepare(def);
        if (!exists(def)) {
            return spark.createDataFrame(List.of(), def.schema());
        }
        return spark.read().format("delta").load(path(def).toString());
    }

    /** The table's rows as of Delta version {@code version}. */
    public Dataset<Row> read(TableDef def, long version) {
        prepare(def);
        return spark.read().format("delta").option("versionAsOf", version).load(path(def).toString());
    }

    /** The table's latest Delta version (its newest commit). */
    public long version(TableDef def) {
        prepare(def);
        return SchemaEvolution.latest(spark, path(def).toString()).version();
    }

    /**
     * Creates the table (schema, partitioning, comments) if it does not exist, and registers it. Delta enforces the
     * declared NOT NULL columns on every write, so a job that produces a null there fails naming the column.
     */
    public void ensure(TableDef def) {
        prepare(def);
        requireWritable(copy(def, false));
        if (!exists(def)) {
            DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark)
                    .location(path(def).toString())
                    .addColumns(def.schema())
                    .comment(def.comment())
                    .property(SchemaEvolution.VERSION_PROPERTY, String.valueOf(evolution.codeVersion(def)));
            if (!def.partitionColumns().isEmpty()) {
                builder = builder.partitionedBy(def.partitionColumns().toArray(String[]::new));
            }
            builder.execute();
        }
        register(def);
    }

    /**
     * Replaces the rows matching {@code replaceWhere} (a SQL predicate, e.g. a snapshot date) with
     * {@code rows}, in one atomic Delta commit; returns the rows written. Re-running with the same rows leaves
     * the table as it was.
     */
    public long replace(TableDef def, Dataset<Row> rows, String replaceWhere) {
        ensure(def);
        conform(def, rows).write().format("delta").mode("overwrite").option("replaceWhere", replaceWhere)
                .save(path(def).toString());
        return rowsWrittenByLastCommit(path(def));
    }

    /** Replaces the whole content of the table in one atomic commit; returns the rows written. */
    public long overwrite(TableDef def, Dataset<Row> rows) {
        ensure(def);
        conform(def, rows).write().format("delta").mode("overwrite").save(path(def).toString());
        return rowsWrittenByLastCommit(path(def));
    }

    /** numOutputRows of the table's latest commit (Delta records it; no second pass over the data). */
    private long rowsWrittenByLastCommit(Path table) {
        Row last = DeltaTable.forPath(spark, table.toString()).history(1).select("operationMetrics").first();
        scala.collection.Map<String, String> metrics = last.getMap(0);
        return metrics.get("numOutputRows").map(Long::parseLong).getOrElse(() -> 0L);
    }

    public void append(TableDef def, Dataset<Row> rows) {
        ensure(def);
        conform(def, rows).write().format("delta").mode("append").save(path(def).toString());
    }

    /** Selects the declared columns in declared order, cast to the declared types. */
    public static Dataset<Row> conform(TableDef def, Dataset<Row> rows) {
        List<String> present = List.of(rows.columns());
        List<Column> columns = new ArrayList<>();
        for (StructField f : def.schema().fields()) {
            if (!present.contains(f.name())) {
                throw new IllegalArgumentException("rows for " + def + " lack column " + f.name());
            }
            columns.add(col(f.name()).cast(f.dataType()).as(f.name()));
        }
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * Registers the table where jobs read it: {@code layer.name}, and for gold tables {@code gold_unpublished.name}.
     */
    void register(TableDef def) {
        register(def.layer() == Layer.GOLD ? UNPUBLISHED : def.layer().dbName(), def.name(), path(def));
    }

    /** Registers the published gold table as {@code gold.name}, with its {@code _current} view. */
    void registerPublished(TableDef def) {
        register(def.layer().dbName(), def.name(), publishedPath(def));
        if (def.currentViewName() != null) {
            // The _current companion BI reads: the latest published snapshot only.
            spark.sql("CREATE OR REPLACE VIEW " + def.currentViewName() + " AS "
                    + def.currentViewQuery(def.qualifiedName(), publishedNights()));
        }
    }

    /**
     * Registers {@code database.name} at the folder, re-pointing an existing registration at this lakehouse. Works on
     * the session catalog's metadata only, so a registration whose folder is gone does not get in the way.
     */
    private void register(String database, String name, Path folder) {
        String location = folder.toUri().toString();
        String qualifiedName = database + "." + name;
        SessionCatalog catalog = spark.sessionState().catalog();
        if (!catalog.databaseExists(database)) {
            spark.sql("CREATE DATABASE IF NOT EXISTS " + database);
        }
        TableIdentifier id = new TableIdentifier(name, Option.apply(database));
        if (catalog.tableExists(id)) {
            try {
                if (sameLocation(catalog.getTableMetadata(id).location().toString(), location)) {
                    return;
                }
                catalog.dropTable(id, true, false);
            } catch (AnalysisException e) {
                throw new IllegalStateException("cannot re-register " + qualifiedName, e);
            }
        }
        spark.sql("CREATE TABLE IF NOT EXISTS " + qualifiedName + " USING delta LOCATION '"
                + location.replace("'", "\\'") + "'");
    }

    private static boolean sameLocation(String a, String b) {
        return stripSlash(a.replace("file:///", "file:/")).equals(stripSlash(b.replace("file:///", "file:/")));
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Fails with a message naming the table and the job that writes it, when a job needs it and it is missing. */
    public void require(TableDef def, String producedBy) {
        if (!exists(def)) {
            throw new LifecycleException("Table " + def + " does not exist under " + root + "; run the '"
                    + producedBy + "' job first (bin/lifecycle run --date YYYY-MM-DD --jobs " + producedBy + ").");
        }
    }
}
