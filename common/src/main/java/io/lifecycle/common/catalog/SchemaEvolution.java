package io.lifecycle.common.catalog;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps a lakehouse written by an older Lifecycle usable without deleting a table. For one Delta table folder it
 * compares what is there (schema, comments, constraints, the catalog version in table property
 * {@value #VERSION_PROPERTY}) with the catalog, and plans:
 * <ul>
 *   <li>additive changes, applied when the lakehouse is opened: a new nullable column (null in old rows), a new or
 *       changed column comment, a NOT NULL relaxed, a check dropped, a new or changed check that every row already
 *       meets, and recording the catalog version on a table written before versions existed;</li>
 *   <li>declared {@link Migration} steps, when the table is at an older catalog version than the code: applied only
 *       by {@code bin/lifecycle migrate --apply}, and until then no job writes the table;</li>
 *   <li>blocked: the table is at a newer version than the code (a newer Lifecycle wrote it), or it differs from
 *       the catalog in a way only a declared migration may change (a type change, a dropped or renamed column, a
 *       new NOT NULL column, a check old rows break) and no step is declared.</li>
 * </ul>
 */
public final class SchemaEvolution {
    /** Table property holding the catalog version a table was last written at. */
    public static final String VERSION_PROPERTY = "lifecycle.catalog_version";
    /** What to run to see and apply pending steps, for messages. */
    public static final String COMMAND = "bin/lifecycle migrate (to see) and bin/lifecycle migrate --apply";

    /** What kind of change a planned change is. */
    public enum Kind {
        ADDITIVE, MIGRATION, BLOCKED
    }

    /** One Delta table folder of a catalog table: the table, or (gold) its published copy. */
    public record Copy(TableDef def, String location, boolean published) {
        public String label() {
            return published ? def.qualifiedName() + " (published)" : def.layer() == Layer.GOLD
                    ? Lakehouse.UNPUBLISHED + "." + def.name() : def.qualifiedName();
        }
    }

    /** A planned change of one copy; {@code apply} is null for a blocked one. */
    public record Change(Copy copy, Kind kind, String description, Runnable apply) {
        @Override
        public String toString() {
            return copy.label() + ": " + description;
        }
    }

    private final SparkSession spark;
    private final List<Migration> migrations;

    public SchemaEvolution(SparkSession spark, List<Migration> migrations) {
        this.spark = spark;
        this.migrations = List.copyOf(migrations);
    }

    /**
     * The latest snapshot of a Delta table folder, read from its log without a Spark job (opening a lakehouse plans
     * every table, and a {@code DESCRIBE DETAIL} per table was most of its time).
     */
    static Snapshot latest(SparkSession spark, String location) {
        return DeltaLog.forTable(spark, location).update(false, Option.empty(), Option.empty());
    }

    /** The table properties (including {@code delta.constraints.*}) of a snapshot. */
    static Map<String, String> properties(Snapshot snapshot) {
        return CollectionConverters.asJava(snapshot.metadata().configuration());
    }

    public int codeVersion(TableDef def) {
        return Migrations.versionOf(def, migrations);
    }

    /** The changes that would bring an existing table folder in line with the catalog; empty when it is. */
    public List<Change> plan(Copy copy) {
        Snapshot snapshot = latest(spark, copy.location());
        Map<String, String> properties = properties(snapshot);
        int code = codeVersion(copy.def());
        String recorded = properties.get(VERSION_PROPERTY);
        int version = recorded == null ? 1 : Integer.parseInt(recorded);
        List<Change> changes = new ArrayList<>();
        if (version > code) {
            changes.add(new Change(copy, Kind.BLOCKED, "written at catalog version " + version + " by a newer "
                    + "Lifecycle; this one knows version " + code + " (upgrade Lifecycle to write it)", null));
            return changes;
        }
        if (version < code) {
            for (Migration m : migrations) {
                if (m.table().equals(copy.def().qualifiedName()) && m.fromVersion() >= version) {
                    changes.add(new Change(copy, Kind.MIGRATION, "version " + m.fromVersion() + " -> " + m.toVersion()
                            + ": " + m.description() + " (old rows " + m.oldRows().name().toLowerCase(Locale.ROOT)
                            + ")", () -> {
                                m.step().apply(spark, copy.location());
                                setVersion(copy, m.toVersion());
                            }));
                }
            }
            return changes;
        }
        if (recorded == null) {
            changes.add(new Change(copy, Kind.ADDITIVE, "record catalog version " + code,
                    () -> setVersion(copy, code)));
        }
        changes.addAll(columnChanges(copy, snapshot.schema()));
        if (copy.published()) {
            changes.addAll(checkChanges(copy, properties));
        }
        return changes;
    }

    private List<Change> columnChanges(Copy copy, StructType actual) {
        List<Change> changes = new ArrayList<>();
        Map<String, StructField> present = Arrays.stream(actual.fields())
                .collect(Collectors.toMap(StructField::name, Function.identity()));
        String target = "delta.`" + copy.location() + "`";
        for (StructField declared : copy.def().schema().fields()) {
            StructField found = present.remove(declared.name());
            String column = "`" + declared.name() + "`";
            String comment = declared.getComment().isDefined() ? declared.getComment().get() : "";
            if (found == null) {
                if (declared.nullable()) {
                    changes.add(new Change(copy, Kind.ADDITIVE, "add column " + declared.name() + " "
                            + declared.dataType().sql() + " (null in rows written before)", () -> spark.sql(
                            "ALTER TABLE " + target + " ADD COLUMNS (" + column + " " + declared.dataType().sql()
                                    + " COMMENT " + sqlString(comment) + ")")));
                } else {
                    changes.add(blocked(copy, "new NOT NULL column " + declared.name()));
                }
                continue;
            }
            if (!found.dataType().catalogString().equals(declared.dataType().catalogString())) {
                changes.add(blocked(copy, "column " + declared.name() + " is " + found.dataType().catalogString()
                        + ", the catalog says " + declared.dataType().catalogString()));
                continue;
            }
            if (found.nullable() != declared.nullable()) {
                if (declared.nullable()) {
                    changes.add(new Change(copy, Kind.ADDITIVE, "allow nulls in " + declared.name(),
                            () -> spark.sql("ALTER TABLE " + target + " ALTER COLUMN " + column + " DROP NOT NULL")));
                } else {
                    changes.add(blocked(copy, "column " + declared.name() + " became NOT NULL"));
                }
            }
            String foundComment = found.getComment().isDefined() ? found.getComment().get() : "";
            if (!foundComment.equals(comment)) {
                changes.add(new Change(copy, Kind.ADDITIVE, "comment of " + declared.name(),
                        () -> spark.sql("ALTER TABLE " + target + " ALTER COLUMN " + column + " COMMENT "
                                + sqlString(comment))));
            }
        }
        for (String dropped : present.keySet()) {
            changes.add(blocked(copy, "column " + dropped + " is not in the catalog (dropped or renamed)"));
        }
        return changes;
    }

    private List<Change> checkChanges(Copy copy, Map<String, String> properties) {
        List<Change> changes = new ArrayList<>();
        String target = "delta.`" + copy.location() + "`";
        List<String> declaredNames = new ArrayList<>();
        for (TableDef.Check check : copy.def().checks()) {
            String key = "delta.constraints." + check.name().toLowerCase(Locale.ROOT);
            declaredNames.add(key);
            String current = properties.get(key);
            if (sameCondition(check.condition(), current)) {
                continue;
            }
            long breaking = spark.read().format("delta").load(copy.location())
                    .where("NOT coalesce((" + check.condition() + "), false)").count();
            if (breaking > 0) {
                changes.add(blocked(copy, "check " + check.name() + " (" + check.condition() + ") is broken by "
                        + breaking + " row(s) published before it"));
                continue;
            }
            changes.add(new Change(copy, Kind.ADDITIVE, (current == null ? "add" : "change") + " check "
                    + check.name(), () -> {
                        if (current != null) {
                            spark.sql("ALTER TABLE " + target + " DROP CONSTRAINT " + check.name());
                        }
                        spark.sql("ALTER TABLE " + target + " ADD CONSTRAINT " + check.name() + " CHECK ("
                                + check.condition() + ")");
                    }));
        }
        for (String key : properties.keySet()) {
            if (key.startsWith("delta.constraints.") && !declaredNames.contains(key)) {
                String name = key.substring("delta.constraints.".length());
                changes.add(new Change(copy, Kind.ADDITIVE, "drop check " + name,
                        () -> spark.sql("ALTER TABLE " + target + " DROP CONSTRAINT " + name)));
            }
        }
        return changes;
    }

    private static Change blocked(Copy copy, String what) {
        return new Change(copy, Kind.BLOCKED, what + "; only a declared migration step may change this, and none is",
                null);
    }

    private void setVersion(Copy copy, int version) {
        spark.sql("ALTER TABLE delta.`" + copy.location() + "` SET TBLPROPERTIES (" + sqlString(VERSION_PROPERTY)
                + " = " + sqlString(String.valueOf(version)) + ")");
    }

    /**
     * Whether a declared check condition is the one a table holds. Delta stores a constraint as its SQL tokens joined
     * by spaces ({@code band IN ( 'red' , 'green' )}), so conditions compare without the white space outside quoted
     * literals.
     */
    static boolean sameCondition(String declared, String stored) {
        return stored != null && withoutSpaces(declared).equals(withoutSpaces(stored));
    }

    private static String withoutSpaces(String condition) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (char c : condition.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            if (quoted || !Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String sqlString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The first change of a kind, if any: for messages. */
    public static Optional<Change> first(List<Change> changes, Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).findFirst();
    }
}
