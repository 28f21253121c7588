#!/usr/bin/env bash
# Builds every component, as a release would: the dashboard (into dashboard/dist, which the
# engine embeds), the engine and CLI (`target/release/aether`), and the TypeScript SDK.
# Needs the Rust toolchain and Node.js 20+ with npm.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== dashboard (dashboard/dist)"
(cd dashboard && npm ci --no-audit --no-fund && npm run build)

echo "== engine and CLI (target/release/aether)"
cargo build --release --locked -p aether

echo "== TypeScript SDK (sdks/typescript/dist)"
(cd sdks/typescript && npm ci --no-audit --no-fund && npm run build)

echo "built: target/release/aether (dashboard embedded), sdks/typescript/dist"
