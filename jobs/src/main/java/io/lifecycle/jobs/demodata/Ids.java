package io.lifecycle.jobs.demodata;

/**
 * Stable, readable ids. Each id embeds what makes it unique (account index, day, sequence), so ids never
 * depend on how Spark split the work. Injected bad rows use the marker "BAD", which good ids never contain.
 */
public final class Ids {
    private Ids() {
    }

    public static String account(int index) {
        return pad(new StringBuilder(7).append('A'), index, 6).toString();
    }

    /** An account id no generated account has (it has an extra letter). */
    static String unknownAccount(int k) {
        return pad(new StringBuilder(7).append("AZ"), k, 5).toString();
    }

    static String user(long globalIndex) {
        return pad(new StringBuilder(9).append('U'), globalIndex, 8).toString();
    }

    static String lead(long index) {
        return pad(new StringBuilder(8).append('L'), index, 7).toString();
    }

    /** Usage event: account, epoch day and sequence within that account-day. */
    static String event(int account, int day, int seq) {
        StringBuilder sb = new StringBuilder(16).append('E');
        pad(sb, account, 6);
        pad(sb, day, 5);
        return pad(sb, seq, 4).toString();
    }

    /** Per-account sequence ids: S (subscription term), I (invoice), T (ticket), N (NPS), P (touchpoint). */
    static String ofAccount(char prefix, int account, int seq) {
        StringBuilder sb = new StringBuilder(11).append(prefix);
        pad(sb, account, 6);
        return pad(sb, seq, 4).toString();
    }

    static String bad(char prefix, int k) {
        return pad(new StringBuilder(8).append(prefix).append("BAD"), k, 4).toString();
    }

    private static StringBuilder pad(StringBuilder sb, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }
}
