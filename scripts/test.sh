#!/usr/bin/env bash
# Run the whole suite (`make test`). DATABASE_URL picks the database: SQLite when unset.
set -euo pipefail
cd "$(dirname "$0")/.."
# Compiling catalogues needs no secrets: run it with the development defaults.
DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
echo "== pytest on ${DATABASE_URL:-SQLite}"
exec .venv/bin/pytest -n "${MEDARB_TEST_WORKERS:-2}" --dist loadgroup -q "$@"
