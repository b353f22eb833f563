#!/usr/bin/env bash
# Runs AirflowIT: installs Apache Airflow 3 (pinned in AirflowIT) into pipelines/target/, starts `airflow
# standalone` on 127.0.0.1 with the Lifecycle DAG and runs the nightly pipeline through it. Needs python3 with venv,
# PyPI, and the rest of the build (it builds the job jar first). Other tests are skipped.
set -euo pipefail
cd "$(dirname "$0")/../../.."
exec mvn -B -pl pipelines -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=AirflowIT -Dlifecycle.airflow.it=true "$@"
