#!/usr/bin/env bash
# Start the web server, the job consumer and the media servers (nginx-rtmp, Janus) on loopback;
# stop them all on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
host=${1:-127.0.0.1}
port=${2:-8000}
pids=()
# Stopping this script (Ctrl-C, or a TERM from a supervisor) stops them all.
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
.venv/bin/python manage.py run_huey --quiet &
pids+=($!)
# Live hearings: nginx-rtmp asks this web server (on_publish, auth_request) at $host:$port.
MEDARB_MEDIA_CALLBACK_URL=${MEDARB_MEDIA_CALLBACK_URL:-http://$host:$port} .venv/bin/python manage.py run_media &
pids+=($!)
.venv/bin/python manage.py run_composer &
pids+=($!)
# Video meetings: Janus's HTTP API on loopback; only the server creates rooms (admin_key).
.venv/bin/python manage.py run_meetings &
pids+=($!)
.venv/bin/python manage.py demo_logins --url "http://$host:$port/"
# Each open court screen or remote evidence pane holds one thread for its event stream (SSE).
.venv/bin/gunicorn --bind "$host:$port" --workers "${MEDARB_WEB_WORKERS:-3}" --threads "${MEDARB_WEB_THREADS:-8}" \
  --access-logfile - config.wsgi &
pids+=($!)
wait -n "${pids[@]}"
