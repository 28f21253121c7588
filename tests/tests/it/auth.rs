//! API keys and roles end to end: every gRPC method of the proto descriptors and every HTTP
//! route of the OpenAPI document refuses a missing key, a wrong key and a key without the
//! role, and changes nothing; a worker key cannot act as another key's worker; the key that
//! decides an approval is its `by`; the loopback rules of a server without keys.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::Duration,
};

use aether_proto::v1::{
    self, approval_service_client::ApprovalServiceClient,
    client_service_client::ClientServiceClient, worker_service_client::WorkerServiceClient,
    workspace_service_client::WorkspaceServiceClient,
};
use aether_sdk::{ClientOptions, StepError, Worker, WorkflowContext, workflow};
use aether_server::{Server, auth::RoleSet};
use aether_types::{
    auth::{Role, key_digest_hex},
    config::{Config, KeyConfig, PersistenceMode},
};
use prost::{
    Message,
    bytes::{Buf, BufMut, Bytes},
};
use serde_json::Value;
use tonic::{
    Code, Request, Status,
    codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder},
    metadata::MetadataValue,
    transport::Channel,
};

use crate::support::{next_grpc_task, within};

const LONG: Duration = Duration::from_secs(20);

/// The keys of the test server: (name, key, roles).
const KEYS: &[(&str, &str, &[Role])] = &[
    ("ops", "aek_test-admin", &[Role::Admin]),
    ("app", "aek_test-client", &[Role::Client]),
    ("ci-worker", "aek_test-worker", &[Role::Worker]),
    ("other-worker", "aek_test-worker-2", &[Role::Worker]),
    ("ana", "aek_test-approver", &[Role::Approver]),
    ("dash", "aek_test-reader", &[Role::Reader]),
    (
        "app-worker",
        "aek_test-app-worker",
        &[Role::Client, Role::Worker],
    ),
];

const ADMIN: &str = "aek_test-admin";
const CLIENT: &str = "aek_test-client";
const WORKER: &str = "aek_test-worker";
const OTHER_WORKER: &str = "aek_test-worker-2";
const APPROVER: &str = "aek_test-approver";
const WRONG: &str = "aek_not-a-configured-key";

fn config_with_keys() -> Config {
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::Memory;
    config.auth.keys = KEYS
        .iter()
        .map(|(name, key, roles)| KeyConfig {
            name: (*name).into(),
            sha256: key_digest_hex(key),
            roles: roles.to_vec(),
        })
        .collect();
    config
}

struct AuthEngine {
    server: Server,
    grpc: String,
    http: String,
}

impl AuthEngine {
    async fn start() -> Self {
        let server = Server::start(&config_with_keys())
            .await
            .expect("engine starts");
        let grpc = format!("http://{}", server.grpc_addr());
        let http = format!("http://{}", server.http_addr());
        Self { server, grpc, http }
    }

    async fn channel(&self) -> Channel {
        Channel::from_shared(self.grpc.clone())
            .unwrap()
            .connect()
            .await
            .expect("channel connects")
    }
}

impl Drop for AuthEngine {
    fn drop(&mut self) {
        self.server.shutdown();
    }
}

fn with_key<T>(message: T, key: Option<&str>) -> Request<T> {
    let mut request = Request::new(message);
    if let Some(key) = key {
        request.metadata_mut().insert(
            "authorization",
            MetadataValue::try_from(format!("Bearer {key}")).unwrap(),
        );
    }
    request
}

/// Messages as raw bytes, so that any method can be called without knowing its types.
#[derive(Clone, Copy, Default)]
struct RawCodec;

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawCodec;
    type Decoder = RawCodec;

    fn encoder(&mut self) -> Self::Encoder {
        RawCodec
    }

    fn decoder(&mut self) -> Self::Decoder {
        RawCodec
    }
}

impl Encoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put(item);
        Ok(())
    }
}

impl Decoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}

