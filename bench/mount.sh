#!/usr/bin/env bash
# `aether mount` against a local copy of the same tree (issue 17): `ls -R`, `git status` and
# reading every file, on a session of FILES files (a git repository with one commit, so `git
# status` has an index to check), through the mount with a cold cache (an empty cache
# directory: every file's bytes come from the server) and a warm one (a new mount, same cache
# directory: nothing is fetched again), and on a plain local directory. Each operation runs on a
# fresh mount ROUNDS times; medians and the ratios mount / local are printed.
#
#   bash bench/mount.sh [ROUNDS] [FILES]      (defaults: 3 10000)
#
# Needs a release build (`cargo build --release -p aether`), /dev/fuse, fusermount3 (Debian's
# fuse3), git, curl and python3. The server is an in-memory `aether serve` on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
aether=${AETHER_BIN:-$PWD/target/release/aether}
rounds=${1:-3}
files=${2:-10000}
work=$(mktemp -d)
server_pid=
mount_pid=
cleanup() {
  [ -n "$mount_pid" ] && kill "$mount_pid" 2>/dev/null && wait "$mount_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  fusermount3 -u "$work/mnt" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The tree: FILES files of 200 B to 4 KiB in directories of 100, committed to git.
python3 - "$work/local" "$files" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(17)
for i in range(n):
    d = os.path.join(root, f"pkg{i // 100:03d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i % 100:02d}.txt"), "w") as f:
        f.write(f"file {i}\n" + "x" * rng.randint(200, 4096) + "\n")
PY
git -C "$work/local" init -q
git -C "$work/local" add -A
git -C "$work/local" -c user.name=bench -c user.email=bench@example.com commit -qm tree
tar -C "$work/local" -czf "$work/tree.tgz" .

"$aether" serve --persistence memory --grpc-port 0 --http-port 0 --ready-json \
  >"$work/ready" 2>"$work/serve.log" &
server_pid=$!
until [ -s "$work/ready" ]; do sleep 0.05; done
read -r grpc http < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["grpc_addr"], r["http_addr"])' "$work/ready")
python3 - "$work/tree.tgz" "$work/create.json" <<'PY'
import base64, json, sys
body = {"id": "bench", "from": {"kind": "archive", "tarGzBase64": base64.b64encode(open(sys.argv[1], "rb").read()).decode()}}
json.dump(body, open(sys.argv[2], "w"))
PY
curl -sf -X POST -H 'content-type: application/json' --data-binary @"$work/create.json" \
  "http://$http/v1/sessions" >/dev/null

mount_session() { # cache dir
  mkdir -p "$work/mnt"
  "$aether" mount bench "$work/mnt" --server "http://$grpc" --cache-dir "$1" --ready-json \
    >"$work/mounted" 2>>"$work/mount.log" &
  mount_pid=$!
  until [ -s "$work/mounted" ]; do sleep 0.02; done
}
unmount_session() {
  kill "$mount_pid"
  wait "$mount_pid"
  mount_pid=
  rm -f "$work/mounted"
}
# Seconds one command takes in directory $1 (output discarded).
timed() {
  local dir=$1; shift
  python3 - "$dir" "$@" <<'PY'
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[2:], cwd=sys.argv[1], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(f"{time.perf_counter() - t:.3f}")
PY
}
ops=("ls-R:ls -R ." "git-status:git status --porcelain" "read-all:find . -type f -exec cat {} +")
results="$work/results"
for round in $(seq 1 "$rounds"); do
  for op in "${ops[@]}"; do
    name=${op%%:*}; cmd=${op#*:}
    # Local: the same tree on this machine's disk, the page cache warm from the runs before.
    printf '%s\tlocal\t%s\n' "$name" "$(timed "$work/local" bash -c "$cmd")" >>"$results"
    cache="$work/cache-$round-$name"
    mount_session "$cache"
    printf '%s\tcold\t%s\n' "$name" "$(timed "$work/mnt" bash -c "$cmd")" >>"$results"
    unmount_session
    mount_session "$cache"
    printf '%s\twarm\t%s\n' "$name" "$(timed "$work/mnt" bash -c "$cmd")" >>"$results"
    unmount_session
  done
done

python3 - "$results" "$files" "$rounds" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    op, side, secs = line.split()
    runs.setdefault((op, side), []).append(float(secs))
print(f"{sys.argv[2]} files, {sys.argv[3]} rounds; medians in seconds (runs in brackets)")
print(f"{'operation':<12}{'local':>10}{'mount cold':>12}{'mount warm':>12}{'cold/local':>12}{'warm/local':>12}")
for op in ["ls-R", "git-status", "read-all"]:
    m = {side: statistics.median(runs[(op, side)]) for side in ["local", "cold", "warm"]}
    print(f"{op:<12}{m['local']:>10.3f}{m['cold']:>12.3f}{m['warm']:>12.3f}"
          f"{m['cold'] / m['local']:>12.1f}{m['warm'] / m['local']:>12.1f}")
    for side in ["local", "cold", "warm"]:
        print(f"  {side:<6} {runs[(op, side)]}")
PY
