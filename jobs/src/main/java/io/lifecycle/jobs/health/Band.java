package io.lifecycle.jobs.health;

/** Health bands, worst first; unknown when too little of the scorecard had data. */
public enum Band {
    RED, YELLOW, GREEN, UNKNOWN;

    /** As written in conf/scorecards.yaml, the overrides CSV and the band columns. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** red &lt; yellow &lt; green; a guard-rail caps a band at a lower rank. */
    public int rank() {
        return ordinal();
    }

    public static Band of(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
