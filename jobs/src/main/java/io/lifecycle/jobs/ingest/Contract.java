package io.lifecycle.jobs.ingest;

import io.lifecycle.common.catalog.TableDef;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contract of one warehouse input (DESIGN §4): the columns it must have, and the rules a row must keep.
 *
 * @param input            input name
 * @param staging          the staging table it lands in; its schema minus {@code derivedColumns} is the contract
 * @param derivedColumns   staging columns that ingest adds (not expected in the input)
 * @param allowedValues    column to its allowed values
 * @param nonNegative      columns that must be &ge; 0
 * @param ranges           column to inclusive [min, max]
 * @param accountColumn    column that must name a known account (null: none)
 * @param currencyColumn   column holding an ISO 4217 code whose fx rate must exist (null: none)
 * @param fxDateColumn     column whose date picks the fx rate (date or timestamp)
 * @param eventTimeColumn  column that must be before the end of the snapshot day (null: not checked)
 * @param versionColumn    among duplicates by key, the row with the latest value here is kept
 * @param optionalColumns  nullable input columns a source may lack: read as nulls when absent
 */
record Contract(String input, TableDef staging, List<String> derivedColumns, Map<String, Set<String>> allowedValues,
                List<String> nonNegative, Map<String, double[]> ranges, String accountColumn, String currencyColumn,
                String fxDateColumn, String eventTimeColumn, String versionColumn, List<String> optionalColumns) {

    Contract(String input, TableDef staging, List<String> derivedColumns, Map<String, Set<String>> allowedValues,
             List<String> nonNegative, Map<String, double[]> ranges, String accountColumn, String currencyColumn,
             String fxDateColumn, String eventTimeColumn, String versionColumn) {
        this(input, staging, derivedColumns, allowedValues, nonNegative, ranges, accountColumn, currencyColumn,
                fxDateColumn, eventTimeColumn, versionColumn, List.of());
    }

    /** The columns the input must provide, with their types and nullability. */
    StructType inputSchema() {
        return new StructType(Arrays.stream(staging.schema().fields())
                .filter(f -> !derivedColumns.contains(f.name()))
                .toArray(StructField[]::new));
    }

    List<String> keys() {
        return staging.keys();
    }
}
