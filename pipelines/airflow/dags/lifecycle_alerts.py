"""Alert hooks of the Lifecycle DAG, in a module of their own so that Airflow can import the deadline callback
by its dotted path (lifecycle_alerts.deadline_missed) on any executor."""
from __future__ import annotations

import json
import logging
import urllib.request

log = logging.getLogger("lifecycle.alerts")


def alert(kind: str, payload: dict) -> None:
    """Always logged; also POSTed as JSON when the Airflow Variable lifecycle_alert_webhook is set."""
    message = {"alert": kind, "dag_id": "customer_lifecycle_nightly", **payload}
    text = json.dumps(message, default=str)
    log.error("lifecycle alert: %s", text)
    try:
        from airflow.sdk import Variable
        url = Variable.get("lifecycle_alert_webhook", default=None)
    except Exception as e:  # an alert must never fail the callback that raises it
        log.error("lifecycle alert: could not read lifecycle_alert_webhook: %s", e)
        return
    if url:
        request = urllib.request.Request(url, data=text.encode(), headers={"Content-Type": "application/json"},
                                         method="POST")
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except OSError as e:
            log.error("lifecycle alert: could not POST to the webhook: %s", e)


def deadline_missed(context=None, **kwargs) -> None:
    """SLA-style: the nightly run has not finished within its deadline (see the DAG's deadline)."""
    dag_run = (context or {}).get("dag_run")
    alert("deadline_missed", {"run_id": getattr(dag_run, "run_id", None), **kwargs})
