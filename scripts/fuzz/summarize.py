"""Summarises a schemathesis NDJSON report: cases run, and each failure with its request and
response, one block per (operation, check).

    summarize.py REPORT.ndjson [--all]   (--all: every failing case, not one per check)
"""

from __future__ import annotations

import base64
import json
import sys


def text(payload: object) -> str:
    if isinstance(payload, dict) and "$base64" in payload:
        raw = base64.b64decode(payload["$base64"])
        return raw[:400].decode("utf-8", "replace") + ("..." if len(raw) > 400 else "")
    return json.dumps(payload)[:400] if payload is not None else ""


def main() -> None:
    path = sys.argv[1]
    every = "--all" in sys.argv[2:]
    cases = 0
    seen: set[tuple[str, str]] = set()
    failures = 0
    for line in open(path):
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        cases += len(recorder.get("interactions", {}))
        for case_id, checks in recorder.get("checks", {}).items():
            for check in checks:
                if check["status"] != "failure":
                    continue
                failures += 1
                key = (recorder["label"], check["name"])
                if key in seen and not every:
                    continue
                seen.add(key)
                interaction = recorder.get("interactions", {}).get(case_id, {})
                request = interaction.get("request", {})
                response = interaction.get("response") or {}
                failure = check.get("failure_info", {}).get("failure", {})
                print(f"== {recorder['label']} :: {check['name']} ({finished['phase']})")
                print(f"   {failure.get('title', '')}: {failure.get('message', '')}".replace("\n", " | ")[:600])
                print(f"   {request.get('method')} {request.get('uri')}")
                headers = {k: v for k, v in (request.get("headers") or {}).items() if k.lower() not in ("user-agent", "accept", "accept-encoding", "connection", "content-length", "x-schemathesis-testcaseid")}
                if headers:
                    print(f"   headers {headers}")
                if request.get("body"):
                    print(f"   body {text(request.get('body'))}")
                print(f"   -> {response.get('status_code')} {text(response.get('content'))}")
    print(f"cases with a response: {cases}; failing checks: {failures}; distinct (operation, check): {len(seen)}")


if __name__ == "__main__":
    main()
