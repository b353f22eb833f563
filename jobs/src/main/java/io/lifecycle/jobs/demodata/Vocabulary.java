package io.lifecycle.jobs.demodata;

import java.util.List;

/** The values generated rows draw from, with the weights and prices that shape them. */
public final class Vocabulary {
    public static final String[] INDUSTRIES = {"software", "retail", "finance", "healthcare", "manufacturing",
            "education", "media", "logistics"};
    public static final String[] REGIONS = {"north_america", "emea", "apac", "latam"};
    static final double[] REGION_WEIGHTS = {0.45, 0.30, 0.15, 0.10};

    public static final String[] EMPLOYEE_BANDS = {"1-10", "11-50", "51-200", "201-1000", "1000+"};
    static final double[] BAND_WEIGHTS = {0.35, 0.30, 0.20, 0.10, 0.05};
    /** Initial seats drawn uniformly in [min, max] per employee band. */
    static final int[][] BAND_SEATS = {{2, 10}, {5, 40}, {15, 120}, {40, 300}, {120, 600}};

    /** Plan tiers in upgrade order; shipped segment rules: enterprise, business → mid_market, the rest smb. */
    public static final String[] PLAN_TIERS = {"starter", "team", "business", "enterprise"};
    /** Initial tier weights per employee band (rows: bands, columns: tiers). */
    static final double[][] TIER_BY_BAND = {
            {0.70, 0.30, 0.00, 0.00},
            {0.30, 0.55, 0.15, 0.00},
            {0.00, 0.40, 0.50, 0.10},
            {0.00, 0.00, 0.55, 0.45},
            {0.00, 0.00, 0.25, 0.75}};
    /** Share of accounts on annual billing, per tier. */
    static final double[] ANNUAL_SHARE = {0.20, 0.35, 0.60, 0.90};
    /** List price in USD per seat and month, per tier; annual billing gets {@link #ANNUAL_DISCOUNT}. */
    static final double[] SEAT_PRICE_USD = {12, 29, 49, 89};
    static final double ANNUAL_DISCOUNT = 0.85;

    public static final String CORE_PRODUCT = "core";
    public static final String[] ADD_ONS = {"analytics", "automation"};
    static final double[] ADD_ON_SEAT_PRICE_USD = {8, 6};

    /** Currencies in use; USD is the reporting currency. Prices are set per currency (not converted daily). */
    public static final String[] CURRENCIES = {"USD", "EUR", "GBP", "AUD"};
    static final double[] PRICE_LIST_FACTOR = {1.0, 0.92, 0.79, 1.52};
    /** Starting USD value of one unit of each currency, for the fx random walk. */
    static final double[] FX_START = {1.0, 1.08, 1.27, 0.66};
    /** Currency weights per region (rows: regions, columns: currencies). */
    static final double[][] CURRENCY_BY_REGION = {
            {1.00, 0.00, 0.00, 0.00},
            {0.15, 0.60, 0.25, 0.00},
            {0.65, 0.00, 0.00, 0.35},
            {1.00, 0.00, 0.00, 0.00}};

    /** Product features. The first three everyone uses from day one; the rest are adopted over time. */
    public static final String[] FEATURES = {"dashboard", "search", "alerts", "reports", "integrations",
            "automation_rules", "collaboration", "export", "api", "mobile", "sso", "ai_assistant"};
    static final int CORE_FEATURES = 3;
    /** Features whose adoption best predicts retention and expansion. */
    public static final List<String> KEY_FEATURES = List.of("reports", "integrations", "automation_rules",
            "collaboration");
    /** Relative event frequency once adopted. */
    static final double[] FEATURE_WEIGHTS = {5, 4, 2, 3, 2, 2, 2.5, 1.5, 1.5, 1.5, 0.5, 1};
    /** Mean days from account creation to adoption, for a fully healthy account. */
    static final double[] FEATURE_ADOPTION_DAYS = {0, 0, 0, 20, 45, 60, 30, 50, 90, 70, 120, 100};
    /** Chance an account never adopts the feature. */
    static final double[] FEATURE_NEVER = {0, 0, 0, 0.15, 0.30, 0.35, 0.20, 0.40, 0.55, 0.45, 0.70, 0.50};

    public static final String[] LEAD_CHANNELS = {"organic", "paid_search", "referral", "partner", "event",
            "outbound"};
    static final double[] LEAD_CHANNEL_WEIGHTS = {0.30, 0.25, 0.10, 0.10, 0.10, 0.15};
    /** Per lead channel: chance of a trial, conversion after a trial, conversion without one. */
    static final double[] LEAD_TRIAL = {0.60, 0.50, 0.55, 0.30, 0.25, 0.15};
    static final double[] LEAD_CONVERT_AFTER_TRIAL = {0.42, 0.24, 0.60, 0.50, 0.40, 0.30};
    static final double[] LEAD_CONVERT_DIRECT = {0.12, 0.06, 0.30, 0.35, 0.18, 0.08};

    public static final String[] TOUCH_CHANNELS = {"email", "in_app", "webinar", "social", "call", "event"};
    static final double[] TOUCH_WEIGHTS = {0.45, 0.20, 0.10, 0.10, 0.08, 0.07};
    /** Response rate per touch channel for an average account; scaled by health. */
    static final double[] TOUCH_RESPONSE = {0.12, 0.25, 0.35, 0.05, 0.50, 0.40};

    public static final String[] PRIORITIES = {"low", "normal", "high", "urgent"};
    static final double[] PRIORITY_HEALTHY = {0.35, 0.50, 0.12, 0.03};
    static final double[] PRIORITY_UNHEALTHY = {0.15, 0.40, 0.28, 0.17};
    /** Mean hours to close a ticket, per priority. */
    static final double[] HOURS_TO_CLOSE = {96, 48, 24, 8};

    static final String[] CSM_OWNERS = {"Dana Kim", "Luis Ortega", "Priya Nair", "Tom Becker", "Aiko Sato",
            "Grace Mensah", "Oliver Grant", "Sofia Rossi"};
    static final String[] NAME_FIRST = {"Blue", "North", "Bright", "Silver", "Red", "Green", "Swift", "Cedar",
            "Summit", "Harbor", "Iron", "Golden", "Clear", "Atlas", "Nova", "Pioneer"};
    static final String[] NAME_SECOND = {"Harbor", "Peak", "Field", "Stone", "River", "Bridge", "Works", "Labs",
            "Forge", "Point", "Path", "Grove", "Wave", "Line", "Gate", "Ridge"};
    static final String[] NAME_SUFFIX = {"Inc", "Ltd", "GmbH", "LLC", "Group", "Co", "Systems", "Partners"};

    private Vocabulary() {
    }

    static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
