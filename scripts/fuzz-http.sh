#!/usr/bin/env bash
# Fuzzes the HTTP API from its own OpenAPI document with schemathesis (issue 15, security review
# 9.1): a debug `aether serve` with small limits on loopback, seeded through the API, then every
# route but the live streams with `--checks all` and the project's checks in
# scripts/fuzz/aether_hooks.py (errors are JSON {code, message}, no 5xx, a 4xx changes no
# session), then the server must be alive, answer /healthz, and have stayed under a memory bound.
#
#   scripts/fuzz-http.sh           the quick run (CI, from scripts/test.sh): about 3 minutes
#   scripts/fuzz-http.sh --long    a longer run (README, "Fuzzing the HTTP API")
#
# AETHER_BIN names an already built debug `aether` to use instead of building one.
# Reports (JUnit, NDJSON) and the server's log go to $CARGO_TARGET_DIR/fuzz-http/ (default
# target/fuzz-http/). Exits non-zero when schemathesis or a check finds a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

mode=quick
case "${1:-}" in
  "" | --quick) mode=quick ;;
  --long) mode=long ;;
  *)
    echo "usage: $0 [--quick|--long]" >&2
    exit 2
    ;;
esac

# Pinned: a new release brings new checks, and CI must not start failing on its own.
SCHEMATHESIS_VERSION=4.32.5
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/fuzz-venv"
out="$target/fuzz-http"

if [ "$("$venv/bin/st" --version 2>/dev/null || true)" != "st, version $SCHEMATHESIS_VERSION" ]; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# A debug build: overflow checks are on, so arithmetic bugs panic and show up as 5xx.
aether="${AETHER_BIN:-}"
if [ -z "$aether" ]; then
  echo "== building the debug aether"
  cargo build --locked --bin aether
  aether="$target/debug/aether"
fi

rm -rf "$out"
mkdir -p "$out"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Small limits, so the fuzzer reaches them quickly; git imports only from an empty directory, so
# it cannot read the host's repositories.
mkdir -p "$work/empty-root"
cat >"$work/aether.toml" <<EOF
[server]
host = "127.0.0.1"

[persistence]
mode = "state-action-log"

[workspaces]
max_file_bytes = 1048576
max_request_bytes = 4194304
max_session_bytes = 16777216
max_files = 1000
import_roots = ["$work/empty-root"]
EOF

echo "== starting aether serve"
RUST_LOG="${RUST_LOG:-warn}" "$aether" serve --config "$work/aether.toml" --db "$work/fuzz.db" \
  --grpc-port 0 --http-port 0 --ready-file "$work/ready.json" >"$out/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  [ -s "$work/ready.json" ] && break
  kill -0 "$server_pid" 2>/dev/null || {
    cat "$out/server.log"
    echo "aether serve exited before serving" >&2
    exit 1
  }
  sleep 0.1
done
[ -s "$work/ready.json" ] || {
  echo "aether serve did not announce itself within 30 s" >&2
  exit 1
}
http="http://$("$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["http_addr"])' "$work/ready.json")"
echo "   serving HTTP on $http (pid $server_pid)"

harness=("$venv/bin/python" "$root/scripts/fuzz/harness.py")
"${harness[@]}" seed "$http" "$work/seeds.json"

if [ "$mode" = quick ]; then
  # Bounded for CI on 2 cores: a few examples per operation, and a time budget.
  st_args=(--max-examples 12 --max-time 150)
else
  st_args=(--max-examples "${FUZZ_MAX_EXAMPLES:-300}" --max-time "${FUZZ_MAX_TIME:-1800}")
fi

echo "== schemathesis ($mode)"
"${harness[@]}" probe "$http" "$out/probe.json" &
probe_pid=$!
started=$(date +%s)
set +e
# From the report directory, so that schemathesis's cache (.schemathesis/) lands there.
cd "$out"
AETHER_FUZZ_BASE="$http" AETHER_FUZZ_SEEDS="$work/seeds.json" PYTHONPATH="$root/scripts/fuzz" PYTHONDONTWRITEBYTECODE=1 \
  SCHEMATHESIS_HOOKS=aether_hooks \
  "$venv/bin/st" --config-file "$root/scripts/fuzz/schemathesis.toml" run "$http/v1/openapi.json" \
  --checks all \
  --mode all \
  --workers 1 \
  --request-timeout 20 \
  --seed "${FUZZ_SEED:-15}" \
  --generation-database none \
  --exclude-name 'GET /v1/sessions/{id}/bus/{topic}' --exclude-name 'GET /v1/stream' \
  --suppress-health-check all \
  --report junit,ndjson --report-dir "$out" \
  --no-color \
  "${st_args[@]}"
st_status=$?
set -e
cd "$root"
elapsed=$(($(date +%s) - started))
kill "$probe_pid" 2>/dev/null || true
wait "$probe_pid" 2>/dev/null || true

echo "== after the run (${elapsed}s)"
verify_status=0
"${harness[@]}" verify "$http" "$work/seeds.json" "$server_pid" "$out/probe.json" || verify_status=$?

if [ "$st_status" -ne 0 ] || [ "$verify_status" -ne 0 ]; then
  echo "fuzz-http: FAILED (schemathesis exit $st_status, after-run checks exit $verify_status); reports in $out" >&2
  exit 1
fi
echo "fuzz-http: passed ($mode, ${elapsed}s); reports in $out"
