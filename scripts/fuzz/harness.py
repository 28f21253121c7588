"""What scripts/fuzz-http.sh runs around schemathesis, against a running `aether serve`.

    harness.py seed   BASE SEEDS_JSON            create what the fuzzer's ids point at
    harness.py probe  BASE PROBE_JSON            time GET /healthz until killed
    harness.py verify BASE SEEDS_JSON PID PROBE  the server survived the run in good shape, and
                                                 refuses path escapes sent raw

Only the standard library: it runs in schemathesis's venv but needs nothing from it.
"""

from __future__ import annotations

import http.client
import json
import signal
import sys
import time
import urllib.error
import urllib.request
from typing import Any

# The slowest /healthz answer allowed during the run. The review asks for 200 ms on a release
# build; this is a debug build on a shared 2-core CI machine, so the bound catches a stalled
# runtime (seconds), not a slow one.
HEALTHZ_BUDGET_S = 2.0
# Peak resident memory of the server over the whole run (VmHWM). Its limits are 1 MiB files,
# 4 MiB requests and 16 MiB sessions; amplification (a request that allocates gigabytes) shows
# up far above this.
PEAK_RSS_BUDGET_MIB = 768


def call(base: str, method: str, path: str, body: Any = None, raw: bytes | None = None) -> tuple[int, Any]:
    data = raw
    headers = {}
    if body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    elif raw is not None:
        headers["content-type"] = "application/octet-stream"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        text = err.read()
        status = err.code
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


def must(base: str, method: str, path: str, body: Any = None, raw: bytes | None = None) -> Any:
    status, answer = call(base, method, path, body, raw)
    if status >= 300:
        raise SystemExit(f"seeding failed: {method} {path} -> {status} {answer!r}")
    return answer


def seed(base: str, out: str) -> None:
    # A source (a promoted template), so that sessions have a base to commit and promote to.
    must(base, "POST", "/v1/sessions", {"id": "fz-tpl"})
    must(base, "PUT", "/v1/sessions/fz-tpl/files/README.md", raw=b"# fuzz\n")
    must(base, "POST", "/v1/sessions/fz-tpl/promote", {"source": "fz/src", "author": "fuzz"})

    must(base, "POST", "/v1/sessions", {"id": "fz", "from": {"kind": "source", "name": "fz/src"}})
    must(base, "PUT", "/v1/sessions/fz/files/a.txt", raw=b"hello\n")
    must(base, "PUT", "/v1/sessions/fz/files/d/x", raw=b"x\n")
    checkpoint = must(base, "POST", "/v1/sessions/fz/checkpoints", {"name": "seed"})["id"]
    must(base, "POST", "/v1/sessions/fz/fork", {"id": "fz-fork"})
    must(base, "PUT", "/v1/sessions/fz-fork/files/a.txt", raw=b"forked\n")
    # Archiving makes a session read-only for good: the fuzzer archives this one, not `fz`.
    must(base, "POST", "/v1/sessions", {"id": "fz-archive"})
    must(base, "PUT", "/v1/sessions/fz/cache/k", {"value": {"n": 1}})
    annotation = must(
        base, "POST", "/v1/sessions/fz/annotations", {"path": "a.txt", "author": "fuzz", "body": "note"}
    )["id"]
    knowledge = must(base, "POST", "/v1/knowledge", {"source": "fz/src", "title": "seed", "body": "b"})["id"]
    approval = must(base, "POST", "/v1/sessions/fz/request-approval", {"reason": "fuzz.seed"})["id"]

    schedule = {
        "spec": {"cron": "0 0 1 1 *", "timeZone": "UTC"},
        "action": {"workflowType": "fuzz", "input": {"n": 1}},
        "overlap": "allow-all",
        "paused": True,
    }
    must(base, "POST", "/v1/schedules", {"id": "fz-sched", **schedule})
    must(base, "POST", "/v1/schedules", {"id": "fz-sched-delete", **schedule})
    # Runs to read and signal, and one to cancel (a cancelled run refuses signals).
    workflows = [must(base, "POST", "/v1/schedules/fz-sched/trigger")["workflowId"] for _ in range(2)]

    seeds = {
        "sessions": ["fz", "fz-fork"],
        "archive": ["fz-archive"],
        "checkpoint": checkpoint,
        "paths": ["a.txt", "d/x", "d", "new/file.txt"],
        "files": ["a.txt", "d/x", "new/file.txt"],
        "source": "fz/src",
        "annotation": annotation,
        "knowledge": knowledge,
        "approval": approval,
        "schedule": "fz-sched",
        "schedule_delete": "fz-sched-delete",
        "workflow": workflows[0],
        "workflow_cancel": workflows[1],
    }
    with open(out, "w") as f:
        json.dump(seeds, f, indent=2)
    print(f"   seeded: {json.dumps(seeds)}")


