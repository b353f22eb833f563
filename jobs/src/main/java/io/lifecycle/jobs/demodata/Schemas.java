package io.lifecycle.jobs.demodata;

import io.lifecycle.jobs.ingest.InputSchemas;
import io.lifecycle.common.config.Inputs;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Map;

/** Schemas of the generated warehouse inputs (the ingest contracts, DESIGN §4) and of the ground truth. */
public final class Schemas {
    private static final DataType STRING = DataTypes.StringType;
    private static final DataType DATE = DataTypes.DateType;
    private static final DataType DOUBLE = DataTypes.DoubleType;
    private static final DataType MONEY = DataTypes.createDecimalType(18, 2);

    public static final StructType ACCOUNTS = InputSchemas.of(Inputs.ACCOUNTS);
    public static final StructType USERS = InputSchemas.of(Inputs.USERS);
    /** §4 usage_events plus the partition column event_date (UTC date of event_time). */
    public static final StructType USAGE_EVENTS = InputSchemas.of(Inputs.USAGE_EVENTS).add(f("event_date", DATE));
    public static final StructType SUBSCRIPTIONS = InputSchemas.of(Inputs.SUBSCRIPTIONS);
    public static final StructType INVOICES = InputSchemas.of(Inputs.INVOICES);
    public static final StructType SUPPORT_TICKETS = InputSchemas.of(Inputs.SUPPORT_TICKETS);
    public static final StructType NPS_RESPONSES = InputSchemas.of(Inputs.NPS_RESPONSES);
    public static final StructType TOUCHPOINTS = InputSchemas.of(Inputs.TOUCHPOINTS);
    public static final StructType LEADS = InputSchemas.of(Inputs.LEADS);
    public static final StructType FX_RATES = InputSchemas.of(Inputs.FX_RATES);

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
    public static final StructType GT_LIFECYCLE = schema(f("account_id", STRING), f("purchase_date", DATE),
            f("onboarding_end", DATE), f("billing_period", STRING), f("churn_date", DATE));
    public static final StructType GT_RENEWALS = schema(f("account_id", STRING), f("renewal_date", DATE),
            f("outcome", STRING));
    public static final StructType GT_BAD_ROWS = schema(f("input", STRING), f("record_key", STRING),
            f("rule", STRING));

    /** Per-account ground truth files by name (bad_rows, written per input, is not among them). */
    static final Map<String, StructType> GROUND_TRUTH = Map.of("accounts", GT_ACCOUNTS,
            "health_monthly", GT_HEALTH_MONTHLY, "churn_events", GT_CHURN_EVENTS,
            "expansion_events", GT_EXPANSION_EVENTS, "dormancy_spells", GT_DORMANCY_SPELLS,
            "lifecycle", GT_LIFECYCLE, "renewals", GT_RENEWALS);

    private Schemas() {
    }

    private static StructField f(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    private static StructType schema(StructField... fields) {
        return DataTypes.createStructType(fields);
    }
}
