//! The `/v1` workspace routes: JSON in and out (the `aether_types::workspace` model, whose
//! base64 content is decoded as the JSON is read), file bytes raw, the bus as server-sent
//! events. Each handler parses, calls [`Workspaces`], and renders; the semantics (revisions,
//! atomicity, limits, defaults) live in `aether-workspace`.

use std::{collections::BTreeMap, convert::Infallible};

use aether_types::workspace::{
    BatchOp, CreateSession, KnowledgeFilter, NewAnnotation, NewKnowledge, Segment, SessionFilter,
    TreeRef,
};
use aether_workspace::Workspaces;
use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response, Sse, sse::Event as SseEvent},
    routing::{get, post},
};
use futures::Stream;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use aether_workspace::limits::{MAX_PATHS_BODY_BYTES, MAX_VALUE_BODY_BYTES};

use super::extract::{BoundedJson, Caller, JsonBody, OptionalJson, QueryArgs, rejected};
use crate::error::ApiError;

type ApiResult<T = Response> = Result<T, ApiError>;

pub fn router(workspaces: Workspaces, max_request_bytes: usize) -> Router {
    Router::new()
        .route("/v1/sessions", post(create).get(list))
        .route("/v1/sessions/{id}", get(show))
        .route("/v1/sessions/{id}/manifest", get(manifest))
        .route("/v1/sessions/{id}/diff", get(diff))
        .route(
            "/v1/sessions/{id}/files/{*path}",
            get(read).put(write).delete(delete_file),
        )
        .route("/v1/sessions/{id}/dirs", post(dirs))
        .route("/v1/sessions/{id}/rename", post(rename))
        .route("/v1/sessions/{id}/delete", post(delete))
        .route("/v1/sessions/{id}/batch", post(batch))
        .route("/v1/sessions/{id}/patchSegments", post(patch_segments))
        .route(
            "/v1/sessions/{id}/cache/{key}",
            get(cache_get).put(cache_put).delete(cache_delete),
        )
        .route(
            "/v1/sessions/{id}/bus/{topic}",
            post(publish).get(subscribe),
        )
        .route(
            "/v1/sessions/{id}/annotations",
            post(annotate).get(annotations),
        )
        .route(
            "/v1/sessions/{id}/annotations/{annotation}/resolve",
            post(resolve),
        )
        .route("/v1/sessions/{id}/events", get(events))
        .route(
            "/v1/sessions/{id}/checkpoints",
            post(checkpoint).get(checkpoints),
        )
        .route("/v1/sessions/{id}/restore", post(restore))
        .route("/v1/sessions/{id}/fork", post(fork))
        .route("/v1/sessions/{id}/commit", post(commit))
        .route("/v1/sessions/{id}/merge", post(merge))
        .route("/v1/sessions/{id}/promote", post(promote))
        .route("/v1/sessions/{id}/export", get(export))
        .route("/v1/sessions/{id}/archive", post(archive))
        .route("/v1/sources", get(sources))
        .route("/v1/knowledge", post(add_knowledge).get(search_knowledge))
        .route(
            "/v1/knowledge/{id}",
            get(knowledge).delete(delete_knowledge),
        )
        .route("/v1/sources/{*name}", get(source))
        .layer(DefaultBodyLimit::max(max_request_bytes))
        .with_state(workspaces)
}

fn created<T: serde::Serialize>(value: T) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

fn ok<T: serde::Serialize>(value: T) -> Response {
    Json(value).into_response()
}

