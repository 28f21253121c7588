//! Cron schedules end to end: real engines (in-process, or `aether serve` processes where a test
//! kills one or runs two on PostgreSQL), real Rust SDK workers, the HTTP and gRPC APIs. A tick
//! starts once (across a SIGKILL, and with two nodes), each overlap policy does what it says,
//! downtime beyond the catch-up window is counted as missed instead of run, and bad input is
//! refused and creates nothing.

use std::{collections::HashSet, time::Duration};

use aether_proto::v1::{self, schedule_service_client::ScheduleServiceClient};
use aether_sdk::{
    Client, Error, ListOptions, Signal, StepError, Worker, WorkflowContext, WorkflowStatus,
    WorkflowSummary, workflow,
};
use aether_types::now_millis;
use prom_text_format_parser::{Scrape, Type, ValueType};
use serde_json::{Value, json};

use crate::{
    server_crash::Deployment,
    support::{ServeProcess, TestEngine, eventually, within},
};

const LONG: Duration = Duration::from_secs(30);

/// The HTTP API of one server.
struct Api {
    base: String,
    http: reqwest::Client,
}

impl Api {
    fn new(base: impl Into<String>) -> Self {
        Self {
            base: base.into(),
            http: reqwest::Client::new(),
        }
    }

    fn of(engine: &TestEngine) -> Self {
        Self::new(format!("http://{}", engine.server.http_addr()))
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the HTTP request is answered");
        let status = response.status().as_u16();
        let text = response.text().await.expect("a body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
        };
        (status, value)
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn create(&self, body: Value) -> Value {
        let (status, created) = self.post("/v1/schedules", body).await;
        assert_eq!(status, 201, "{created}");
        created
    }

    async fn describe(&self, id: &str) -> Value {
        let (status, described) = self
            .send(reqwest::Method::GET, &format!("/v1/schedules/{id}"), None)
            .await;
        assert_eq!(status, 200, "{described}");
        described
    }

    async fn counter(&self, id: &str, name: &str) -> u64 {
        self.describe(id).await["counters"][name]
            .as_u64()
            .unwrap_or_default()
    }
}

/// A schedule firing every second that starts `workflow_type` under `overlap`.
fn every_second(id: &str, workflow_type: &str, overlap: &str) -> Value {
    json!({
        "id": id,
        "spec": { "cron": "* * * * * *" },
        "action": { "workflowType": workflow_type, "input": { "from": id } },
        "overlap": overlap,
    })
}

async fn runs(client: &Client, workflow_type: &str) -> Vec<WorkflowSummary> {
    let mut found = client
        .list(&ListOptions {
            workflow_type: Some(workflow_type.to_owned()),
            ..Default::default()
        })
        .await
        .expect("workflows list");
    found.sort_by(|a, b| a.workflow_id.cmp(&b.workflow_id));
    found
}

fn open(runs: &[WorkflowSummary]) -> usize {
    runs.iter()
        .filter(|r| matches!(r.status, WorkflowStatus::Pending | WorkflowStatus::Running))
        .count()
}

/// A workflow that stays open until it receives the signal `finish`: "still running" is then
/// the test's to end, not a race with a timer.
fn blocker(name: &'static str) -> aether_sdk::WorkflowDef<Value, String> {
    workflow(name, |ctx: WorkflowContext, _input: Value| async move {
        match ctx.wait_for_signal::<String>("finish", None).await? {
            Signal::Received(_) => Ok("finished".to_owned()),
            Signal::TimedOut => Err(Error::msg("no timeout was set")),
        }
    })
}

/// A workflow that completes at once.
fn quick(name: &'static str) -> aether_sdk::WorkflowDef<Value, u32> {
    workflow(name, |ctx: WorkflowContext, _input: Value| async move {
        ctx.step("tick", || async { Ok::<_, StepError>(1u32) })
            .await
    })
}

async fn finish(client: &Client, workflow_id: &str) {
    client
        .signal(workflow_id, "finish", "done", None)
        .await
        .expect("the signal is accepted");
}

/// `<schedule>@<RFC 3339>`: the scheduled time a run's id names, in milliseconds.
fn scheduled_at(schedule: &str, workflow_id: &str) -> i64 {
    let time = workflow_id
        .strip_prefix(&format!("{schedule}@"))
        .unwrap_or_else(|| panic!("{workflow_id} is not a run of {schedule}"));
    chrono_millis(time)
}

fn chrono_millis(rfc3339: &str) -> i64 {
    // YYYY-MM-DDTHH:MM:SS[.mmm]Z, UTC.
    let parse = |range: std::ops::Range<usize>| -> i64 {
        rfc3339[range]
            .parse()
            .unwrap_or_else(|e| panic!("{rfc3339}: {e}"))
    };
    let (y, mo, d) = (parse(0..4), parse(5..7), parse(8..10));
    let (h, mi, s) = (parse(11..13), parse(14..16), parse(17..19));
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let millis = if rfc3339.len() > 20 { parse(20..23) } else { 0 };
    ((days * 86_400 + h * 3_600 + mi * 60 + s) * 1_000) + millis
}

/// The next whole second at least `ahead` from now.
fn whole_second_after(ahead: Duration) -> i64 {
    let at = now_millis() + ahead.as_millis() as i64;
    (at / 1_000 + 1) * 1_000
}

#[test]
fn run_ids_read_back_as_their_scheduled_time() {
    assert_eq!(
        scheduled_at("s", "s@2026-11-29T10:00:00Z"),
        1_795_946_400_000
    );
    assert_eq!(chrono_millis("1970-01-01T00:00:01.250Z"), 1_250);
}

#[tokio::test]
async fn every_second_for_ten_seconds_starts_each_tick_once_across_a_server_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new("state-action-log", db.to_str().unwrap(), &[]);
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let tick = quick("tick");
    let worker = Worker::new(&client).register(&tick).spawn();

