"""Reads the Lifecycle lakehouse's Delta tables into pandas, without Spark or a JVM (delta-rs, the `deltalake` package).

Every notebook imports this module and reads tables only through it, so the one parameter, the lakehouse folder,
is set in one place: the environment variable LIFECYCLE_LAKEHOUSE, else ../demo/lakehouse (relative to this folder,
what `bin/lifecycle demo` builds). `bin/lifecycle notebooks --lakehouse DIR` sets the variable.

Table names are the catalog's (docs/tables.md): `gold.account_health_daily` is the published table under
<lakehouse>/gold/account_health_daily, `silver.account_features_daily` is <lakehouse>/silver/account_features_daily.
"""

import json
import os
from datetime import date
from pathlib import Path

import pandas as pd
from deltalake import DeltaTable

HERE = Path(__file__).resolve().parent
LAKEHOUSE = Path(os.environ.get("LIFECYCLE_LAKEHOUSE") or HERE / ".." / "demo" / "lakehouse").resolve()

# Where a notebook records the few numbers a test compares with Spark SQL (set by run_notebooks.py; unset when a
# person runs the notebook, then check() only returns the value).
CHECKS_FILE = os.environ.get("LIFECYCLE_NOTEBOOK_CHECKS")

LAYERS = {
    "staging": "inputs as received, typed and de-duplicated; rows that broke a contract are in quarantine",
    "silver": "per account and day: usage roll-ups and the point-in-time features of silver.account_features_daily",
    "gold": "the published, audited marts: health, lifecycle, CLV, expansion, segment KPIs",
    "ops": "the pipeline's own log: runs, data-quality results, source fingerprints",
}


def path(table: str) -> Path:
    """The folder of a catalog table, e.g. path('gold.account_health_daily')."""
    layer, _, name = table.partition(".")
    if layer not in LAYERS and layer not in ("quarantine", "gold_unpublished") or not name:
        raise ValueError(f"{table!r} is not a catalog table name like 'gold.account_health_daily'")
    return LAKEHOUSE / layer / name


def delta(table: str) -> DeltaTable:
    folder = path(table)
    if not (folder / "_delta_log").is_dir():
        raise FileNotFoundError(f"{table} has no Delta table at {folder}; build the lakehouse first "
                                "(bin/lifecycle demo) or point LIFECYCLE_LAKEHOUSE at one")
    return DeltaTable(str(folder))


def read(table: str, columns=None, filters=None) -> pd.DataFrame:
    """The table's rows as a DataFrame. filters are pyarrow-style: [('snapshot_date', '=', date(2026, 6, 30))];
    on a partition column they skip whole files."""
    return delta(table).to_pandas(columns=columns, filters=filters)


def dates(table: str, column: str = "snapshot_date") -> list:
    """The distinct values of a partition date column, oldest first, from the Delta log alone (no data read)."""
    values = {p[column] for p in delta(table).partitions()}
    return sorted(date.fromisoformat(v) for v in values if v is not None)


def latest_date(table: str, column: str = "snapshot_date") -> date:
    found = dates(table, column)
    if not found:
        raise ValueError(f"{table} has no rows")
    return found[-1]


def current(table: str, columns=None, column: str = "snapshot_date") -> pd.DataFrame:
    """The latest snapshot of a table partitioned by a date: what the catalog's gold.<table>_current views show.
    An empty table (e.g. a model not trained yet) gives an empty DataFrame with the table's columns."""
    found = dates(table, column)
    return read(table, columns, filters=[(column, "=", found[-1])]) if found else read(table, columns)


def tables() -> pd.DataFrame:
    """Every Delta table of the lakehouse with its layer, version and number of data files."""
    rows = []
    for layer in LAYERS:
        folder = LAKEHOUSE / layer
        for t in sorted(folder.iterdir()) if folder.is_dir() else []:
            if (t / "_delta_log").is_dir():
                dt = DeltaTable(str(t))
                rows.append({"table": f"{layer}.{t.name}", "layer": layer, "version": dt.version(),
                             "files": len(dt.file_uris()), "partitioned_by": ", ".join(dt.metadata().partition_columns)})
    return pd.DataFrame(rows)


OPEN_END = pd.Timestamp("2262-04-01")  # stands for "no end" (an open-ended term); pandas' latest date


def paid_spans() -> pd.DataFrame:
    """Per account, its paid terms merged into contiguous covered spans (account_id, span_start, span_end; span_end
    OPEN_END when open-ended), as the pipeline's ChurnLabels does. Paid term: staging.subscriptions row with
    status != 'trial' and mrr_reporting > 0, in force from start_date to end_date (open-ended when null); a term
    starting on or before the day after the span's last covered day continues it."""
    subs = read("staging.subscriptions", columns=["account_id", "start_date", "end_date", "status", "mrr_reporting"])
    paid = subs[(subs["status"] != "trial") & (subs["mrr_reporting"].astype(float) > 0)].copy()
    paid["start"] = pd.to_datetime(paid["start_date"])
    paid["end"] = pd.to_datetime(paid["end_date"]).fillna(OPEN_END)
    paid = paid.sort_values(["account_id", "start", "end"])
    covered_before = paid.groupby("account_id")["end"].transform(lambda e: e.cummax().shift())
    paid["span"] = (covered_before.isna() | ((paid["start"] - covered_before).dt.days > 1)).astype(int)
    paid["span"] = paid.groupby("account_id")["span"].cumsum()
    return paid.groupby(["account_id", "span"]).agg(span_start=("start", "min"), span_end=("end", "max")).reset_index()


def churned_within(snapshot_dates, horizon_days: int = 90) -> pd.DataFrame:
    """The outcome of the health backtest, point in time: for each given snapshot date D and account with a paid term
    in force on D, whether some day in (D, D + horizon_days] has no paid term in force (churned) and the first such
    day (churn_date)."""
    spans = paid_spans()
    out = []
    for d in pd.to_datetime(pd.Series(list(snapshot_dates))):
        inside = spans[(spans["span_start"] <= d) & (spans["span_end"] >= d)]
        churned = (inside["span_end"] - d).dt.days < horizon_days
        out.append(pd.DataFrame({"snapshot_date": d.date(), "account_id": inside["account_id"].values,
                                 "churned": churned.values,
                                 "churn_date": (inside["span_end"] + pd.Timedelta(days=1)).where(churned).values}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=["snapshot_date", "account_id", "churned", "churn_date"])


def check(name: str, value):
    """Records a key number this notebook shows, for the test that compares it with Spark SQL over the same lakehouse.
    value: a number or a {key: number} mapping. Returns value, so a cell can show it too."""
    if CHECKS_FILE:
        checks_path = Path(CHECKS_FILE)
        checks = json.loads(checks_path.read_text()) if checks_path.exists() else {}
        checks[name] = _plain(value)
        checks_path.write_text(json.dumps(checks, indent=2, sort_keys=True))
    return value


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if value is None or isinstance(value, (int, str, bool)):
        return value
    value = float(value)  # float or Decimal
    return None if value != value else value  # NaN: no value
