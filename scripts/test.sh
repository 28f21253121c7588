#!/usr/bin/env bash
# The whole test suite (README's test command). Runs from any directory, on a fresh machine with
# the Rust toolchain; end-to-end tests start the binaries built here.
set -euo pipefail
cd "$(dirname "$0")/.."

# End-to-end tests spawn `aether`, the examples and the test worker as real processes.
cargo build --workspace --bins --locked
cargo test --workspace --locked