/// Calls `path` with one empty message (a stream of one fits every kind of method) and returns
/// the status the call opened with.
async fn raw_call(channel: &Channel, path: &str, key: Option<&str>) -> Status {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.expect("channel ready");
    let request = with_key(futures::stream::iter(vec![Bytes::new()]), key);
    let path = tonic::codegen::http::uri::PathAndQuery::try_from(path).unwrap();
    match grpc.streaming(request, path, RawCodec).await {
        Ok(_) => Status::ok("the call was accepted"),
        Err(status) => status,
    }
}

/// Every method the proto files declare, as `/aether.v1.Service/Method`.
fn every_grpc_method() -> Vec<String> {
    let set = prost_types::FileDescriptorSet::decode(aether_proto::FILE_DESCRIPTOR_SET)
        .expect("the descriptor set decodes");
    let mut methods = Vec::new();
    for file in &set.file {
        for service in &file.service {
            for method in &service.method {
                methods.push(format!(
                    "/{}.{}/{}",
                    file.package(),
                    service.name(),
                    method.name()
                ));
            }
        }
    }
    methods
}

/// A configured key none of whose roles may make a call that needs `needed`.
fn key_without(needed: RoleSet) -> Option<&'static str> {
    KEYS.iter()
        .find(|(_, _, roles)| !RoleSet::of(roles).allows(needed))
        .map(|(_, key, _)| *key)
}

/// What the server holds, as an admin reads it over HTTP: compared before and after the
/// refused calls.
async fn everything(http: &reqwest::Client, base: &str) -> Vec<Value> {
    let mut seen = Vec::new();
    for path in [
        "/v1/workflows",
        "/v1/sessions",
        "/v1/schedules",
        "/v1/approvals",
        "/v1/workers",
        "/v1/sources",
        "/v1/sessions/auth-s/events",
        "/v1/sessions/auth-s/manifest",
    ] {
        let response = http
            .get(format!("{base}{path}"))
            .bearer_auth(ADMIN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "GET {path} as admin");
        seen.push(response.json().await.unwrap());
    }
    seen
}

/// Some state for the refused calls to (not) change: a workflow no worker serves and a session.
async fn seed(engine: &AuthEngine) {
    let channel = engine.channel().await;
    ClientServiceClient::new(channel.clone())
        .start_workflow(with_key(
            v1::StartWorkflowRequest {
                workflow_type: "nobody-serves".into(),
                input: b"{}".to_vec(),
                workflow_id: "auth-wf".into(),
                ..Default::default()
            },
            Some(CLIENT),
        ))
        .await
        .expect("a client key starts a workflow");
    WorkspaceServiceClient::new(channel)
        .create_session(with_key(
            v1::CreateSessionRequest {
                id: Some("auth-s".into()),
                ..Default::default()
            },
            Some(CLIENT),
        ))
        .await
        .expect("a client key creates a session");
}

#[tokio::test]
async fn every_grpc_method_refuses_a_missing_wrong_or_unentitled_key_and_changes_nothing() {
    let engine = AuthEngine::start().await;
    seed(&engine).await;
    let http = reqwest::Client::new();
    let before = everything(&http, &engine.http).await;
    let channel = engine.channel().await;

    let methods = every_grpc_method();
    assert!(methods.len() > 60, "only {} methods", methods.len());
    let mut open_to_every_role = Vec::new();
    for method in &methods {
        let needed = aether_server::auth::table::grpc(method)
            .unwrap_or_else(|| panic!("{method} is not in the role table"));

        let status = raw_call(&channel, method, None).await;
        assert_eq!(
            status.code(),
            Code::Unauthenticated,
            "{method} without a key: {status:?}"
        );
        let status = raw_call(&channel, method, Some(WRONG)).await;
        assert_eq!(
            status.code(),
            Code::Unauthenticated,
            "{method} with a wrong key: {status:?}"
        );
        match key_without(needed) {
            Some(key) => {
                let status = raw_call(&channel, method, Some(key)).await;
                assert_eq!(
                    status.code(),
                    Code::PermissionDenied,
                    "{method} with a key without its roles: {status:?}"
                );
            }
            None => open_to_every_role.push(method.clone()),
        }
    }
    // Only the workspace reads are open to every role (a worker's steps and a reviewer read
    // sessions too); nothing that changes anything is.
    for method in &open_to_every_role {
        let name = method.rsplit('/').next().unwrap();
        assert!(
            ["Get", "List", "Read", "Search", "Subscribe", "Export"]
                .iter()
                .any(|read| name.starts_with(read)),
            "{method} is open to every role"
        );
    }

    // An unknown method is refused too, before tonic could say it does not exist.
    let status = raw_call(
        &channel,
        "/aether.v1.ClientService/NoSuchMethod",
        Some(ADMIN),
    )
    .await;
    assert_eq!(status.code(), Code::PermissionDenied, "{status:?}");

    assert_eq!(everything(&http, &engine.http).await, before);
}

