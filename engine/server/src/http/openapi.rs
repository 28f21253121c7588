//! The OpenAPI 3.1 document of the HTTP API, served at `/v1/openapi.json`. Schemas come from the
//! Rust types themselves (`schemars`), so they cannot drift from what the handlers accept and
//! return; the route list is checked against the router by a test.

use aether_types::workspace as model;
use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::{Map, Value, json};

use aether_types::schedule::view::{ScheduleView, TriggeredView};

use super::{
    approvals as ap, metrics, openapi_rules as rules, runs, schedules as sc, workflows as wf,
    workspace as w,
};

/// What a route takes and gives.
pub(super) struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    body: Body,
    response: Response,
    query: &'static [(&'static str, &'static str)],
}

enum Body {
    None,
    Json(fn(&mut SchemaGenerator) -> schemars::Schema),
    /// A JSON body the handler also takes absent (`OptionalJson`).
    OptionalJson(fn(&mut SchemaGenerator) -> schemars::Schema),
    Bytes,
}

enum Response {
    Json(u16, fn(&mut SchemaGenerator) -> schemars::Schema),
    Bytes(&'static str),
    Empty,
    Events,
}

fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<T>()
}

/// `{"<field>": [T]}` list responses.
fn list_of<T: JsonSchema>(
    field: &'static str,
) -> impl Fn(&mut SchemaGenerator) -> schemars::Schema {
    move |generator| {
        let items = generator.subschema_for::<T>();
        schemars::json_schema!({
            "type": "object",
            "properties": { field: { "type": "array", "items": items } },
            "required": [field],
        })
    }
}

macro_rules! route {
    ($method:literal $path:literal, $summary:literal, $body:expr, $response:expr $(, query: $query:expr)?) => {
        Route {
            method: $method,
            path: $path,
            summary: $summary,
            body: $body,
            response: $response,
            query: route!(@query $($query)?),
        }
    };
    (@query) => { &[] };
    (@query $q:expr) => { $q };
}

const EXPECT: &[(&str, &str)] = &[("expectedRevision", "integer")];