    let start = whole_second_after(Duration::from_secs(2));
    let end = start + 9_000;
    let mut body = every_second("every-second", "tick", "allow-all");
    body["spec"]["startAtMs"] = json!(start);
    body["spec"]["endAtMs"] = json!(end);
    Api::new(&server.http).create(body).await;

    let before = eventually("a few ticks before the kill", LONG, || async {
        let started = runs(&client, "tick").await.len();
        (started >= 4).then_some(started)
    })
    .await;
    assert!(before < 10, "the kill came after the last tick");
    server.kill();
    let server = deployment.start();
    let api = Api::new(&server.http);
    let client = Client::connect(&server.url).await.unwrap();

    // Every one of the ten ticks is counted when it is claimed (before its run starts), as
    // started or, had the restart outlasted the catch-up window, as missed. (An empty preview
    // of fire times only says the end has passed, not that the last tick was claimed.)
    let described = eventually("every tick claimed", LONG, || async {
        let described = api.describe("every-second").await;
        let counters = &described["counters"];
        let handled = counters["actionsStarted"].as_u64().unwrap_or(0)
            + counters["missedCatchup"].as_u64().unwrap_or(0);
        (handled == 10).then_some(described)
    })
    .await;
    assert_eq!(described["nextFireTimesMs"], json!([]), "{described}");
    let claimed = described["counters"]["actionsStarted"]
        .as_u64()
        .unwrap_or(0) as usize;
    let all = eventually("every claimed run finished", LONG, || async {
        let all = runs(&client, "tick").await;
        (all.len() == claimed && open(&all) == 0).then_some(all)
    })
    .await;
    let seconds: Vec<i64> = all
        .iter()
        .map(|r| scheduled_at("every-second", &r.workflow_id))
        .collect();
    let distinct: HashSet<i64> = seconds.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        all.len(),
        "a tick started twice: {seconds:?}"
    );
    // The restart takes seconds, well inside the one-minute catch-up window: nothing missed.
    assert_eq!(
        all.len(),
        10,
        "{} runs for 10 ticks: {seconds:?}",
        all.len()
    );
    assert!(
        seconds
            .iter()
            .all(|s| (start..=end).contains(s) && s % 1_000 == 0),
        "{seconds:?} outside [{start}, {end}]"
    );
    assert!(all.iter().all(|r| r.status == WorkflowStatus::Completed));
    worker.shutdown().await;
}

/// An engine, its HTTP API, a client and a worker serving `blocker(workflow_type)`.
async fn blocking_setup(
    workflow_type: &'static str,
) -> (TestEngine, Api, Client, aether_sdk::WorkerHandle) {
    let engine = TestEngine::start().await;
    let api = Api::of(&engine);
    let client = engine.client().await;
    let worker = Worker::new(&client)
        .register(&blocker(workflow_type))
        .spawn();
    (engine, api, client, worker)
}

