"""The Customer health dashboard as a Superset export bundle (dashboard, charts, datasets, database).

  python bundle.py build --database FILE --extension-dir DIR [--out bundle]
      Writes the bundle folder from the spec below; the datasets' column types come from running their SQL against a
      refreshed DuckDB file (bin/lifecycle bi refresh). Run it after changing a chart, and commit the folder.
  python bundle.py zip --database FILE --extension-dir DIR --out FILE.zip [--bundle bundle]
      Zips the committed folder for `superset import-dashboards`, pointing its database at FILE.

Every chart carries a query_context (what Superset's chart-data API runs for GET /api/v1/chart/<id>/data/) built from
the same spec as its params (what the dashboard renders), so the two ask for the same rows.
"""
import argparse
import json
import shutil
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
NS = uuid.UUID("5b0e3c52-7c1f-4d3e-9a51-1f0c7a6b2d90")  # stable uuids: a re-import overwrites, never duplicates
DATABASE_NAME = "Lifecycle (DuckDB)"
PLACEHOLDER = "/path/to/lifecycle.duckdb"
BAND_COLORS = {"green": "#5AC189", "yellow": "#FCC700", "red": "#E04355", "unknown": "#B2B2B2"}


def uid(name):
    return str(uuid.uuid5(NS, name))


def month_ends_and_latest(table, column="snapshot_date"):
    # Daily tables hold month-ends and every recent day; history charts sample month-ends plus the newest date.
    return (f"{column} = last_day({column}) OR {column} = (SELECT max({column}) FROM {table})")


DATASETS = {
    "health_history": ("snapshot_date", f"""
SELECT snapshot_date, segment, account_id, band, score, mrr
FROM gold.account_health_daily
WHERE {month_ends_and_latest('gold.account_health_daily')}"""),
    "health_current": ("snapshot_date", """
SELECT h.snapshot_date, h.segment, h.account_id, h.band, round(h.score, 1) AS score, h.trend,
       round(h.change_30d, 1) AS change_30d, h.mrr,
       array_to_string(list_transform(h.top_drivers, d -> d.measure), ', ') AS drivers,
       l.next_renewal_date AS renewal_date, l.stage
FROM gold.account_health_current h
LEFT JOIN gold.account_lifecycle_current l ON l.account_id = h.account_id"""),
    "lifecycle_current": ("snapshot_date", """
SELECT snapshot_date, segment, stage, account_id, mrr
FROM gold.account_lifecycle_current
WHERE account_id IS NOT NULL"""),
    "lifecycle_transitions_90d": ("transition_date", """
SELECT transition_date, segment, from_stage, to_stage, trigger, account_id
FROM gold.lifecycle_transitions
WHERE account_id IS NOT NULL
  AND transition_date > (SELECT max(transition_date) FROM gold.lifecycle_transitions) - INTERVAL 90 DAY"""),
    "segment_kpis_history": ("snapshot_date", f"""
SELECT * FROM gold.segment_kpis_daily
WHERE segment <> 'all' AND ({month_ends_and_latest('gold.segment_kpis_daily')})"""),
    "segment_kpis_current": ("snapshot_date", """
SELECT * FROM gold.segment_kpis_current WHERE segment <> 'all'"""),
    "clv_current": ("snapshot_date", """
SELECT snapshot_date, segment, account_id, customer_status, mrr_reporting, subscription_residual_value, total_clv
FROM gold.account_clv_current"""),
    "expansion_current": ("snapshot_date", """
SELECT snapshot_date, segment, account_id, round(propensity, 3) AS propensity, decile,
       round(expected_expansion_mrr, 2) AS expected_expansion_mrr, mrr,
       array_to_string(list_transform(top_drivers, d -> d.feature), ', ') AS drivers
FROM gold.account_expansion_current"""),
    "renewals_90d": ("snapshot_date", """
SELECT snapshot_date, segment, account_id, renewal_date, days_to_renewal, billing_period, mrr, health_band,
       round(health_score, 1) AS health_score, residual_clv, expansion_propensity, array_to_string(risk_flags, ', ') AS risk_flags
FROM gold.renewal_briefs_current"""),
}


def metric(label, sql):
    return {"expressionType": "SQL", "sqlExpression": sql, "label": label, "hasCustomLabel": True,
            "optionName": "metric_" + uid(label + sql)[:8]}