/// The router's template of an OpenAPI path (catch-all parameters are spelled `{*x}` there).
fn template(path: &str) -> String {
    path.replace("/files/{path}", "/files/{*path}")
        .replace("/sources/{name}", "/sources/{*name}")
}

fn concrete(path: &str) -> String {
    path.replace("{id}", "auth-s")
        .replace("{path}", "a.txt")
        .replace("{key}", "k")
        .replace("{topic}", "t")
        .replace("{annotation}", "n")
        .replace("{name}", "main")
}

#[tokio::test]
async fn every_http_route_refuses_a_missing_wrong_or_unentitled_key_and_changes_nothing() {
    let engine = AuthEngine::start().await;
    seed(&engine).await;
    let http = reqwest::Client::new();
    let document: Value = http
        .get(format!("{}/v1/openapi.json", engine.http))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let before = everything(&http, &engine.http).await;

    let mut routes = 0;
    for (path, operations) in document["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            if path.starts_with("/v1/auth/") {
                continue; // Signing in is how a caller gets a role.
            }
            routes += 1;
            let upper = method.to_uppercase();
            let needed = aether_server::auth::table::http(&upper, &template(path))
                .unwrap_or_else(|| panic!("{upper} {path} is not in the role table"));
            let url = format!("{}{}", engine.http, concrete(path));
            let send = |key: Option<&str>| {
                let mut request = http
                    .request(upper.parse().unwrap(), &url)
                    .header("content-type", "application/json");
                if method != "get" {
                    request = request.body("{}");
                }
                if let Some(key) = key {
                    request = request.bearer_auth(key);
                }
                request.send()
            };
            for (key, status, code) in [
                (None, 401, "unauthenticated"),
                (Some(WRONG), 401, "unauthenticated"),
            ]
            .into_iter()
            .chain(key_without(needed).map(|k| (Some(k), 403, "permission_denied")))
            {
                let response = send(key).await.unwrap();
                assert_eq!(response.status(), status, "{upper} {path} with {key:?}");
                let body: Value = response.json().await.unwrap();
                assert_eq!(body["code"], code, "{upper} {path}: {body}");
                assert!(body["message"].is_string(), "{upper} {path}: {body}");
            }
        }
    }
    assert!(routes > 50, "only {routes} routes");

    // An unknown /v1 path is a 404 only for a caller with a key.
    let response = http
        .get(format!("{}/v1/no-such-route", engine.http))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // Health and the dashboard's files stay open.
    for open in ["/healthz", "/", "/v1/openapi.json"] {
        let response = http
            .get(format!("{}{open}", engine.http))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{open}");
    }

    assert_eq!(everything(&http, &engine.http).await, before);
}

