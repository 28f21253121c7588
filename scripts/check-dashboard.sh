#!/usr/bin/env bash
# The engine embeds the committed dashboard/dist, so that `cargo build` needs no Node.js. This
# rebuilds the dashboard from its sources and lockfile and fails if the result differs from
# what is committed: a change to dashboard/src must come with its rebuilt dist
# (`cd dashboard && npm run build`).
set -euo pipefail
cd "$(dirname "$0")/../dashboard"

npm ci --no-audit --no-fund
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
npm run build -- --outDir "$fresh/dist" --emptyOutDir >/dev/null
if ! diff -r dist "$fresh/dist" >/dev/null; then
  diff -r dist "$fresh/dist" | head -n 20
  echo "dashboard/dist is not the build of dashboard/src: run 'cd dashboard && npm run build' and commit dist/" >&2
  exit 1
fi
echo "dashboard/dist is current"
