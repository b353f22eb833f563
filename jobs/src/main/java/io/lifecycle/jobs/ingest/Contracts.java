package io.lifecycle.jobs.ingest;

import io.lifecycle.common.catalog.StagingTables;
import io.lifecycle.common.config.Inputs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ten input contracts of DESIGN §4. Column types and nullability come from the staging tables. */
final class Contracts {
    private static final Map<String, Contract> ALL = new LinkedHashMap<>();

    static {
        add(new Contract(Inputs.FX_RATES, StagingTables.FX_RATES, List.of(), Map.of(), List.of("rate_to_reporting"),
                Map.of("rate_to_reporting", new double[]{1e-12, Double.MAX_VALUE}), null, null, null, null,
                "rate_date"));
        add(new Contract(Inputs.ACCOUNTS, StagingTables.ACCOUNTS, List.of("segment"), Map.of(), List.of(), Map.of(),
                null, null, null, null, "created_at"));
        add(new Contract(Inputs.USERS, StagingTables.USERS, List.of(), Map.of(), List.of(), Map.of(),
                "account_id", null, null, null, "created_at"));
        add(new Contract(Inputs.SUBSCRIPTIONS, StagingTables.SUBSCRIPTIONS, List.of("mrr_reporting"),
                Map.of("status", Set.of("trial", "active", "cancelled", "expired"),
                        "billing_period", Set.of("monthly", "annual")),
                List.of("seats", "mrr"), Map.of(), "account_id", "currency", "start_date", null, "start_date",
                List.of("plan_tier")));
        add(new Contract(Inputs.INVOICES, StagingTables.INVOICES, List.of("amount_reporting"),
                Map.of("kind", Set.of("recurring", "one_off"),
                        "status", Set.of("paid", "open", "failed", "refunded", "void")),
                List.of("amount"), Map.of(), "account_id", "currency", "issued_at", null, "issued_at"));
        add(new Contract(Inputs.SUPPORT_TICKETS, StagingTables.SUPPORT_TICKETS, List.of(),
                Map.of("priority", Set.of("low", "normal", "high", "urgent")), List.of(),
                Map.of("csat", new double[]{1, 5}), "account_id", null, null, null, "opened_at"));
        add(new Contract(Inputs.NPS_RESPONSES, StagingTables.NPS_RESPONSES, List.of(), Map.of(), List.of(),
                Map.of("score", new double[]{0, 10}), "account_id", null, null, null, "responded_at"));
        add(new Contract(Inputs.TOUCHPOINTS, StagingTables.TOUCHPOINTS, List.of(),
                Map.of("channel", Set.of("email", "in_app", "webinar", "social", "call", "event")), List.of(),
                Map.of(), "account_id", null, null, null, "touched_at"));
        add(new Contract(Inputs.LEADS, StagingTables.LEADS, List.of(), Map.of(), List.of(), Map.of(),
                "account_id", null, null, null, "created_at"));
        add(new Contract(Inputs.USAGE_EVENTS, StagingTables.USAGE_EVENTS, List.of("event_date"), Map.of(),
                List.of("quantity"), Map.of(), "account_id", null, null, "event_time", "event_time"));
    }

    private Contracts() {
    }

    private static void add(Contract c) {
        ALL.put(c.input(), c);
    }

    static Contract of(String input) {
        Contract c = ALL.get(input);
        if (c == null) {
            throw new IllegalArgumentException("no contract for input " + input);
        }
        return c;
    }
}
