package io.lifecycle.jobs.shared;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * Small driver-built tables of snapshot dates. A trailing window is a table of (snapshot_date, day, days_back)
 * so that windowed sums become an equi-join on the day (a broadcast hash join), not a range join.
 */
public final class SnapshotCalendar {
    private SnapshotCalendar() {
    }

    /** One row per snapshot date: (snapshot_date). */
    public static Dataset<Row> dates(SparkSession spark, SortedSet<LocalDate> snapshotDates) {
        List<Row> rows = snapshotDates.stream().map(d -> RowFactory.create(Date.valueOf(d))).toList();
        return spark.createDataFrame(rows, new StructType().add("snapshot_date", DataTypes.DateType, false));
    }

    /**
     * The {@code days} days ending on each snapshot date: (snapshot_date, {@code dayColumn}, days_back) with
     * days_back = snapshot_date - day, from 0 to days - 1.
     */
    public static Dataset<Row> trailing(SparkSession spark, SortedSet<LocalDate> snapshotDates, int days, String dayColumn) {
        List<Row> rows = new ArrayList<>();
        for (LocalDate d : snapshotDates) {
            for (int back = 0; back < days; back++) {
                rows.add(RowFactory.create(Date.valueOf(d), Date.valueOf(d.minusDays(back)), back));
            }
        }
        return spark.createDataFrame(rows, new StructType()
                .add("snapshot_date", DataTypes.DateType, false)
                .add(dayColumn, DataTypes.DateType, false)
                .add("days_back", DataTypes.IntegerType, false));
    }
}