async fn create(
    State(ws): State<Workspaces>,
    caller: Caller,
    JsonBody(request): JsonBody<CreateSession>,
) -> ApiResult {
    Ok(created(ws.create(request, &caller.actor).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ListQuery {
    state: Option<String>,
    source: Option<String>,
    parent: Option<String>,
    /// `key:value`, comma-separated for several.
    label: Option<String>,
    limit: Option<usize>,
}

async fn list(State(ws): State<Workspaces>, QueryArgs(q): QueryArgs<ListQuery>) -> ApiResult {
    let mut labels = BTreeMap::new();
    for pair in q.label.iter().flat_map(|l| l.split(',')) {
        let (k, v) = pair
            .split_once(':')
            .ok_or_else(|| ApiError::invalid(format!("label filter {pair:?} is not key:value")))?;
        labels.insert(k.to_owned(), v.to_owned());
    }
    let filter = SessionFilter {
        state: q.state,
        source: q.source,
        parent: q.parent,
        labels,
        limit: q.limit.map(|l| u32::try_from(l).unwrap_or(u32::MAX)),
    };
    Ok(ok(json!({ "sessions": ws.list(&filter).await? })))
}

async fn show(State(ws): State<Workspaces>, Path(id): Path<String>) -> ApiResult {
    Ok(ok(ws.get(&id).await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ManifestQuery {
    /// A checkpoint of the session, by id or name: its tree instead of the current one.
    checkpoint: Option<String>,
}

async fn manifest(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    QueryArgs(q): QueryArgs<ManifestQuery>,
) -> ApiResult {
    Ok(ok(ws.manifest(&id, q.checkpoint.as_deref()).await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct DiffQuery {
    /// `base` (what the session was forked or created from; the default), `head`, or a
    /// checkpoint (by id or name).
    from: Option<String>,
    /// `head` (the default), `base`, or a checkpoint (by id or name).
    to: Option<String>,
}

async fn diff(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    QueryArgs(q): QueryArgs<DiffQuery>,
) -> ApiResult {
    let tree = |given: Option<String>, default: TreeRef| {
        given
            .filter(|s| !s.is_empty())
            .map_or(default, |name| TreeRef::named(&name))
    };
    let (from, to) = (tree(q.from, TreeRef::Base), tree(q.to, TreeRef::Head));
    Ok(ok(ws.diff(&id, &from, &to).await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ReadQuery {
    offset: Option<u64>,
    length: Option<u64>,
    /// A checkpoint of the session, by id or name: the file as it was there.
    checkpoint: Option<String>,
}

/// One byte range of a `Range` header: `bytes=a-b`, `bytes=a-` or the last n bytes
/// (`bytes=-n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteRange {
    From { start: u64, end: Option<u64> },
    Last(u64),
}

impl ByteRange {
    fn parse(headers: &HeaderMap) -> ApiResult<Option<Self>> {
        let Some(range) = headers.get(header::RANGE) else {
            return Ok(None);
        };
        let bad = || ApiError::invalid("Range must be one range: bytes=START-[END] or bytes=-N");
        let spec = range
            .to_str()
            .map_err(|_| bad())?
            .strip_prefix("bytes=")
            .ok_or_else(bad)?;
        let (start, end) = spec.split_once('-').ok_or_else(bad)?;
        let number = |s: &str| s.trim().parse::<u64>().map_err(|_| bad());
        let (start, end) = (start.trim(), end.trim());
        if start.is_empty() {
            return Ok(Some(Self::Last(number(end)?)));
        }
        let start = number(start)?;
        let end = if end.is_empty() {
            None
        } else {
            Some(number(end)?)
        };
        if end.is_some_and(|end| end < start) {
            return Err(bad());
        }
        Ok(Some(Self::From { start, end }))
    }

    /// The first byte and the length this range covers in a file of `size` bytes; `None` when
    /// it covers none (416).
    fn within(self, size: u64) -> Option<(u64, u64)> {
        let (start, last) = match self {
            Self::From { start, end } => (start, end.unwrap_or(u64::MAX).min(size.checked_sub(1)?)),
            Self::Last(0) => return None,
            Self::Last(n) => (size.saturating_sub(n), size.checked_sub(1)?),
        };
        (start <= last).then(|| (start, last - start + 1))
    }
}

/// 416 with `Content-Range: bytes */SIZE`, as RFC 9110 asks, and the API's JSON error.
fn unsatisfiable(size: u64) -> Response {
    let mut response =
        ApiError::invalid(format!("the range is outside the file ({size} bytes)")).into_response();
    *response.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
    if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
        response.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    response
}

async fn read(
    State(ws): State<Workspaces>,
    Path((id, path)): Path<(String, String)>,
    QueryArgs(q): QueryArgs<ReadQuery>,
    headers: HeaderMap,
) -> ApiResult {
    let ranged = ByteRange::parse(&headers)?;
    let checkpoint = q.checkpoint.as_deref();
    let file = match ranged {
        // The size decides what a range means, so the whole file is read and then cut.
        Some(range) => {
            let mut file = ws.read(&id, &path, 0, None, checkpoint).await?;
            let Some((offset, length)) = range.within(file.size) else {
                return Ok(unsatisfiable(file.size));
            };
            // Within the file, so both fit in usize.
            let (offset, end) = (offset as usize, (offset + length) as usize);
            file.data.truncate(end);
            file.data.drain(..offset);
            file.offset = offset as u64;
            file
        }
        None => {
            ws.read(&id, &path, q.offset.unwrap_or(0), q.length, checkpoint)
                .await?
        }
    };
    let status = if ranged.is_some() {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    let (offset, size, returned) = (file.offset, file.size, file.data.len() as u64);
    let mut response = (status, file.data).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    let mut put = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            h.insert(name, value);
        }
    };
    put("etag", format!("\"{}\"", file.hash));
    put("x-aether-revision", file.revision.to_string());
    put("x-aether-size", size.to_string());
    put("x-aether-mode", format!("{:o}", file.mode));
    put("x-aether-kind", file.kind.as_str().to_owned());
    if ranged.is_some() {
        let last = (offset + returned).saturating_sub(1);
        put("content-range", format!("bytes {offset}-{last}/{size}"));
    }
    Ok(response)
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct WriteQuery {
    /// Octal, e.g. `755`.
    mode: Option<String>,
    expected_revision: Option<u64>,
}

async fn write(
    State(ws): State<Workspaces>,
    Path((id, path)): Path<(String, String)>,
    QueryArgs(q): QueryArgs<WriteQuery>,
    caller: Caller,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult {
    let body = body.map_err(|r| rejected(r.status(), r.body_text()))?;
    let mode = q
        .mode
        .map(|m| {
            u32::from_str_radix(&m, 8)
                .map_err(|_| ApiError::invalid(format!("mode must be octal (e.g. 644), not {m:?}")))
        })
        .transpose()?;
    let change = caller.change(id, q.expected_revision)?;
    Ok(ok(ws.write(&change, &path, body.to_vec(), mode).await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ExpectQuery {
    expected_revision: Option<u64>,
}

async fn delete_file(
    State(ws): State<Workspaces>,
    Path((id, path)): Path<(String, String)>,
    QueryArgs(q): QueryArgs<ExpectQuery>,
    caller: Caller,
) -> ApiResult {
    let change = caller.change(id, q.expected_revision)?;
    Ok(ok(ws.delete(&change, &[path]).await?))
}

/// `{"paths": [...]}` or `{"path": "..."}`.
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PathsBody {
    #[serde(default)]
    paths: Vec<String>,
    path: Option<String>,
    expected_revision: Option<u64>,
}

impl PathsBody {
    fn all(self) -> Vec<String> {
        let mut paths = self.paths;
        paths.extend(self.path);
        paths
    }
}

async fn dirs(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    BoundedJson(body): BoundedJson<PathsBody, MAX_PATHS_BODY_BYTES>,
) -> ApiResult {
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws.mkdirs(&change, &body.all()).await?))
}

async fn delete(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    BoundedJson(body): BoundedJson<PathsBody, MAX_PATHS_BODY_BYTES>,
) -> ApiResult {
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws.delete(&change, &body.all()).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct RenameBody {
    from: String,
    to: String,
    expected_revision: Option<u64>,
}

async fn rename(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(body): JsonBody<RenameBody>,
) -> ApiResult {
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws.rename(&change, &body.from, &body.to).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct BatchBody {
    ops: Vec<BatchOp>,
    expected_revision: Option<u64>,
}

async fn batch(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(body): JsonBody<BatchBody>,
) -> ApiResult {
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws.batch(&change, body.ops).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PatchBody {
    path: String,
    #[serde(default)]
    segments: Vec<Segment>,
    truncate: Option<u64>,
    expected_revision: Option<u64>,
}

async fn patch_segments(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(body): JsonBody<PatchBody>,
) -> ApiResult {
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws
        .patch_segments(&change, &body.path, body.segments, body.truncate)
        .await?))
}

async fn cache_get(
    State(ws): State<Workspaces>,
    Path((id, key)): Path<(String, String)>,
) -> ApiResult {
    Ok(ok(ws.cache_get(&id, &key).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct CachePutBody {
    value: Value,
    if_version: Option<u64>,
    ttl_ms: Option<u64>,
}

async fn cache_put(
    State(ws): State<Workspaces>,
    Path((id, key)): Path<(String, String)>,
    caller: Caller,
    BoundedJson(body): BoundedJson<CachePutBody, MAX_VALUE_BODY_BYTES>,
) -> ApiResult {
    Ok(ok(ws
        .cache_put(
            &id,
            &key,
            body.value,
            body.if_version,
            body.ttl_ms,
            &caller.actor,
        )
        .await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct CacheDeleteQuery {
    if_version: Option<u64>,
}

async fn cache_delete(
    State(ws): State<Workspaces>,
    Path((id, key)): Path<(String, String)>,
    QueryArgs(q): QueryArgs<CacheDeleteQuery>,
    caller: Caller,
) -> ApiResult {
    ws.cache_delete(&id, &key, q.if_version, &caller.actor)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PublishBody {
    message: Value,
}

async fn publish(
    State(ws): State<Workspaces>,
    Path((id, topic)): Path<(String, String)>,
    caller: Caller,
    BoundedJson(body): BoundedJson<PublishBody, MAX_VALUE_BODY_BYTES>,
) -> ApiResult {
    Ok(ok(ws
        .publish(&id, &topic, body.message, &caller.actor)
        .await?))
}

/// Messages as `event: message` with the JSON as data; a keep-alive comment every 15 s.
async fn subscribe(
    State(ws): State<Workspaces>,
    Path((id, topic)): Path<(String, String)>,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    let subscription = ws.subscribe(&id, &topic).await?;
    Ok(super::sse::stream(
        subscription,
        |message: aether_types::workspace::BusMessage| {
            SseEvent::default()
                .event("message")
                .id(message.event_seq.to_string())
                .json_data(&message)
                .ok()
        },
    ))
}

async fn annotate(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(body): JsonBody<NewAnnotation>,
) -> ApiResult {
    Ok(created(ws.annotate(&id, body, &caller.actor).await?))
}

async fn add_knowledge(
    State(ws): State<Workspaces>,
    caller: Caller,
    JsonBody(body): JsonBody<NewKnowledge>,
) -> ApiResult {
    Ok(created(ws.add_knowledge(body, &caller.actor).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct KnowledgeQuery {
    source: String,
    tag: Option<String>,
    /// Text the title or body contains, in any case.
    q: Option<String>,
    limit: Option<usize>,
}

async fn search_knowledge(
    State(ws): State<Workspaces>,
    QueryArgs(q): QueryArgs<KnowledgeQuery>,
) -> ApiResult {
    let filter = KnowledgeFilter {
        source: q.source,
        tag: q.tag,
        text: q.q,
        limit: q.limit,
    };
    Ok(ok(
        json!({ "knowledge": ws.search_knowledge(&filter).await? }),
    ))
}

async fn knowledge(State(ws): State<Workspaces>, Path(id): Path<String>) -> ApiResult {
    Ok(ok(ws.knowledge(&id).await?))
}

async fn delete_knowledge(State(ws): State<Workspaces>, Path(id): Path<String>) -> ApiResult {
    ws.delete_knowledge(&id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn annotations(State(ws): State<Workspaces>, Path(id): Path<String>) -> ApiResult {
    Ok(ok(json!({ "annotations": ws.annotations(&id).await? })))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ResolveBody {
    resolved: Option<bool>,
}

async fn resolve(
    State(ws): State<Workspaces>,
    Path((id, annotation)): Path<(String, String)>,
    caller: Caller,
    OptionalJson(body): OptionalJson<ResolveBody>,
) -> ApiResult {
    let resolved = body.and_then(|b| b.resolved).unwrap_or(true);
    Ok(ok(ws
        .resolve(&id, &annotation, resolved, &caller.actor)
        .await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct EventsQuery {
    after: Option<u64>,
    limit: Option<usize>,
}

async fn events(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    QueryArgs(q): QueryArgs<EventsQuery>,
) -> ApiResult {
    Ok(ok(ws.events(&id, q.after.unwrap_or(0), q.limit).await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct CheckpointBody {
    name: Option<String>,
    expected_revision: Option<u64>,
}

async fn checkpoint(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    OptionalJson(body): OptionalJson<CheckpointBody>,
) -> ApiResult {
    let body = body.unwrap_or_default();
    let change = caller.change(id, body.expected_revision)?;
    Ok(created(ws.checkpoint(&change, body.name).await?))
}

async fn checkpoints(State(ws): State<Workspaces>, Path(id): Path<String>) -> ApiResult {
    Ok(ok(json!({ "checkpoints": ws.checkpoints(&id).await? })))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct RestoreBody {
    checkpoint_id: String,
    expected_revision: Option<u64>,
}

async fn restore(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(body): JsonBody<RestoreBody>,
) -> ApiResult {
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws.restore(&change, &body.checkpoint_id).await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ForkBody {
    id: Option<String>,
    #[serde(default)]
    labels: BTreeMap<String, String>,
}

async fn fork(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    OptionalJson(body): OptionalJson<ForkBody>,
) -> ApiResult {
    let body = body.unwrap_or_default();
    Ok(created(
        ws.fork(&id, body.id, body.labels, &caller.actor).await?,
    ))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct CommitBody {
    message: String,
    author: String,
    source: Option<String>,
    expected_revision: Option<u64>,
}

async fn commit(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(body): JsonBody<CommitBody>,
) -> ApiResult {
    let change = caller.change(id, body.expected_revision)?;
    Ok(created(
        ws.commit(&change, &body.message, &body.author, body.source)
            .await?,
    ))
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct MergeBody {
    from: String,
    expected_revision: Option<u64>,
}

async fn merge(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    JsonBody(body): JsonBody<MergeBody>,
) -> ApiResult {
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws.merge(&change, &body.from).await?))
}

#[derive(Deserialize, Default, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PromoteBody {
    source: Option<String>,
    #[serde(default)]
    author: String,
    #[serde(default)]
    force: bool,
    expected_revision: Option<u64>,
}

async fn promote(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    OptionalJson(body): OptionalJson<PromoteBody>,
) -> ApiResult {
    let body = body.unwrap_or_default();
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws
        .promote(&change, body.source, &body.author, body.force)
        .await?))
}

async fn export(State(ws): State<Workspaces>, Path(id): Path<String>) -> ApiResult {
    let export = ws.export_stream(&id).await?;
    let revision = export.revision;
    let disposition = format!("attachment; filename=\"{id}-r{revision}.tar.gz\"");
    let chunks = tokio_stream::wrappers::ReceiverStream::new(export.chunks);
    let body = axum::body::Body::from_stream(tokio_stream::StreamExt::map(chunks, |chunk| {
        chunk.map(Bytes::from)
    }));
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/gzip"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    if let Ok(value) = HeaderValue::from_str(&revision.to_string()) {
        h.insert("x-aether-revision", value);
    }
    Ok(response)
}

async fn archive(
    State(ws): State<Workspaces>,
    Path(id): Path<String>,
    caller: Caller,
    OptionalJson(body): OptionalJson<ExpectQuery>,
) -> ApiResult {
    let body = body.unwrap_or_default();
    let change = caller.change(id, body.expected_revision)?;
    Ok(ok(ws.archive(&change).await?))
}

async fn sources(State(ws): State<Workspaces>) -> ApiResult {
    Ok(ok(json!({ "sources": ws.sources().await? })))
}

async fn source(State(ws): State<Workspaces>, Path(name): Path<String>) -> ApiResult {
    let source = ws.source(&name).await?;
    let commits = ws.commits(&name).await?;
    Ok(ok(json!({ "source": source, "commits": commits })))
}

#[cfg(test)]
mod tests {
    use super::ByteRange;

    #[test]
    fn ranges_resolve_against_the_size_without_overflow() {
        let from = |start, end| ByteRange::From { start, end };
        assert_eq!(from(0, Some(u64::MAX)).within(10), Some((0, 10)));
        assert_eq!(from(2, Some(4)).within(10), Some((2, 3)));
        assert_eq!(from(9, None).within(10), Some((9, 1)));
        assert_eq!(from(10, None).within(10), None);
        assert_eq!(from(0, None).within(0), None);
        assert_eq!(ByteRange::Last(3).within(10), Some((7, 3)));
        assert_eq!(ByteRange::Last(30).within(10), Some((0, 10)));
        assert_eq!(ByteRange::Last(0).within(10), None);
        assert_eq!(ByteRange::Last(5).within(0), None);
    }
}
