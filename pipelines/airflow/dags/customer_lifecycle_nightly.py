"""Lifecycle nightly pipeline for Apache Airflow 3.

One task per job of the Java job graph (io.lifecycle.pipelines.JobGraph), with the same dependencies. Each task
spark-submits the shaded job jar for exactly one job and one snapshot date, so clearing or retrying a task re-runs
that job for that date (with --force: Airflow, not the pipeline's run log, decides what runs again; every job
replaces its date's partition, so a re-run never duplicates rows).

Snapshot date. Snapshot D covers everything before D+1 00:00 UTC, so the run for the data interval
[D 00:00, D+1 00:00) computes D = data_interval_end - 1 day. The schedule is an explicit daily *data interval*
timetable, so for a scheduled or backfilled run D is also the logical date ({{ ds }}), and an Airflow backfill
from D1 to D2 computes exactly the snapshots D1..D2. A run triggered with conf {"snapshot_date": "YYYY-MM-DD"}
(what `bin/lifecycle airflow trigger --date D` sends) computes that date instead.

Settings are Airflow Variables (or AIRFLOW_VAR_<NAME> environment variables), read when a task runs:
  lifecycle_spark_submit       spark-submit executable                 default: spark-submit
  lifecycle_spark_master       Spark master URL                        default: local[*]
  lifecycle_jar                the shaded job jar                      default: /opt/lifecycle/lifecycle-pipelines-job.jar
  lifecycle_config             config folder (application.yaml, ...)   default: /opt/lifecycle/conf
  lifecycle_driver_memory      --driver-memory                         default: 4g
  lifecycle_executor_memory    --executor-memory                       default: 4g
  lifecycle_executor_cores     --executor-cores                        default: 2
  lifecycle_spark_args         further spark-submit arguments          default: (none)
  lifecycle_alert_webhook      URL that failure and deadline alerts are POSTed to as JSON; unset: log only
  lifecycle_maintain_weekday   ISO weekday (1 = Monday .. 7 = Sunday) of the snapshot dates after whose marts task
                               the `maintain` task runs (OPTIMIZE and VACUUM, bin/lifecycle maintain); "never" turns
                               it off                                  default: 7
On other dates the `maintain` task ends as skipped (exit code 99, BashOperator's skip code).
Alerts (lifecycle_alerts.py): a task that fails for good, a failed run, and a scheduled run not done
LIFECYCLE_DAG_DEADLINE_HOURS (default 6) after its data interval ends (an Airflow 3 deadline alert, the successor
of SLAs).
LIFECYCLE_DAG_TRIGGER_ONLY=true (DAG processor's environment) drops the schedule: runs happen only when triggered.
LIFECYCLE_DAG_END_DATE=YYYY-MM-DD ends the schedule after that date (triggered runs and backfills of earlier dates
still work): for retiring a deployment, and for tests that must not get a scheduled run of today.
Retries (parse time, from the environment of the DAG processor): LIFECYCLE_DAG_RETRIES (default 2), with
exponential back-off from LIFECYCLE_DAG_RETRY_DELAY_SECONDS (default 300) up to an hour.
"""
from __future__ import annotations

import logging
import os
from datetime import date, datetime, timedelta, timezone

from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG
from airflow.sdk.definitions.callback import SyncCallback
from airflow.sdk.definitions.deadline import DeadlineAlert, DeadlineReference
from airflow.timetables.interval import CronDataIntervalTimetable

from lifecycle_alerts import alert  # beside this file; Airflow puts the DAG folder on sys.path

# --- job graph: begin ---
# Job name -> the jobs whose tables it reads: io.lifecycle.pipelines.JobGraph.standard(), derived from what each
# job declares it reads and writes, checked by
# DagMatchesJobGraphTest. Keep this block a plain JSON object: the test reads it as JSON.
JOB_GRAPH = {
    "ingest": [],
    "usage": ["ingest"],
    "features": ["ingest", "usage"],
    "health": ["ingest", "features"],
    "lifecycle": ["ingest", "usage", "features", "health"],
    "clv": ["ingest"],
    "expansion": ["ingest", "usage", "features", "health", "lifecycle"],
    "churn": ["ingest", "features", "health", "lifecycle"],
    "marts": ["ingest", "usage", "features", "health", "lifecycle", "clv", "expansion", "churn"]
}
# --- job graph: end ---

DAG_ID = "customer_lifecycle_nightly"
MAIN_CLASS = "io.lifecycle.pipelines.cli.LifecycleCli"
log = logging.getLogger(__name__)


