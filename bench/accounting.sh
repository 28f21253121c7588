#!/usr/bin/env bash
# Issue 18: where one K-step workflow's cost goes on the durable hot path. Per workflow, for each
# tier: the engine's commits, the SQL transactions they were grouped into, the fsyncs that made
# them durable, the gRPC calls by method, and CPU in the server and in the bench process (the
# Rust SDK's client and worker).
#
#   bash bench/accounting.sh [K] [WORKFLOWS] [CONCURRENCY]     (defaults: 3 2000 1)
#
# Starts `aether serve` (release build) with metrics on, per tier: L0 memory, L2 SQLite, L2
# PostgreSQL. Runs `aether bench --server` against it (a warm-up, WORKFLOWS sequential
# start-and-wait calls, WORKFLOWS at CONCURRENCY in flight), and divides the differences of the
# server's own counters by the workflows it started:
#   commits      aether_store_commit_seconds_count (one per engine write: a start, a lease, a
#                step result, a completion ...)
#   transactions aether_store_batch_writes_count (the group commit's transactions, L2 only)
#   fsyncs       fsync/fdatasync calls of the server (strace -f, with a seccomp filter so that
#                nothing else stops it), and for PostgreSQL its WAL syncs (pg_stat_wal.wal_sync,
#                the whole cluster: run it on a quiet server)
#   calls        aether_grpc_requests_total by method (unary calls; streams count once each)
#   messages     aether_grpc_stream_messages_total by stream and direction (tasks sent down
#                PollTasks; commands and their replies on CommandBatches)
#   CPU          the server's utime+stime (/proc) and the bench process's (GNU time)
# Needs: target/release/aether, strace, PostgreSQL at $AETHER_BENCH_PG (default: the local
# server with trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
aether=${AETHER_BIN:-target/release/aether}
steps=${1:-3}
workflows=${2:-2000}
concurrency=${3:-1}
pg_admin="${AETHER_BENCH_PG:-postgres://postgres@127.0.0.1:5432/postgres}"
pg_base="${pg_admin%/*}"
work=$(mktemp -d)
server=""
tracer=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$tracer" ] && kill "$tracer" 2>/dev/null || true
  rm -rf "$work"
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS aether_accounting" >/dev/null 2>&1 || true
}
trap cleanup EXIT

scrape() { curl -fsS "http://$1/metrics"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wal_syncs() { psql "$pg_admin" -Atqc "SELECT wal_sync FROM pg_stat_wal"; }

run_tier() {
  local tier=$1 persistence=$2 db=$3
  local ready="$work/ready-$tier.json"
  local args=(serve --persistence "$persistence" --grpc-port 0 --http-port 0 --metrics
    --metrics-port 0 --ready-file "$ready")
  [ -n "$db" ] && args+=(--db "$db")
  # Under strace from the start: a seccomp filter makes only the traced calls stop the
  # server, so its CPU figures stay its own. The calls made while the bench ran are counted
  # by their timestamps.
  RUST_LOG=warn strace -f --seccomp-bpf -qq -ttt -e trace=fsync,fdatasync \
    -o "$work/strace-$tier.txt" "$aether" "${args[@]}" >"$work/serve-$tier.log" 2>&1 &
  tracer=$!
  for _ in $(seq 1 100); do [ -s "$ready" ] && break; sleep 0.1; done
  [ -s "$ready" ] || { cat "$work/serve-$tier.log" >&2; exit 1; }
  local grpc metrics
  grpc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["grpc_addr"])' "$ready")
  metrics=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["metrics_addr"])' "$ready")
  server=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$ready")
  scrape "$metrics" >"$work/before-$tier.prom"
  local ticks_before ticks_after syncs_before=0 syncs_after=0 from to
  ticks_before=$(cpu_ticks "$server")
  [ "$tier" = postgres ] && syncs_before=$(wal_syncs)
  from=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/bench-cpu-$tier.txt" \
    "$aether" bench --server "http://$grpc" --workflows "$workflows" \
    --concurrency "$concurrency" --steps "$steps" --payload-bytes 16 --json \
    >"$work/bench-$tier.json" 2>/dev/null
  to=$(date +%s.%N)
  scrape "$metrics" >"$work/after-$tier.prom"
  ticks_after=$(cpu_ticks "$server")
  [ "$tier" = postgres ] && syncs_after=$(wal_syncs)
  kill "$server"
  wait "$tracer" 2>/dev/null || true
  server=""
  tracer=""
  python3 - "$work" "$tier" "$ticks_before" "$ticks_after" "$syncs_before" "$syncs_after" \
    "$(getconf CLK_TCK)" "$from" "$to" <<'PY'
