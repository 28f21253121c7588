#!/usr/bin/env bash
# The TypeScript SDK against the Rust SDK on the same workload, back to back in one session
# (issue 18): the 3-step workflow at L2 SQLite, each side with its own `aether serve` on a fresh
# temporary database, driven by the SDK's own client and worker (`aether bench` for Rust, one
# Node client and one Node worker process for TypeScript). Runs the two alternately ROUNDS
# times, then prints each side's runs and medians and the ratios TypeScript / Rust against the
# issue's targets: sequential start-and-wait p50 within 1.5x, throughput at least 0.70.
#
#   bash bench/sdks.sh [ROUNDS] [WORKFLOWS] [CONCURRENCY]     (defaults: 3 10000 64)
#
# 10,000 workflows per phase: with 2,000 the throughput phase lasted a third of a second, and one
# run's figure moved more than the changes it was meant to judge.
#
# With SDK_BEFORE set to another checkout's sdks/typescript (after `npm ci` there), each round
# also runs that checkout's TypeScript bench against the same server binary, and the ratios of
# this SDK to it are printed too: a change to the SDK judged against the SDK before it.
#
# Needs a release build (`cargo build --release -p aether`) and the TypeScript SDK's
# dependencies (`cd sdks/typescript && npm ci`); it compiles the TypeScript bench itself.
set -euo pipefail
cd "$(dirname "$0")/.."
aether=${AETHER_BIN:-$PWD/target/release/aether}
rounds=${1:-3}
workflows=${2:-10000}
concurrency=${3:-64}
common=(--workflows "$workflows" --concurrency "$concurrency" --steps 3 --payload-bytes 16 --json)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

(cd sdks/typescript && node scripts/copy-proto.mjs && npx tsc -p tsconfig.bench.json) >&2
before=${SDK_BEFORE:-}
if [ -n "$before" ]; then
  (cd "$before" && node scripts/copy-proto.mjs && npx tsc -p tsconfig.bench.json) >&2
fi

for i in $(seq 1 "$rounds"); do
  printf 'rust\t' >>"$out"
  "$aether" bench --persistence state-action-log "${common[@]}" 2>/dev/null >>"$out"
  echo >>"$out"
  printf 'typescript\t' >>"$out"
  AETHER_BIN="$aether" node sdks/typescript/build/bench/bench.js "${common[@]}" 2>/dev/null >>"$out"
  echo >>"$out"
  if [ -n "$before" ]; then
    printf 'ts-before\t' >>"$out"
    AETHER_BIN="$aether" node "$before/build/bench/bench.js" "${common[@]}" 2>/dev/null >>"$out"
    echo >>"$out"
  fi
done

python3 - "$out" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    sdk, doc = line.split("\t", 1)
    r = json.loads(doc)
    t = r["throughput"]
    runs.setdefault(sdk, []).append((r["latency_ms"]["p50"], t["workflows_per_sec"], t.get("cpu_ms_per_workflow")))
med = {}
print(f"{'sdk':<11} {'sequential p50 ms (runs)':<36} {'throughput wf/s (runs)':<40} CPU ms per workflow: client, worker, server")
for sdk in [s for s in ("rust", "typescript", "ts-before") if s in runs]:
    p50s, wfs, cpus = zip(*runs[sdk])
    med[sdk] = (statistics.median(p50s), statistics.median(wfs))
    cpu = ""
    if all(c and None not in c.values() for c in cpus):
        cpu = ", ".join(f"{statistics.median(c[k] for c in cpus):.3f}" for k in ("client", "worker", "server"))
    print(f"{sdk:<11} {med[sdk][0]:>7.3f} ({', '.join(f'{p:.3f}' for p in p50s)})"
          f"{'':<4} {med[sdk][1]:>7.0f} ({', '.join(f'{w:.0f}' for w in wfs)}){'':<4} {cpu}")
p50_ratio = med["typescript"][0] / med["rust"][0]
wfs_ratio = med["typescript"][1] / med["rust"][1]
print(f"typescript / rust: p50 x{p50_ratio:.2f} (target <= 1.50), "
      f"throughput x{wfs_ratio:.2f} (target >= 0.70)")
if "ts-before" in med:
    print(f"ts-before / rust: p50 x{med['ts-before'][0] / med['rust'][0]:.2f}, "
          f"throughput x{med['ts-before'][1] / med['rust'][1]:.2f}")
    print(f"typescript / ts-before: p50 x{med['typescript'][0] / med['ts-before'][0]:.2f}, "
          f"throughput x{med['typescript'][1] / med['ts-before'][1]:.2f}")
PY