#[tokio::test]
async fn a_worker_key_cannot_act_as_another_keys_worker() {
    let engine = AuthEngine::start().await;
    let channel = engine.channel().await;
    let mut workers = WorkerServiceClient::new(channel.clone());
    let register = |id: &str| v1::RegisterRequest {
        worker_id: id.into(),
        workflow_types: vec!["guarded".into()],
        capacity: 1,
        ..Default::default()
    };

    workers
        .register(with_key(register("victim"), Some(WORKER)))
        .await
        .expect("the owner registers");
    let refused = workers
        .register(with_key(register("victim"), Some(OTHER_WORKER)))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied, "{refused:?}");
    let refused = workers
        .poll_tasks(with_key(
            v1::PollTasksRequest {
                worker_id: "victim".into(),
            },
            Some(OTHER_WORKER),
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied, "{refused:?}");
    let refused = workers
        .heartbeat(with_key(
            v1::HeartbeatRequest {
                worker_id: "victim".into(),
            },
            Some(OTHER_WORKER),
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied, "{refused:?}");

    // The owner gets the task; the other key cannot report on it, by call or by command stream.
    let mut tasks = workers
        .poll_tasks(with_key(
            v1::PollTasksRequest {
                worker_id: "victim".into(),
            },
            Some(WORKER),
        ))
        .await
        .expect("the owner polls")
        .into_inner();
    ClientServiceClient::new(channel.clone())
        .start_workflow(with_key(
            v1::StartWorkflowRequest {
                workflow_type: "guarded".into(),
                input: b"{}".to_vec(),
                workflow_id: "guarded-1".into(),
                ..Default::default()
            },
            Some(CLIENT),
        ))
        .await
        .unwrap();
    let task = next_grpc_task(&mut tasks).await;
    let step = |key: &str| {
        with_key(
            v1::CompleteStepRequest {
                task_token: task.task_token.clone(),
                position: 0,
                name: "forged".into(),
                attempt: 1,
                outcome: Some(v1::complete_step_request::Outcome::Result(
                    b"\"forged\"".to_vec(),
                )),
                ..Default::default()
            },
            Some(key),
        )
    };
    let refused = workers.complete_step(step(OTHER_WORKER)).await.unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied, "{refused:?}");
    let mut replies = workers
        .commands(with_key(
            futures::stream::iter(vec![v1::CommandRequest {
                id: 1,
                command: Some(v1::command_request::Command::CompleteStep(
                    step(OTHER_WORKER).into_inner(),
                )),
            }]),
            Some(OTHER_WORKER),
        ))
        .await
        .expect("the stream opens")
        .into_inner();
    let reply = within("the command reply", LONG, replies.message())
        .await
        .unwrap()
        .expect("a reply");
    match reply.reply {
        Some(v1::command_reply::Reply::Error(error)) => {
            assert_eq!(error.code, Code::PermissionDenied as i32, "{error:?}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let history = ClientServiceClient::new(channel.clone())
        .get_history(with_key(
            v1::GetHistoryRequest {
                workflow_id: "guarded-1".into(),
            },
            Some(ADMIN),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(history.events.len(), 1, "nothing forged: {history:?}");

    // The owner's report is taken.
    let done = workers
        .complete_step(step(WORKER))
        .await
        .expect("the owner reports")
        .into_inner();
    assert_eq!(done.directive(), v1::Directive::Continue);
}

#[tokio::test]
async fn the_deciding_key_is_the_approvals_by_and_a_claimed_name_only_a_hint() {
    let engine = AuthEngine::start().await;
    seed(&engine).await;
    let channel = engine.channel().await;
    let mut approvals = ApprovalServiceClient::new(channel);
    let request = |reason: &str| v1::RequestSessionApprovalRequest {
        session_id: "auth-s".into(),
        request: Some(v1::ApprovalRequest {
            reason: reason.into(),
            ..Default::default()
        }),
    };
    let over_grpc = approvals
        .request_session_approval(with_key(request("grpc"), Some(CLIENT)))
        .await
        .unwrap()
        .into_inner();
    let decided = approvals
        .decide_approval(with_key(
            v1::DecideApprovalRequest {
                approval_id: over_grpc.id.clone(),
                outcome: v1::Outcome::Approved.into(),
                by: Some("mallory".into()),
                ..Default::default()
            },
            Some(APPROVER),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(decided.decided_by.as_deref(), Some("ana"));
    assert_eq!(decided.decided_by_hint.as_deref(), Some("mallory"));

    let over_http = approvals
        .request_session_approval(with_key(request("http"), Some(CLIENT)))
        .await
        .unwrap()
        .into_inner();
    let http = reqwest::Client::new();
    let url = format!("{}/v1/approvals/{}/deny", engine.http, over_http.id);
    // A client key may not decide.
    let response = http
        .post(&url)
        .bearer_auth(CLIENT)
        .json(&serde_json::json!({ "by": "ana" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = http
        .post(&url)
        .bearer_auth(APPROVER)
        .header("x-aether-actor", "eve")
        .json(&serde_json::json!({ "by": "mallory" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["decidedBy"], "ana", "{body}");
    assert_eq!(body["decidedByHint"], "mallory", "{body}");
}

#[tokio::test]
async fn the_rust_sdk_runs_a_workflow_with_a_key_and_fails_without_one() {
    let engine = AuthEngine::start().await;
    let wf = workflow("keyed", |ctx: WorkflowContext, x: u64| async move {
        ctx.step("double", move || async move { Ok::<_, StepError>(x * 2) })
            .await
    });
    let keyed = aether_sdk::Client::connect_with(
        &engine.grpc,
        ClientOptions::default().api_key("aek_test-app-worker"),
    )
    .await
    .unwrap();
    let worker = Worker::new(&keyed).register(&wf).spawn();
    let result: u64 = within("start_and_wait", LONG, keyed.start_and_wait(&wf, &21))
        .await
        .unwrap();
    assert_eq!(result, 42);
    worker.shutdown().await;

    let wrong =
        aether_sdk::Client::connect_with(&engine.grpc, ClientOptions::default().api_key(WRONG))
            .await
            .unwrap();
    match wrong.start(&wf, &1).await {
        Err(aether_sdk::Error::Rpc(status)) => assert_eq!(status.code(), Code::Unauthenticated),
        other => panic!("expected UNAUTHENTICATED, got {other:?}"),
    }
}

/// `aether key new` prints a key and the entry that admits it; a server configured with that
/// entry serves the CLI with the key and refuses it without.
#[tokio::test(flavor = "multi_thread")]
async fn the_cli_makes_a_key_and_uses_it() {
    let made = Command::new(aether_tests::workspace_bin("aether"))
        .args(["key", "new", "cli-ops", "--roles", "reader,client"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let printed = String::from_utf8(made.stdout).unwrap();
    let key = printed
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("aek_"))
        .expect("the key is printed")
        .to_owned();
    assert!(!printed.contains(&format!("sha256 = \"{key}\"")));
    let snippet = &printed[printed.find("[[auth.keys]]").expect("the entry is printed")..];
    let mut config = Config::from_toml("snippet", snippet).expect("the entry parses");
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::Memory;
    assert_eq!(config.auth.keys[0].name, "cli-ops");
    assert_eq!(config.auth.keys[0].sha256, key_digest_hex(&key));
    assert_eq!(config.auth.keys[0].roles, [Role::Client, Role::Reader]);
    let server = Server::start(&config).await.expect("engine starts");
    let url = format!("http://{}", server.grpc_addr());

    let list = |key: Option<&str>| {
        let mut command = Command::new(aether_tests::workspace_bin("aether"));
        command
            .args(["workflow", "list", "--json", "--server", &url])
            .env_remove("AETHER_API_KEY");
        if let Some(key) = key {
            command.args(["--api-key", key]);
        }
        command.output().unwrap()
    };
    let listed = list(Some(&key));
    assert!(listed.status.success(), "{listed:?}");
    let refused = list(None);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("--api-key"), "{stderr}");
    // The key from the environment works as the flag does.
    let from_env = Command::new(aether_tests::workspace_bin("aether"))
        .args(["workflow", "list", "--json", "--server", &url])
        .env("AETHER_API_KEY", &key)
        .output()
        .unwrap();
    assert!(from_env.status.success(), "{from_env:?}");
    server.shutdown();

    let bad = Command::new(aether_tests::workspace_bin("aether"))
        .args(["key", "new", "x", "--roles", "root"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("root"));
}

#[test]
fn a_non_loopback_host_without_keys_is_refused_and_served_only_when_told_insecure() {
    let refused = Command::new(aether_tests::workspace_bin("aether"))
        .args([
            "serve",
            "--host",
            "0.0.0.0",
            "--grpc-port",
            "0",
            "--http-port",
            "0",
        ])
        .args(["--persistence", "memory"])
        .env_remove("AETHER_INSECURE_NO_AUTH")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("not a loopback address") && stderr.contains("--insecure-no-auth"),
        "{stderr}"
    );

    let mut child = Command::new(aether_tests::workspace_bin("aether"))
        .args([
            "serve",
            "--host",
            "0.0.0.0",
            "--grpc-port",
            "0",
            "--http-port",
            "0",
        ])
        .args([
            "--persistence",
            "memory",
            "--insecure-no-auth",
            "--ready-json",
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let ready = stdout.next().and_then(Result::ok);
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let warned = stderr
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("WARNING: NO AUTHENTICATION"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        ready.is_some_and(|line| line.contains("grpc_addr")),
        "it served"
    );
    assert!(warned, "it warned");
}

#[tokio::test]
async fn without_keys_foreign_hosts_cross_site_origins_and_text_bodies_are_refused() {
    let engine = crate::support::TestEngine::start().await;
    let base = format!("http://{}", engine.server.http_addr());
    let port = engine.server.http_addr().port();
    let http = reqwest::Client::new();
    let session = http
        .post(format!("{base}/v1/sessions"))
        .json(&serde_json::json!({ "id": "s" }))
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 201);
    let archived = || async {
        let body: Value = http
            .get(format!("{base}/v1/sessions/s"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["state"].clone()
    };
    let state = archived().await;

    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".into(),
    ] {
        let response = http
            .get(format!("{base}/v1/sessions"))
            .header("host", &host)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{host}");
    }
    // DNS rebinding: the page's own name in Host.
    let response = http
        .post(format!("{base}/v1/sessions/s/archive"))
        .header("host", format!("rebind.example:{port}"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "permission_denied");
    // A cross-site page.
    let response = http
        .post(format!("{base}/v1/sessions/s/archive"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    // A "simple" text/plain POST that a page may send anywhere without asking.
    let response = http
        .post(format!("{base}/v1/sessions/s/archive"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "unsupported_media_type");
    assert_eq!(archived().await, state, "nothing was archived");

    // The dashboard on loopback is served, and says no sign-in is needed.
    let who: Value = http
        .get(format!("{base}/v1/auth/session"))
        .header("origin", format!("http://localhost:{port}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(who["authRequired"], false);
    assert_eq!(who["roles"], serde_json::json!(["admin"]));
}

#[tokio::test]
async fn the_dashboard_signs_in_with_a_key_and_its_cookie_works_only_from_its_origin() {
    let engine = AuthEngine::start().await;
    let http = reqwest::Client::new();
    let base = &engine.http;
    let host = engine.server.http_addr().to_string();
    let url = format!("{base}/v1/auth/session");

    let wrong = http
        .post(&url)
        .json(&serde_json::json!({ "key": WRONG }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let signed_in = http
        .post(&url)
        .json(&serde_json::json!({ "key": APPROVER }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let who: Value = signed_in.json().await.unwrap();
    assert_eq!(who["name"], "ana");
    assert_eq!(who["roles"], serde_json::json!(["approver"]));
    assert_eq!(who["authRequired"], true);
    let session = cookie.split(';').next().unwrap().to_owned();

    let get = |path: &str, origin: Option<&str>| {
        let mut request = http.get(format!("{base}{path}")).header("cookie", &session);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let own = format!("http://{host}");
    assert_eq!(
        get("/v1/approvals", Some(&own)).await.unwrap().status(),
        200
    );
    assert_eq!(get("/v1/approvals", None).await.unwrap().status(), 200);
    assert_eq!(get("/v1/auth/session", None).await.unwrap().status(), 200);
    assert_eq!(
        get("/v1/approvals", Some("https://evil.example"))
            .await
            .unwrap()
            .status(),
        403
    );
    let cross_site = http
        .get(format!("{base}/v1/approvals"))
        .header("cookie", &session)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    // Roles still apply to a cookie.
    let start = http
        .post(format!("{base}/v1/schedules"))
        .header("cookie", &session)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 403);

    let out = http
        .delete(&url)
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(get("/v1/approvals", None).await.unwrap().status(), 401);
    assert_eq!(get("/v1/auth/session", None).await.unwrap().status(), 401);
}
