package io.lifecycle.jobs.demodata;

/**
 * Size of a synthetic warehouse: how many accounts convert from leads, and how many months of product
 * history end at the spec's end date. TINY exists for unit tests only.
 */
public enum Scale {
    TINY(150, 6),
    SMALL(2_000, 18),
    MEDIUM(20_000, 18),
    LARGE(200_000, 18);

    private final int accounts;
    private final int months;

    Scale(int accounts, int months) {
        this.accounts = accounts;
        this.months = months;
    }

    public int accounts() {
        return accounts;
    }

    /** Months of usage, support, survey and marketing history ending at the end date. */
    public int months() {
        return months;
    }
}
