package io.lifecycle.common.config;

import java.util.List;

/** The ten warehouse inputs of DESIGN §4, in the order ingest stages them (accounts first: others refer to it). */
public final class Inputs {
    public static final String ACCOUNTS = "accounts";
    public static final String USERS = "users";
    public static final String USAGE_EVENTS = "usage_events";
    public static final String SUBSCRIPTIONS = "subscriptions";
    public static final String INVOICES = "invoices";
    public static final String SUPPORT_TICKETS = "support_tickets";
    public static final String NPS_RESPONSES = "nps_responses";
    public static final String TOUCHPOINTS = "touchpoints";
    public static final String LEADS = "leads";
    public static final String FX_RATES = "fx_rates";

    public static final List<String> ALL = List.of(FX_RATES, ACCOUNTS, USERS, SUBSCRIPTIONS, INVOICES,
            SUPPORT_TICKETS, NPS_RESPONSES, TOUCHPOINTS, LEADS, USAGE_EVENTS);

    private Inputs() {
    }
}