async fn first_run(client: &Client, workflow_type: &str) -> WorkflowSummary {
    eventually("the first run", LONG, || async {
        runs(client, workflow_type).await.into_iter().next()
    })
    .await
}

#[tokio::test]
async fn skip_starts_nothing_while_the_last_run_is_open() {
    let (_engine, api, client, worker) = blocking_setup("skipped").await;
    api.create(every_second("skip", "skipped", "skip")).await;
    let first = first_run(&client, "skipped").await;
    eventually("two ticks skipped", LONG, || async {
        (api.counter("skip", "skippedOverlap").await >= 2).then_some(())
    })
    .await;
    assert_eq!(runs(&client, "skipped").await.len(), 1);
    assert_eq!(api.counter("skip", "buffered").await, 0);

    finish(&client, &first.workflow_id).await;
    eventually("a tick after the first run finished", LONG, || async {
        (runs(&client, "skipped").await.len() == 2).then_some(())
    })
    .await;
    worker.shutdown().await;
}

#[tokio::test]
async fn buffer_one_keeps_one_tick_and_starts_it_when_the_open_run_ends() {
    let (_engine, api, client, worker) = blocking_setup("buffered-one").await;
    api.create(every_second("one", "buffered-one", "buffer-one"))
        .await;
    let first = first_run(&client, "buffered-one").await;
    let described = eventually("one tick buffered, one skipped", LONG, || async {
        let described = api.describe("one").await;
        let counters = &described["counters"];
        (counters["buffered"] == 1 && counters["skippedOverlap"].as_u64() >= Some(1))
            .then_some(described)
    })
    .await;
    let held = described["bufferedTicksMs"][0].as_i64().unwrap();
    assert_eq!(runs(&client, "buffered-one").await.len(), 1);

    finish(&client, &first.workflow_id).await;
    let second = eventually("the buffered tick's run", LONG, || async {
        runs(&client, "buffered-one")
            .await
            .into_iter()
            .find(|r| r.workflow_id != first.workflow_id)
    })
    .await;
    assert_eq!(scheduled_at("one", &second.workflow_id), held);
    worker.shutdown().await;
}

#[tokio::test]
async fn buffer_all_keeps_every_tick_and_starts_them_one_at_a_time() {
    let (_engine, api, client, worker) = blocking_setup("buffered-all").await;
    api.create(every_second("all", "buffered-all", "buffer-all"))
        .await;
    let first = first_run(&client, "buffered-all").await;
    let described = eventually("three ticks buffered", LONG, || async {
        let described = api.describe("all").await;
        (described["counters"]["buffered"].as_u64() >= Some(3)).then_some(described)
    })
    .await;
    assert_eq!(described["counters"]["skippedOverlap"], 0);
    let oldest = described["bufferedTicksMs"][0].as_i64().unwrap();
    assert_eq!(runs(&client, "buffered-all").await.len(), 1);

    finish(&client, &first.workflow_id).await;
    let second = eventually("the oldest buffered tick's run", LONG, || async {
        runs(&client, "buffered-all")
            .await
            .into_iter()
            .find(|r| r.workflow_id != first.workflow_id)
    })
    .await;
    assert_eq!(scheduled_at("all", &second.workflow_id), oldest);
    // The second run is open, so the other buffered ticks wait for it.
    let described = api.describe("all").await;
    assert_eq!(described["runningWorkflowIds"], json!([second.workflow_id]));
    assert!(!described["bufferedTicksMs"].as_array().unwrap().is_empty());
    assert_eq!(open(&runs(&client, "buffered-all").await), 1);
    worker.shutdown().await;
}

#[tokio::test]
async fn cancel_other_cancels_the_open_run_and_starts_the_tick() {
    let (_engine, api, client, worker) = blocking_setup("cancelling").await;
    api.create(every_second("cancel", "cancelling", "cancel-other"))
        .await;
    let first = first_run(&client, "cancelling").await;
    eventually("the first run cancelled by the next tick", LONG, || async {
        (client.status(&first.workflow_id).await.ok()?.status == WorkflowStatus::Cancelled)
            .then_some(())
    })
    .await;
    let all = runs(&client, "cancelling").await;
    assert!(all.len() >= 2, "{all:?}");
    assert!(open(&all) <= 1, "cancel-other leaves one run open: {all:?}");
    worker.shutdown().await;
}

