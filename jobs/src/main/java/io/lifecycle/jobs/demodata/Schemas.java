package io.lifecycle.jobs.demodata;

import io.lifecycle.common.config.Inputs;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Map;

/** Schemas of the generated warehouse inputs (exactly DESIGN §4) and of the ground truth. */
public final class Schemas {
    private static final DataType STRING = DataTypes.StringType;
    private static final DataType TS = DataTypes.TimestampType;
    private static final DataType DATE = DataTypes.DateType;
    private static final DataType INT = DataTypes.IntegerType;
    private static final DataType DOUBLE = DataTypes.DoubleType;
    private static final DataType BOOL = DataTypes.BooleanType;
    private static final DataType MONEY = DataTypes.createDecimalType(18, 2);
    private static final DataType RATE = DataTypes.createDecimalType(18, 8);

    public static final StructType ACCOUNTS = schema(f("account_id", STRING), f("name", STRING),
            f("industry", STRING), f("region", STRING), f("employee_band", STRING), f("plan_tier", STRING),
            f("created_at", TS), f("csm_owner", STRING));
    public static final StructType USERS = schema(f("user_id", STRING), f("account_id", STRING),
            f("created_at", TS), f("role", STRING));
    /** §4 usage_events plus the partition column event_date (UTC date of event_time). */
    public static final StructType USAGE_EVENTS = schema(f("event_id", STRING), f("account_id", STRING),
            f("user_id", STRING), f("event_time", TS), f("feature", STRING), f("quantity", DOUBLE),
            f("event_date", DATE));
    public static final StructType SUBSCRIPTIONS = schema(f("subscription_id", STRING), f("account_id", STRING),
            f("product", STRING), f("start_date", DATE), f("end_date", DATE), f("status", STRING),
            f("seats", INT), f("mrr", MONEY), f("currency", STRING), f("billing_period", STRING));
    public static final StructType INVOICES = schema(f("invoice_id", STRING), f("account_id", STRING),
            f("issued_at", TS), f("due_at", DATE), f("paid_at", TS), f("amount", MONEY), f("currency", STRING),
            f("kind", STRING), f("status", STRING));
    public static final StructType SUPPORT_TICKETS = schema(f("ticket_id", STRING), f("account_id", STRING),
            f("opened_at", TS), f("closed_at", TS), f("priority", STRING), f("csat", INT));
    public static final StructType NPS_RESPONSES = schema(f("response_id", STRING), f("account_id", STRING),
            f("user_id", STRING), f("responded_at", TS), f("score", INT));
    public static final StructType TOUCHPOINTS = schema(f("touch_id", STRING), f("account_id", STRING),
            f("channel", STRING), f("campaign", STRING), f("touched_at", TS), f("responded", BOOL));
    public static final StructType LEADS = schema(f("lead_id", STRING), f("account_id", STRING),
            f("source_channel", STRING), f("created_at", TS), f("trial_started_at", TS), f("converted_at", TS));
    public static final StructType FX_RATES = schema(f("rate_date", DATE), f("currency", STRING),
            f("rate_to_reporting", RATE));

    public static final Map<String, StructType> INPUTS = Map.of(Inputs.ACCOUNTS, ACCOUNTS, Inputs.USERS, USERS,
            Inputs.USAGE_EVENTS, USAGE_EVENTS, Inputs.SUBSCRIPTIONS, SUBSCRIPTIONS, Inputs.INVOICES, INVOICES,
            Inputs.SUPPORT_TICKETS, SUPPORT_TICKETS, Inputs.NPS_RESPONSES, NPS_RESPONSES,
            Inputs.TOUCHPOINTS, TOUCHPOINTS, Inputs.LEADS, LEADS, Inputs.FX_RATES, FX_RATES);

    /** Key column of each input; fx_rates is keyed by (rate_date, currency), reported as "rate_date|currency". */
    public static final Map<String, String> KEYS = Map.of(Inputs.ACCOUNTS, "account_id", Inputs.USERS, "user_id",
            Inputs.USAGE_EVENTS, "event_id", Inputs.SUBSCRIPTIONS, "subscription_id", Inputs.INVOICES,
            "invoice_id", Inputs.SUPPORT_TICKETS, "ticket_id", Inputs.NPS_RESPONSES, "response_id",
            Inputs.TOUCHPOINTS, "touch_id", Inputs.LEADS, "lead_id", Inputs.FX_RATES, "currency");

    // ---- ground truth (never read by the pipeline) ----

    public static final StructType GT_ACCOUNTS = schema(f("account_id", STRING),
            f("hidden_health_initial", DOUBLE), f("churn_date", DATE));
    public static final StructType GT_HEALTH_MONTHLY = schema(f("account_id", STRING), f("month", DATE),
            f("hidden_health", DOUBLE));
    public static final StructType GT_CHURN_EVENTS = schema(f("account_id", STRING), f("churn_date", DATE));
    public static final StructType GT_EXPANSION_EVENTS = schema(f("account_id", STRING), f("event_date", DATE),
            f("kind", STRING), f("mrr_before", MONEY), f("mrr_after", MONEY));
    public static final StructType GT_DORMANCY_SPELLS = schema(f("account_id", STRING), f("start_date", DATE),
            f("end_date", DATE));
    public static final StructType GT_BAD_ROWS = schema(f("input", STRING), f("record_key", STRING),
            f("rule", STRING));

    private Schemas() {
    }

    private static StructField f(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static StructType schema(StructField... fields) {
        return DataTypes.createStructType(fields);
    }
}
