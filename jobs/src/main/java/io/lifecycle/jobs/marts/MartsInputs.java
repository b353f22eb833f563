package io.lifecycle.jobs.marts;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the marts read, already restricted to what they need (gold tables may hold other dates too; the transforms
 * pick theirs). {@code expansion} is null while gold.account_expansion does not exist, {@code churnRisk} while
 * gold.account_churn_risk does not: their columns are then null. {@code segments} (snapshot_date, account_id, segment): every account's segment on each date, as
 * silver.account_features_daily has it ({@link io.lifecycle.jobs.shared.AccountPlans}); the KPIs group by it, so an
 * account counts in its new segment from the day it upgrades.
 */
public record MartsInputs(Dataset<Row> segments, Dataset<Row> subscriptions, Dataset<Row> supportTickets,
                          Dataset<Row> features, Dataset<Row> dailyUsage, Dataset<Row> featureUsageDaily,
                          Dataset<Row> health, Dataset<Row> lifecycle, Dataset<Row> dormant, Dataset<Row> clv,
                          Dataset<Row> expansion, Dataset<Row> churnRisk) {
}