AT_RISK = "band = 'red' OR trend = 'down'"
NRR = metric("NRR 12m", "SUM(nrr_12m * mrr_12m_ago) / NULLIF(SUM(CASE WHEN nrr_12m IS NOT NULL THEN mrr_12m_ago END), 0)")
GRR = metric("GRR 12m", "SUM(grr_12m * mrr_12m_ago) / NULLIF(SUM(CASE WHEN grr_12m IS NOT NULL THEN mrr_12m_ago END), 0)")

# key: (title, viz, dataset, spec). spec: x (axis column), series, metrics, columns (raw table), groupby (table),
# where (SQL), orderby [(column or metric label, ascending)], row_limit, and chart options.
CHARTS = {
    "mrr": ("MRR (latest)", "big_number_total", "segment_kpis_current",
            dict(metrics=[metric("MRR", "SUM(mrr)")], options=dict(y_axis_format="$,.0f"))),
    "at_risk_count": ("Accounts at risk (red or worsening)", "big_number_total", "health_current",
                      dict(metrics=[metric("Accounts at risk", "COUNT(*)")], where=AT_RISK)),
    "renewing_mrr": ("MRR renewing in the next 90 days", "big_number_total", "renewals_90d",
                     dict(metrics=[metric("MRR renewing", "SUM(mrr)")], options=dict(y_axis_format="$,.0f"))),
    "health_mix_history": ("Health band mix over time (share of accounts)", "echarts_timeseries_bar",
                           "health_history",
                           dict(x="snapshot_date", series=["band"], metrics=[metric("Accounts", "COUNT(*)")],
                                options=dict(stack="Stack", contributionMode="row", y_axis_format=".0%"))),
    "health_mix_segment": ("Health band mix per segment (latest)", "echarts_timeseries_bar", "health_current",
                           dict(x="segment", series=["band"], metrics=[metric("Accounts", "COUNT(*)")],
                                options=dict(stack="Stack"))),
    "at_risk": ("Accounts at risk: red or worsening, by MRR", "table", "health_current",
                dict(columns=["account_id", "segment", "band", "score", "change_30d", "mrr", "drivers", "renewal_date"],
                     where=AT_RISK, orderby=[("mrr", False)], row_limit=500)),
    "stage_mix": ("Lifecycle stage mix per segment (latest)", "echarts_timeseries_bar", "lifecycle_current",
                  dict(x="segment", series=["stage"], metrics=[metric("Accounts", "COUNT(*)")],
                       options=dict(stack="Stack"))),
    "transitions": ("Lifecycle transitions, last 90 days", "table", "lifecycle_transitions_90d",
                    dict(groupby=["from_stage", "to_stage"], metrics=[metric("Transitions", "COUNT(*)")],
                         orderby=[("Transitions", False)], row_limit=50)),
    "mrr_movements": ("MRR movements, 30 days to each month-end", "echarts_timeseries_bar", "segment_kpis_history",
                      dict(x="snapshot_date",
                           metrics=[metric("New", "SUM(mrr_new_30d)"), metric("Expansion", "SUM(mrr_expansion_30d)"),
                                    metric("Reactivation", "SUM(mrr_reactivation_30d)"),
                                    metric("Contraction", "SUM(mrr_contraction_30d)"),
                                    metric("Churn", "SUM(mrr_churn_30d)")],
                           options=dict(stack="Stack", y_axis_format="$,.0f"))),
    "retention_history": ("NRR and GRR (12 months) over time", "echarts_timeseries_line", "segment_kpis_history",
                          dict(x="snapshot_date", metrics=[NRR, GRR],
                               options=dict(y_axis_format=".0%", truncateYAxis=True))),
    "retention_segment": ("Revenue retention per segment (latest)", "table", "segment_kpis_current",
                          dict(groupby=["segment"],
                               metrics=[metric("MRR", "SUM(mrr)"), NRR, GRR,
                                        metric("Logo churn 30d", "SUM(churned_accounts_30d) / "
                                               "NULLIF(SUM(active_accounts_30d_ago), 0)")],
                               orderby=[("MRR", False)], row_limit=20)),
    "clv_segment": ("Residual CLV per segment (latest)", "echarts_timeseries_bar", "clv_current",
                    dict(x="segment", metrics=[metric("Residual CLV", "SUM(total_clv)"),
                                               metric("Subscription residual value",
                                                      "SUM(subscription_residual_value)")],
                         options=dict(y_axis_format="$,.0f"))),
    "expansion_deciles": ("Expansion propensity by decile (latest)", "echarts_timeseries_bar", "expansion_current",
                          dict(x="decile", metrics=[metric("Mean propensity", "AVG(propensity)")],
                               options=dict(y_axis_format=".0%"))),
    "top_opportunities": ("Top expansion opportunities", "table", "expansion_current",
                          dict(columns=["account_id", "segment", "decile", "propensity", "expected_expansion_mrr",
                                        "mrr", "drivers"], orderby=[("expected_expansion_mrr", False)],
                               row_limit=20)),
    "renewals": ("Renewals in the next 90 days", "table", "renewals_90d",
                 dict(columns=["renewal_date", "account_id", "segment", "mrr", "health_band", "residual_clv",
                               "expansion_propensity", "risk_flags"], orderby=[("renewal_date", True)],
                      row_limit=1000)),
}