def snapshot_date(dag_run, data_interval_end) -> str:
    """The run's snapshot date: conf's snapshot_date if given, else the day before the data interval's end."""
    conf = (getattr(dag_run, "conf", None) or {}) if dag_run is not None else {}
    requested = conf.get("snapshot_date")
    if requested:
        # Parsed, so only a real date ever reaches the shell command.
        return date.fromisoformat(str(requested)).isoformat()
    if data_interval_end is None:
        raise ValueError("this run has no data interval; trigger it with conf {\"snapshot_date\": \"YYYY-MM-DD\"}")
    return (data_interval_end - timedelta(days=1)).date().isoformat()


def on_task_failure(context) -> None:
    """A task failed for good (its retries are used up)."""
    ti = context.get("ti") or context.get("task_instance")
    alert("task_failed", {
        "task_id": getattr(ti, "task_id", None),
        "run_id": context.get("run_id"),
        "try_number": getattr(ti, "try_number", None),
        "snapshot_date": _context_snapshot_date(context),
        "log_url": getattr(ti, "log_url", None),
        "error": str(context.get("exception")),
    })


def on_task_retry(context) -> None:
    ti = context.get("ti") or context.get("task_instance")
    log.warning("lifecycle: %s failed for %s, try %s; retrying with back-off", getattr(ti, "task_id", None),
                _context_snapshot_date(context), getattr(ti, "try_number", None))


def on_run_failure(context) -> None:
    """SLA-style: the nightly run as a whole failed, so the gold tables of its date are not published."""
    alert("run_failed", {"run_id": context.get("run_id"), "snapshot_date": _context_snapshot_date(context),
                          "reason": context.get("reason")})


def _context_snapshot_date(context):
    try:
        return snapshot_date(context.get("dag_run"), context.get("data_interval_end"))
    except ValueError:
        return None


def _end_date():
    """LIFECYCLE_DAG_END_DATE as a UTC datetime, or None (the schedule never ends)."""
    value = os.environ.get("LIFECYCLE_DAG_END_DATE", "").strip()
    if not value:
        return None
    return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=timezone.utc)


def _var(name: str, default: str) -> str:
    return "{{ var.value.get('" + name + "', '" + default + "') }}"


# Values reach the command as environment variables and are quoted there; only lifecycle_spark_args is split
# into words, on purpose.
SPARK_SUBMIT = """exec "$LIFECYCLE_SPARK_SUBMIT" --master "$LIFECYCLE_SPARK_MASTER" --deploy-mode client \\
  --class """ + MAIN_CLASS + """ --name "lifecycle-$LIFECYCLE_JOB-$LIFECYCLE_SNAPSHOT_DATE" \\
  --driver-memory "$LIFECYCLE_DRIVER_MEMORY" --executor-memory "$LIFECYCLE_EXECUTOR_MEMORY" \\
  --executor-cores "$LIFECYCLE_EXECUTOR_CORES" $LIFECYCLE_SPARK_ARGS \\
  "$LIFECYCLE_JAR" """

SUBMIT = """set -euo pipefail
echo "lifecycle: $LIFECYCLE_JOB for $LIFECYCLE_SNAPSHOT_DATE on $LIFECYCLE_SPARK_MASTER"
""" + SPARK_SUBMIT + """run --date "$LIFECYCLE_SNAPSHOT_DATE" --jobs "$LIFECYCLE_JOB" --force \\
  --config "$LIFECYCLE_CONFIG"
"""

# The weekly housekeeping task: bin/lifecycle maintain (it takes the lakehouse's writer lock like a run does).
MAINTAIN = """set -euo pipefail
case "$LIFECYCLE_MAINTAIN_WEEKDAY" in
  never) echo "lifecycle: maintain is off (lifecycle_maintain_weekday = never): skipped"; exit 99 ;;
  [1-7]) ;;
  *) echo "lifecycle: lifecycle_maintain_weekday is '$LIFECYCLE_MAINTAIN_WEEKDAY'; use 1 (Monday) .. 7 (Sunday) or never" >&2
     exit 1 ;;
esac
if [ "$LIFECYCLE_SNAPSHOT_WEEKDAY" != "$LIFECYCLE_MAINTAIN_WEEKDAY" ]; then
  echo "lifecycle: maintain runs after the snapshots of ISO weekday $LIFECYCLE_MAINTAIN_WEEKDAY; $LIFECYCLE_SNAPSHOT_DATE is weekday $LIFECYCLE_SNAPSHOT_WEEKDAY: skipped"
  exit 99
fi
echo "lifecycle: maintain after $LIFECYCLE_SNAPSHOT_DATE on $LIFECYCLE_SPARK_MASTER"
""" + SPARK_SUBMIT + """maintain --config "$LIFECYCLE_CONFIG"
"""


