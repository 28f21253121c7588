#!/usr/bin/env bash
# Issue 16, must-show 3: the server's memory with many workflows stored, and the 3-step
# workload's throughput at that size against an empty database, L2 on SQLite and PostgreSQL.
#
#   bash bench/memory.sh [FINISHED] [WAITING] [ROUNDS]     (defaults: 1000000 100000 3)
#
# Seeds one database per backend once (`aether bench --preload-only`: FINISHED completed 3-step
# workflows and WAITING workflows waiting on a signal, written as the engine writes them), then
# per round runs the workload on an empty database and on a fresh copy of the seeded one, back
# to back, and prints each side's runs and medians: throughput, the server's RSS at the end of
# the measured phases (VmRSS) and its peak (VmHWM), and the ratio seeded / empty.
# AETHER_MEMORY_BACKENDS="sqlite" (or "postgres") runs one backend only.
# Needs a release build (`cargo build --release -p aether`) and PostgreSQL at $AETHER_BENCH_PG
# (default: the local server with trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
aether=${AETHER_BIN:-target/release/aether}
finished=${1:-1000000}
waiting=${2:-100000}
rounds=${3:-3}
backends=${AETHER_MEMORY_BACKENDS:-sqlite postgres}
pg_admin="${AETHER_BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_base="${pg_admin%/*}"
common=(--persistence state-action-log --workflows 2000 --concurrency 64 --steps 3
  --payload-bytes 16 --json)
work=$(mktemp -d)
out="$work/runs"
trap 'rm -rf "$work"; psql "$pg_admin" -qc "DROP DATABASE IF EXISTS aether_mem_seed" \
  -c "DROP DATABASE IF EXISTS aether_mem_run" >/dev/null 2>&1 || true' EXIT

pg() { psql "$pg_admin" -qc "$1" >/dev/null; }

seed() {
  local db=$1
  "$aether" bench --persistence state-action-log --db "$db" --preload-only \
    --preload-completed "$finished" --preload-waiting "$waiting" >&2
}

echo "seeding $finished finished and $waiting waiting workflows ($backends)" >&2
for backend in $backends; do
  if [ "$backend" = sqlite ]; then
    seed "$work/seed.db"
  else
    pg "DROP DATABASE IF EXISTS aether_mem_seed"
    pg "CREATE DATABASE aether_mem_seed"
    seed "$pg_base/aether_mem_seed"
  fi
done

# A fresh database for one run: empty, or a copy of the seed.
fresh() {
  local backend=$1 side=$2
  if [ "$backend" = sqlite ]; then
    rm -f "$work"/run.db*
    if [ "$side" = seeded ]; then
      for f in "$work"/seed.db*; do cp "$f" "$work/run.db${f#"$work"/seed.db}"; done
    fi
    echo "$work/run.db"
  else
    pg "DROP DATABASE IF EXISTS aether_mem_run"
    if [ "$side" = seeded ]; then
      pg "CREATE DATABASE aether_mem_run TEMPLATE aether_mem_seed"
    else
      pg "CREATE DATABASE aether_mem_run"
    fi
    echo "$pg_base/aether_mem_run"
  fi
}

for backend in $backends; do
  for i in $(seq 1 "$rounds"); do
    for side in empty seeded; do
      db=$(fresh "$backend" "$side")
      printf '%s\t%s\t' "$backend" "$side" >>"$out"
      "$aether" bench "${common[@]}" --db "$db" 2>/dev/null >>"$out"
      echo >>"$out"
    done
  done
done

python3 - "$out" "$finished" "$waiting" <<'PY'
import json, statistics, sys
path, finished, waiting = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = {}
for line in open(path):
    line = line.strip()
    if not line:
        continue
    backend, side, doc = line.split("\t", 2)
    r = json.loads(doc)
    runs.setdefault((backend, side), []).append(
        (r["throughput"]["workflows_per_sec"], r["server"]["rss_mb"], r["server"]["peak_rss_mb"]))
print(f"{finished} finished + {waiting} waiting workflows stored (seeded) against an empty database")
print(f"{'backend':<9} {'side':<7} {'wf/s median (runs)':<36} {'RSS MB median (runs)':<30} peak RSS MB")
for backend in dict.fromkeys(b for b, _ in runs):
    med = {}
    for side in ("empty", "seeded"):
        rs = runs[(backend, side)]
        wfs, rss, peak = ([r[k] for r in rs] for k in range(3))
        med[side] = statistics.median(wfs)
        print(f"{backend:<9} {side:<7} {med[side]:>7.0f} ({', '.join(f'{w:.0f}' for w in wfs)})"
              f"{'':<6} {statistics.median(rss):>6.1f} ({', '.join(f'{m:.1f}' for m in rss)})"
              f"{'':<4} {max(peak):.1f}")
    print(f"{backend:<9} ratio   throughput seeded/empty = {med['seeded'] / med['empty']:.2f}")
PY
