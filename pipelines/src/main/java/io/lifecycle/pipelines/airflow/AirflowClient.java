package io.lifecycle.pipelines.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Airflow 3 REST API operations the nightly pipeline needs, for one DAG (paths under /api/v2). A run for
 * snapshot date D has the id {@code lifecycle__D} and conf {"snapshot_date": D}, so triggering twice is harmless.
 */
public final class AirflowClient {
    static final String API = "/api/v2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 100;

    private final AirflowSettings settings;
    private final AirflowHttp http;

    public AirflowClient(AirflowSettings settings) {
        this.settings = settings;
        this.http = new AirflowHttp(settings);
    }

    public String dagId() {
        return settings.dagId();
    }

    public static String runId(LocalDate snapshotDate) {
        return "lifecycle__" + snapshotDate;
    }

    /**
     * Triggers the run of one snapshot date. logical_date is sent as null: Airflow 3.0 requires the key, a null
     * value keeps runs of the same date from clashing with scheduled runs, and the DAG reads the date from conf.
     */
    public TriggerResult trigger(LocalDate snapshotDate) {
        String runId = runId(snapshotDate);
        ObjectNode body = JSON.createObjectNode();
        body.put("dag_run_id", runId);
        body.putNull("logical_date");
        body.putObject("conf").put("snapshot_date", snapshotDate.toString());
        try {
            return new TriggerResult(DagRun.from(http.call("POST", dagPath() + "/dagRuns", null, body).json()), true);
        } catch (AirflowException e) {
            if (e.status() != 409) {
                throw e;
            }
            return new TriggerResult(existing(runId, e), false);
        }
    }

    /** The run a 409 was about; if there is none, the conflict was another one (e.g. a run with the same logical date). */
    private DagRun existing(String runId, AirflowException conflict) {
        try {
            return dagRun(runId);
        } catch (AirflowException e) {
            if (e.status() == 404) {
                throw conflict;
            }
            throw e;
        }
    }

    public DagRun dagRun(String runId) {
        return DagRun.from(http.get(runPath(runId), null, "application/json").json());
    }

    /** Every task instance of the run, page by page. */
    public List<TaskInstance> taskInstances(String runId) {
        List<TaskInstance> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", String.valueOf(PAGE));
            query.put("offset", String.valueOf(offset));
            JsonNode page = http.get(runPath(runId) + "/taskInstances", query, "application/json").json();
            JsonNode items = page.path("task_instances");
            items.forEach(ti -> out.add(TaskInstance.from(ti)));
            if (items.size() < PAGE || out.size() >= page.path("total_entries").asInt(0)) {
                return out;
            }
        }
    }

    public TaskInstance taskInstance(String runId, String taskId) {
        return TaskInstance.from(http.get(runPath(runId) + "/taskInstances/" + AirflowHttp.segment(taskId), null,
                "application/json").json());
    }

    /**
     * Clears the failed (and upstream-failed) task instances of a run so the scheduler runs them again.
     * dry_run defaults to true in Airflow, so it is sent as false explicitly.
     */
    public List<TaskInstance> clearFailed(String runId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("dag_run_id", runId);
        body.put("dry_run", false);
        body.put("only_failed", true);
        body.put("reset_dag_runs", true);
        JsonNode answer = http.call("POST", dagPath() + "/clearTaskInstances", null, body).json();
        List<TaskInstance> cleared = new ArrayList<>();
        answer.path("task_instances").forEach(ti -> cleared.add(TaskInstance.from(ti)));
        return cleared;
    }

    /** The log lines of one try of a task (tries count from 1). */
    public List<String> log(String runId, String taskId, int tryNumber) {
        Map<String, String> query = Map.of("full_content", "true");
        String path = runPath(runId) + "/taskInstances/" + AirflowHttp.segment(taskId) + "/logs/" + tryNumber;
        return TaskLog.lines(http.get(path, query, "application/json"));
    }

    /** Pauses or unpauses the DAG; returns is_paused as Airflow reports it afterwards. */
    public boolean setPaused(boolean paused) {
        ObjectNode body = JSON.createObjectNode().put("is_paused", paused);
        JsonNode dag = http.call("PATCH", dagPath(), Map.of("update_mask", "is_paused"), body).json();
        return dag.path("is_paused").asBoolean(paused);
    }

    /**
     * Asks Airflow's scheduler to backfill the DAG for the dates from..to (both included, midnight UTC), one run at a
     * time: the runs of one lakehouse must not write it at once (Airflow's default would be 10 concurrent runs).
     */
    public Backfill backfill(LocalDate from, LocalDate to) {
        ObjectNode body = JSON.createObjectNode();
        body.put("dag_id", settings.dagId());
        body.put("from_date", from + "T00:00:00Z");
        body.put("to_date", to + "T00:00:00Z");
        body.put("max_active_runs", 1);
        return Backfill.from(http.call("POST", API + "/backfills", null, body).json());
    }

    /** The backfill as Airflow reports it now (completed_at is set once all its runs have finished). */
    public Backfill backfill(long id) {
        return Backfill.from(http.get(API + "/backfills/" + id, null, "application/json").json());
    }

    /** The DAG's backfill runs whose logical dates fall in the backfill's range, page by page. */
    public List<DagRun> backfillRuns(Backfill backfill) {
        List<DagRun> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("run_type", "backfill");
            query.put("logical_date_gte", backfill.fromDate());
            query.put("logical_date_lte", backfill.toDate());
            query.put("order_by", "logical_date");
            query.put("limit", String.valueOf(PAGE));
            query.put("offset", String.valueOf(offset));
            JsonNode page = http.get(dagPath() + "/dagRuns", query, "application/json").json();
            JsonNode items = page.path("dag_runs");
            items.forEach(run -> out.add(DagRun.from(run)));
            if (items.size() < PAGE || out.size() >= page.path("total_entries").asInt(0)) {
                return out;
            }
        }
    }

    private String dagPath() {
        return API + "/dags/" + AirflowHttp.segment(settings.dagId());
    }

    private String runPath(String runId) {
        return dagPath() + "/dagRuns/" + AirflowHttp.segment(runId);
    }
}