def iso_weekday(day: str) -> str:
    """1 (Monday) .. 7 (Sunday) of a YYYY-MM-DD date."""
    return str(date.fromisoformat(day).isoweekday())


def _submit_env(job: str) -> dict:
    return {
        "LIFECYCLE_JOB": job,
        "LIFECYCLE_SNAPSHOT_DATE": "{{ snapshot_date(dag_run, data_interval_end) }}",
        "LIFECYCLE_SPARK_SUBMIT": _var("lifecycle_spark_submit", "spark-submit"),
        "LIFECYCLE_SPARK_MASTER": _var("lifecycle_spark_master", "local[*]"),
        "LIFECYCLE_JAR": _var("lifecycle_jar", "/opt/lifecycle/lifecycle-pipelines-job.jar"),
        "LIFECYCLE_CONFIG": _var("lifecycle_config", "/opt/lifecycle/conf"),
        "LIFECYCLE_DRIVER_MEMORY": _var("lifecycle_driver_memory", "4g"),
        "LIFECYCLE_EXECUTOR_MEMORY": _var("lifecycle_executor_memory", "4g"),
        "LIFECYCLE_EXECUTOR_CORES": _var("lifecycle_executor_cores", "2"),
        "LIFECYCLE_SPARK_ARGS": _var("lifecycle_spark_args", ""),
    }


def _maintain_env() -> dict:
    env = _submit_env("maintain")
    env["LIFECYCLE_SNAPSHOT_WEEKDAY"] = "{{ iso_weekday(snapshot_date(dag_run, data_interval_end)) }}"
    env["LIFECYCLE_MAINTAIN_WEEKDAY"] = _var("lifecycle_maintain_weekday", "7")
    return env


default_args = {
    "owner": "lifecycle",
    "retries": int(os.environ.get("LIFECYCLE_DAG_RETRIES", "2")),
    "retry_delay": timedelta(seconds=int(os.environ.get("LIFECYCLE_DAG_RETRY_DELAY_SECONDS", "300"))),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    "execution_timeout": timedelta(hours=4),
    "on_failure_callback": on_task_failure,
    "on_retry_callback": on_task_retry,
}

with DAG(
    dag_id=DAG_ID,
    description="Lifecycle nightly: ingest, rollups, features, scores and gold tables for one snapshot date",
    # LIFECYCLE_DAG_TRIGGER_ONLY=true: no schedule, runs only when triggered (tests, or an outside scheduler).
    schedule=None if os.environ.get("LIFECYCLE_DAG_TRIGGER_ONLY", "").lower() in ("1", "true", "yes")
    else CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1),
    end_date=_end_date(),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    user_defined_macros={"snapshot_date": snapshot_date, "iso_weekday": iso_weekday},
    on_failure_callback=on_run_failure,
    # The SLA: a night's tables are due LIFECYCLE_DAG_DEADLINE_HOURS (default 6) after its data interval ends, i.e.
    # logical date + 1 day + that. Not DAGRUN_QUEUED_AT: in Airflow 3.3.2 clearing a task of a run with a queued-at
    # deadline fails with HTTP 500 (taskinstance._recalculate_dagrun_queued_at_deadlines). Triggered runs without a
    # logical date have no deadline.
    deadline=DeadlineAlert(reference=DeadlineReference.DAGRUN_LOGICAL_DATE,
                           interval=timedelta(days=1, hours=float(os.environ.get("LIFECYCLE_DAG_DEADLINE_HOURS", "6"))),
                           callback=SyncCallback("lifecycle_alerts.deadline_missed")),
    tags=["lifecycle", "spark"],
    doc_md=__doc__,
) as dag:
    tasks = {
        job: BashOperator(task_id=job, bash_command=SUBMIT, env=_submit_env(job), append_env=True)
        for job in JOB_GRAPH
    }
    for job, upstream in JOB_GRAPH.items():
        for dependency in upstream:
            tasks[dependency] >> tasks[job]
    # After the night is published; not retried (next week's run does the same work).
    tasks["marts"] >> BashOperator(task_id="maintain", bash_command=MAINTAIN, env=_maintain_env(), append_env=True,
                                   retries=0)
