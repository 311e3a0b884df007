#!/usr/bin/env bash
# `make bench`: run every benchmark under bench/ in turn and print a summary of the figures.
# Each script prints `BENCH <name> median=… p95=…` lines; files starting with "_" are helpers.
# BENCH_COUNT, BENCH_N, BENCH_DATA_DIR, BENCH_REBUILD=1, BENCH_DATABASE_URL tune every script;
# BENCH_ONLY=case_list (a glob on the script name) runs a subset.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp /tmp/medarb-bench-XXXX.log)
failed=()
for script in bench/*.py; do
  name=$(basename "$script" .py)
  case "$name" in _*) continue ;; esac
  # shellcheck disable=SC2254
  case "$name" in ${BENCH_ONLY:-*}) ;; *) continue ;; esac
  echo "== $script"
  if ! (cd bench && ../.venv/bin/python "$(basename "$script")" "$@") 2>&1 | tee -a "$log"; then
    failed+=("$script")
  fi
done
echo
echo "== summary"
grep '^BENCH ' "$log" | sed 's/^BENCH /  /'
if ((${#failed[@]})); then
  echo "failed: ${failed[*]}"
  exit 1
fi