def probe(base: str, out: str) -> None:
    worst = 0.0
    count = 0
    failures: list[str] = []

    def write(*_: Any) -> None:
        with open(out, "w") as f:
            json.dump({"count": count, "worst_s": worst, "failures": failures[:20]}, f)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, write)
    while True:
        started = time.monotonic()
        try:
            status, _ = call(base, "GET", "/healthz")
            if status != 200:
                failures.append(f"/healthz answered {status}")
        except Exception as err:  # noqa: BLE001 - any failure to answer is the finding
            failures.append(f"/healthz: {err}")
        worst = max(worst, time.monotonic() - started)
        count += 1
        with open(out, "w") as f:
            json.dump({"count": count, "worst_s": worst, "failures": failures[:20]}, f)
        time.sleep(0.25)


# Escapes sent with the path exactly as written (no client normalises or encodes them): each is
# refused with a JSON 400 (or, for a read of a name that decodes to a valid one, a 404), and no
# session changes.
ESCAPES = [
    "..", "../x", "d/../../x", "%2e%2e", "%2e%2e/x", "d/%2e%2e/%2e%2e/x", ".%2e/x", "%2E%2E",
    "a%00b", "%2fetc%2fpasswd", "..%2f..%2fx", "..%5c..%5cx", "d%5c..%5cx", "%c0%ae%c0%ae/x",
]


def escapes(base: str) -> list[str]:
    host = base.removeprefix("http://")
    problems: list[str] = []
    before = call(base, "GET", "/v1/sessions/fz")[1]
    for raw in ESCAPES:
        for method in ("GET", "PUT", "DELETE"):
            connection = http.client.HTTPConnection(host, timeout=30)
            body = b"escaped" if method == "PUT" else None
            connection.request(method, f"/v1/sessions/fz/files/{raw}", body=body)
            response = connection.getresponse()
            text = response.read()
            connection.close()
            try:
                error = json.loads(text)
            except ValueError:
                error = None
            allowed = {400, 404} if method == "GET" else {400}
            if response.status not in allowed or (response.status >= 400 and not (isinstance(error, dict) and "code" in error)):
                problems.append(f"{method} files/{raw}: {response.status} {text[:200]!r}")
    after = call(base, "GET", "/v1/sessions/fz")[1]
    if (before["revision"], before["eventCount"]) != (after["revision"], after["eventCount"]):
        problems.append(f"the escapes changed session fz: {before['revision']} -> {after['revision']}")
    return problems


def peak_rss_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def verify(base: str, seeds_path: str, pid: str, probe_path: str) -> None:
    problems: list[str] = []
    try:
        status, health = call(base, "GET", "/healthz")
        if status != 200 or health.get("status") != "ok":
            problems.append(f"/healthz after the run: {status} {health!r}")
    except Exception as err:  # noqa: BLE001
        problems.append(f"the server does not answer after the run: {err}")

    peak = peak_rss_mib(int(pid))
    if peak is None:
        problems.append(f"the server (pid {pid}) is gone")
    elif peak > PEAK_RSS_BUDGET_MIB:
        problems.append(f"peak RSS {peak:.0f} MiB is over the {PEAK_RSS_BUDGET_MIB} MiB budget")

    try:
        with open(probe_path) as f:
            probed = json.load(f)
        if probed["worst_s"] > HEALTHZ_BUDGET_S:
            problems.append(f"/healthz took {probed['worst_s']:.2f}s during the run (budget {HEALTHZ_BUDGET_S}s)")
        problems.extend(probed["failures"])
    except (OSError, ValueError, KeyError) as err:
        probed = {}
        problems.append(f"no /healthz probe results: {err}")

    escaped = escapes(base)
    problems.extend(escaped)

    # Every session's event pages still decode, page after page, to the end.
    with open(seeds_path) as f:
        seeds = json.load(f)
    status, listing = call(base, "GET", "/v1/sessions?limit=1000")
    sessions = [s["id"] for s in listing["sessions"]] if status == 200 else []
    if status != 200:
        problems.append(f"GET /v1/sessions after the run: {status} {listing!r}")
    for session in sorted(set(sessions) | set(seeds["sessions"])):
        after = 0
        for _ in range(10_000):
            status, page = call(base, "GET", f"/v1/sessions/{session}/events?after={after}&limit=500")
            if status != 200 or not isinstance(page, dict):
                problems.append(f"events of {session} after {after}: {status} {page!r}"[:300])
                break
            if page.get("next") is None:
                break
            after = page["next"]

    print(
        f"   sessions: {len(sessions)}; peak RSS: {peak if peak is None else round(peak)} MiB; "
        f"/healthz probes: {probed.get('count')}, slowest {probed.get('worst_s', 0):.3f}s; "
        f"{len(ESCAPES) * 3} raw escape requests, {len(escaped)} not refused"
    )
    if problems:
        for problem in problems:
            print(f"   FAIL: {problem}")
        raise SystemExit(1)
    print("   after-run checks passed")


def main() -> None:
    command, *args = sys.argv[1:]
    {"seed": seed, "probe": probe, "verify": verify}[command](*args)


if __name__ == "__main__":
    main()
