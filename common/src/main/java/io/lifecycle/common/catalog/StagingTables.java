package io.lifecycle.common.catalog;


import java.util.List;

import static io.lifecycle.common.catalog.CatalogRegistry.define;
import static io.lifecycle.common.catalog.ColumnTypes.BOOL;
import static io.lifecycle.common.catalog.ColumnTypes.DATE;
import static io.lifecycle.common.catalog.ColumnTypes.DOUBLE;
import static io.lifecycle.common.catalog.ColumnTypes.INT;
import static io.lifecycle.common.catalog.ColumnTypes.MONEY;
import static io.lifecycle.common.catalog.ColumnTypes.RATE;
import static io.lifecycle.common.catalog.ColumnTypes.STRING;
import static io.lifecycle.common.catalog.ColumnTypes.TS;
import static io.lifecycle.common.catalog.TableDef.column;

/** staging: contract-checked, de-duplicated copies of the warehouse inputs (DESIGN §4), one table per input. */
public final class StagingTables {
    private StagingTables() {
    }

    public static final TableDef ACCOUNTS = define(Layer.STAGING, "accounts",
            "One row per customer account (current state), with its segment.", List.of("account_id"), null, List.of(),
            column("account_id", STRING, false, "Account id."),
            column("name", STRING, false, "Account name."),
            column("industry", STRING, false, "Industry."),
            column("region", STRING, false, "Sales region."),
            column("employee_band", STRING, false, "Company size band (employees)."),
            column("plan_tier", STRING, false, "Plan tier."),
            column("created_at", TS, false, "When the account was created (UTC)."),
            column("csm_owner", STRING, true, "Customer success manager, if assigned."),
            column("segment", STRING, false, "Segment from the rules in conf/application.yaml (first match wins)."));

    public static final TableDef USERS = define(Layer.STAGING, "users", "One row per user of an account.",
            List.of("user_id"), null, List.of(),
            column("user_id", STRING, false, "User id."),
            column("account_id", STRING, false, "Account the user belongs to."),
            column("created_at", TS, false, "When the user was created (UTC)."),
            column("role", STRING, true, "User role, if known."));

    public static final TableDef USAGE_EVENTS = define(Layer.STAGING, "usage_events",
            "One row per product usage event; ingested incrementally by event date.", List.of("event_id"),
            "event_date", List.of("event_date"),
            column("event_id", STRING, false, "Event id."),
            column("account_id", STRING, false, "Account the event belongs to."),
            column("user_id", STRING, true, "User who caused the event, if known."),
            column("event_time", TS, false, "When the event happened (UTC)."),
            column("feature", STRING, false, "Product feature used."),
            column("quantity", DOUBLE, false, "Units consumed by the event (>= 0)."),
            column("event_date", DATE, false, "UTC date of event_time (partition)."));

    public static final TableDef SUBSCRIPTIONS = define(Layer.STAGING, "subscriptions",
            "One row per subscription term; money also in the reporting currency.", List.of("subscription_id"),
            null, List.of(),
            column("subscription_id", STRING, false, "Subscription term id."),
            column("account_id", STRING, false, "Account."),
            column("product", STRING, false, "Product subscribed to."),
            column("start_date", DATE, false, "First day of the term."),
            column("end_date", DATE, true, "Last day of the term; null when open-ended."),
            column("status", STRING, false, "trial, active, cancelled or expired."),
            column("seats", INT, false, "Seats in the term (>= 0)."),
            column("mrr", MONEY, false, "Monthly recurring revenue in the subscription currency (>= 0)."),
            column("currency", STRING, false, "ISO 4217 currency of mrr."),
            column("billing_period", STRING, false, "monthly or annual."),
            column("mrr_reporting", MONEY, false,
                    "mrr converted to the reporting currency: mrr x rate_to_reporting on the earlier of start_date "
                            + "and the snapshot date."),
            column("plan_tier", STRING, true, "Plan tier of the term, when the warehouse records one (an optional "
                    + "input column: null when the source has none, or for terms that are not a plan, such as "
                    + "add-ons). The account's plan on a date is that of its paid terms in force then."));

    public static final TableDef INVOICES = define(Layer.STAGING, "invoices",
            "One row per invoice; amount also in the reporting currency.", List.of("invoice_id"), null, List.of(),
            column("invoice_id", STRING, false, "Invoice id."),
            column("account_id", STRING, false, "Account billed."),
            column("issued_at", TS, false, "When the invoice was issued (UTC)."),
            column("due_at", DATE, false, "Due date."),
            column("paid_at", TS, true, "When it was paid, if paid."),
            column("amount", MONEY, false, "Amount in the invoice currency (>= 0)."),
            column("currency", STRING, false, "ISO 4217 currency of amount."),
            column("kind", STRING, false, "recurring or one_off."),
            column("status", STRING, false, "paid, open, failed, refunded or void."),
            column("amount_reporting", MONEY, false,
                    "amount converted to the reporting currency at the rate of the issue date."));

    public static final TableDef SUPPORT_TICKETS = define(Layer.STAGING, "support_tickets", "One row per support ticket.",
            List.of("ticket_id"), null, List.of(),
            column("ticket_id", STRING, false, "Ticket id."),
            column("account_id", STRING, false, "Account that opened it."),
            column("opened_at", TS, false, "When it was opened (UTC)."),
            column("closed_at", TS, true, "When it was closed, if closed."),
            column("priority", STRING, false, "low, normal, high or urgent."),
            column("csat", INT, true, "Customer satisfaction 1-5, if rated."));

    public static final TableDef NPS_RESPONSES = define(Layer.STAGING, "nps_responses", "One row per NPS survey answer.",
            List.of("response_id"), null, List.of(),
            column("response_id", STRING, false, "Response id."),
            column("account_id", STRING, false, "Account of the respondent."),
            column("user_id", STRING, true, "Respondent, if known."),
            column("responded_at", TS, false, "When the answer was given (UTC)."),
            column("score", INT, false, "Likelihood to recommend, 0-10."));

    public static final TableDef TOUCHPOINTS = define(Layer.STAGING, "touchpoints",
            "One row per marketing or customer-success touch.", List.of("touch_id"), null, List.of(),
            column("touch_id", STRING, false, "Touch id."),
            column("account_id", STRING, false, "Account touched."),
            column("channel", STRING, false, "email, in_app, webinar, social, call or event."),
            column("campaign", STRING, true, "Campaign, if any."),
            column("touched_at", TS, false, "When the touch happened (UTC)."),
            column("responded", BOOL, false, "Whether the account responded."));

    public static final TableDef LEADS = define(Layer.STAGING, "leads", "One row per lead (converted or not).",
            List.of("lead_id"), null, List.of(),
            column("lead_id", STRING, false, "Lead id."),
            column("account_id", STRING, true, "Account the lead converted into; null until converted."),
            column("source_channel", STRING, false, "Acquisition channel of the lead."),
            column("created_at", TS, false, "When the lead was created (UTC)."),
            column("trial_started_at", TS, true, "When a trial started, if one did."),
            column("converted_at", TS, true, "When the lead converted, if it did."));

    public static final TableDef FX_RATES = define(Layer.STAGING, "fx_rates", "One row per currency and day.",
            List.of("rate_date", "currency"), "rate_date", List.of(),
            column("rate_date", DATE, false, "Day the rate applies to."),
            column("currency", STRING, false, "ISO 4217 currency."),
            column("rate_to_reporting", RATE, false, "Units of reporting currency per unit of currency."));

    /** This layer's tables, in the order they are declared. */
    static List<TableDef> tables() {
        return CatalogRegistry.ofLayer(Layer.STAGING);
    }
}
