package io.lifecycle.jobs.demodata;

import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.List;

/** The rows that one index (an account, a lead or a day) contributes to an input. Runs inside Spark tasks. */
@FunctionalInterface
interface RowSource extends Serializable {
    List<Row> rows(Population population, int index);
}
