#!/usr/bin/env bash
# Runs the figures recorded in bench/README.md: each tier and backend three times, the
# TypeScript SDK's benchmark three times, and the scale scenarios once. Prints one JSON object
# per run (and a label) on stdout. Needs a release build (`cargo build --release -p aether`), the
# TypeScript SDK's dependencies (`cd sdks/typescript && npm ci`), and PostgreSQL at
# $AETHER_BENCH_PG (default: the local server with trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
aether=target/release/aether
pg_admin="${AETHER_BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_base="${pg_admin%/*}"
common=(--workflows 2000 --concurrency 64 --steps 3 --payload-bytes 16 --json)

run() {
  local label=$1
  shift
  printf '%s\t%s\n' "$label" "$("$@" 2>/dev/null)"
}

fresh_pg() {
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS aether_bench" -c "CREATE DATABASE aether_bench" >/dev/null
  echo "$pg_base/aether_bench"
}

for i in 1 2 3; do
  run "L0 memory" "$aether" bench --persistence memory "${common[@]}"
  run "L1 snapshot (SQLite)" "$aether" bench --persistence snapshot "${common[@]}"
  run "L2 SQLite" "$aether" bench --persistence state-action-log "${common[@]}"
  run "L2 PostgreSQL" "$aether" bench --persistence state-action-log --db "$(fresh_pg)" "${common[@]}"
  run "L2 SQLite via TypeScript" env AETHER_BIN="$PWD/$aether" \
    node sdks/typescript/build/bench/bench.js --workflows 2000 --concurrency 64 --json
done
run "L2 SQLite, 1,000,000 completed workflows preloaded" \
  "$aether" bench --persistence state-action-log --preload-completed 1000000 "${common[@]}"
run "L2 SQLite, restart with 10,000 running, 10,000 timers" \
  "$aether" bench --persistence state-action-log --workflows 200 --concurrency 64 \
  --restart-with 10000 --timers 10000 --json
shapes=(--workspace 100x1024,10000x1024,100x262144 --workspace-rounds 50 --json)
for i in 1 2 3; do
  run "Workspaces, L2 SQLite" "$aether" bench --persistence state-action-log "${shapes[@]}"
  run "Workspaces, L2 PostgreSQL" "$aether" bench --persistence state-action-log --db "$(fresh_pg)" "${shapes[@]}"
done