# Rows of the dashboard: (chart key, width of 12, height in grid units).
LAYOUT = [
    [("mrr", 4, 30), ("at_risk_count", 4, 30), ("renewing_mrr", 4, 30)],
    [("health_mix_history", 6, 50), ("health_mix_segment", 6, 50)],
    [("at_risk", 12, 60)],
    [("stage_mix", 6, 50), ("transitions", 6, 50)],
    [("mrr_movements", 6, 50), ("retention_history", 6, 50)],
    [("retention_segment", 6, 40), ("clv_segment", 6, 40)],
    [("expansion_deciles", 5, 55), ("top_opportunities", 7, 55)],
    [("renewals", 12, 60)],
]


def temporal_filter(column):
    # What the dashboard's date filter sets: a time range on the dataset's date column.
    return {"clause": "WHERE", "comparator": "No filter", "expressionType": "SIMPLE", "operator": "TEMPORAL_RANGE",
            "subject": column}


def chart_params(key, title, viz, dataset, spec, date_column):
    p = {"viz_type": viz, "datasource": "__table", "adhoc_filters": [temporal_filter(date_column)],
         "row_limit": spec.get("row_limit", 10000), "extra_form_data": {}, "dashboards": [],
         "color_scheme": "supersetColors", "label_colors": BAND_COLORS}
    if spec.get("where"):
        p["adhoc_filters"].append({"clause": "WHERE", "expressionType": "SQL", "sqlExpression": spec["where"]})
    if viz == "big_number_total":
        p.update(metric=spec["metrics"][0], header_font_size=0.4, subheader_font_size=0.15)
    elif viz.startswith("echarts_timeseries"):
        x = spec["x"]
        p.update(x_axis=x, groupby=spec.get("series", []), metrics=spec["metrics"], order_desc=True,
                 show_legend=True, legendType="scroll", legendOrientation="top", rich_tooltip=True,
                 x_axis_sort_asc=True, orientation="vertical", truncateYAxis=False, y_axis_bounds=[None, None],
                 x_axis_title_margin=15, y_axis_title_margin=15, y_axis_title_position="Left",
                 sort_series_type="sum", only_total=True, show_empty_columns=True, zoomable=False)
        if x == date_column:
            p.update(time_grain_sqla="P1D", x_axis_time_format="%Y-%m-%d")
        else:
            p.update(x_axis_sort="", xAxisLabelRotation=0)
        if viz == "echarts_timeseries_line":
            p.update(markerEnabled=True, markerSize=6)
    elif viz == "table":
        if "columns" in spec:
            p.update(query_mode="raw", all_columns=spec["columns"], server_page_length=10,
                     order_by_cols=[json.dumps([c, asc]) for c, asc in spec.get("orderby", [])])
        else:
            p.update(query_mode="aggregate", groupby=spec["groupby"], metrics=spec["metrics"],
                     percent_metrics=[], timeseries_limit_metric=None, order_desc=True, server_page_length=10,
                     include_time=False)
        p.update(table_timestamp_format="%Y-%m-%d", show_cell_bars=True, color_pn=True, allow_render_html=False)
    for k, v in spec.get("options", {}).items():
        p[k] = v
    return p


