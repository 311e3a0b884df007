#!/usr/bin/env bash
# Start the web server and the job consumer on loopback; stop both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-127.0.0.1}
port=${2:-8000}
.venv/bin/python manage.py run_huey --quiet &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
.venv/bin/python manage.py demo_logins --url "http://$host:$port/"
exec_args=(--bind "$host:$port" --workers "${MEDARB_WEB_WORKERS:-3}" --threads 4 --access-logfile - config.wsgi)
.venv/bin/gunicorn "${exec_args[@]}"
