#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback for tests and benchmarks.
#   scripts/postgres.sh start   prints the DATABASE_URL to use
#   scripts/postgres.sh stop
set -euo pipefail
dir=${MEDARB_PG_DIR:-/tmp/medarb-pg}
port=${MEDARB_PG_PORT:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (make os-packages-test)" >&2; exit 1; }
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)

case "${1:-start}" in
  start)
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
      "${as_pg[@]}" "$bin/initdb" -D "$dir" -U medarb -E UTF8 --locale=C.UTF-8 --auth=trust >/dev/null
    fi
    if ! "${as_pg[@]}" "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      "${as_pg[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=250" start >/dev/null
    fi
    # The database the printed URL names (tests make their own; a benchmark or `make run` uses it).
    "$bin/psql" -h 127.0.0.1 -p "$port" -U medarb -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'medarb'" | grep -q 1 \
      || "$bin/createdb" -h 127.0.0.1 -p "$port" -U medarb medarb
    echo "postgres://medarb@127.0.0.1:$port/medarb"
    ;;
  stop)
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