#[tokio::test]
async fn allow_all_starts_every_tick_while_runs_are_open() {
    let (_engine, api, client, worker) = blocking_setup("overlapping").await;
    api.create(every_second("allow", "overlapping", "allow-all"))
        .await;
    let all = eventually("three runs open at once", LONG, || async {
        let all = runs(&client, "overlapping").await;
        (open(&all) >= 3).then_some(all)
    })
    .await;
    assert_eq!(api.counter("allow", "skippedOverlap").await, 0);
    for run in &all {
        finish(&client, &run.workflow_id).await;
    }
    worker.shutdown().await;
}

/// The value of `aether_schedule_actions_total{result}` on one scrape.
async fn schedule_actions(metrics_url: &str, result: &str) -> f64 {
    let text = reqwest::get(metrics_url)
        .await
        .expect("GET /metrics")
        .text()
        .await
        .expect("a page");
    let scrape = Scrape::parse(&text).expect("Prometheus text format");
    scrape
        .metrics
        .iter()
        .filter(|m| m.name == "aether_schedule_actions_total" && m.kind == Type::Counter)
        .flat_map(|m| m.samples.iter())
        .filter(|s| s.value.value_type == ValueType::Sample)
        .find(|s| {
            s.labels
                .iter()
                .any(|l| l.key == "result" && l.value == result)
        })
        .map_or(0.0, |s| s.value.value.as_f64())
}

#[tokio::test]
async fn after_downtime_only_the_catch_up_windows_ticks_run_and_the_rest_are_missed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("aether.db");
    let deployment = Deployment::new(
        "state-action-log",
        db.to_str().unwrap(),
        &["--metrics", "--metrics-port", "0"],
    );
    let server = deployment.start();
    let client = Client::connect(&server.url).await.unwrap();
    let worker = Worker::new(&client).register(&quick("catching-up")).spawn();
    let mut body = every_second("catch-up", "catching-up", "allow-all");
    body["catchupWindowMs"] = json!(2_000);
    Api::new(&server.http).create(body).await;
    eventually("two runs before the downtime", LONG, || async {
        (runs(&client, "catching-up").await.len() >= 2).then_some(())
    })
    .await;
    server.kill();
    let down_at = now_millis();
    // The downtime itself: six seconds with no server, three times the window.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let server = deployment.start();
    let up_at = now_millis();
    let api = Api::new(&server.http);
    let client = Client::connect(&server.url).await.unwrap();

    // Once a tick after the restart has run, every tick of the downtime was handled.
    let described = eventually("a tick after the restart", LONG, || async {
        let described = api.describe("catch-up").await;
        let newest = described["recentActions"][0]["scheduledAtMs"].as_i64()?;
        (newest >= up_at).then_some(described)
    })
    .await;
    let missed = described["counters"]["missedCatchup"].as_u64().unwrap();
    // Six seconds down plus the restart, less the two-second window: at least three ticks
    // missed; a slow restart misses more.
    assert!(
        (3..=12).contains(&missed),
        "{missed} ticks missed in a 6 s downtime with a 2 s window"
    );
    let during: Vec<i64> = runs(&client, "catching-up")
        .await
        .iter()
        .map(|r| scheduled_at("catch-up", &r.workflow_id))
        .filter(|at| (down_at..up_at).contains(at))
        .collect();
    // The window's three ticks, and one more if it came due between the first pass and the
    // ready announcement.
    assert!(
        during.len() <= 4,
        "only the window's ticks of the downtime run, not a burst: {during:?}"
    );
    assert!(
        during.iter().all(|at| *at >= down_at + 6_000 - 3_000),
        "a tick older than the window ran: {during:?} (down at {down_at})"
    );
    let metrics_url = server.metrics.clone().expect("metrics are on");
    assert_eq!(
        schedule_actions(&metrics_url, "missed").await,
        missed as f64,
        "the restarted node counted the missed ticks"
    );
    assert!(schedule_actions(&metrics_url, "started").await >= 1.0);
    worker.shutdown().await;
}

