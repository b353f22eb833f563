package io.lifecycle.common.run;

/** What a job read and wrote, for ops.pipeline_runs. */
public record JobResult(long rowsIn, long rowsOut) {
}
