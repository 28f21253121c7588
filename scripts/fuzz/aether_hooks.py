"""Schemathesis hooks and checks for Aether's HTTP API (loaded by scripts/fuzz-http.sh through
SCHEMATHESIS_HOOKS=aether_hooks).

Hooks: path parameters are drawn from what the harness seeded (scripts/fuzz/harness.py wrote
them to $AETHER_FUZZ_SEEDS) plus ids that do not exist, so requests reach real sessions, files,
workflows and schedules instead of 404ing; a file path the generator meant to be invalid is
replaced by an escape attempt (`..`, `%2e%2e`, a NUL byte, an absolute path).

Checks, on top of schemathesis's own (`--checks all`):
- every 4xx and 5xx is JSON `{code, message}` (the API's one error shape);
- a 4xx changes no session: the revision and event count of every seeded session (and of the
  one the request names) read the same before and after it.

The run uses one worker, so nothing else changes a session between the two reads.
"""

from __future__ import annotations

import base64
import io
import json
import os
import random
import re
import tarfile
import threading
from typing import Any

import hypothesis
import requests
import schemathesis
from schemathesis.core import NotSet
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import TestPhase

# Targeted generation off. Schemathesis reports every response to `hypothesis.target` (to
# steer toward inputs an operation accepts), which makes Hypothesis run its optimiser; in
# Hypothesis 6.170 that optimiser crashed now and then inside itself (`IndexError: tuple index
# out of range` in `optimiser.attempt_replace`, GET /v1/sources/{name}, CI of 2026-11-30),
# failing a run in which the API had done nothing wrong. Without targets, generation and
# shrinking run as before; the seeded path parameters below already steer toward real objects.
hypothesis.target = lambda *_args, **_kwargs: None

BASE = os.environ["AETHER_FUZZ_BASE"]
with open(os.environ["AETHER_FUZZ_SEEDS"]) as _f:
    SEEDS: dict[str, Any] = json.load(_f)

MISSING = "missing"
MISSING_UUID = "00000000-0000-4000-8000-000000000000"
# Escape attempts for `{path}`; every one must be refused. (Percent-encoded ones, `%2e%2e`, are
# sent raw by harness.py's `escapes` step: schemathesis sends `%` unencoded, so the server reads
# `..` while the generator counts the value as a valid name.)
TRICKY_PATHS = ["..", "../x", "d/../../x", "a\x00b", "/etc/passwd", "d\\..\\x", "./a.txt"]

_rng = random.Random(int(os.environ.get("FUZZ_SEED", "15")))
_local = threading.local()
_session = requests.Session()


def _pool(template: str, method: str, name: str) -> list[str] | None:
    """The values a valid `{name}` of this route takes, or None to keep the generated one."""
    sessions = [*SEEDS["sessions"], MISSING]
    if template.startswith("/v1/sessions/{id}"):
        if name == "id":
            return [*SEEDS["archive"], MISSING] if template.endswith("/archive") else sessions
        if name == "path":
            # A directory read as a file (and the reverse) is a 400 that depends on the tree, not
            # on the request: reads and writes get files, deletes anything.
            if method == "DELETE":
                return [*SEEDS["paths"], "missing.txt"]
            return [*SEEDS["files"], "missing.txt"]
        if name == "key":
            return ["k", "other"]
        if name == "topic":
            return ["t"]
        if name == "annotation":
            return [SEEDS["annotation"], MISSING]
    if template.startswith("/v1/knowledge/{id}"):
        return [SEEDS["knowledge"], MISSING]
    if template.startswith("/v1/workflows/{id}"):
        if name == "name":
            return ["go", "other"]
        if template.endswith("/cancel"):
            return [SEEDS["workflow_cancel"], MISSING]
        if "/signals/" in template:
            return [SEEDS["workflow"], MISSING]
        return [SEEDS["workflow"], SEEDS["workflow_cancel"], MISSING]
    if template.startswith("/v1/approvals/{id}"):
        return [SEEDS["approval"], MISSING_UUID]
    if template.startswith("/v1/schedules/{id}"):
        if method == "DELETE":
            return [SEEDS["schedule_delete"], MISSING]
        return [SEEDS["schedule"], MISSING]
    if template.startswith("/v1/sources/{name}"):
        return [SEEDS["source"], MISSING]
    return None


def _component_mode(case: Any, location: ParameterLocation) -> GenerationMode | None:
    meta = case.meta
    if meta is None:
        return None
    component = meta.components.get(location)
    return component.mode if component is not None else meta.generation.mode


