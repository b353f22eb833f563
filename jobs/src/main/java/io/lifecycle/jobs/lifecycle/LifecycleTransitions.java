package io.lifecycle.jobs.lifecycle;

import io.lifecycle.common.catalog.GoldTables;
import io.lifecycle.common.catalog.Lakehouse;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;

/**
 * gold.lifecycle_transitions from gold.account_lifecycle_daily rows (pure transform): a row whose stage was
 * entered on its own snapshot date after another stage is a transition; its trigger and the days spent in the
 * previous stage were decided when that date's state was derived from the previous snapshot's.
 */
public final class LifecycleTransitions {
    private LifecycleTransitions() {
    }

    public static Dataset<Row> of(Dataset<Row> daily) {
        Dataset<Row> changes = daily.where(col("entered_on").equalTo(col("snapshot_date"))
                        .and(col("previous_stage").isNotNull()))
                .select(col("snapshot_date").as("transition_date"), col("account_id"), col("lead_id"),
                        col("segment"), col("previous_stage").as("from_stage"), col("stage").as("to_stage"),
                        col("entry_trigger").as("trigger"), col("rule"), col("days_in_previous_stage"));
        return Lakehouse.conform(GoldTables.LIFECYCLE_TRANSITIONS, changes);
    }
}