#[tokio::test]
async fn two_nodes_on_one_postgres_database_start_each_tick_once() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    let args = [
        "--persistence",
        "state-action-log",
        "--db",
        url.as_str(),
        "--metrics",
        "--metrics-port",
        "0",
    ];
    let node_a = ServeProcess::start(&args);
    let node_b = ServeProcess::start(&args);
    let client = Client::connect(&node_a.url).await.unwrap();
    let worker = Worker::new(&client).register(&quick("shared")).spawn();

    let start = whole_second_after(Duration::from_secs(1));
    let end = start + 4_000;
    let mut body = every_second("two-nodes", "shared", "allow-all");
    body["spec"]["startAtMs"] = json!(start);
    body["spec"]["endAtMs"] = json!(end);
    Api::new(&node_b.http).create(body).await;

    let api = Api::new(&node_a.http);
    let all = eventually("every run finished", LONG, || async {
        let all = runs(&client, "shared").await;
        (all.len() == 5 && open(&all) == 0).then_some(all)
    })
    .await;
    // Read once every run exists: each was claimed (and counted) before it was started. (An
    // empty preview of fire times only says the end has passed, not that the last tick was
    // claimed yet.)
    let described = api.describe("two-nodes").await;
    assert_eq!(described["nextFireTimesMs"], json!([]), "{described}");
    let seconds: HashSet<i64> = all
        .iter()
        .map(|r| scheduled_at("two-nodes", &r.workflow_id))
        .collect();
    let expected: HashSet<i64> = (0..5).map(|i| start + i * 1_000).collect();
    assert_eq!(seconds, expected);
    assert_eq!(described["counters"]["actionsStarted"], 5);
    // Each tick was claimed by one node's write: the nodes' counts add up to five.
    let mut claimed = 0.0;
    for node in [&node_a, &node_b] {
        let metrics_url = node.metrics.clone().expect("metrics are on");
        claimed += schedule_actions(&metrics_url, "started").await;
    }
    assert_eq!(claimed, 5.0);
    worker.shutdown().await;
}

async fn grpc(engine: &TestEngine) -> ScheduleServiceClient<tonic::transport::Channel> {
    let channel = tonic::transport::Endpoint::from_shared(engine.url.clone())
        .expect("a URL")
        .connect()
        .await
        .expect("gRPC connects");
    ScheduleServiceClient::new(channel)
}

fn definition(cron: &str, time_zone: &str) -> v1::ScheduleDefinition {
    v1::ScheduleDefinition {
        spec: Some(v1::ScheduleSpec {
            cron: cron.to_owned(),
            time_zone: time_zone.to_owned(),
            ..Default::default()
        }),
        action: Some(v1::ScheduleAction {
            workflow_type: "report".to_owned(),
            input: b"{}".to_vec(),
        }),
        overlap: 0,
        catchup_window_ms: None,
    }
}

