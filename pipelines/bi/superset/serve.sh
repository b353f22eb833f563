#!/usr/bin/env bash
# A local Apache Superset with the Customer health dashboard over the DuckDB file of `bin/lifecycle bi refresh`:
# installs Superset into a virtual environment (requirements.txt, pinned; again only when that file changes),
# initialises its metadata database with an admin user, registers the DuckDB file, imports the dashboard bundle and
# serves on HOST:PORT, printing the URL. `bin/lifecycle bi serve` runs it.
#
#   serve.sh --database FILE [--port 8088] [--host 127.0.0.1] [--state DIR] [--no-serve]
#
# Environment: LIFECYCLE_SUPERSET_PASSWORD (required: the admin's password; there is no default),
# LIFECYCLE_SUPERSET_USER (default admin). --state (default <checkout>/.lifecycle/superset) holds the virtual
# environment, the metadata database, the secret key and the delta extension DuckDB loads. Needs python3 with venv.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
database="" port=8088 host=127.0.0.1 state="$here/../../../.lifecycle/superset" serve=1
while [ $# -gt 0 ]; do
  case "$1" in
    --database) database="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    --state) state="$2"; shift 2 ;;
    --no-serve) serve=0; shift ;;
    *) echo "serve.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$database" ] || { echo "serve.sh: --database FILE is required (bin/lifecycle bi refresh writes it)" >&2; exit 2; }
[ -f "$database" ] || { echo "serve.sh: no DuckDB file at $database; run bin/lifecycle bi refresh" >&2; exit 1; }
: "${LIFECYCLE_SUPERSET_PASSWORD:?set LIFECYCLE_SUPERSET_PASSWORD to the password of the Superset admin user}"
user="${LIFECYCLE_SUPERSET_USER:-admin}"
database="$(cd "$(dirname "$database")" && pwd)/$(basename "$database")"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
log() { echo "serve.sh: $*" >&2; }

venv="$state/venv"
stamp="$(sha256sum "$here/requirements.txt" | cut -c1-16)"
if [ "$(cat "$venv/installed" 2>/dev/null)" != "$stamp" ]; then
  log "installing Apache Superset into $venv (pinned, about 2 minutes)"
  python3 -m venv --clear "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  echo "$stamp" > "$venv/installed"
fi

# DuckDB loads extensions from <extension_directory>/v<version>/<platform>/; the file is the one PyPI's
# duckdb-extension-delta installed into the virtual environment.
extensions="$state/duckdb-extensions"
"$venv/bin/python" - "$extensions" <<'EOF'
import pathlib, sys, duckdb, duckdb_extension_delta
src = next(pathlib.Path(duckdb_extension_delta.__file__).parent.rglob("delta.duckdb_extension"))
platform = duckdb.sql("SELECT platform FROM pragma_platform()").fetchone()[0]
dst = pathlib.Path(sys.argv[1]) / f"v{duckdb.__version__}" / platform / "delta.duckdb_extension"
dst.parent.mkdir(parents=True, exist_ok=True)
if not dst.exists():
    dst.symlink_to(src)
EOF

if [ ! -s "$state/secret_key" ]; then
  (umask 077 && "$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(42))' > "$state/secret_key")
fi
cat > "$state/superset_config.py" <<EOF
# Written by serve.sh: a local Superset whose metadata lives in $state.
SECRET_KEY = open("$state/secret_key").read().strip()
SQLALCHEMY_DATABASE_URI = "sqlite:///$state/superset.db"
# Served over plain HTTP on $host: no HTTPS-only headers.
TALISMAN_ENABLED = False
CONTENT_SECURITY_POLICY_WARNING = False
# A small dashboard: draw every chart at once rather than as it scrolls into view (screenshots, printing).
FEATURE_FLAGS = {"DASHBOARD_VIRTUALIZATION": False}
EOF
export SUPERSET_CONFIG_PATH="$state/superset_config.py" FLASK_APP=superset SUPERSET_HOME="$state"
superset="$venv/bin/superset"

log "initialising Superset's metadata database"
"$superset" db upgrade >"$state/init.log" 2>&1 || { tail -n 30 "$state/init.log" >&2; exit 1; }
if ! "$superset" fab list-users 2>/dev/null | grep -q "username:$user "; then
  "$superset" fab create-admin --username "$user" --firstname Lifecycle --lastname Admin \
    --email "$user@localhost" --password "$LIFECYCLE_SUPERSET_PASSWORD" >>"$state/init.log" 2>&1
else
  "$superset" fab reset-password --username "$user" --password "$LIFECYCLE_SUPERSET_PASSWORD" >>"$state/init.log" 2>&1
fi
"$superset" init >>"$state/init.log" 2>&1 || { tail -n 30 "$state/init.log" >&2; exit 1; }

log "importing the Customer health dashboard over $database"
"$venv/bin/python" "$here/bundle.py" zip --database "$database" --extension-dir "$extensions" \
  --out "$state/customer_health.zip" >&2
"$superset" import-dashboards --path "$state/customer_health.zip" --username "$user" >>"$state/init.log" 2>&1 \
  || { tail -n 30 "$state/init.log" >&2; exit 1; }

url="http://$host:$port/superset/dashboard/customer-health/"
echo "Superset: $url (user $user, password from LIFECYCLE_SUPERSET_PASSWORD)"
[ "$serve" = 1 ] || exit 0
exec "$superset" run --host "$host" --port "$port" --with-threads

