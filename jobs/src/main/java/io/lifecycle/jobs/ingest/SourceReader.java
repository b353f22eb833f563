package io.lifecycle.jobs.ingest;

import io.lifecycle.common.LifecycleException;
import io.lifecycle.common.Secrets;
import io.lifecycle.common.config.SourceConfig;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import java.io.IOException;
import java.sql.Date;

/**
 * Reads one input from its configured source and checks its shape against the contract before any row is
 * looked at: every contract column present, of the declared type (or text, for CSV, parsed later). A source
 * that is missing, empty, unreadable or of the wrong shape is one {@link LifecycleException} naming the input,
 * the source and what was expected. Extra columns are dropped and reported.
 */
final class SourceReader {
    /** Column a warehouse may partition usage events by (the UTC event date); used to prune the window. */
    static final String EVENT_DATE = "event_date";

    private final SparkSession spark;
    private final Path warehouse;

    SourceReader(SparkSession spark, Path warehouse) {
        this.spark = spark;
        this.warehouse = warehouse;
    }

    record Read(Dataset<Row> rows, List<String> extraColumns, String source) {
    }

    /**
     * @param window inclusive event-date range to read ([from, to]; from may be null for all history), or null
     *               to read everything (inputs that are not incremental)
     */
    Read read(Contract contract, SourceConfig source, LocalDate[] window) {
        String input = contract.input();
        String where = describe(source, input);
        Dataset<Row> rows;
        try {
            rows = load(source, input);
        } catch (AnalysisException e) {
            throw new LifecycleException("Input " + input + ": cannot read " + where + ": " + firstLine(e.getMessage()), e);
        } catch (LifecycleException e) {
            throw e;
        } catch (Exception e) {
            throw new LifecycleException("Input " + input + ": cannot read " + where + ": "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
        Map<String, DataType> actual = Arrays.stream(rows.schema().fields())
                .collect(Collectors.toMap(StructField::name, StructField::dataType, (a, b) -> a));
        boolean text = "csv".equals(source.format());
        for (StructField f : contract.inputSchema().fields()) {
            DataType found = actual.get(f.name());
            if (found == null && contract.optionalColumns().contains(f.name())) {
                rows = rows.withColumn(f.name(), lit(null).cast(f.dataType()));
                continue;
            }
            if (found == null) {
                throw new LifecycleException("Input " + input + " (" + where + ") has no column '" + f.name()
                        + "'; expected columns: " + String.join(", ", contract.inputSchema().fieldNames()) + ".");
            }
            if (!text && !compatible(found, f.dataType())) {
                throw new LifecycleException("Input " + input + " (" + where + "): column '" + f.name() + "' is "
                        + found.simpleString() + " but the contract needs " + f.dataType().simpleString() + ".");
            }
        }
        if (window != null) {
            Column day = actual.containsKey(EVENT_DATE) ? col(EVENT_DATE).cast("date")
                    : to_date(col(contract.eventTimeColumn()));
            if (window[0] != null) {
                rows = rows.where(day.geq(lit(Date.valueOf(window[0]))));
            }
            rows = rows.where(day.leq(lit(Date.valueOf(window[1]))));
        }
        List<String> expected = Arrays.asList(contract.inputSchema().fieldNames());
        List<String> extra = new ArrayList<>(actual.keySet().stream()
                .filter(c -> !expected.contains(c) && !(window != null && c.equals(EVENT_DATE))).sorted().toList());
        return new Read(rows.select(expected.stream().map(c -> col(c)).toArray(Column[]::new)), extra, where);
    }

    private Dataset<Row> load(SourceConfig source, String input) throws AnalysisException {
        switch (source.format()) {
            case "jdbc" -> {
                DataFrameReader reader = spark.read().format("jdbc")
                        .option("url", source.url())
                        .option("dbtable", source.table());
                if (source.user() != null) {
                    reader = reader.option("user", source.user());
                }
                if (source.passwordEnv() != null) {
                    String password = System.getenv(source.passwordEnv());
                    if (password == null) {
                        throw new LifecycleException("Input " + input + ": environment variable "
                                + source.passwordEnv() + " (named by passwordEnv) is not set.");
                    }
                    reader = reader.option("password", password);
                }
                if (source.partitionColumn() != null) {
                    reader = reader.option("partitionColumn", source.partitionColumn())
                            .option("lowerBound", source.lowerBound())
                            .option("upperBound", source.upperBound())
                            .option("numPartitions", source.numPartitions());
                }
                return reader.options(source.options()).load();
            }
            case "csv", "parquet", "delta" -> {
                Path path = pathOf(source, input);
                if (!Files.exists(path)) {
                    throw new LifecycleException("Input " + input + ": " + describe(source, input)
                            + " does not exist.");
                }
                if (Files.isDirectory(path) && isEmptyFolder(path)) {
                    throw new LifecycleException("Input " + input + ": " + describe(source, input)
                            + " is an empty folder; expected " + source.format() + " files.");
                }
                DataFrameReader reader = spark.read().options(source.options());
                return switch (source.format()) {
                    case "csv" -> reader.option("header", "true").option("inferSchema", "false")
                            .option("mode", "PERMISSIVE").csv(path.toString());
                    case "delta" -> reader.format("delta").load(path.toString());
                    default -> reader.parquet(path.toString());
                };
            }
            default -> throw new IllegalStateException("unknown format " + source.format());
        }
    }

    Path pathOf(SourceConfig source, String input) {
        return source.path() == null ? warehouse.resolve(input) : warehouse.resolve(source.path());
    }

    private String describe(SourceConfig source, String input) {
        if (source.isJdbc()) {
            return "jdbc table " + source.table() + " at " + Secrets.scrub(source.url());
        }
        return source.format() + " source " + pathOf(source, input);
    }

    private static boolean isEmptyFolder(Path folder) {
        try (var files = Files.walk(folder)) {
            return files.noneMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().startsWith("_"));
        } catch (IOException e) {
            throw new LifecycleException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Same type, or one that converts without loss of meaning (decimal precision, integers to wider numbers). */
    private static boolean compatible(DataType found, DataType declared) {
        if (found.equals(declared)) {
            return true;
        }
        if (declared instanceof DecimalType) {
            return found instanceof DecimalType || found.equals(DataTypes.IntegerType) || found.equals(DataTypes.LongType);
        }
        if (declared.equals(DataTypes.DoubleType)) {
            return found instanceof NumericType;
        }
        if (declared.equals(DataTypes.IntegerType)) {
            return found.equals(DataTypes.ShortType) || found.equals(DataTypes.ByteType);
        }
        if (declared.equals(DataTypes.TimestampType)) {
            return found.equals(DataTypes.TimestampNTZType);
        }
        return false;
    }

    static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
