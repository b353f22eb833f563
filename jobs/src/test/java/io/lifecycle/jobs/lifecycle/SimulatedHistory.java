package io.lifecycle.jobs.lifecycle;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A seeded random history of daily account features, health bands and leads: accounts start as prospects, trial,
 * pay, expand, go quiet, churn and buy again; some leads convert into accounts, others stay open or go stale.
 */
final class SimulatedHistory {
    static final StructType FEATURES = new StructType()
            .add("snapshot_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
            .add("segment", DataTypes.StringType).add("customer_status", DataTypes.StringType)
            .add("first_paid_date", DataTypes.DateType).add("billing_period", DataTypes.StringType)
            .add("renewal_date", DataTypes.DateType).add("seats", DataTypes.IntegerType)
            .add("mrr", DataTypes.createDecimalType(18, 2)).add("seat_utilisation", DataTypes.DoubleType)
            .add("key_features_used_30d", DataTypes.IntegerType).add("days_since_last_activity", DataTypes.IntegerType)
            .add("tenure_days", DataTypes.IntegerType).add("latest_nps", DataTypes.IntegerType);
    static final StructType HEALTH = new StructType().add("snapshot_date", DataTypes.DateType)
            .add("account_id", DataTypes.StringType).add("band", DataTypes.StringType);
    static final StructType LEADS = new StructType().add("lead_id", DataTypes.StringType)
            .add("account_id", DataTypes.StringType).add("source_channel", DataTypes.StringType)
            .add("created_at", DataTypes.TimestampType).add("trial_started_at", DataTypes.TimestampType)
            .add("converted_at", DataTypes.TimestampType);

    final SortedSet<LocalDate> dates = new TreeSet<>();
    final List<Row> features = new ArrayList<>();
    final List<Row> health = new ArrayList<>();
    final List<Row> leads = new ArrayList<>();

    SimulatedHistory(long seed, LocalDate from, int days, int accounts, int openLeads) {
        for (int d = 0; d < days; d++) {
            dates.add(from.plusDays(d));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int a = 0; a < accounts; a++) {
            String id = "A" + a;
            int startDay = a % 3 == 0 ? rng.nextInt(days / 2) : 0;
            if (a % 3 == 0) {  // converted from a lead with a trial two weeks earlier
                LocalDate created = from.plusDays(startDay).minusDays(20);
                leads.add(RowFactory.create("L" + a, id, "email", ts(created), a % 2 == 0 ? ts(created.plusDays(3)) : null,
                        ts(from.plusDays(startDay))));
            }
            simulate(rng, id, from, startDay, days, a % 3 == 0);
        }
        for (int l = 0; l < openLeads; l++) {
            LocalDate created = from.minusDays(60).plusDays(rng.nextInt(days));
            LocalDate trial = rng.nextInt(3) == 0 ? created.plusDays(rng.nextInt(20)) : null;
            leads.add(RowFactory.create("open" + l, null, "social", ts(created), ts(trial), null));
        }
    }

    private void simulate(SplittableRandom rng, String id, LocalDate from, int startDay, int days, boolean converted) {
        String status = converted ? "active" : rng.nextInt(4) == 0 ? "prospect" : "active";
        LocalDate firstPaid = "active".equals(status)
                ? (converted ? from.plusDays(startDay) : from.minusDays(300 + rng.nextInt(200))) : null;
        String billing = rng.nextInt(3) == 0 ? "annual" : "monthly";
        int seats = 5 + rng.nextInt(20);
        int lastActive = startDay;
        boolean quiet = false;
        String band = "yellow";
        for (int d = startDay; d < days; d++) {
            LocalDate day = from.plusDays(d);
            int roll = rng.nextInt(1000);
            if ("prospect".equals(status) && roll < 30) {
                status = "trial";
            } else if ("trial".equals(status) && roll < 40) {
                status = roll < 25 ? "active" : "prospect";
            } else if ("active".equals(status) && roll < 4) {
                status = "churned";
            } else if ("churned".equals(status) && roll < 20) {
                status = "active";
            }
            if ("active".equals(status) && firstPaid == null) {
                firstPaid = day;
            }
            if (roll % 97 == 0) {
                seats += 3;
            }
            if (rng.nextInt(100) < 3) {
                quiet = !quiet;
            }
            if (!quiet) {
                lastActive = d;
            }
            if (rng.nextInt(100) < 5) {
                band = rng.nextInt(3) == 0 ? "yellow" : "green";
            }
            boolean active = "active".equals(status);
            LocalDate renewal = active && "annual".equals(billing) ? anniversary(firstPaid, day) : null;
            double utilisation = quiet ? 0.0 : Math.min(1.0, (d - startDay) / 40.0);
            features.add(RowFactory.create(Date.valueOf(day), id, "smb", status, date(firstPaid),
                    active ? billing : null, date(renewal), active ? seats : null,
                    active ? BigDecimal.valueOf(seats * 10L).setScale(2) : null, active ? utilisation : null,
                    quiet ? 0 : Math.min(4, (d - startDay) / 10), d - lastActive,
                    firstPaid == null ? null : (int) ChronoUnit.DAYS.between(firstPaid, day), 6 + (id.hashCode() & 3) + 1));
            health.add(RowFactory.create(Date.valueOf(day), id, band));
        }
    }

    private static LocalDate anniversary(LocalDate first, LocalDate day) {
        LocalDate a = first.plusYears(Math.max(1, ChronoUnit.YEARS.between(first, day)));
        return a.isBefore(day) ? a.plusYears(1) : a;
    }

    Dataset<Row> features(SparkSession spark) {
        return spark.createDataFrame(features, FEATURES);
    }

    Dataset<Row> health(SparkSession spark) {
        return spark.createDataFrame(health, HEALTH);
    }

    Dataset<Row> leads(SparkSession spark) {
        return spark.createDataFrame(leads, LEADS);
    }

    private static Date date(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    private static Timestamp ts(LocalDate d) {
        return d == null ? null : Timestamp.valueOf(d.atTime(12, 0));
    }
}
