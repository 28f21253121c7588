#!/usr/bin/env bash
# Compares two builds of `aether` on the 3-step workload, back to back in one session: runs
# BEFORE and AFTER alternately (so drift on this shared machine hits both alike), ROUNDS times
# per tier, then prints each side's medians and the ratio AFTER / BEFORE. Throughput above 1 and
# latency below 1 mean AFTER is faster.
#
#   bash bench/compare.sh path/to/before/aether target/release/aether [ROUNDS]
#
# Tiers: L0 memory and L2 SQLite (AETHER_COMPARE_TIERS="memory state-action-log" to change).
# Each step returns AETHER_COMPARE_PAYLOAD_BYTES bytes (default 16).
# Extra flags for one side: AETHER_COMPARE_BEFORE_ARGS, AETHER_COMPARE_AFTER_ARGS; with the same
# binary on both sides that compares options, e.g. what TLS and an API key cost:
#
#   AETHER_COMPARE_AFTER_ARGS=--secure bash bench/compare.sh target/release/aether target/release/aether 5
set -euo pipefail
before=${1:?usage: compare.sh BEFORE_BIN AFTER_BIN [ROUNDS]}
after=${2:?usage: compare.sh BEFORE_BIN AFTER_BIN [ROUNDS]}
rounds=${3:-3}
tiers=${AETHER_COMPARE_TIERS:-memory state-action-log}
common=(--workflows 2000 --concurrency 64 --steps 3 --payload-bytes "${AETHER_COMPARE_PAYLOAD_BYTES:-16}" --json)
read -r -a before_args <<<"${AETHER_COMPARE_BEFORE_ARGS:-}"
read -r -a after_args <<<"${AETHER_COMPARE_AFTER_ARGS:-}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for tier in $tiers; do
  for i in $(seq 1 "$rounds"); do
    for side in before after; do
      bin=$before
      extra=("${before_args[@]}")
      if [ "$side" = after ]; then
        bin=$after
        extra=("${after_args[@]}")
      fi
      printf '%s\t%s\t' "$tier" "$side" >>"$out"
      "$bin" bench --persistence "$tier" "${common[@]}" "${extra[@]}" 2>/dev/null >>"$out"
      echo >>"$out"
    done
  done
done

python3 - "$out" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    tier, side, doc = line.split("\t", 2)
    r = json.loads(doc)
    runs.setdefault((tier, side), []).append(
        (r["latency_ms"]["p50"], r["throughput"]["workflows_per_sec"]))
print(f"{'tier':<18} {'side':<7} {'p50 ms (runs)':<32} {'wf/s (runs)':<34}")
for tier in dict.fromkeys(t for t, _ in runs):
    med = {}
    for side in ("before", "after"):
        p50s = [p for p, _ in runs[(tier, side)]]
        wfs = [w for _, w in runs[(tier, side)]]
        med[side] = (statistics.median(p50s), statistics.median(wfs))
        print(f"{tier:<18} {side:<7} {med[side][0]:>6.3f} ({', '.join(f'{p:.3f}' for p in p50s)})"
              f"{'':<4} {med[side][1]:>8.0f} ({', '.join(f'{w:.0f}' for w in wfs)})")
    print(f"{tier:<18} ratio   p50 after/before = {med['after'][0] / med['before'][0]:.2f}"
          f"   throughput after/before = {med['after'][1] / med['before'][1]:.2f}")
PY
