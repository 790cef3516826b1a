#!/usr/bin/env bash
# Set up SAKIP, load the demo data and serve it at http://127.0.0.1:8000.
#
#   scripts/run.sh
#
# Runs scripts/setup.sh, applies the migrations, loads the demo data of
# Kabupaten Pringsewu (again and again without duplicates) and prints a demo
# login per role. Then it runs the task worker that performs background imports
# and Django's development server, on 127.0.0.1 only. Ctrl+C stops both.
# Without DATABASE_URL the data goes to the SQLite file under var/.
# SAKIP_PORT sets another port (default 8000).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
port=${SAKIP_PORT:-8000}

bash scripts/setup.sh
.venv/bin/sakip migrate --noinput
.venv/bin/sakip load_demo --jika-kosong

worker_pid=
stop_worker() {
    if [[ -n $worker_pid ]] && kill -0 "$worker_pid" 2>/dev/null; then
        echo "run: stopping the task worker (it finishes a running task first)"
        kill -TERM "$worker_pid" 2>/dev/null || true
        wait "$worker_pid" 2>/dev/null || true
    fi
}
trap stop_worker EXIT

# The worker gets a process group of its own (set -m), so that Ctrl+C reaches
# only the server. The worker then receives exactly one SIGTERM from
# stop_worker, which lets it finish its task, where a second signal aborts it.
# --no-reload: the reloader's parent process kills the worker on SIGTERM.
set -m
.venv/bin/sakip db_worker --no-reload &
worker_pid=$!
set +m
echo "run: task worker started (pid $worker_pid)"

echo "run: serving the demo at http://127.0.0.1:$port/"
# DEBUG off, so that a wrong address shows the product's own page and not
# Django's technical page in English; --insecure still serves the static files.
DJANGO_DEBUG=0 .venv/bin/sakip runserver --insecure "127.0.0.1:$port"