def _whole_numbers(value: Any) -> Any:
    """`2.0` as `2`. JSON Schema counts 2.0 as an integer and schemathesis sends some integers so;
    the server reads integers with serde, which refuses 2.0 (a 400). A known divergence, kept
    out of the positive cases so that they test the rest."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


def _tiny_tar_gz() -> str:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        data = b"from an archive\n"
        info = tarfile.TarInfo("imported.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return base64.b64encode(buffer.getvalue()).decode()


TINY_TAR_GZ = _tiny_tar_gz()


def _ordered(body: dict[str, Any], low: str, high: str) -> None:
    """What a schema cannot say: `high`, when both are given, is at least `low`."""
    a, b = body.get(low), body.get(high)
    if isinstance(a, int) and isinstance(b, int) and b < a:
        body[low], body[high] = b, a


def _positive_body(template: str, path_parameters: dict[str, Any], body: Any) -> Any:
    """Rules between fields, and references to what exists: kept in a positive case."""
    body = _whole_numbers(body)
    if not isinstance(body, dict):
        return body
    if template == "/v1/sessions/{id}/merge" and isinstance(body.get("from"), str):
        # Merging a session into itself is a 400 the schema cannot express.
        others = [s for s in [*SEEDS["sessions"], MISSING] if s != path_parameters.get("id")]
        body["from"] = _rng.choice(others)
    if template == "/v1/sessions/{id}/restore" and "checkpointId" in body:
        body["checkpointId"] = _rng.choice([SEEDS["checkpoint"], MISSING])
    if template == "/v1/sessions" and isinstance(body.get("from"), dict):
        origin = body["from"]
        if origin.get("kind") == "archive":
            # Valid base64 that is not a tar.gz is a 400 no schema can rule out.
            origin["tarGzBase64"] = TINY_TAR_GZ
        if origin.get("kind") == "git":
            # Imports read only under the configured roots, here an empty directory: every
            # import is refused, which the negative cases cover.
            body["from"] = {"kind": "blank"}
    renames = [body] if template == "/v1/sessions/{id}/rename" else []
    if template == "/v1/sessions/{id}/batch" and isinstance(body.get("ops"), list):
        renames = [op for op in body["ops"] if isinstance(op, dict) and op.get("op") == "rename"]
    for rename in renames:
        source, target = rename.get("from"), rename.get("to")
        if isinstance(source, str) and isinstance(target, str):
            # Moving a path onto or into itself is a 400 between two fields.
            inside = target.strip("/") == source.strip("/") or target.strip("/").startswith(source.strip("/") + "/")
            if inside:
                rename["to"] = f"moved-{_rng.randrange(1_000_000)}"
    if template == "/v1/sessions/{id}/annotations":
        # lineEnd needs lineStart (the document says so with dependentRequired, which the
        # generator does not follow).
        if body.get("lineEnd") is not None and body.get("lineStart") is None:
            body["lineStart"] = 1
        _ordered(body, "lineStart", "lineEnd")
    _schedule_rules(template, body)
    return body


def _schedule_rules(template: str, body: dict[str, Any]) -> None:
    """A schedule's time bounds: the rules between fields of a schedule body."""
    if not template.startswith("/v1/schedules"):
        return
    spec = body.get("spec")
    if isinstance(spec, dict):
        _ordered(spec, "startAtMs", "endAtMs")
        start, end = spec.get("startAtMs"), spec.get("endAtMs")
        if template == "/v1/schedules/{id}" and isinstance(start, int) != isinstance(end, int):
            # A patch keeps the stored bound it leaves out, which an earlier case may have
            # put on the other side: a 400 between the body and the stored schedule.
            if isinstance(start, int):
                spec["endAtMs"] = start + _rng.randrange(0, 86_400_000)
            else:
                spec["startAtMs"] = max(0, end - _rng.randrange(0, 86_400_000))
    if template.endswith("/backfill"):
        # A backfill holds at most 10000 ticks: keep the range within a day.
        start = body.get("startAtMs")
        if isinstance(start, int) and isinstance(body.get("endAtMs"), int):
            body["endAtMs"] = start + _rng.randrange(0, 86_400_000)


