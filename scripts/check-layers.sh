#!/usr/bin/env bash
# The layer rules of ARCHITECTURE.md, checked on what the crates compile (not on their source):
# the core and the workspace service use the storage traits without compiling a database driver,
# a gRPC stack or an HTTP server; the Rust SDK is a gRPC client and compiles no database driver
# and no HTTP server. The library crates record metrics through the `metrics` facade only: the
# Prometheus exporter is the server's (and compiled by nothing below it). `cargo tree -e normal -p <crate>` resolves the features that crate alone
# asks for, which is what a user of it compiles.
set -euo pipefail
cd "$(dirname "$0")/.."

failed=0

# check CRATE FORBIDDEN...: fails if the normal dependency tree of CRATE names a forbidden crate.
check() {
  local crate=$1
  shift
  local tree
  tree=$(cargo tree -e normal -p "$crate" --prefix none --locked)
  local line="$crate:"
  for forbidden in "$@"; do
    local count
    count=$(grep -c -E "^${forbidden} v" <<<"$tree" || true)
    line+=" $forbidden=$count"
    if [ "$count" -ne 0 ]; then
      echo "LAYER VIOLATION: $crate depends on $forbidden:" >&2
      cargo tree -e normal -p "$crate" --locked -i "$forbidden" >&2 || true
      failed=1
    fi
  done
  echo "$line"
}

check aether-core sqlx rusqlite tonic axum metrics-exporter-prometheus
check aether-workspace sqlx rusqlite tonic axum metrics-exporter-prometheus
check aether-store-sql tonic axum metrics-exporter-prometheus
check aether-sdk sqlx rusqlite axum metrics

if [ "$failed" -ne 0 ]; then
  echo "check-layers: a crate compiles a layer it must not (see ARCHITECTURE.md, Code map)" >&2
  exit 1
fi
echo "check-layers: ok"
