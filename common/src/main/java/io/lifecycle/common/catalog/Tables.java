package io.lifecycle.common.catalog;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one catalog of every table of Lifecycle (DESIGN §6). Each layer declares its tables in a file of its own
 * ({@link StagingTables}, {@link QuarantineTables}, {@link SilverTables}, {@link GoldTables}, {@link OpsTables});
 * jobs refer to tables only through those constants, and no table name or path is typed anywhere else.
 */
public final class Tables {
    public static final DataType MONEY = DataTypes.createDecimalType(18, 2);
    public static final DataType RATE = DataTypes.createDecimalType(18, 8);

    private Tables() {
    }

    /** Every table, layer by layer (staging, quarantine, silver, gold, ops), each layer in declaration order. */
    public static List<TableDef> all() {
        return Stream.of(StagingTables.tables(), QuarantineTables.tables(), SilverTables.tables(),
                GoldTables.tables(), OpsTables.tables()).flatMap(List::stream).toList();
    }

    public static Optional<TableDef> find(String qualifiedName) {
        return all().stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
    }

    /** quarantine.&lt;input&gt;: rows of an input that broke its contract, with the rule and the run. */
    public static TableDef quarantine(String input) {
        return find(Layer.QUARANTINE.dbName() + "." + input)
                .orElseThrow(() -> new IllegalArgumentException("no input " + input));
    }

    public static TableDef staging(String input) {
        return find(Layer.STAGING.dbName() + "." + input)
                .orElseThrow(() -> new IllegalArgumentException("no staging table " + input));
    }
}
