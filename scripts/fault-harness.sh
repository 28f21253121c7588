#!/usr/bin/env bash
# Long runs of the fault harness: random SIGKILLs of the server and of workers under a mixed
# load, a database outage per backend, every acknowledgement read back after each fault.
#   scripts/fault-harness.sh [--kills N] [--backend sqlite|postgres|both] [-- extra harness args]
# Builds release binaries first; prints one summary line per backend and exits non-zero on any
# violation. Needs root (tmpfs mount, runuser for the harness's own PostgreSQL).
set -euo pipefail

kills=1000
backend=both
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kills) kills="$2"; shift 2 ;;
    --backend) backend="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: $0 [--kills N] [--backend sqlite|postgres|both] [-- harness args]" >&2; exit 2 ;;
  esac
done
case "$backend" in
  both) backends=(sqlite postgres) ;;
  sqlite|postgres) backends=("$backend") ;;
  *) echo "--backend is sqlite, postgres or both" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
cargo build --release -p aether -p aether-tests
target="${CARGO_TARGET_DIR:-target}/release"

status=0
summaries=()
for b in "${backends[@]}"; do
  if line=$(RUST_LOG="${RUST_LOG:-warn}" "$target/fault-harness" --backend "$b" --kills "$kills" ${extra[@]+"${extra[@]}"}); then
    :
  else
    status=1
  fi
  summaries+=("$line")
done
printf '%s\n' "${summaries[@]}"
exit "$status"
