#!/usr/bin/env bash
# The whole test suite (README's test command). Runs from any directory on a machine with the
# Rust toolchain, Node.js 20+ with npm, Chromium, and a PostgreSQL server (AETHER_TEST_DATABASE_URL, default: the local server on
# 127.0.0.1:5432 with trust auth). PostgreSQL tests never skip: without a server they fail.
set -euo pipefail
cd "$(dirname "$0")/.."

export AETHER_TEST_DATABASE_URL="${AETHER_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

# Each PostgreSQL test creates its own database (aether_test_*); drop those of earlier runs.
if command -v psql >/dev/null 2>&1; then
  psql "$AETHER_TEST_DATABASE_URL" -Atqc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'aether\_test\_%'" 2>/dev/null |
    while read -r db; do
      psql "$AETHER_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true
    done
fi

# Installs Debian package $2 when command $1 is missing.
debian_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2"
}

# `aether mount`'s tests mount real FUSE directories (/dev/fuse, fusermount3 from fuse3) and run
# git and npm inside them.
debian_package fusermount3 fuse3
debian_package git git

# End-to-end tests spawn `aether`, the examples and the test worker as real processes.
cargo build --workspace --bins --locked
cargo test --workspace --locked

# The HTTP API fuzzed from its own OpenAPI document by schemathesis (from PyPI, pinned, into a
# venv under target/), on the debug build above with small limits, about 3 minutes: no 5xx,
# every error JSON {code, message}, a 4xx changes no session, the server alive afterwards.
# `scripts/fuzz-http.sh --long` is the longer run.
AETHER_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/aether" bash scripts/fuzz-http.sh --quick

# The TypeScript SDK: its generated wire types current with proto/, typecheck (with the
# type-level tests), lint, build, then its tests against the engine binary built above, which
# include the examples and `aether init` run as a user would.
export AETHER_BIN="$PWD/target/debug/aether"
(cd sdks/typescript && npm ci --no-audit --no-fund && npm run build)
for example in quickstart order-processing parallel error-handling long-running child-workflows conditional scheduled agent-runner proposals; do
  (cd "examples/$example" && npm ci --no-audit --no-fund && npm run typecheck)
done
(cd sdks/typescript && npm run check-generated && npm run typecheck && npm run lint && npm test)

# Chromium for the dashboard's browser tests, from Debian's packages when missing.
debian_package "${CHROMIUM_PATH:-chromium}" chromium

# The dashboard: typecheck, lint, unit and component tests (mocked API), then the browser suite
# against the engine built above, in headless Chromium (CHROMIUM_PATH, default
# /usr/bin/chromium: Debian's package `chromium`). It saves a screenshot of every page to
# dashboard/e2e/screenshots/.
(cd dashboard && npm ci --no-audit --no-fund && npm run typecheck && npm run lint && npm test && npm run test:e2e)
