//! `aether schedule ...` as an operator would use it: bad flags refused before anything is
//! created, then create, describe, list, pause, trigger, update, backfill and delete against a
//! real server.

use std::process::{Command, Output};

use aether_tests::workspace_bin;
use chrono::{DateTime, Timelike, Utc};
use serde_json::Value;

use crate::support::ServeProcess;

fn schedule(server: &ServeProcess, args: &[&str]) -> Output {
    Command::new(workspace_bin("aether"))
        .arg("schedule")
        .args(args)
        .args(["--server", &server.url])
        .output()
        .expect("aether runs")
}

fn json(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

fn refused(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "accepted: {stderr}");
    assert!(stderr.contains(expected), "{expected:?} not in: {stderr}");
}

fn utc(ms: &Value) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms.as_i64().expect("ms")).expect("a time")
}

#[test]
fn an_operator_creates_inspects_and_runs_a_schedule_from_the_shell() {
    let server = ServeProcess::start(&["--persistence", "memory"]);
    let create = |extra: &[&str]| {
        let mut args = vec!["create", "nightly", "--workflow", "report"];
        args.extend_from_slice(extra);
        schedule(&server, &args)
    };

    refused(
        &create(&["--cron", "every tuesday"]),
        "invalid cron expression",
    );
    refused(
        &create(&["--cron", "0 2 * * *", "--timezone", "Mars/Olympus"]),
        "unknown time zone",
    );
    refused(
        &create(&["--cron", "0 2 * * *", "--overlap", "sometimes"]),
        "skip, buffer-one, buffer-all, cancel-other, allow-all",
    );
    refused(
        &create(&["--cron", "0 2 * * *", "--jitter=-5s"]),
        "must not be negative",
    );
    refused(
        &create(&["--cron", "0 2 * * *", "--input", "{nope"]),
        "--input",
    );
    refused(
        &schedule(&server, &["create", "nightly", "--cron", "0 2 * * *"]),
        "--workflow",
    );
    let listed = json(&schedule(&server, &["list", "--json"]));
    assert_eq!(
        listed["schedules"],
        serde_json::json!([]),
        "nothing created"
    );

    let created = json(&create(&[
        "--cron",
        "0 2 * * *",
        "--input",
        r#"{"team": "core"}"#,
        "--timezone",
        "Europe/Paris",
        "--overlap",
        "buffer-one",
        "--catchup-window",
        "10m",
        "--jitter",
        "30s",
        "--json",
    ]));
    // The shape `GET /v1/schedules/{id}` answers with.
    assert_eq!(created["id"], "nightly");
    assert_eq!(created["spec"]["timeZone"], "Europe/Paris");
    assert_eq!(created["spec"]["jitterMs"], 30_000);
    assert_eq!(created["overlap"], "buffer-one");
    assert_eq!(created["catchupWindowMs"], 600_000);
    assert_eq!(created["action"]["input"]["team"], "core");
    let next = created["nextFireTimesMs"].as_array().expect("fire times");
    assert_eq!(next.len(), 5);
    for t in next {
        // 02:00 in Paris is 01:00 UTC in winter and 00:00 UTC in summer.
        let t = utc(t);
        assert!(t.hour() == 1 || t.hour() == 0, "{t}");
        assert_eq!((t.minute(), t.second()), (0, 0), "{t}");
    }

    let shown = schedule(&server, &["describe", "nightly"]);
    let text = String::from_utf8_lossy(&shown.stdout);
    for expected in [
        "0 2 * * * (Europe/Paris)",
        "buffer-one",
        "Next fire times",
        "none yet",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }

    let paused = json(&schedule(
        &server,
        &["pause", "nightly", "--note", "maintenance", "--json"],
    ));
    assert_eq!(paused["paused"], true);
    assert_eq!(paused["note"], "maintenance");

    let triggered = json(&schedule(&server, &["trigger", "nightly", "--json"]));
    assert_eq!(triggered["outcome"], "started");
    let run = triggered["workflowId"].as_str().expect("a run id");
    assert!(run.starts_with("nightly@"), "{run}");
    let status = Command::new(workspace_bin("aether"))
        .args(["status", run, "--json", "--server", &server.url])
        .output()
        .expect("aether runs");
    assert_eq!(json(&status)["workflow_type"], "report");

    let updated = json(&schedule(
        &server,
        &["update", "nightly", "--cron", "0 3 * * *", "--json"],
    ));
    assert_eq!(updated["spec"]["cron"], "0 3 * * *");
    assert_eq!(updated["overlap"], "buffer-one", "kept");
    assert_eq!(updated["paused"], true, "kept");
    refused(
        &schedule(
            &server,
            &["update", "nightly", "--timezone", "Nowhere/Atall"],
        ),
        "unknown time zone",
    );

    let backfilled = json(&schedule(
        &server,
        &[
            "backfill",
            "nightly",
            "--start",
            "2026-11-01T00:00:00Z",
            "--end",
            "2026-11-03T23:59:59Z",
            "--json",
        ],
    ));
    assert_eq!(backfilled["ticks"], 3);

    let listed = json(&schedule(&server, &["list", "--json"]));
    let all = listed["schedules"].as_array().expect("schedules");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["id"], "nightly");

    let deleted = schedule(&server, &["delete", "nightly"]);
    assert!(deleted.status.success());
    refused(&schedule(&server, &["describe", "nightly"]), "nightly");
}