def query_context(params, spec, date_column):
    metrics = spec.get("metrics", [])
    if "columns" in spec:
        columns = spec["columns"]
    elif "groupby" in spec:
        columns = spec["groupby"]
    elif "x" in spec:
        columns = [spec["x"]] + spec.get("series", [])
    else:
        columns = []
    by_label = {m["label"]: m for m in metrics}
    orderby = [[by_label.get(c, c), asc] for c, asc in spec.get("orderby", [])]
    if not orderby and metrics and not columns:
        orderby = []
    elif not orderby and "x" in spec:
        orderby = [[spec["x"], True]]
    query = {
        "columns": columns, "metrics": metrics, "orderby": orderby, "row_limit": spec.get("row_limit", 10000),
        "filters": [{"col": date_column, "op": "TEMPORAL_RANGE", "val": "No filter"}],
        "extras": {"having": "", "where": f"({spec['where']})" if spec.get("where") else ""},
        "applied_time_extras": {}, "annotation_layers": [], "series_limit": 0, "order_desc": True,
        "url_params": {}, "custom_params": {}, "custom_form_data": {}, "time_range": "No filter",
    }
    return {"datasource": {"id": 0, "type": "table"}, "force": False, "queries": [query], "form_data": params,
            "result_format": "json", "result_type": "full"}


def duckdb_columns(con, sql):
    rel = con.sql(sql)
    out = []
    for name, dtype in zip(rel.columns, rel.dtypes):
        t = str(dtype).upper()
        out.append({"column_name": name, "type": t, "is_dttm": t in ("DATE", "TIMESTAMP"), "is_active": True,
                    "groupby": True, "filterable": True, "expression": None, "description": None,
                    "verbose_name": None, "python_date_format": None, "advanced_data_type": None, "extra": {}})
    return out


def connect(database, extension_dir):
    import duckdb
    return duckdb.connect(str(database), read_only=True,
                          config={"extension_directory": str(extension_dir), "autoinstall_known_extensions": "false"})


def reads_delta(database):
    # Views over delta_scan need the delta extension in every connection; materialised tables do not.
    import duckdb
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("SELECT count(*) FROM duckdb_views() WHERE sql LIKE '%delta_scan(%'").fetchone()[0] > 0


def database_yaml(database, extension_dir, delta=True):
    connect_args = {"read_only": True}
    if delta:
        connect_args.update({"preload_extensions": ["delta"], "config": {
            "extension_directory": str(extension_dir), "autoinstall_known_extensions": "false"}})
    return {
        "database_name": DATABASE_NAME, "sqlalchemy_uri": f"duckdb:///{database}", "cache_timeout": None,
        "expose_in_sqllab": True, "allow_run_async": False, "allow_ctas": False, "allow_cvas": False,
        "allow_dml": False, "allow_file_upload": False,
        # Views read the Delta tables through the delta extension, loaded from the folder serve.sh fills (never
        # downloaded); read_only lets the refresh replace the file while Superset reads it.
        "extra": {"engine_params": {"connect_args": connect_args}, "metadata_params": {},
                  "schemas_allowed_for_file_upload": []},
        "uuid": uid("database"), "version": "1.0.0"}


def build(database, extension_dir, out):
    con = connect(database, extension_dir)
    con.execute("LOAD delta")
    if out.exists():
        shutil.rmtree(out)
    for d in ("databases", "datasets/lifecycle", "charts", "dashboards"):
        (out / d).mkdir(parents=True)
    write(out / "metadata.yaml", {"version": "1.0.0", "type": "Dashboard", "timestamp": "2026-01-01T00:00:00+00:00"})
    write(out / "databases/lifecycle.yaml", database_yaml(PLACEHOLDER, "/path/to/duckdb-extensions"))
    for name, (date_column, sql) in DATASETS.items():
        write(out / f"datasets/lifecycle/{name}.yaml", {
            "table_name": name, "main_dttm_col": date_column, "description": None, "default_endpoint": None,
            "offset": 0, "cache_timeout": None, "schema": "gold", "sql": sql.strip() + "\n", "params": None,
            "template_params": None, "filter_select_enabled": True, "fetch_values_predicate": None, "extra": None,
            "uuid": uid("dataset:" + name), "metrics": [], "columns": duckdb_columns(con, sql),
            "version": "1.0.0", "database_uuid": uid("database")})
    for key, (title, viz, dataset, spec) in CHARTS.items():
        date_column = DATASETS[dataset][0]
        params = chart_params(key, title, viz, dataset, spec, date_column)
        write(out / f"charts/{key}.yaml", {
            "slice_name": title, "description": None, "certified_by": None, "certification_details": None,
            "viz_type": viz, "params": params,
            "query_context": json.dumps(query_context(params, spec, date_column)), "cache_timeout": None,
            "uuid": uid("chart:" + key), "version": "1.0.0", "dataset_uuid": uid("dataset:" + dataset)})
    write(out / "dashboards/customer_health.yaml", dashboard())
    print(f"bundle: wrote {out} ({len(DATASETS)} datasets, {len(CHARTS)} charts)")


