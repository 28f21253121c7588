//! The OpenAPI 3.1 document of the HTTP API, served at `/v1/openapi.json`. Schemas come from the
//! Rust types themselves (`schemars`), so they cannot drift from what the handlers accept and
//! return; the route list is checked against the router by a test.

use aether_types::workspace as model;
use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::{Map, Value, json};

use super::{approvals as ap, metrics, runs, workflows as wf, workspace as w};

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
    use Body::{Bytes, Json as In};
    use Response::{Bytes as OutBytes, Empty, Events, Json as Out};
    vec![
        route!("post" "/v1/sessions", "Create a session (blank, from a source, a checkpoint, a git repository or a tar.gz)", In(schema::<model::CreateSession>), Out(201, schema::<model::Session>)),
        route!("get" "/v1/sessions", "List sessions, newest first", Body::None, Out(200, |g| list_of::<model::Session>("sessions")(g)), query: &[("state", "string"), ("source", "string"), ("parent", "string"), ("label", "string"), ("limit", "integer")]),
        route!("get" "/v1/sessions/{id}", "Session metadata and revision", Body::None, Out(200, schema::<model::Session>)),
        route!("get" "/v1/sessions/{id}/manifest", "Every path with kind, size, hash and mode, at the current revision", Body::None, Out(200, schema::<model::Manifest>)),
        route!("get" "/v1/sessions/{id}/diff", "The files that differ between two trees of the session: `base` (what it was forked or created from), `head`, or a checkpoint id; texts for text files up to 512 KiB", Body::None, Out(200, schema::<model::Diff>), query: &[("from", "string"), ("to", "string")]),
        route!("get" "/v1/sessions/{id}/files/{path}", "Read a file; `Range: bytes=a-b` or offset/length for part of it", Body::None, OutBytes("application/octet-stream"), query: &[("offset", "integer"), ("length", "integer")]),
        route!("put" "/v1/sessions/{id}/files/{path}", "Write a file (raw body); parents are created", Bytes, Out(200, schema::<model::Mutation>), query: &[("mode", "string"), ("expectedRevision", "integer")]),
        route!("delete" "/v1/sessions/{id}/files/{path}", "Delete a file or directory", Body::None, Out(200, schema::<model::Mutation>), query: EXPECT),
        route!("post" "/v1/sessions/{id}/dirs", "Create directories (mkdir -p)", In(schema::<w::PathsBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/rename", "Move a file or directory", In(schema::<w::RenameBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/delete", "Delete paths (directories with their contents)", In(schema::<w::PathsBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/batch", "Several writes, deletes, mkdirs and renames as one atomic change", In(schema::<w::BatchBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/patchSegments", "Byte-range writes and truncation of one file", In(schema::<w::PatchBody>), Out(200, schema::<model::Mutation>)),
        route!("get" "/v1/sessions/{id}/cache/{key}", "Read a cache value with its version", Body::None, Out(200, schema::<model::CacheValue>)),
        route!("put" "/v1/sessions/{id}/cache/{key}", "Set a cache value; ifVersion makes it a compare-and-set (0: must not exist)", In(schema::<w::CachePutBody>), Out(200, schema::<model::CacheValue>)),
        route!("delete" "/v1/sessions/{id}/cache/{key}", "Delete a cache value", Body::None, Empty, query: &[("ifVersion", "integer")]),
        route!("post" "/v1/sessions/{id}/bus/{topic}", "Publish a message to a topic's live subscribers", In(schema::<w::PublishBody>), Out(200, schema::<model::BusMessage>)),
        route!("get" "/v1/sessions/{id}/bus/{topic}", "Subscribe to a topic (server-sent events: `ready`, then `message`s)", Body::None, Events),
        route!("post" "/v1/sessions/{id}/annotations", "Add a review note on a path and optional line range", In(schema::<model::NewAnnotation>), Out(201, schema::<model::Annotation>)),
        route!("get" "/v1/sessions/{id}/annotations", "List annotations", Body::None, Out(200, |g| list_of::<model::Annotation>("annotations")(g))),
        route!("post" "/v1/sessions/{id}/annotations/{annotation}/resolve", "Resolve (or reopen) an annotation", In(schema::<w::ResolveBody>), Out(200, schema::<model::Annotation>)),
        route!("get" "/v1/sessions/{id}/events", "The session's history, oldest first, paginated", Body::None, Out(200, schema::<model::EventPage>), query: &[("after", "integer"), ("limit", "integer")]),
        route!("post" "/v1/sessions/{id}/checkpoints", "Checkpoint the current tree (copies nothing)", In(schema::<w::CheckpointBody>), Out(201, schema::<model::Checkpoint>)),
        route!("get" "/v1/sessions/{id}/checkpoints", "List checkpoints", Body::None, Out(200, |g| list_of::<model::Checkpoint>("checkpoints")(g))),
        route!("post" "/v1/sessions/{id}/restore", "Put the tree back to a checkpoint's, as a new revision", In(schema::<w::RestoreBody>), Out(200, schema::<model::Mutation>)),
        route!("post" "/v1/sessions/{id}/fork", "A new session with this one's tree (copies nothing)", In(schema::<w::ForkBody>), Out(201, schema::<model::Session>)),
        route!("post" "/v1/sessions/{id}/commit", "A durable commit onto the session's source", In(schema::<w::CommitBody>), Out(201, schema::<model::Commit>)),
        route!("post" "/v1/sessions/{id}/merge", "Three-way merge of another session into this one; 409 lists conflicts", In(schema::<w::MergeBody>), Out(200, schema::<model::MergeOutcome>)),
        route!("post" "/v1/sessions/{id}/promote", "Make the tree a source's new baseline", In(schema::<w::PromoteBody>), Out(200, schema::<model::Promotion>)),
        route!("get" "/v1/sessions/{id}/export", "The tree as a tar.gz archive", Body::None, OutBytes("application/gzip")),
        route!("post" "/v1/sessions/{id}/archive", "Make the session read-only", In(schema::<w::ExpectQuery>), Out(200, schema::<model::Session>)),
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
        route!("post" "/v1/workflows/{id}/signals/{name}", "Send a signal to a running workflow: kept, per name and in order, until a wait takes it", In(schema::<wf::SignalBody>), Out(202, schema::<wf::SignalAccepted>)),
        route!("post" "/v1/workflows/{id}/cancel", "Cancel a run that has not finished (its open task is told to stop); answers with the run as it now reads", In(schema::<wf::CancelBody>), Out(200, schema::<runs::WorkflowDetail>)),
        route!("get" "/v1/metrics/summary", "What the metrics page draws: runs by state and by wait (every node's, from the store), this node's throughput per bucket and latency percentiles over the last minutes, and its totals", Body::None, Out(200, schema::<metrics::Summary>)),
        route!("get" "/v1/approvals", "List approvals, newest request first, a page at a time; a pending approval past its expiry is expired", Body::None, Out(200, schema::<ap::ApprovalPage>), query: &[("state", "string"), ("workflowId", "string"), ("sessionId", "string"), ("reason", "string"), ("cursor", "string"), ("limit", "integer")]),
        route!("get" "/v1/approvals/{id}", "One approval: request, evidence, state and decision", Body::None, Out(200, schema::<aether_types::Approval>)),
        route!("post" "/v1/approvals/{id}/approve", "Approve; the first decision wins (a second gets 409 with the approval as it stands) and resumes the waiting workflows", In(schema::<ap::DecisionBody>), Out(200, schema::<aether_types::Approval>)),
        route!("post" "/v1/approvals/{id}/deny", "Deny; denial is a normal outcome the workflow branches on", In(schema::<ap::DecisionBody>), Out(200, schema::<aether_types::Approval>)),
        route!("post" "/v1/sessions/{id}/request-approval", "Request an approval about a session, outside any workflow (workflows can wait on it by id)", In(schema::<ap::RequestBody>), Out(201, schema::<aether_types::Approval>)),
        route!("get" "/v1/sources/{name}", "A source and its commits, newest first", Body::None, Out(200, |_| schemars::json_schema!({ "type": "object" }))),
    ]
}

fn parameters(route: &Route) -> Vec<Value> {
    let mut params: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect();
    params.extend(
        route
            .query
            .iter()
            .map(|(name, ty)| json!({ "name": name, "in": "query", "required": false, "schema": { "type": ty } })),
    );
    // Revisions and actors are the workspace's; a signal's idempotency is in its body.
    let mutates_a_session = route.method != "get" && route.path.starts_with("/v1/sessions");
    if mutates_a_session {
        params.push(json!({
            "name": "If-Match", "in": "header", "required": false,
            "description": "The revision the change expects; a stale one gets 409 and changes nothing.",
            "schema": { "type": "string" },
        }));
        params.push(json!({
            "name": "X-Aether-Actor", "in": "header", "required": false,
            "description": "Who is acting, recorded in the session's events.",
            "schema": { "type": "string" },
        }));
    }
    params
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
        let error_response = json!({ "description": "An error", "content": { "application/json": { "schema": error.clone() } } });
        operation["responses"] = json!({ status: ok, "default": error_response });
        let path = paths.entry(route.path).or_insert_with(|| json!({}));
        path[route.method] = operation;
    }
    let schemas: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Aether HTTP API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Workspaces (versioned sessions of files), approvals, and signals to workflows over HTTP. Errors are {code, message} with the HTTP status of the code; workspace errors add a reason (e.g. stale_revision) and merge conflicts a conflicts list.",
        },
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

/// Every error response.
#[derive(JsonSchema)]
#[allow(dead_code)] // Only its schema is used.
struct ErrorBody {
    /// invalid_argument, not_found, failed_precondition, conflict, too_large, unavailable or internal.
    code: String,
    message: String,
    /// A more specific, stable name than the code, for clients to branch on.
    reason: Option<model::Reason>,
    conflicts: Option<Vec<model::Conflict>>,
    /// A second decision's 409: the approval as it stands, with the first decision.
    approval: Option<aether_types::Approval>,
}
