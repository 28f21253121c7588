//! Prometheus metrics (`[metrics]`): a real `aether serve` with metrics on runs a known set of
//! workflows with a real worker, and its `/metrics` page, read with a Prometheus text-format
//! parser, counts exactly what ran, by type; its gauges say what the store holds. With metrics
//! off nothing listens on the metrics port. The section layers like every other: file,
//! environment, flags.

use std::{
    collections::{BTreeMap, HashSet},
    path::Path,
    process::Command,
    sync::{
        Arc,
        atomic::{AtomicU32, Ordering},
    },
    time::Duration,
};

use aether_sdk::{
    ActivityOptions, ApprovalListOptions, ApprovalRequest, Client, RetryPolicy, StepError, Worker,
    WorkflowContext, WorkflowStatus, workflow,
};
use aether_tests::workspace_bin;
use aether_types::workspace::CreateSession;
use prom_text_format_parser::{Metric, Sample, Scrape, Type, ValueType};
use tokio::sync::mpsc;

use crate::support::{ServeProcess, eventually, free_port, until_suspended_on, within};

const LONG: Duration = Duration::from_secs(30);
const CAPACITY: u32 = 8;

/// One scrape, parsed.
struct Page {
    metrics: Vec<Metric>,
}

fn label<'a>(sample: &'a Sample, key: &str) -> Option<&'a str> {
    sample
        .labels
        .iter()
        .find(|l| l.key == key)
        .map(|l| l.value.as_str())
}

impl Page {
    async fn scrape(url: &str) -> Self {
        let response = reqwest::get(url).await.expect("GET /metrics");
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with("text/plain"), "{content_type}");
        let text = response.text().await.unwrap();
        let scrape = Scrape::parse(&text).expect("the page is Prometheus text format");
        Self {
            metrics: scrape.metrics,
        }
    }

    fn family(&self, name: &str, kind: Type) -> Option<&Metric> {
        let family = self.metrics.iter().find(|m| m.name == name)?;
        assert_eq!(family.kind, kind, "{name}");
        Some(family)
    }

    /// The samples of `name` of type `value_type` whose labels include `labels`.
    fn samples<'a>(
        &'a self,
        name: &str,
        kind: Type,
        value_type: ValueType,
        labels: &'a [(&'a str, &'a str)],
    ) -> impl Iterator<Item = &'a Sample> + 'a {
        self.family(name, kind)
            .into_iter()
            .flat_map(|family| family.samples.iter())
            .filter(move |s| {
                s.value.value_type == value_type
                    && labels.iter().all(|(k, v)| label(s, k) == Some(*v))
            })
    }

    /// The one value of a counter or gauge with `labels` (0 when nothing was counted yet).
    fn value(&self, name: &str, kind: Type, labels: &[(&str, &str)]) -> f64 {
        let found: Vec<_> = self
            .samples(name, kind, ValueType::Sample, labels)
            .collect();
        assert!(found.len() <= 1, "{name} {labels:?}: {found:?}");
        found.first().map_or(0.0, |s| s.value.value.as_f64())
    }

    fn counter(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.value(name, Type::Counter, labels)
    }

    fn gauge(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.value(name, Type::Gauge, labels)
    }

    /// A counter's or gauge's series, by the value of `label` (the others must match `fixed`).
    fn by(
        &self,
        name: &str,
        kind: Type,
        key: &str,
        fixed: &[(&str, &str)],
    ) -> BTreeMap<String, f64> {
        self.samples(name, kind, ValueType::Sample, fixed)
            .map(|s| {
                (
                    label(s, key).unwrap_or_default().to_owned(),
                    s.value.value.as_f64(),
                )
            })
            .collect()
    }

    /// A histogram's observations with `labels`: its `+Inf` bucket, checked against its
    /// `_count`, with cumulative buckets.
    fn observations(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let buckets: Vec<f64> = self
            .samples(name, Type::Histogram, ValueType::Sample, labels)
            .map(|s| s.value.value.as_f64())
            .collect();
        assert!(
            buckets.windows(2).all(|w| w[0] <= w[1]),
            "{name} {labels:?}: buckets are cumulative"
        );
        let total = self
            .samples(name, Type::Histogram, ValueType::Sample, labels)
            .find(|s| label(s, "le") == Some("+Inf"))
            .map_or(0.0, |s| s.value.value.as_f64());
        let counts: Vec<_> = self
            .samples(name, Type::Histogram, ValueType::Count, labels)
            .collect();
        assert!(counts.len() <= 1, "{name} {labels:?}: one series");
        assert_eq!(
            total,
            counts.first().map_or(0.0, |s| s.value.value.as_f64()),
            "{name} {labels:?}"
        );
        total
    }

    /// A histogram's `_count` per value of `key`.
    fn observations_by(&self, name: &str, key: &str) -> BTreeMap<String, f64> {
        self.samples(name, Type::Histogram, ValueType::Count, &[])
            .map(|s| {
                (
                    label(s, key).unwrap_or_default().to_owned(),
                    s.value.value.as_f64(),
                )
            })
            .collect()
    }

    fn histogram_sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.samples(name, Type::Histogram, ValueType::Sum, labels)
            .map(|s| s.value.value.as_f64())
            .sum()
    }
}