pub(super) fn routes() -> Vec<Route> {
    use Body::{Bytes, Json as In, OptionalJson as Opt};
    use Response::{Bytes as OutBytes, Empty, Events, Json as Out};
    vec![
        route!("post" "/v1/sessions", "Create a session (blank, from a source, a checkpoint, a git repository or a tar.gz)", In(schema::<model::CreateSession>), Out(201, schema::<model::Session>)),
        route!("get" "/v1/sessions", "List sessions, newest first", Body::None, Out(200, |g| list_of::<model::Session>("sessions")(g)), query: &[("state", "string"), ("source", "string"), ("parent", "string"), ("label", "string"), ("limit", "integer")]),
        route!("get" "/v1/sessions/{id}", "Session metadata and revision", Body::None, Out(200, schema::<model::Session>)),
        route!("get" "/v1/sessions/{id}/manifest", "Every path with kind, size, hash and mode, at the current revision or at a checkpoint (by id or name)", Body::None, Out(200, schema::<model::Manifest>), query: &[("checkpoint", "string")]),
        route!("get" "/v1/sessions/{id}/diff", "The files that differ between two trees of the session: `base` (what it was forked or created from), `head`, or a checkpoint (by id or name); texts for text files up to 512 KiB", Body::None, Out(200, schema::<model::Diff>), query: &[("from", "string"), ("to", "string")]),
        route!("get" "/v1/sessions/{id}/files/{path}", "Read a file, as it is or as a checkpoint (by id or name) has it; `Range: bytes=a-b` or offset/length for part of it", Body::None, OutBytes("application/octet-stream"), query: &[("offset", "integer"), ("length", "integer"), ("checkpoint", "string")]),
        route!("put" "/v1/sessions/{id}/files/{path}", "Write a file (raw body); parents are created", Bytes, Out(200, schema::<model::Mutation>), query: &[("mode", "string"), ("expectedRevision", "integer")]),
        route!("delete" "/v1/sessions/{id}/files/{path}", "Delete a file or directory", Body::None, Out(200, schema::<model::Mutation>), query: EXPECT),
        route!("post" "/v1/sessions/{id}/dirs", "Create directories (mkdir -p)", In(schema::<w::PathsBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/rename", "Move a file or directory", In(schema::<w::RenameBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/delete", "Delete paths (directories with their contents)", In(schema::<w::PathsBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/batch", "Several writes, deletes, mkdirs, renames, symbolic links and mode changes as one atomic change", In(schema::<w::BatchBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/patchSegments", "Byte-range writes and truncation of one file", In(schema::<w::PatchBody>), Out(200, schema::<model::Mutation>)),
        route!("get" "/v1/sessions/{id}/cache/{key}", "Read a cache value with its version", Body::None, Out(200, schema::<model::CacheValue>)),
        route!("put" "/v1/sessions/{id}/cache/{key}", "Set a cache value; ifVersion makes it a compare-and-set (0: must not exist)", In(schema::<w::CachePutBody>), Out(200, schema::<model::CacheValue>)),
        route!("delete" "/v1/sessions/{id}/cache/{key}", "Delete a cache value", Body::None, Empty, query: &[("ifVersion", "integer")]),
        route!("post" "/v1/sessions/{id}/bus/{topic}", "Publish a message to a topic's live subscribers", In(schema::<w::PublishBody>), Out(200, schema::<model::BusMessage>)),
        route!("get" "/v1/sessions/{id}/bus/{topic}", "Subscribe to a topic (server-sent events: `ready`, then `message`s)", Body::None, Events),
        route!("post" "/v1/sessions/{id}/annotations", "Add a review note on a path and optional line range", In(schema::<model::NewAnnotation>), Out(201, schema::<model::Annotation>)),
        route!("get" "/v1/sessions/{id}/annotations", "List annotations", Body::None, Out(200, |g| list_of::<model::Annotation>("annotations")(g))),
        route!("post" "/v1/sessions/{id}/annotations/{annotation}/resolve", "Resolve (or reopen) an annotation", Opt(schema::<w::ResolveBody>), Out(200, schema::<model::Annotation>)),
        route!("get" "/v1/sessions/{id}/events", "The session's history, oldest first, paginated", Body::None, Out(200, schema::<model::EventPage>), query: &[("after", "integer"), ("limit", "integer")]),
        route!("post" "/v1/sessions/{id}/checkpoints", "Checkpoint the current tree (copies nothing)", Opt(schema::<w::CheckpointBody>), Out(201, schema::<model::Checkpoint>)),
        route!("get" "/v1/sessions/{id}/checkpoints", "List checkpoints", Body::None, Out(200, |g| list_of::<model::Checkpoint>("checkpoints")(g))),
        route!("post" "/v1/sessions/{id}/restore", "Put the tree back to a checkpoint's (by id, or by name), as a new revision", In(schema::<w::RestoreBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/fork", "A new session with this one's tree (copies nothing)", Opt(schema::<w::ForkBody>), Out(201, schema::<model::Session>)),
        route!("post" "/v1/sessions/{id}/commit", "A durable commit onto the session's source", In(schema::<w::CommitBody>), Out(201, schema::<model::Commit>)),
        route!("post" "/v1/sessions/{id}/merge", "Three-way merge of another session into this one; 409 lists conflicts", In(schema::<w::MergeBody>), Out(200, schema::<model::MergeOutcome>)),
        route!("post" "/v1/sessions/{id}/promote", "Make the tree a source's new baseline", Opt(schema::<w::PromoteBody>), Out(200, schema::<model::Promotion>)),
        route!("get" "/v1/sessions/{id}/export", "The tree as a tar.gz archive", Body::None, OutBytes("application/gzip")),
        route!("post" "/v1/sessions/{id}/archive", "Make the session read-only", Opt(schema::<w::ExpectQuery>), Out(200, schema::<model::Session>)),
        route!("post" "/v1/knowledge", "Add a knowledge entry about a source (title, markdown body, tags, links to paths); it outlives the sessions that wrote it", In(schema::<model::NewKnowledge>), Out(201, schema::<model::Knowledge>)),
        route!("get" "/v1/knowledge", "A source's knowledge entries, newest first, by tag and by text in the title or body", Body::None, Out(200, |g| list_of::<model::Knowledge>("knowledge")(g)), query: &[("source", "string"), ("tag", "string"), ("q", "string"), ("limit", "integer")]),
        route!("get" "/v1/knowledge/{id}", "One knowledge entry", Body::None, Out(200, schema::<model::Knowledge>)),
        route!("delete" "/v1/knowledge/{id}", "Delete a knowledge entry", Body::None, Empty),
        route!("get" "/v1/sources", "Named sources (baselines sessions start from)", Body::None, Out(200, |g| list_of::<model::Source>("sources")(g))),
        route!("get" "/v1/workflows", "List workflows, newest first, by state, type, id prefix, wait, parent and creation time, a page at a time (cursor on the indexed creation time and id)", Body::None, Out(200, schema::<runs::WorkflowPage>), query: &[("state", "string"), ("type", "string"), ("idPrefix", "string"), ("waiting", "string"), ("parent", "string"), ("createdFrom", "integer"), ("createdTo", "integer"), ("cursor", "string"), ("limit", "integer")]),
        route!("get" "/v1/workflows/{id}", "One workflow: state, what it waits on and since when, input, result or failure", Body::None, Out(200, schema::<runs::WorkflowDetail>)),
        route!("get" "/v1/workflows/{id}/history", "A workflow's action log, oldest first", Body::None, Out(200, schema::<runs::HistoryPage>)),
        route!("get" "/v1/stream", "Live changes (server-sent events): `ready`, then a `workflow` event (the listing view) per committed change on this node, `lagged` when the subscriber fell behind", Body::None, Events, query: &[("workflowId", "string")]),
        route!("get" "/v1/workers", "Connected and known workers: types, capacity, slots in use, last heartbeat", Body::None, Out(200, schema::<runs::WorkerList>)),
        route!("post" "/v1/workflows/{id}/signals/{name}", "Send a signal to a running workflow: kept, per name and in order, until a wait takes it", Opt(schema::<wf::SignalBody>), Out(202, schema::<wf::SignalAccepted>)),
        route!("post" "/v1/workflows/{id}/cancel", "Cancel a run that has not finished (its open task is told to stop); answers with the run as it now reads", Opt(schema::<wf::CancelBody>), Out(200, schema::<runs::WorkflowDetail>)),
        route!("get" "/v1/metrics/summary", "What the metrics page draws: runs by state and by wait (every node's, from the store), this node's throughput per bucket and latency percentiles over the last minutes, and its totals", Body::None, Out(200, schema::<metrics::Summary>)),
        route!("get" "/v1/approvals", "List approvals, newest request first, a page at a time; a pending approval past its expiry is expired", Body::None, Out(200, schema::<ap::ApprovalPage>), query: &[("state", "string"), ("workflowId", "string"), ("sessionId", "string"), ("reason", "string"), ("cursor", "string"), ("limit", "integer")]),
        route!("get" "/v1/approvals/{id}", "One approval: request, evidence, state and decision", Body::None, Out(200, schema::<aether_types::Approval>)),
        route!("post" "/v1/approvals/{id}/approve", "Approve; the first decision wins (a second gets 409 with the approval as it stands) and resumes the waiting workflows", Opt(schema::<ap::DecisionBody>), Out(200, schema::<aether_types::Approval>)),
        route!("post" "/v1/approvals/{id}/deny", "Deny; denial is a normal outcome the workflow branches on", Opt(schema::<ap::DecisionBody>), Out(200, schema::<aether_types::Approval>)),
        route!("post" "/v1/sessions/{id}/request-approval", "Request an approval about a session, outside any workflow (workflows can wait on it by id)", In(schema::<ap::RequestBody>), Out(201, schema::<aether_types::Approval>)),
        route!("get" "/v1/schedules", "Every schedule, by id, with its next fire times, recent and open runs and counters", Body::None, Out(200, schema::<sc::ScheduleList>)),
        route!("post" "/v1/schedules", "Create a schedule: a cron spec (5, 6 or 7 fields) in an IANA time zone, the workflow it starts, an overlap policy and a catch-up window; invalid input is a 400 and creates nothing", In(schema::<sc::CreateBody>), Out(201, schema::<ScheduleView>)),
        route!("get" "/v1/schedules/{id}", "One schedule: its definition, the next 5 fire times, recent runs with their state, open runs, counters (started, skipped by overlap, missed by the catch-up window, buffered)", Body::None, Out(200, schema::<ScheduleView>)),
        route!("put" "/v1/schedules/{id}", "Replace a schedule's definition; its runs, counters and paused flag stay", In(schema::<sc::ReplaceBody>), Out(200, schema::<ScheduleView>)),
        route!("patch" "/v1/schedules/{id}", "Change parts of a schedule's definition (spec, action, overlap, catch-up window)", In(schema::<sc::PatchBody>), Out(200, schema::<ScheduleView>)),
        route!("delete" "/v1/schedules/{id}", "Delete a schedule; the runs it started go on", Body::None, Empty),
        route!("post" "/v1/schedules/{id}/pause", "Pause a schedule, with a note: its ticks start nothing, and are not run later", Opt(schema::<sc::NoteBody>), Out(200, schema::<ScheduleView>)),
        route!("post" "/v1/schedules/{id}/unpause", "Unpause a schedule, with a note; it fires from now on", Opt(schema::<sc::NoteBody>), Out(200, schema::<ScheduleView>)),
        route!("post" "/v1/schedules/{id}/trigger", "Start one run now, under the schedule's overlap policy", Body::None, Out(200, schema::<TriggeredView>)),
        route!("post" "/v1/schedules/{id}/backfill", "Run the spec's ticks in a time range (at most 10000) under the backfill's own overlap policy; the catch-up window does not apply", In(schema::<sc::BackfillBody>), Out(200, schema::<sc::BackfillView>)),
        route!("post" "/v1/auth/session", "Sign the dashboard in with an API key: sets the HttpOnly, SameSite=Strict session cookie `aether_session` (12 hours); a wrong key is a 401", In(schema::<crate::auth::session::SignIn>), Out(200, schema::<crate::auth::session::Who>)),
        route!("get" "/v1/auth/session", "Who is signed in (by the session cookie or a bearer key), or that the server has no keys (`authRequired: false`); 401 when not signed in", Body::None, Out(200, schema::<crate::auth::session::Who>)),
        route!("delete" "/v1/auth/session", "Sign out: forgets the session and clears its cookie", Body::None, Empty),
        route!("get" "/v1/sources/{name}", "A source and its commits, newest first", Body::None, Out(200, |_| schemars::json_schema!({ "type": "object" }))),
    ]
}

fn parameters(route: &Route) -> Vec<Value> {
    let mut params: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": rules::path_parameter(route.path, name) }))
        .collect();
    params.extend(route.query.iter().map(|(name, ty)| {
        let (schema, required) = rules::query_parameter(route.path, name, ty);
        json!({ "name": name, "in": "query", "required": required, "schema": schema })
    }));
    if route.reads_a_range() {
        params.push(json!({
            "name": "Range", "in": "header", "required": false,
            "description": "One byte range, `bytes=START-[END]` with END at least START; a range past the end of the file is a 416.",
            "schema": { "type": "string", "pattern": rules::RANGE },
        }));
    }
    // Revisions and actors are the workspace's; a signal's idempotency is in its body.
    let mutates_a_session = route.method != "get"
        && route.path.starts_with("/v1/sessions")
        && !route.path.ends_with("/request-approval");
    if mutates_a_session {
        params.push(json!({
            "name": "If-Match", "in": "header", "required": false,
            "description": "The revision the change expects (a number, optionally quoted); a stale one gets 409 and changes nothing. With `expectedRevision` too, both must be the same.",
            "schema": { "type": "string", "pattern": rules::IF_MATCH },
        }));
        params.push(json!({
            "name": "X-Aether-Actor", "in": "header", "required": false,
            "description": "Who is acting, recorded in the session's events.",
            "schema": { "type": "string", "pattern": r"^[\t -~]*$" },
        }));
    }
    params
}

impl Route {
    fn reads_a_range(&self) -> bool {
        self.method == "get" && self.path.ends_with("/files/{path}")
    }

    /// The 4xx this route can answer, besides authentication's: 400 for any malformed part, 404
    /// for an id that names nothing, 409 for a conflict (a stale revision, an id taken, a second
    /// decision, merge conflicts), 413 and 415 for a body too large or not JSON, 416 for a range
    /// past the end, 422 for a change the target's state refuses (an archived session, a finished
    /// workflow).
    fn error_statuses(&self) -> Vec<u16> {
        let mut statuses = vec![400];
        let names_something = self.path.contains('{');
        if names_something || self.method != "get" || self.path == "/v1/knowledge" {
            statuses.push(404);
        }
        if self.method != "get" {
            statuses.extend([409, 422]);
        }
        match self.body {
            Body::Json(_) | Body::OptionalJson(_) => statuses.extend([413, 415]),
            Body::Bytes => statuses.push(413),
            Body::None => {}
        }
        if self.reads_a_range() {
            // 422: the path is a directory.
            statuses.extend([416, 422]);
        }
        if self.method == "get" && self.path.ends_with("/export") {
            statuses.push(413);
        }
        statuses.sort_unstable();
        statuses
    }
}

pub fn document() -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let error = generator.subschema_for::<ErrorBody>();
    let mut paths: Map<String, Value> = Map::new();
    for route in routes() {
        let mut operation = json!({
            "summary": route.summary,
            "parameters": parameters(&route),
        });
        match &route.body {
            Body::None => {}
            Body::Json(f) => {
                operation["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": f(&mut generator) } } });
            }
            Body::OptionalJson(f) => {
                operation["requestBody"] = json!({ "required": false, "content": { "application/json": { "schema": f(&mut generator) } } });
            }
            Body::Bytes => {
                operation["requestBody"] = json!({
                    "required": true,
                    "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } },
                });
            }
        }
        let (status, ok) = match &route.response {
            Response::Json(status, f) => (
                status.to_string(),
                json!({ "description": "OK", "content": { "application/json": { "schema": f(&mut generator) } } }),
            ),
            Response::Bytes(media) => (
                "200".into(),
                json!({ "description": "OK", "content": { *media: { "schema": { "type": "string", "format": "binary" } } } }),
            ),
            Response::Empty => ("204".into(), json!({ "description": "Done" })),
            Response::Events => (
                "200".into(),
                json!({ "description": "A stream of server-sent events", "content": { "text/event-stream": { "schema": { "type": "string" } } } }),
            ),
        };
        let mut responses = Map::new();
        if route.reads_a_range() {
            // A `Range` read answers 206 with the same bytes.
            responses.insert("206".into(), ok.clone());
        }
        responses.insert(status, ok);
        for code in route.error_statuses() {
            responses.insert(
                code.to_string(),
                json!({ "description": error_description(code), "content": { "application/json": { "schema": error.clone() } } }),
            );
        }
        operation["responses"] = Value::Object(responses);
        let path = paths.entry(route.path).or_insert_with(|| json!({}));
        path[route.method] = operation;
    }
    let mut schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    rules::refine(&mut schemas);
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Aether HTTP API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Workspaces (versioned sessions of files), approvals, and signals to workflows over HTTP. Errors are {code, message} with the HTTP status of the code; workspace errors add a reason (e.g. stale_revision) and merge conflicts a conflicts list.",
        },
        "paths": paths,
        "components": { "schemas": schemas },
    });
    secure(&mut document, &error);
    document
}

