package io.lifecycle.common.catalog;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Short names for the column types of the catalog's declarations. */
final class ColumnTypes {
    static final DataType STRING = DataTypes.StringType;
    static final DataType DATE = DataTypes.DateType;
    static final DataType TS = DataTypes.TimestampType;
    static final DataType INT = DataTypes.IntegerType;
    static final DataType LONG = DataTypes.LongType;
    static final DataType DOUBLE = DataTypes.DoubleType;
    static final DataType BOOL = DataTypes.BooleanType;
    static final DataType MONEY = Tables.MONEY;
    static final DataType RATE = Tables.RATE;

    private ColumnTypes() {
    }
}