#[tokio::test]
async fn bad_input_is_refused_with_a_clear_error_and_creates_nothing() {
    let engine = TestEngine::start().await;
    let api = Api::of(&engine);
    let mut rpc = grpc(&engine).await;

    let mut negative = definition("0 * * * *", "");
    negative.catchup_window_ms = Some(-1);
    let mut unknown_policy = definition("0 * * * *", "");
    unknown_policy.overlap = 42;
    let mut negative_jitter = definition("0 * * * *", "");
    if let Some(spec) = negative_jitter.spec.as_mut() {
        spec.jitter_ms = -5;
    }
    for (definition, says) in [
        (definition("not a cron", ""), "invalid cron expression"),
        (definition("0 * * * *", "Mars/Olympus"), "unknown time zone"),
        (negative, "must not be negative"),
        (negative_jitter, "jitter must not be negative"),
        (unknown_policy, "unknown overlap policy 42"),
    ] {
        let refused = rpc
            .create_schedule(v1::CreateScheduleRequest {
                schedule_id: "bad".to_owned(),
                definition: Some(definition),
                paused: false,
                note: String::new(),
            })
            .await
            .expect_err("refused");
        assert_eq!(refused.code(), tonic::Code::InvalidArgument, "{refused:?}");
        assert!(refused.message().contains(says), "{says}: {refused:?}");
    }

    let base = every_second("bad", "report", "skip");
    let with = |pointer: &str, value: Value| {
        let mut body = base.clone();
        if let Some(slot) = body.pointer_mut(pointer) {
            *slot = value;
        }
        body
    };
    let mut negative = base.clone();
    negative["catchupWindowMs"] = json!(-1_000);
    for (body, says) in [
        (
            with("/spec/cron", json!("61 * * * *")),
            "invalid cron expression",
        ),
        (with("/spec/cron", json!("* *")), "2 fields"),
        (
            {
                let mut body = base.clone();
                body["spec"]["timeZone"] = json!("Europe/Atlantis");
                body
            },
            "unknown time zone 'Europe/Atlantis'",
        ),
        (
            with("/overlap", json!("sometimes")),
            "expected one of: skip, buffer-one, buffer-all, cancel-other, allow-all",
        ),
        (negative, "catch-up window must not be negative"),
        (with("/id", json!("has space")), "schedule id"),
    ] {
        let (status, error) = api.post("/v1/schedules", body).await;
        assert_eq!(status, 400, "{says}: {error}");
        assert_eq!(error["code"], "invalid_argument");
        assert!(
            error["message"].as_str().unwrap_or_default().contains(says),
            "{says}: {error}"
        );
    }

    let listed = rpc
        .list_schedules(v1::ListSchedulesRequest {})
        .await
        .unwrap()
        .into_inner();
    assert!(listed.schedules.is_empty(), "{listed:?}");
    let (status, listed) = api.send(reqwest::Method::GET, "/v1/schedules", None).await;
    assert_eq!((status, listed), (200, json!({ "schedules": [] })));
}