fn counts(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[tokio::test]
async fn the_metrics_page_counts_exactly_what_ran() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let server = ServeProcess::start(&[
        "--persistence",
        "state-action-log",
        "--db",
        db.to_str().unwrap(),
        "--metrics",
        "--metrics-port",
        "0",
    ]);
    let metrics_url = server
        .metrics
        .clone()
        .expect("the ready line names /metrics");
    let client = Client::connect(&server.url).await.unwrap();

    let ok = workflow("ok", |ctx: WorkflowContext, x: u64| async move {
        let a: u64 = ctx
            .step("add", move || async move { Ok::<_, StepError>(x + 1) })
            .await?;
        ctx.step("double", move || async move { Ok::<_, StepError>(a * 2) })
            .await
    });
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let flaky = workflow("flaky", move |ctx: WorkflowContext, _: ()| {
        let counter = Arc::clone(&counter);
        async move {
            let options = ActivityOptions {
                retry: RetryPolicy {
                    initial_interval: Duration::from_millis(10),
                    max_attempts: 5,
                    ..RetryPolicy::default()
                },
                ..ActivityOptions::default()
            };
            ctx.activity("charge", options, move || {
                let counter = Arc::clone(&counter);
                async move {
                    if counter.fetch_add(1, Ordering::SeqCst) < 2 {
                        Err(StepError::new("Timeout", "try again"))
                    } else {
                        Ok("charged".to_string())
                    }
                }
            })
            .await
        }
    });
    let doomed = workflow("doomed", |ctx: WorkflowContext, _: ()| async move {
        let options = ActivityOptions {
            retry: RetryPolicy {
                max_attempts: 1,
                ..RetryPolicy::default()
            },
            ..ActivityOptions::default()
        };
        ctx.activity("decline", options, || async {
            Err::<(), _>(StepError::new("Declined", "no"))
        })
        .await
    });
    let (started_tx, mut started_rx) = mpsc::unbounded_channel::<()>();
    let blocker = workflow("blocker", move |ctx: WorkflowContext, _: ()| {
        let started = started_tx.clone();
        async move {
            ctx.step("forever", move || async move {
                let _ = started.send(());
                std::future::pending::<()>().await;
                Ok::<_, StepError>(())
            })
            .await
        }
    });
    let gated = workflow("gated", |ctx: WorkflowContext, _: ()| async move {
        let decision = ctx
            .request_approval(ApprovalRequest {
                reason: "deploy".into(),
                ..Default::default()
            })
            .await?;
        Ok::<_, aether_sdk::Error>(format!("{:?}", decision.outcome))
    });
    let sleeper = workflow("sleeper", |ctx: WorkflowContext, _: ()| async move {
        ctx.sleep(Duration::from_secs(3600)).await
    });
    let writer = workflow("writer", |ctx: WorkflowContext, _: ()| async move {
        let ws = ctx.workspace();
        let session = ws.create(CreateSession::blank()).await?.id;
        ws.write(&session, "a.txt", "one", None).await?;
        Ok::<_, aether_sdk::Error>(session)
    });
    let worker = Worker::new(&client)
        .capacity(CAPACITY)
        .register(&ok)
        .register(&flaky)
        .register(&doomed)
        .register(&blocker)
        .register(&gated)
        .register(&sleeper)
        .register(&writer)
        .spawn();

    let mut ids = Vec::new();
    for x in 0..3 {
        let result = within("ok", LONG, client.start_and_wait(&ok, &x)).await;
        assert_eq!(result.unwrap(), (x + 1) * 2);
    }
    let id = client.start(&flaky, &()).await.unwrap();
    assert_eq!(
        within("flaky", LONG, client.result::<String>(&id))
            .await
            .unwrap(),
        "charged"
    );
    ids.push(id);
    let id = client.start(&doomed, &()).await.unwrap();
    let status = within("doomed", LONG, client.wait_for(&id)).await.unwrap();
    assert_eq!(status.status, WorkflowStatus::Failed);
    ids.push(id);
    let id = client.start(&blocker, &()).await.unwrap();
    within("the blocker's step", LONG, started_rx.recv())
        .await
        .unwrap();
    assert_eq!(
        client.cancel(&id, "test").await.unwrap(),
        WorkflowStatus::Cancelled
    );
    ids.push(id);
    let id = client.start(&writer, &()).await.unwrap();
    within("writer", LONG, client.result::<String>(&id))
        .await
        .unwrap();
    ids.push(id);
    let approved = client.start(&gated, &()).await.unwrap();
    let waiting = client.start(&gated, &()).await.unwrap();
    let sleeping = client.start(&sleeper, &()).await.unwrap();
    until_suspended_on(&client, &approved, "approval").await;
    let (pending, _) = client
        .approvals()
        .list(&ApprovalListOptions {
            workflow_id: Some(approved.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    client
        .approvals()
        .approve(&pending[0].id, Default::default())
        .await
        .unwrap();
    assert_eq!(
        within("approved", LONG, client.result::<String>(&approved))
            .await
            .unwrap(),
        "Approved"
    );
    until_suspended_on(&client, &waiting, "approval").await;
    until_suspended_on(&client, &sleeping, "timer").await;
    ids.extend([approved, waiting.clone(), sleeping]);
    // One failed gRPC call, and HTTP requests on a route with an id.
    assert!(client.status("no-such-workflow").await.is_err());
    let http = reqwest::Client::new();
    let get = |path: String| http.get(format!("{}{path}", server.http)).send();
    assert_eq!(get("/healthz".into()).await.unwrap().status(), 200);
    assert_eq!(
        get(format!("/v1/workflows/{waiting}"))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        get("/v1/workflows/no-such-workflow".into())
            .await
            .unwrap()
            .status(),
        404
    );

    // The slots of the suspended and finished workflows are released after their commits;
    // wait for the scheduler to say so before reading everything from one page.
    let page = eventually("every worker slot free", LONG, || async {
        let page = Page::scrape(&metrics_url).await;
        (page.gauge("aether_worker_slots_used", &[]) == 0.0).then_some(page)
    })
    .await;

    // Outcomes by type: exactly what ran.
    assert_eq!(
        page.by(
            "aether_workflows_started_total",
            Type::Counter,
            "workflow_type",
            &[]
        ),
        counts(&[
            ("blocker", 1.0),
            ("doomed", 1.0),
            ("flaky", 1.0),
            ("gated", 2.0),
            ("ok", 3.0),
            ("sleeper", 1.0),
            ("writer", 1.0),
        ])
    );
    let finished = |outcome| {
        page.by(
            "aether_workflows_finished_total",
            Type::Counter,
            "workflow_type",
            &[("outcome", outcome)],
        )
    };
    assert_eq!(
        finished("completed"),
        counts(&[("flaky", 1.0), ("gated", 1.0), ("ok", 3.0), ("writer", 1.0)])
    );
    assert_eq!(finished("failed"), counts(&[("doomed", 1.0)]));
    assert_eq!(finished("cancelled"), counts(&[("blocker", 1.0)]));
    for (workflow_type, outcome, n) in [
        ("ok", "completed", 3.0),
        ("flaky", "completed", 1.0),
        ("doomed", "failed", 1.0),
        ("blocker", "cancelled", 1.0),
    ] {
        let labels = [("workflow_type", workflow_type), ("outcome", outcome)];
        assert_eq!(
            page.observations("aether_workflow_duration_seconds", &labels),
            n,
            "{labels:?}"
        );
    }

    // Step attempts, the retries included, and their latency as the worker measured it.
    let attempts = |outcome| {
        page.by(
            "aether_step_attempts_total",
            Type::Counter,
            "workflow_type",
            &[("outcome", outcome)],
        )
    };
    assert_eq!(
        attempts("completed"),
        counts(&[("flaky", 1.0), ("ok", 6.0)])
    );
    assert_eq!(
        attempts("failed"),
        counts(&[("doomed", 1.0), ("flaky", 2.0)])
    );
    for (workflow_type, outcome, n) in [
        ("ok", "completed", 6.0),
        ("flaky", "failed", 2.0),
        ("flaky", "completed", 1.0),
        ("doomed", "failed", 1.0),
    ] {
        let labels = [("workflow_type", workflow_type), ("outcome", outcome)];
        assert_eq!(
            page.observations("aether_step_duration_seconds", &labels),
            n,
            "{labels:?}"
        );
    }
    // Every task handed to a worker waited for it once: as many observations as dispatches.
    let engine_counts = client.metrics().await.unwrap();
    let dispatched: f64 = page
        .observations_by("aether_schedule_to_start_seconds", "workflow_type")
        .values()
        .sum();
    assert_eq!(dispatched, engine_counts.tasks_dispatched as f64);
    for workflow_type in [
        "ok", "flaky", "doomed", "blocker", "gated", "sleeper", "writer",
    ] {
        let labels = [("workflow_type", workflow_type)];
        assert!(
            page.observations("aether_schedule_to_start_seconds", &labels) >= 1.0,
            "{workflow_type} was dispatched"
        );
    }

    // Workspace activities the engine ran, and the changes they made.
    for op in ["workspace.create", "workspace.write"] {
        let labels = [("op", op), ("outcome", "ok")];
        assert_eq!(
            page.observations("aether_activity_duration_seconds", &labels),
            1.0,
            "{op}"
        );
    }
    assert_eq!(
        page.by("aether_workspace_changes_total", Type::Counter, "kind", &[]),
        counts(&[("file.written", 1.0), ("session.created", 1.0)])
    );

    // Approvals: one decided, one pending.
    assert_eq!(
        page.by(
            "aether_approvals_decided_total",
            Type::Counter,
            "outcome",
            &[]
        ),
        counts(&[("approved", 1.0)])
    );
    assert_eq!(
        page.observations(
            "aether_approval_decision_seconds",
            &[("outcome", "approved")]
        ),
        1.0
    );
    assert_eq!(page.gauge("aether_approvals_pending", &[]), 1.0);

    // Gauges say what the store holds: two open workflows, waiting on an approval and a timer.
    let open = client.list(&Default::default()).await.unwrap();
    let running = open
        .iter()
        .filter(|w| w.status == WorkflowStatus::Running)
        .count() as f64;
    assert_eq!(running, 2.0);
    assert_eq!(
        page.by("aether_workflows_open", Type::Gauge, "state", &[]),
        counts(&[("pending", 0.0), ("running", running)])
    );
    assert_eq!(
        page.by("aether_workflows_waiting", Type::Gauge, "wait", &[]),
        counts(&[
            ("approval", 1.0),
            ("child", 0.0),
            ("retry-backoff", 0.0),
            ("signal", 0.0),
            ("timer", 1.0),
        ])
    );
    assert_eq!(page.gauge("aether_workers_connected", &[]), 1.0);
    assert_eq!(
        page.gauge("aether_worker_slots_capacity", &[]),
        f64::from(CAPACITY)
    );
    assert_eq!(page.gauge("aether_queue_depth", &[]), 0.0);

    // The store: every engine write went through the SQLite writer's batches.
    let commits = page.observations("aether_store_commit_seconds", &[]);
    assert!(commits > 0.0);
    assert!(page.observations("aether_store_batch_writes", &[("backend", "sqlite")]) >= 1.0);
    assert_eq!(
        page.histogram_sum("aether_store_batch_writes", &[("backend", "sqlite")]),
        commits
    );

    // The APIs, by route template and method, never by id.
    let grpc = |method, code| {
        page.counter(
            "aether_grpc_requests_total",
            &[
                ("service", "aether.v1.ClientService"),
                ("method", method),
                ("code", code),
            ],
        )
    };
    assert_eq!(grpc("StartWorkflow", "OK"), 10.0);
    // The streams' messages: every start sent its workflow at least one task, and the Rust
    // worker reports on CommandBatches, not on the one-command-per-message Commands.
    let messages = |method, direction| {
        page.counter(
            "aether_grpc_stream_messages_total",
            &[("method", method), ("direction", direction)],
        )
    };
    assert!(messages("PollTasks", "sent") >= 10.0);
    assert!(messages("CommandBatches", "received") >= 1.0);
    assert!(messages("CommandBatches", "sent") >= 1.0);
    assert_eq!(messages("Commands", "received"), 0.0);
    assert_eq!(grpc("CancelWorkflow", "OK"), 1.0);
    assert_eq!(grpc("GetWorkflowStatus", "NOT_FOUND"), 1.0);
    assert!(
        page.observations(
            "aether_grpc_request_duration_seconds",
            &[
                ("service", "aether.v1.ClientService"),
                ("method", "StartWorkflow")
            ]
        ) >= 10.0
    );
    let http_count = |route, code| {
        page.counter(
            "aether_http_requests_total",
            &[("method", "GET"), ("route", route), ("code", code)],
        )
    };
    assert_eq!(http_count("/healthz", "200"), 1.0);
    assert_eq!(http_count("/v1/workflows/{id}", "200"), 1.0);
    assert_eq!(http_count("/v1/workflows/{id}", "404"), 1.0);
    let values: HashSet<&str> = page
        .metrics
        .iter()
        .flat_map(|m| &m.samples)
        .flat_map(|s| s.labels.iter().map(|l| l.value.as_str()))
        .collect();
    for id in ids.iter().map(String::as_str).chain(["no-such-workflow"]) {
        assert!(!values.contains(id), "{id} is a label value");
    }
    assert_eq!(
        page.gauge(
            "aether_build_info",
            &[("version", env!("CARGO_PKG_VERSION"))]
        ),
        1.0
    );
    worker.shutdown().await;
}

#[tokio::test]
async fn with_metrics_off_the_metrics_port_is_closed() {
    let port = free_port();
    let server = ServeProcess::start(&[
        "--persistence",
        "memory",
        "--metrics-port",
        &port.to_string(),
    ]);
    assert_eq!(server.metrics, None, "the ready line names no metrics");
    // The server is serving (its ready line came after every listener was bound).
    let health = reqwest::get(format!("{}/healthz", server.http))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let refused = tokio::net::TcpStream::connect(("127.0.0.1", port)).await;
    assert_eq!(
        refused.map(|_| ()).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::ConnectionRefused)
    );
}

/// `aether serve --print-config` in `dir` with `args` and `env`; (success, stdout, stderr).
fn print_config(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let mut command = Command::new(workspace_bin("aether"));
    command
        .current_dir(dir)
        .args(["serve", "--print-config"])
        .args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("AETHER_") {
            command.env_remove(name);
        }
    }
    let output = command
        .envs(env.iter().copied())
        .output()
        .expect("aether runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn metrics_section(stdout: &str) -> aether_types::config::MetricsConfig {
    aether_types::config::Config::from_toml("--print-config", stdout)
        .expect("the printed configuration parses")
        .metrics
}

#[test]
fn metrics_settings_layer_file_then_environment_then_flags() {
    let dir = tempfile::tempdir().unwrap();
    // Without a file: the defaults, off.
    let (ok, stdout, stderr) = print_config(dir.path(), &[], &[]);
    assert!(ok, "{stderr}");
    assert_eq!(metrics_section(&stdout), Default::default());

    std::fs::write(
        dir.path().join("aether.toml"),
        "[metrics]\nenabled = true\nhost = \"0.0.0.0\"\nport = 9100\n",
    )
    .unwrap();
    let (ok, stdout, stderr) = print_config(dir.path(), &[], &[]);
    assert!(ok, "{stderr}");
    let from_file = metrics_section(&stdout);
    assert!(from_file.enabled);
    assert_eq!((from_file.host.as_str(), from_file.port), ("0.0.0.0", 9100));

    let env = [
        ("AETHER_METRICS_PORT", "9200"),
        ("AETHER_METRICS_HOST", "127.0.0.2"),
        ("AETHER_METRICS_ENABLED", "false"),
    ];
    let (ok, stdout, stderr) = print_config(dir.path(), &[], &env);
    assert!(ok, "{stderr}");
    let from_env = metrics_section(&stdout);
    assert!(!from_env.enabled);
    assert_eq!((from_env.host.as_str(), from_env.port), ("127.0.0.2", 9200));

    let (ok, stdout, stderr) =
        print_config(dir.path(), &["--metrics", "--metrics-port", "9300"], &env);
    assert!(ok, "{stderr}");
    let from_flags = metrics_section(&stdout);
    assert!(from_flags.enabled);
    assert_eq!(
        (from_flags.host.as_str(), from_flags.port),
        ("127.0.0.2", 9300)
    );
    let (ok, stdout, stderr) = print_config(dir.path(), &["--metrics=false"], &[]);
    assert!(ok, "{stderr}");
    assert!(!metrics_section(&stdout).enabled);
}

#[test]
fn a_bad_metrics_port_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = print_config(dir.path(), &["--metrics-port", "70000"], &[]);
    assert!(!ok);
    assert!(
        stderr.contains("--metrics-port") && stderr.contains("70000"),
        "{stderr}"
    );
    let (ok, _, stderr) = print_config(dir.path(), &[], &[("AETHER_METRICS_PORT", "nine")]);
    assert!(!ok);
    assert!(
        stderr.contains("--metrics-port") && stderr.contains("nine"),
        "{stderr}"
    );
    std::fs::write(dir.path().join("aether.toml"), "[metrics]\nport = -1\n").unwrap();
    let (ok, _, stderr) = print_config(dir.path(), &[], &[]);
    assert!(!ok);
    assert!(
        stderr.contains("aether.toml") && stderr.contains("port"),
        "{stderr}"
    );
    // The metrics listener cannot share the HTTP API's port.
    let (ok, _, stderr) = print_config(
        dir.path(),
        &[
            "--config",
            "/dev/null",
            "--metrics",
            "--metrics-port",
            "7234",
        ],
        &[],
    );
    assert!(!ok);
    assert!(
        stderr.contains("metrics.port 7234 is also server.http_port"),
        "{stderr}"
    );
}
