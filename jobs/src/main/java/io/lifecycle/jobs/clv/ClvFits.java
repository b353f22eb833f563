package io.lifecycle.jobs.clv;

import io.lifecycle.jobs.clv.ClvStatistics.SegmentKey;
import io.lifecycle.jobs.clv.ClvStatistics.Stats;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fits every model per snapshot date and segment on the driver, twice: on the data up to D (the model that
 * scores the accounts) and up to C = D − holdoutDays (the holdout check). A segment with fewer than
 * minCustomers, or whose fit fails or does not converge, uses the fit pooled over all segments of the date;
 * if that is impossible too (early in history), the segment has no model for the date and the nightly run
 * goes on. Dates and models are fitted in parallel; each fit is deterministic.
 */
final class ClvFits {
    static final String SEGMENT = "segment";
    static final String POOLED = "pooled";
    static final String NONE = "none";

    /** The model a segment uses for a date, and its holdout check. */
    record SegmentFit(LocalDate date, String segment, ClvModelKind kind, String scope, String modelId,
                      ClvModelKind.Fitted fitted, long n, long segmentCustomers, long fitMs, String message,
                      ClvModelKind.Holdout holdout) {
    }

    private record Choice(String scope, ClvModelKind.Fitted fitted, long n, long fitMs, String message) {
    }

    private ClvFits() {
    }

    static List<SegmentFit> fitAll(ClvStatistics s, SortedSet<LocalDate> dates, ClvConfig config) {
        List<Object[]> tasks = new ArrayList<>();
        for (LocalDate d : dates) {
            for (ClvModelKind k : ClvModelKind.ALL) {
                tasks.add(new Object[] {d, k});
            }
        }
        List<SegmentFit> fits = new ArrayList<>(tasks.parallelStream()
                .flatMap(t -> fitDate(s, (LocalDate) t[0], (ClvModelKind) t[1], config).stream()).toList());
        fits.sort(Comparator.comparing(SegmentFit::date).thenComparing(SegmentFit::segment)
                .thenComparing(f -> ClvModelKind.ALL.indexOf(f.kind())));
        return fits;
    }

    private static List<SegmentFit> fitDate(ClvStatistics s, LocalDate date, ClvModelKind kind, ClvConfig config) {
        Stats atD = kind == ClvModelKind.SBG ? s.sbgAtD : kind == ClvModelKind.BGNBD ? s.purchasesAtD : s.spendAtD;
        Stats atC = kind == ClvModelKind.SBG ? s.sbgAtC : kind == ClvModelKind.BGNBD ? s.purchasesAtC : s.spendAtC;
        Stats holdout = kind == ClvModelKind.SBG ? s.retentionHoldout : kind == ClvModelKind.BGNBD ? s.purchasesAtC : s.spendAtC;
        SortedSet<String> segments = new TreeSet<>();
        s.purchasesAtD.rows.keySet().stream().filter(k -> k.date().equals(date)).forEach(k -> segments.add(k.segment()));
        Map<String, Choice> now = choose(kind, atD, date, segments, config.minCustomers());
        Map<String, Choice> then = choose(kind, atC, date, segments, config.minCustomers());
        List<SegmentFit> out = new ArrayList<>();
        for (String segment : segments) {
            Choice c = now.get(segment);
            Choice h = then.get(segment);
            String id = c.fitted() == null ? null
                    : kind.name() + "/" + (c.scope().equals(POOLED) ? POOLED : segment) + "/" + date;
            ClvModelKind.Holdout check = kind.holdout(h.fitted() == null ? null : h.fitted().model(),
                    holdout.of(new SegmentKey(date, segment)), config.holdoutDays());
            out.add(new SegmentFit(date, segment, kind, c.scope(), id, c.fitted(), c.n(),
                    kind.customers(atD.of(new SegmentKey(date, segment))), c.fitMs(), c.message(), check));
        }
        return out;
    }

    /** Per segment: its own fit, else the pooled one (fitted at most once), else none. */
    private static Map<String, Choice> choose(ClvModelKind kind, Stats stats, LocalDate date, SortedSet<String> segments,
                                              int minCustomers) {
        Map<String, Choice> chosen = new TreeMap<>();
        Choice pooled = null;
        for (String segment : segments) {
            List<double[]> rows = stats.of(new SegmentKey(date, segment));
            long customers = kind.customers(rows);
            String why;
            if (customers < minCustomers) {
                why = customers + " customers, fewer than minCustomers " + minCustomers;
            } else {
                Choice own = attempt(kind, rows, customers, minCustomers, SEGMENT);
                if (own.fitted() != null && own.fitted().fit().converged()) {
                    chosen.put(segment, own);
                    continue;
                }
                why = own.fitted() == null ? own.message() : "the segment's fit did not converge";
            }
            if (pooled == null) {
                List<double[]> all = stats.pooled(date);
                pooled = attempt(kind, all, kind.customers(all), minCustomers, POOLED);
            }
            chosen.put(segment, pooled.fitted() != null
                    ? new Choice(POOLED, pooled.fitted(), pooled.n(), pooled.fitMs(), why + "; using the fit pooled over all segments")
                    : new Choice(NONE, null, pooled.n(), pooled.fitMs(), why + "; no pooled fit either: " + pooled.message()));
        }
        return chosen;
    }

    private static Choice attempt(ClvModelKind kind, List<double[]> rows, long customers, int minCustomers, String scope) {
        long t0 = System.nanoTime();
        try {
            ClvModelKind.Fitted f = kind.fit(rows, minCustomers);
            return new Choice(scope, f, customers, (System.nanoTime() - t0) / 1_000_000, null);
        } catch (RuntimeException e) {
            return new Choice(scope, null, customers, (System.nanoTime() - t0) / 1_000_000, e.getMessage());
        }
    }
}