import collections, re, sys
work, tier, t0, t1, s0, s1, hz, since, until = sys.argv[1:]
def parse(path):
    values = collections.defaultdict(float)
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        name, value = line.rsplit(' ', 1)
        values[name] += float(value)
    return values
before = parse(f'{work}/before-{tier}.prom')
after = parse(f'{work}/after-{tier}.prom')
def delta(metric):
    return sum(v - before.get(n, 0.0) for n, v in after.items() if n.split('{')[0] == metric)
started = delta('aether_workflows_started_total')
per = lambda x: x / started if started else float('nan')
# The server's own syncs while the bench ran ("PID SECONDS fsync(FD) = 0"; a call another
# thread interrupted goes on in a "resumed" line, not counted again).
server_fsyncs = 0
for line in open(f'{work}/strace-{tier}.txt'):
    parts = line.split(None, 2)
    if len(parts) == 3 and re.match(r'(fsync|fdatasync)\(', parts[2]) \
            and float(since) <= float(parts[1]) <= float(until):
        server_fsyncs += 1
calls = collections.Counter()
for name, value in after.items():
    if name.startswith('aether_grpc_requests_total{'):
        calls[re.search(r'method="([^"]+)"', name).group(1)] += value - before.get(name, 0.0)
bench_cpu = sum(map(float, open(f'{work}/bench-cpu-{tier}.txt').read().split()[-2:]))
print(f"{tier}: workflows {started:.0f}")
syncs = f"fsyncs/wf {per(server_fsyncs):.2f}"
if tier == 'postgres':
    syncs = f"WAL syncs/wf {per(int(s1) - int(s0)):.2f} (the server's own fsyncs/wf {per(server_fsyncs):.2f})"
print(f"  commits/wf {per(delta('aether_store_commit_seconds_count')):.2f}"
      f"  transactions/wf {per(delta('aether_store_batch_writes_count')):.2f}  {syncs}")
print(f"  server CPU ms/wf {per((int(t1) - int(t0)) / int(hz) * 1000):.3f}"
      f"  bench (client+worker) CPU ms/wf {per(bench_cpu * 1000):.3f}")
print("  gRPC calls/wf " + ", ".join(f"{m} {per(n):.2f}" for m, n in sorted(calls.items()) if n))
messages = collections.Counter()
for name, value in after.items():
    if name.startswith('aether_grpc_stream_messages_total{'):
        method = re.search(r'method="([^"]+)"', name).group(1)
        direction = re.search(r'direction="([^"]+)"', name).group(1)
        messages[f"{method} {direction}"] += value - before.get(name, 0.0)
print("  stream messages/wf " + ", ".join(f"{k} {per(n):.2f}" for k, n in sorted(messages.items()) if n))
PY
}

echo "K=$steps, $workflows workflows per phase, concurrency $concurrency"
run_tier memory memory ""
run_tier sqlite state-action-log "$work/aether.db"
psql "$pg_admin" -qc "DROP DATABASE IF EXISTS aether_accounting" -c "CREATE DATABASE aether_accounting" >/dev/null
run_tier postgres state-action-log "$pg_base/aether_accounting"