@schemathesis.hook
def map_case(context: Any, case: Any) -> Any:
    template = case.operation.path
    meta = case.meta
    # Stateful runs chain the ids that responses gave; keep them.
    stateful = meta is not None and meta.phase.name == TestPhase.STATEFUL
    path_mode = _component_mode(case, ParameterLocation.PATH)
    for name in [] if stateful else list(case.path_parameters or {}):
        if path_mode == GenerationMode.NEGATIVE:
            # The generator meant this value to be invalid: for a file path, make it an escape.
            if name == "path" and _rng.random() < 0.5:
                case.path_parameters[name] = _rng.choice(TRICKY_PATHS)
            continue
        pool = _pool(template, case.method.upper(), name)
        if pool:
            case.path_parameters[name] = _rng.choice(pool)
    if _component_mode(case, ParameterLocation.BODY) == GenerationMode.POSITIVE:
        case.body = _positive_body(template, case.path_parameters or {}, case.body)
    if _component_mode(case, ParameterLocation.QUERY) == GenerationMode.POSITIVE and case.query:
        # A cursor is opaque: only one a page gave is valid.
        case.query.pop("cursor", None)
    if _component_mode(case, ParameterLocation.HEADER) == GenerationMode.POSITIVE and case.headers:
        # If-Match and expectedRevision (body or query), when both are given, must agree.
        expected = None
        if isinstance(case.body, dict):
            expected = case.body.get("expectedRevision")
        if expected is None and case.query:
            expected = case.query.get("expectedRevision")
        if isinstance(expected, str) and expected.isdigit():
            expected = int(expected)
        if isinstance(expected, int) and "If-Match" in case.headers:
            case.headers["If-Match"] = str(expected)
        bounds = re.fullmatch(r"bytes=(\d+)-(\d*)", str(case.headers.get("Range", "")))
        if bounds and bounds.group(2) and int(bounds.group(2)) < int(bounds.group(1)):
            case.headers["Range"] = f"bytes={bounds.group(2)}-{bounds.group(1)}"
    return case


def _session_state(session: str) -> tuple[int, int] | None:
    response = _session.get(f"{BASE}/v1/sessions/{session}", timeout=30)
    if response.status_code != 200:
        return None
    body = response.json()
    return body["revision"], body["eventCount"]


def _watched(case: Any) -> list[str]:
    sessions = {*SEEDS["sessions"], *SEEDS["archive"]}
    if case.operation.path.startswith("/v1/sessions/{id}"):
        target = (case.path_parameters or {}).get("id")
        if isinstance(target, str) and target and "/" not in target:
            sessions.add(target)
    return sorted(sessions)


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    # Again here, last before sending: a stateful step's body reached the server with its
    # schedule bounds reversed although `map_case` orders them (a schema-valid 400 in CI).
    if isinstance(case.body, dict) and _component_mode(case, ParameterLocation.BODY) != GenerationMode.NEGATIVE:
        _schedule_rules(case.operation.path, case.body)
    _local.before = {session: _session_state(session) for session in _watched(case)}
    _local.case_id = case.id


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Drops one artefact of schemathesis: a negative case whose only negative part was an
    optional request body, sent without it, is a valid request ("Invalid component: positive
    test case"); accepting it is right."""
    if type(failure).__name__ != "AcceptedNegativeData":
        return True
    meta = case.meta
    if meta is None or not isinstance(case.body, NotSet):
        return True
    negative = [loc for loc, info in meta.components.items() if info.mode == GenerationMode.NEGATIVE]
    body = case.operation.definition.raw.get("requestBody", {})
    return not (negative == [ParameterLocation.BODY] and not body.get("required", False))


@schemathesis.check
def error_is_json_code_message(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx and 5xx is JSON `{code, message}` with both strings."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    if not content_type.startswith("application/json"):
        raise AssertionError(f"{response.status_code} with content-type {content_type!r}, not JSON")
    try:
        body = json.loads(response.content)
    except ValueError as err:
        raise AssertionError(f"{response.status_code} body is not JSON: {err}") from err
    if not isinstance(body, dict) or not isinstance(body.get("code"), str) or not isinstance(body.get("message"), str):
        raise AssertionError(f"{response.status_code} body is not {{code, message}}: {body!r}"[:500])
    return None


@schemathesis.check
def bad_input_changes_nothing(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx leaves every watched session at the revision and event count it had before."""
    if not 400 <= response.status_code < 500:
        return None
    before = getattr(_local, "before", None)
    if before is None or getattr(_local, "case_id", None) != case.id:
        return None
    changed = []
    for session, state in before.items():
        now = _session_state(session)
        if now != state:
            changed.append(f"{session}: (revision, events) {state} -> {now}")
    if changed:
        raise AssertionError(f"a {response.status_code} changed sessions: " + "; ".join(changed))
    return None