def dashboard():
    position = {"DASHBOARD_VERSION_KEY": "v2",
                "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
                "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
                "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": "Customer health"}}}
    for i, row in enumerate(LAYOUT):
        row_id = f"ROW-{i}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {"type": "ROW", "id": row_id, "children": [], "parents": ["ROOT_ID", "GRID_ID"],
                            "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        for key, width, height in row:
            chart_id = f"CHART-{key}"
            position[row_id]["children"].append(chart_id)
            position[chart_id] = {"type": "CHART", "id": chart_id, "children": [],
                                  "parents": ["ROOT_ID", "GRID_ID", row_id],
                                  "meta": {"width": width, "height": height, "chartId": 0,
                                           "sliceName": CHARTS[key][0], "uuid": uid("chart:" + key)}}
    some_dataset = uid("dataset:health_current")
    filters = [
        {"id": "NATIVE_FILTER-segment", "name": "Segment", "filterType": "filter_select", "type": "NATIVE_FILTER",
         "targets": [{"datasetUuid": some_dataset, "column": {"name": "segment"}}],
         "controlValues": {"enableEmptyFilter": False, "defaultToFirstItem": False, "multiSelect": True,
                           "searchAllOptions": False, "inverseSelection": False},
         "defaultDataMask": {"extraFormData": {}, "filterState": {}, "ownState": {}}, "cascadeParentIds": [],
         "scope": {"rootPath": ["ROOT_ID"], "excluded": []}, "description": "Segments of conf/application.yaml"},
        {"id": "NATIVE_FILTER-date", "name": "Date", "filterType": "filter_time", "type": "NATIVE_FILTER",
         "targets": [{}], "controlValues": {},
         "defaultDataMask": {"extraFormData": {}, "filterState": {}, "ownState": {}}, "cascadeParentIds": [],
         "scope": {"rootPath": ["ROOT_ID"], "excluded": []},
         "description": "Snapshot (or transition) dates; the latest-snapshot charts show nothing outside it"},
    ]
    return {"dashboard_title": "Customer health", "description": None, "css": "", "slug": "customer-health",
            "certified_by": None, "certification_details": None, "published": True,
            "uuid": uid("dashboard:customer_health"), "position": position,
            "metadata": {"color_scheme": "supersetColors", "label_colors": BAND_COLORS, "shared_label_colors": [],
                         "refresh_frequency": 0, "timed_refresh_immune_slices": [], "expanded_slices": {},
                         "default_filters": "{}", "cross_filters_enabled": False,
                         "native_filter_configuration": filters},
            "version": "1.0.0"}


def write(path, content):
    path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=120))


def zip_bundle(bundle, database, extension_dir, out):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "customer_health"
        shutil.copytree(bundle, root)
        write(root / "databases/lifecycle.yaml", database_yaml(database, extension_dir, reads_delta(database)))
        with zipfile.ZipFile(out, "w") as z:
            for f in sorted(root.rglob("*.yaml")):
                z.write(f, f.relative_to(root.parent))
    print(f"bundle: {out} (database {database})")


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["build", "zip"])
    parser.add_argument("--database", required=True, type=Path)
    parser.add_argument("--extension-dir", required=True, type=Path)
    parser.add_argument("--bundle", type=Path, default=HERE / "bundle")
    parser.add_argument("--out", type=Path)
    a = parser.parse_args(argv)
    if a.mode == "build":
        build(a.database.resolve(), a.extension_dir.resolve(), (a.out or a.bundle).resolve())
    else:
        zip_bundle(a.bundle, a.database.resolve(), a.extension_dir.resolve(), a.out.resolve())


if __name__ == "__main__":
    main(sys.argv[1:])
