//! Schedules for people: a listing and a description. `--json` prints the model's own view
//! (`ScheduleView`), the shape the HTTP API speaks.

use aether_sdk::{ScheduleDescription, TickOutcome, Triggered, WorkflowStatus};

use crate::output::{local, printable, table};

fn state_name(state: Option<WorkflowStatus>) -> String {
    state.map_or_else(|| "STARTING".to_owned(), |s| s.to_string())
}

pub fn triggered(name: &str, t: &Triggered) -> String {
    match t.outcome {
        TickOutcome::Started => format!("Started {} (schedule {name})", t.workflow_id),
        TickOutcome::Skipped => {
            format!("Skipped: a run of schedule {name} is still open and its overlap policy skips")
        }
        TickOutcome::Buffered => format!(
            "Buffered: {} starts when the open run of schedule {name} finishes",
            t.workflow_id
        ),
    }
}

pub fn list(schedules: &[ScheduleDescription]) -> String {
    if schedules.is_empty() {
        return "No schedules\n".to_owned();
    }
    let rows: Vec<Vec<String>> = schedules
        .iter()
        .map(|d| {
            let s = &d.schedule;
            vec![
                s.id.to_string(),
                printable(&s.definition.spec.cron),
                s.definition.spec.time_zone.clone(),
                printable(&s.definition.action.workflow_type),
                if s.paused { "paused" } else { "active" }.to_owned(),
                d.next_fire_times
                    .first()
                    .map_or_else(|| "-".to_owned(), |t| local(*t)),
                d.counters.actions_started.to_string(),
            ]
        })
        .collect();
    table(
        &[
            "ID",
            "CRON",
            "TIME ZONE",
            "WORKFLOW",
            "STATE",
            "NEXT",
            "STARTED",
        ],
        &rows,
    )
}

pub fn describe(d: &ScheduleDescription) -> String {
    let s = &d.schedule;
    let def = &s.definition;
    let mut out = String::new();
    let mut line = |label: &str, value: String| out.push_str(&format!("{label:<16}{value}\n"));
    line("Schedule", s.id.to_string());
    line(
        "Cron",
        format!("{} ({})", printable(&def.spec.cron), def.spec.time_zone),
    );
    line("Workflow", printable(&def.action.workflow_type));
    line(
        "Input",
        printable(&String::from_utf8_lossy(&def.action.input)),
    );
    line("Overlap", def.overlap.to_string());
    line("Catch-up window", format!("{} ms", def.catchup_window_ms));
    if def.spec.jitter_ms > 0 {
        line("Jitter", format!("{} ms", def.spec.jitter_ms));
    }
    if let Some(start) = def.spec.start_at_ms {
        line("Starts", local(start));
    }
    if let Some(end) = def.spec.end_at_ms {
        line("Ends", local(end));
    }
    let state = if s.paused { "paused" } else { "active" };
    if s.note.is_empty() {
        line("State", state.to_owned());
    } else {
        line("State", format!("{state}: {}", printable(&s.note)));
    }
    let c = &d.counters;
    line(
        "Counters",
        format!(
            "{} started, {} skipped (overlap), {} missed (catch-up), {} buffered",
            c.actions_started, c.skipped_overlap, c.missed_catchup, c.buffered
        ),
    );
    out.push_str("\nNext fire times\n");
    if d.next_fire_times.is_empty() {
        out.push_str("  none: the schedule has ended\n");
    }
    for t in &d.next_fire_times {
        out.push_str(&format!("  {}\n", local(*t)));
    }
    if !d.waiting_ticks.is_empty() {
        out.push_str("\nWaiting ticks\n");
        for t in &d.waiting_ticks {
            out.push_str(&format!("  {}\n", local(*t)));
        }
    }
    out.push_str("\nRecent runs\n");
    if d.recent.is_empty() {
        out.push_str("  none yet\n");
    } else {
        let rows: Vec<Vec<String>> = d
            .recent
            .iter()
            .map(|r| {
                vec![
                    local(r.run.scheduled_at_ms),
                    local(r.run.started_at_ms),
                    state_name(r.state),
                    r.run.workflow_id.to_string(),
                ]
            })
            .collect();
        out.push_str(&table(
            &["SCHEDULED", "STARTED", "STATE", "WORKFLOW ID"],
            &rows,
        ));
    }
    out
}
