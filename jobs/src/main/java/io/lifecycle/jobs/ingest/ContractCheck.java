package io.lifecycle.jobs.ingest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import java.sql.Timestamp;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies an input's contract to the rows read (a pure transform, no IO). Adds {@code _rule} (the first
 * rule the row broke, null if none), {@code _detail}, {@code _record} (the row as read, as JSON, for broken
 * rows only), {@code _row_hash} (a hash of the row, to order duplicates deterministically) and
 * {@code _fx_rate} (rate to the reporting currency, for inputs with money), and casts every contract column
 * to its declared type. Columns that arrive as text (CSV) are parsed; text that does not parse breaks rule
 * {@code unparseable}.
 */
final class ContractCheck {
    static final String RULE = "_rule";
    static final String DETAIL = "_detail";
    static final String RECORD = "_record";
    static final String FX_RATE = "_fx_rate";
    static final String ROW_HASH = "_row_hash";
    private static final String ACCOUNT_KNOWN = "_account_known";
    private static final String RAW_PREFIX = "_raw_";

    private static final Object[] ISO_CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).sorted().toArray();

    private ContractCheck() {
    }

    /**
     * @param raw            rows read; must hold every contract column (typed, or as strings)
     * @param knownAccounts  one column account_id of valid accounts (ignored if the contract has no account column)
     * @param fxRates        rate_date, currency, rate_to_reporting (ignored without a currency column)
     * @param windowStart    events dated before it are outside the late-data window (null: no window)
     */
    static Checked apply(Contract contract, Dataset<Row> raw, Dataset<Row> knownAccounts, Dataset<Row> fxRates,
                              LocalDate snapshotDate, LocalDate windowStart, String reportingCurrency) {
        StructField[] fields = contract.inputSchema().fields();
        Dataset<Row> rows = raw;
        List<StructField> textual = arrivingAsText(rows, fields);
        List<Rule> rules = new ArrayList<>();
        for (StructField f : textual) {
            rows = rows.withColumn(RAW_PREFIX + f.name(), col(f.name()));
            rules.add(unparseable(f));
        }
        for (StructField f : fields) {
            rows = rows.withColumn(f.name(), col(f.name()).try_cast(f.dataType()));
        }
        rules.addAll(valueRules(contract, fields, snapshotDate, windowStart));

        if (contract.accountColumn() != null) {
            Dataset<Row> known = knownAccounts.select(col("account_id").as("_known_id")).distinct()
                    .withColumn(ACCOUNT_KNOWN, lit(true));
            rows = rows.join(broadcast(known), col(contract.accountColumn()).equalTo(col("_known_id")), "left")
                    .drop("_known_id");
            Column account = col(contract.accountColumn());
            rules.add(new Rule(Rule.UNKNOWN_ACCOUNT, account.isNotNull().and(col(ACCOUNT_KNOWN).isNull()),
                    concat(lit(contract.accountColumn() + "="), account)));
        }
        if (contract.currencyColumn() != null) {
            Column currency = col(contract.currencyColumn());
            Column day = to_date(col(contract.fxDateColumn()));
            Column fxDay = when(day.gt(lit(snapshotDate)), lit(snapshotDate)).otherwise(day);
            Dataset<Row> rates = fxRates.select(col("rate_date").as("_rate_date"), col("currency").as("_rate_currency"),
                    col("rate_to_reporting").as("_rate"));
            rows = rows.withColumn("_fx_day", fxDay)
                    .join(broadcast(rates), col("_fx_day").equalTo(col("_rate_date"))
                            .and(currency.equalTo(col("_rate_currency"))), "left")
                    .withColumn(FX_RATE, when(currency.equalTo(lit(reportingCurrency)), lit(1).cast(RATE_TYPE))
                            .otherwise(col("_rate").cast(RATE_TYPE)))
                    .drop("_rate_date", "_rate_currency", "_rate");
            rules.add(new Rule(Rule.MISSING_FX_RATE, currency.isNotNull().and(col(FX_RATE).isNull()),
                    concat(lit("no rate_to_reporting for "), currency, lit(" on "), col("_fx_day").cast("string"))));
        } else {
            rows = rows.withColumn(FX_RATE, lit(null).cast(RATE_TYPE));
        }

        Column rule = lit(null).cast(DataTypes.StringType);
        Column detail = lit(null).cast(DataTypes.StringType);
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            Column broken = coalesce(r.broken(), lit(false));
            rule = when(broken, lit(r.name())).otherwise(rule);
            detail = when(broken, r.detail()).otherwise(detail);
        }
        // The row as read (text columns as they arrived), kept only for rows that go to quarantine.
        Column[] asRead = Arrays.stream(fields)
                .map(f -> textual.contains(f) ? col(RAW_PREFIX + f.name()).as(f.name()) : col(f.name()))
                .toArray(Column[]::new);
        List<Column> out = Arrays.stream(fields).map(f -> col(f.name())).collect(Collectors.toCollection(ArrayList::new));
        out.addAll(List.of(rule.as(RULE), detail.as(DETAIL),
                when(rule.isNotNull(), to_json(struct(asRead))).as(RECORD),
                xxhash64(asRead).as(ROW_HASH), col(FX_RATE)));
        List<String> ruleNames = rules.stream().map(Rule::name).distinct().toList();
        return new Checked(rows.select(out.toArray(Column[]::new)), ruleNames);
    }

    /** Checked rows, and the names of the rules they were checked against (in order). */
    record Checked(Dataset<Row> rows, List<String> ruleNames) {
    }

    private static final DataType RATE_TYPE = DataTypes.createDecimalType(18, 8);

    /** Contract columns that arrive as text (CSV) but should hold another type. */
    private static List<StructField> arrivingAsText(Dataset<Row> rows, StructField[] fields) {
        Map<String, DataType> actual = Arrays.stream(rows.schema().fields())
                .collect(Collectors.toMap(StructField::name, StructField::dataType));
        return Arrays.stream(fields)
                .filter(f -> actual.get(f.name()).equals(DataTypes.StringType)
                        && !f.dataType().equals(DataTypes.StringType))
                .toList();
    }

    /** Text must parse as the declared type; empty text counts as null. */
    private static Rule unparseable(StructField f) {
        Column text = col(RAW_PREFIX + f.name());
        Column broken = text.isNotNull().and(trim(text).notEqual(lit(""))).and(text.try_cast(f.dataType()).isNull());
        return new Rule(Rule.UNPARSEABLE, broken,
                concat(lit(f.name() + " is not a valid " + f.dataType().simpleString() + ": "), text));
    }

    private static List<Rule> valueRules(Contract c, StructField[] fields, LocalDate snapshotDate,
                                         LocalDate windowStart) {
        List<Rule> rules = new ArrayList<>();
        for (String key : c.keys()) {
            Column k = col(key);
            Column empty = k.isNull();
            if (fieldType(fields, key).equals(DataTypes.StringType)) {
                empty = empty.or(trim(k).equalTo(lit("")));
            }
            rules.add(new Rule(Rule.NULL_KEY, empty, lit(key + " is null or empty")));
        }
        for (StructField f : fields) {
            if (!f.nullable() && !c.keys().contains(f.name())) {
                rules.add(new Rule(Rule.NULL_REQUIRED, col(f.name()).isNull(), lit(f.name() + " is null")));
            }
        }
        for (Map.Entry<String, Set<String>> e : c.allowedValues().entrySet()) {
            Column v = col(e.getKey());
            rules.add(new Rule(Rule.INVALID_VALUE, v.isNotNull().and(not(v.isin(e.getValue().toArray()))),
                    concat(lit(e.getKey() + "="), v, lit("; allowed: " + String.join(", ",
                            new TreeSet<>(e.getValue()))))));
        }
        for (String column : c.nonNegative()) {
            rules.add(new Rule(Rule.NEGATIVE_VALUE, col(column).lt(lit(0)),
                    concat(lit(column + "="), col(column).cast("string"))));
        }
        for (Map.Entry<String, double[]> e : c.ranges().entrySet()) {
            Column v = col(e.getKey());
            double[] range = e.getValue();
            rules.add(new Rule(Rule.OUT_OF_RANGE, v.lt(lit(range[0])).or(v.gt(lit(range[1]))),
                    concat(lit(e.getKey() + "="), v.cast("string"), lit(" is outside " + describe(range)))));
        }
        if (c.staging().columnNames().contains("end_date") && c.staging().columnNames().contains("start_date")) {
            rules.add(new Rule(Rule.END_BEFORE_START, col("end_date").lt(col("start_date")),
                    concat(lit("end_date "), col("end_date").cast("string"), lit(" is before start_date "),
                            col("start_date").cast("string"))));
        }
        if (c.currencyColumn() != null || c.input().equals("fx_rates")) {
            Column currency = col(c.currencyColumn() != null ? c.currencyColumn() : "currency");
            rules.add(new Rule(Rule.UNKNOWN_CURRENCY, currency.isNotNull().and(not(currency.isin(ISO_CURRENCIES))),
                    concat(currency, lit(" is not an ISO 4217 currency code"))));
        }
        if (c.eventTimeColumn() != null) {
            Column time = col(c.eventTimeColumn());
            // the end of D in UTC, whatever the JVM's default zone (Timestamp.valueOf would read it in that zone)
            Column endOfSnapshot = lit(Timestamp.from(snapshotDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            rules.add(new Rule(Rule.EVENT_AFTER_SNAPSHOT, time.geq(endOfSnapshot), concat(lit(c.eventTimeColumn()
                    + " "), time.cast("string"), lit(" is after snapshot day " + snapshotDate))));
            if (windowStart != null) {
                rules.add(new Rule(Rule.EVENT_BEFORE_WINDOW, to_date(time).lt(lit(windowStart)),
                        concat(lit(c.eventTimeColumn() + " "), time.cast("string"),
                                lit(" is older than the late-data window starting " + windowStart
                                        + "; raise lateDataLookbackDays or backfill from that date"))));
            }
        }
        return rules;
    }

    private static DataType fieldType(StructField[] fields, String name) {
        return Arrays.stream(fields).filter(f -> f.name().equals(name)).findFirst().orElseThrow().dataType();
    }

    private static String describe(double[] range) {
        return range[1] == Double.MAX_VALUE ? "(0, inf)" : "[" + fmt(range[0]) + ", " + fmt(range[1]) + "]";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