#[tokio::test]
async fn pause_unpause_trigger_backfill_update_and_delete_work_over_http() {
    let engine = TestEngine::start().await;
    let api = Api::of(&engine);
    let client = engine.client().await;
    let worker = Worker::new(&client).register(&quick("report")).spawn();

    // Every hour: no tick fires during the test; everything below is by hand.
    let created = api
        .create(json!({
            "id": "hourly",
            "spec": { "cron": "0 * * * *", "timeZone": "Europe/Paris" },
            "action": { "workflowType": "report", "input": [1, 2] },
            "overlap": "allow-all",
        }))
        .await;
    assert_eq!(created["spec"]["timeZone"], "Europe/Paris");
    assert_eq!(created["catchupWindowMs"], 60_000);
    assert_eq!(created["overlap"], "allow-all");
    assert_eq!(created["action"]["input"], json!([1, 2]));
    let next: Vec<i64> = created["nextFireTimesMs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(next.len(), 5);
    assert!(
        next.windows(2).all(|w| w[1] - w[0] == 3_600_000),
        "{next:?}"
    );
    let (status, again) = api.post("/v1/schedules", created_body("hourly")).await;
    assert_eq!(status, 409, "{again}");

    let (status, paused) = api
        .post(
            "/v1/schedules/hourly/pause",
            json!({ "note": "quiet during the migration" }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(paused["paused"], true);
    assert_eq!(paused["note"], "quiet during the migration");

    // A trigger runs even while paused, under the schedule's policy.
    let (status, triggered) = api.post("/v1/schedules/hourly/trigger", json!({})).await;
    assert_eq!(status, 200, "{triggered}");
    assert_eq!(triggered["outcome"], "started");
    let triggered_id = triggered["workflowId"].as_str().unwrap().to_owned();
    let result: u32 = within("the triggered run", LONG, client.result(&triggered_id))
        .await
        .unwrap();
    assert_eq!(result, 1);

    let (status, unpaused) = api
        .post("/v1/schedules/hourly/unpause", json!({ "note": "back" }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (&unpaused["paused"], &unpaused["note"]),
        (&json!(false), &json!("back"))
    );

    // Three past hours, backfilled.
    let hour = 3_600_000;
    let last_hour = now_millis() / hour * hour;
    let (status, backfilled) = api
        .post(
            "/v1/schedules/hourly/backfill",
            json!({ "startAtMs": last_hour - 2 * hour, "endAtMs": last_hour, "overlap": "allow-all" }),
        )
        .await;
    assert_eq!((status, backfilled), (200, json!({ "ticks": 3 })));
    let all = eventually("the backfilled runs", LONG, || async {
        let all = runs(&client, "report").await;
        (all.len() == 4 && open(&all) == 0).then_some(all)
    })
    .await;
    let backfilled: HashSet<i64> = all
        .iter()
        .filter(|r| r.workflow_id != triggered_id)
        .map(|r| scheduled_at("hourly", &r.workflow_id))
        .collect();
    let hours: HashSet<i64> = (0..3).map(|i| last_hour - i * hour).collect();
    assert_eq!(backfilled, hours);
    // With no policy named, a backfill runs every tick of its range (buffer-all): under skip,
    // the second would be dropped while the first is open.
    let (status, backfilled) = api
        .post(
            "/v1/schedules/hourly/backfill",
            json!({ "startAtMs": last_hour - 4 * hour, "endAtMs": last_hour - 3 * hour }),
        )
        .await;
    assert_eq!((status, backfilled), (200, json!({ "ticks": 2 })));
    eventually("both backfilled runs", LONG, || async {
        let all = runs(&client, "report").await;
        (all.len() == 6 && open(&all) == 0).then_some(())
    })
    .await;
    let (_, described) = api
        .send(reqwest::Method::GET, "/v1/schedules/hourly", None)
        .await;
    assert_eq!(described["counters"]["skippedOverlap"], 0, "{described}");
    let (status, refused) = api
        .post(
            "/v1/schedules/hourly/backfill",
            json!({ "startAtMs": last_hour, "endAtMs": last_hour - hour }),
        )
        .await;
    assert_eq!(status, 400, "{refused}");

    // PUT replaces the definition, PATCH changes a part of it.
    let (status, replaced) = api
        .send(
            reqwest::Method::PUT,
            "/v1/schedules/hourly",
            Some(json!({
                "spec": { "cron": "30 9 * * *" },
                "action": { "workflowType": "report" },
            })),
        )
        .await;
    assert_eq!(status, 200, "{replaced}");
    assert_eq!(replaced["spec"]["timeZone"], "UTC");
    assert_eq!(replaced["overlap"], "skip");
    let next = replaced["nextFireTimesMs"][0].as_i64().unwrap();
    assert_eq!(next % 86_400_000, (9 * 60 + 30) * 60_000);
    assert_eq!(replaced["counters"]["actionsStarted"], 6, "the state stays");
    let (status, patched) = api
        .send(
            reqwest::Method::PATCH,
            "/v1/schedules/hourly",
            Some(json!({ "overlap": "buffer-all", "catchupWindowMs": 5_000 })),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(
        (
            &patched["overlap"],
            &patched["catchupWindowMs"],
            &patched["spec"]["cron"]
        ),
        (&json!("buffer-all"), &json!(5_000), &json!("30 9 * * *"))
    );
    // A patch of one spec field keeps the others.
    let (status, zoned) = api
        .send(
            reqwest::Method::PATCH,
            "/v1/schedules/hourly",
            Some(json!({ "spec": { "timeZone": "Europe/Paris", "jitterMs": 1_000 } })),
        )
        .await;
    assert_eq!(status, 200, "{zoned}");
    let (status, patched) = api
        .send(
            reqwest::Method::PATCH,
            "/v1/schedules/hourly",
            Some(json!({ "spec": { "cron": "45 9 * * *" } })),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(
        (
            &patched["spec"]["cron"],
            &patched["spec"]["timeZone"],
            &patched["spec"]["jitterMs"]
        ),
        (&json!("45 9 * * *"), &json!("Europe/Paris"), &json!(1_000))
    );
    let (status, refused) = api
        .send(
            reqwest::Method::PATCH,
            "/v1/schedules/hourly",
            Some(json!({ "catchupWindowMs": -1 })),
        )
        .await;
    assert_eq!(status, 400, "{refused}");

    let (status, _) = api
        .send(reqwest::Method::DELETE, "/v1/schedules/hourly", None)
        .await;
    assert_eq!(status, 204);
    let (status, gone) = api
        .send(reqwest::Method::GET, "/v1/schedules/hourly", None)
        .await;
    assert_eq!((status, &gone["code"]), (404, &json!("not_found")));
    let (status, _) = api
        .send(reqwest::Method::DELETE, "/v1/schedules/hourly", None)
        .await;
    assert_eq!(status, 404);
    worker.shutdown().await;
}

fn created_body(id: &str) -> Value {
    json!({
        "id": id,
        "spec": { "cron": "0 * * * *" },
        "action": { "workflowType": "report" },
    })
}

/// A crash between a tick's claim and its run's start leaves a run in the schedule's `running`
/// list that the store does not have. The engine that comes back starts it, under the tick's
/// id, once; a second engine on the same store finds it started.
#[tokio::test]
async fn a_claimed_tick_whose_start_was_cut_off_is_started_once_after_recovery() {
    use std::sync::Arc;

    use aether_core::{Engine, EngineOptions};
    use aether_store::{MemoryStore, Store};
    use aether_types::{
        OverlapPolicy, ScheduleAction, ScheduleDefinition, ScheduleId, ScheduleRow, ScheduleRun,
        ScheduleSpec,
    };

    let store: Arc<dyn Store> = Arc::new(MemoryStore::new());
    let id = ScheduleId::parse("cut-off").unwrap();
    let scheduled_at = whole_second_after(Duration::ZERO) - 3_000;
    let claimed = id.run_id(scheduled_at);
    // What the runner wrote before the crash: the tick claimed, its run not yet started.
    let mut row = ScheduleRow::new(
        id.clone(),
        ScheduleDefinition {
            spec: ScheduleSpec {
                cron: "0 0 1 1 *".into(),
                time_zone: String::new(),
                jitter_ms: 0,
                start_at_ms: None,
                end_at_ms: None,
            },
            action: ScheduleAction {
                workflow_type: "yearly".into(),
                input: b"{}".to_vec(),
            },
            overlap: OverlapPolicy::Skip,
            catchup_window_ms: 60_000,
        },
        false,
        String::new(),
        scheduled_at,
    );
    row.version = 1;
    row.state.running.push(ScheduleRun {
        scheduled_at_ms: scheduled_at,
        started_at_ms: scheduled_at,
        workflow_id: claimed.clone(),
    });
    row.state.counters.actions_started = 1;
    store.put_schedule(&row, 0).await.unwrap();

    let engine = Engine::start(Arc::clone(&store), EngineOptions::default());
    engine.recover().await.unwrap();
    let info = eventually("the claimed run started", LONG, || async {
        engine.status(&claimed).await.ok()
    })
    .await;
    assert_eq!(info.row.workflow_type, "yearly");
    assert_eq!(info.input, b"{}".to_vec());

    // Another engine on the same store checks the same claim: the run exists, nothing new.
    let other = Engine::start(Arc::clone(&store), EngineOptions::default());
    other.recover().await.unwrap();
    let described = other.describe_schedule(&id).await.unwrap();
    assert_eq!(described.running, vec![claimed.clone()]);
    assert_eq!(described.counters.actions_started, 1);
    let all = engine
        .list(&aether_types::ListFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.len(), 1, "{all:?}");
    engine.shutdown();
    other.shutdown();
}

/// A new spec fires from the update on: the ticks it would have had before the update were
/// never due, so they neither run in a burst nor count as missed.
#[tokio::test]
async fn a_changed_spec_fires_from_the_change_on() {
    let engine = TestEngine::start().await;
    let api = Api::of(&engine);
    let client = engine.client().await;
    let worker = Worker::new(&client).register(&quick("tick")).spawn();
    api.create(json!({
        "id": "respec",
        "spec": { "cron": "0 0 1 1 *" },
        "action": { "workflowType": "tick" },
        "overlap": "allow-all",
        "catchupWindowMs": 600_000,
    }))
    .await;
    // Seconds pass under the yearly spec: the every-second one has ticks in them.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let changed_at = now_millis();
    let (status, changed) = api
        .send(
            reqwest::Method::PATCH,
            "/v1/schedules/respec",
            Some(json!({ "spec": { "cron": "* * * * * *" } })),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    let started = eventually("two ticks of the new spec", LONG, || async {
        let all = runs(&client, "tick").await;
        (all.len() >= 2).then_some(all)
    })
    .await;
    api.post("/v1/schedules/respec/pause", json!({})).await;
    for run in &started {
        let at = scheduled_at("respec", &run.workflow_id);
        assert!(
            at > changed_at,
            "a tick from before the change ran: {at} <= {changed_at}"
        );
    }
    assert_eq!(api.counter("respec", "missedCatchup").await, 0);
    worker.shutdown().await;
}