/// API keys (the auth layer in front of every route, `crate::auth`): the bearer scheme, and on
/// every operation the 401 (no or a wrong key) and 403 (a key without the role; with no keys,
/// a foreign `Host` or a cross-site `Origin`) that the layer answers before any handler. A
/// server without keys needs none, hence the empty alternative; the sign-in endpoints take
/// the key in their body or read the cookie.
fn secure(document: &mut Value, error_schema: &impl serde::Serialize) {
    document["components"]["securitySchemes"] = json!({
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key (`aek_...`) of the server's [[auth.keys]]; the dashboard's session cookie `aether_session` stands for it.",
        }
    });
    let Some(paths) = document["paths"].as_object_mut() else {
        return;
    };
    for (path, operations) in paths.iter_mut() {
        let Some(operations) = operations.as_object_mut() else {
            continue;
        };
        for operation in operations.values_mut() {
            let error = json!({ "application/json": { "schema": error_schema } });
            let signs_in = path.starts_with("/v1/auth/");
            operation["security"] = if signs_in {
                json!([{}])
            } else {
                json!([{ "bearer": [] }, {}])
            };
            operation["responses"]["401"] = json!({
                "description": "No API key, or one the server does not know (`unauthenticated`)",
                "content": error,
            });
            operation["responses"]["403"] = json!({
                "description": "The key's roles do not allow this call; or, on a server without keys, a foreign Host or a cross-site Origin (`permission_denied`)",
                "content": error,
            });
        }
    }
}

fn error_description(status: u16) -> &'static str {
    match status {
        400 => "A malformed request: a bad id, path, parameter, header or body (invalid_argument)",
        404 => "What the request names does not exist (not_found)",
        409 => {
            "A conflict: a stale revision, an id already taken, a second decision, merge conflicts (conflict)"
        }
        413 => "Over a configured limit (too_large)",
        415 => "The body is not application/json",
        416 => "The range starts past the end of the file",
        422 => {
            "The target's state refuses the change: an archived session, a finished workflow (failed_precondition)"
        }
        _ => "An error",
    }
}

/// Every error response.
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct ErrorBody {
    /// invalid_argument, not_found, failed_precondition, conflict, too_large, unavailable,
    /// internal, or method_not_allowed (a route asked with a method it does not take).
    code: String,
    message: String,
    /// A more specific, stable name than the code, for clients to branch on.
    reason: Option<model::Reason>,
    conflicts: Option<Vec<model::Conflict>>,
    /// A second decision's 409: the approval as it stands, with the first decision.
    approval: Option<aether_types::Approval>,
}
