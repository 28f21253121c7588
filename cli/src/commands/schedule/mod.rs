//! `aether schedule ...`: create and operate cron schedules from a shell, through the Rust SDK's
//! `ScheduleClient` like any other client. Every flag is checked before any call (a cron
//! expression, time zone or duration the engine would refuse is refused here with the same
//! words, and nothing is sent); the engine checks again, for every other client.

mod render;

use aether_sdk::{
    OverlapPolicy, ScheduleAction, ScheduleCreateOptions, ScheduleDefinition, ScheduleSpec,
    schedules::{ScheduleView, TriggeredView},
};
use anyhow::{Context, anyhow};
use chrono::DateTime;
use clap::Subcommand;

use super::{ClientArgs, explain};
use crate::output::print_json;

#[derive(Subcommand)]
pub enum Command {
    /// Create a schedule that starts a workflow type on a cron expression.
    Create(CreateArgs),
    /// List every schedule with its next fire time and counters.
    List(ListArgs),
    /// Show a schedule: its spec, next 5 fire times, recent runs and counters.
    Describe(IdArgs),
    /// Change a schedule's spec, action or policies (flags not given keep their value).
    Update(UpdateArgs),
    /// Pause a schedule: its ticks start nothing until it is unpaused.
    Pause(NoteArgs),
    /// Unpause a schedule; ticks that passed while it was paused are not run.
    Unpause(NoteArgs),
    /// Start one run now (the overlap policy applies).
    Trigger(IdArgs),
    /// Run the ticks a time range holds, with an overlap policy of its own.
    Backfill(BackfillArgs),
    /// Delete a schedule (the runs it started are not cancelled).
    Delete(IdArgs),
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Create(args) => create(args).await,
        Command::List(args) => list(args).await,
        Command::Describe(args) => describe(args).await,
        Command::Update(args) => update(args).await,
        Command::Pause(args) => pause(args, true).await,
        Command::Unpause(args) => pause(args, false).await,
        Command::Trigger(args) => trigger(args).await,
        Command::Backfill(args) => backfill(args).await,
        Command::Delete(args) => delete(args).await,
    }
}

/// The flags that make a definition; in `create` the cron and workflow are required.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DefinitionArgs {
    /// A cron expression: 5 fields as Unix cron reads them (minute hour day-of-month month
    /// day-of-week, Sunday 0), e.g. "0 9 * * 1-5" (weekdays at 9:00), or 6 or 7 with seconds
    /// first (day of week 1-7, Sunday 1), e.g. "*/10 * * * * *".
    #[arg(long, value_name = "EXPR")]
    cron: Option<String>,
    /// The workflow type each tick starts.
    #[arg(long = "workflow", value_name = "TYPE")]
    workflow_type: Option<String>,
    /// The workflow's input, as JSON (default: null).
    #[arg(long, value_name = "JSON")]
    input: Option<String>,
    /// An IANA time zone the cron expression is read in (default UTC), e.g. Europe/Paris.
    #[arg(long, value_name = "TZ")]
    timezone: Option<String>,
    /// What a tick does while a run it started is still open: skip (default), buffer-one,
    /// buffer-all, cancel-other, allow-all.
    #[arg(long, value_name = "POLICY", value_parser = parse_overlap)]
    overlap: Option<OverlapPolicy>,
    /// After downtime, ticks older than this are counted as missed instead of run, e.g. 1m
    /// (default), 10m, 1h.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    catchup_window: Option<i64>,
    /// Delay each tick by a random amount below this (the same on every node), e.g. 30s.
    #[arg(long, value_name = "DUR", value_parser = parse_duration)]
    jitter: Option<i64>,
    /// No tick before this time (RFC 3339, e.g. 2026-12-01T00:00:00Z).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    start_at: Option<i64>,
    /// No tick after this time (RFC 3339).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    end_at: Option<i64>,
}

impl DefinitionArgs {
    /// `base` with every flag given applied over it, checked as the engine would.
    fn apply(&self, mut base: ScheduleDefinition) -> anyhow::Result<ScheduleDefinition> {
        if let Some(cron) = &self.cron {
            base.spec.cron = cron.clone();
        }
        if let Some(workflow_type) = &self.workflow_type {
            base.action.workflow_type = workflow_type.clone();
        }
        if let Some(input) = &self.input {
            let value: serde_json::Value = serde_json::from_str(input)
                .with_context(|| format!("--input is not valid JSON ({input:?})"))?;
            base.action.input = serde_json::to_vec(&value)?;
        }
        if let Some(zone) = &self.timezone {
            base.spec.time_zone = zone.clone();
        }
        if let Some(overlap) = self.overlap {
            base.overlap = overlap;
        }
        if let Some(window) = self.catchup_window {
            base.catchup_window_ms = window;
        }
        if let Some(jitter) = self.jitter {
            base.spec.jitter_ms = jitter;
        }
        if self.start_at.is_some() {
            base.spec.start_at_ms = self.start_at;
        }
        if self.end_at.is_some() {
            base.spec.end_at_ms = self.end_at;
        }
        Ok(base.validate()?)
    }
}

#[derive(clap::Args)]
pub struct CreateArgs {
    /// The schedule's id: letters, digits and _ . - (each run's id is `<id>@<scheduled time>`).
    name: String,
    #[command(flatten)]
    definition: DefinitionArgs,
    /// Create it paused.
    #[arg(long)]
    paused: bool,
    /// Why (shown by describe).
    #[arg(long, default_value = "")]
    note: String,
    #[command(flatten)]
    client: ClientArgs,
}

#[derive(clap::Args)]
pub struct UpdateArgs {
    name: String,
    #[command(flatten)]
    definition: DefinitionArgs,
    #[command(flatten)]
    client: ClientArgs,
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    client: ClientArgs,
}

#[derive(clap::Args)]
pub struct IdArgs {
    name: String,
    #[command(flatten)]
    client: ClientArgs,
}

#[derive(clap::Args)]
pub struct NoteArgs {
    name: String,
    /// Why (shown by describe).
    #[arg(long, default_value = "")]
    note: String,
    #[command(flatten)]
    client: ClientArgs,
}

#[derive(clap::Args)]
pub struct BackfillArgs {
    name: String,
    /// The range's start (RFC 3339, inclusive).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    start: i64,
    /// The range's end (RFC 3339, inclusive).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    end: i64,
    /// The backfill's own overlap policy (default: the engine's, buffer-all, under which every
    /// tick of the range runs, one after the other).
    #[arg(long, value_name = "POLICY", value_parser = parse_overlap)]
    overlap: Option<OverlapPolicy>,
    #[command(flatten)]
    client: ClientArgs,
}

fn parse_overlap(text: &str) -> Result<OverlapPolicy, String> {
    text.parse()
        .map_err(|e: aether_sdk::schedules::ScheduleError| e.to_string())
}

/// A duration such as `90s`, `1m`, `1h 30m` or `250ms`, in milliseconds; a negative one is
/// refused with the reason rather than a parse error.
fn parse_duration(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if text.starts_with('-') {
        return Err(format!("a duration must not be negative (got {text:?})"));
    }
    let duration = humantime::parse_duration(text)
        .map_err(|e| format!("invalid duration {text:?} ({e}); e.g. 30s, 1m, 1h 30m"))?;
    i64::try_from(duration.as_millis()).map_err(|_| format!("duration {text:?} is too long"))
}

fn parse_time(text: &str) -> Result<i64, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.timestamp_millis())
        .map_err(|e| format!("invalid time {text:?} ({e}); e.g. 2026-12-01T09:00:00Z"))
}

async fn create(args: CreateArgs) -> anyhow::Result<()> {
    let given = &args.definition;
    let (Some(cron), Some(workflow_type)) = (&given.cron, &given.workflow_type) else {
        return Err(anyhow!("a schedule needs --cron EXPR and --workflow TYPE"));
    };
    let blank = ScheduleDefinition {
        spec: ScheduleSpec {
            cron: cron.clone(),
            time_zone: String::new(),
            jitter_ms: 0,
            start_at_ms: None,
            end_at_ms: None,
        },
        action: ScheduleAction {
            workflow_type: workflow_type.clone(),
            input: b"null".to_vec(),
        },
        overlap: OverlapPolicy::default(),
        catchup_window_ms: aether_sdk::schedules::DEFAULT_CATCHUP_WINDOW_MS,
    };
    let definition = given.apply(blank)?;
    let client = args.client.connect().await?;
    let options = ScheduleCreateOptions {
        paused: args.paused,
        note: args.note,
    };
    let created = client
        .schedules()
        .create_with(&args.name, definition, options)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&ScheduleView::from(created));
    }
    print!("{}", render::describe(&created));
    Ok(())
}

async fn list(args: ListArgs) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let schedules = client
        .schedules()
        .list()
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        let all: Vec<ScheduleView> = schedules.into_iter().map(Into::into).collect();
        return print_json(&serde_json::json!({ "schedules": all }));
    }
    print!("{}", render::list(&schedules));
    Ok(())
}

async fn describe(args: IdArgs) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let description = client
        .schedules()
        .describe(&args.name)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&ScheduleView::from(description));
    }
    print!("{}", render::describe(&description));
    Ok(())
}

async fn update(args: UpdateArgs) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let schedules = client.schedules();
    let current = schedules
        .describe(&args.name)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    let definition = args.definition.apply(current.schedule.definition)?;
    let updated = schedules
        .update(&args.name, definition)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&ScheduleView::from(updated));
    }
    print!("{}", render::describe(&updated));
    Ok(())
}

async fn pause(args: NoteArgs, pause: bool) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let schedules = client.schedules();
    let result = if pause {
        schedules.pause(&args.name, &args.note).await
    } else {
        schedules.unpause(&args.name, &args.note).await
    };
    let description = result.map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&ScheduleView::from(description));
    }
    let verb = if pause { "Paused" } else { "Unpaused" };
    println!("{verb} schedule {}", args.name);
    Ok(())
}

async fn trigger(args: IdArgs) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    let triggered = client
        .schedules()
        .trigger(&args.name)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&TriggeredView::from(triggered));
    }
    println!("{}", render::triggered(&args.name, &triggered));
    Ok(())
}

async fn backfill(args: BackfillArgs) -> anyhow::Result<()> {
    if args.end < args.start {
        return Err(anyhow!("--end is before --start"));
    }
    let client = args.client.connect().await?;
    let ticks = client
        .schedules()
        .backfill(&args.name, args.start, args.end, args.overlap)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&serde_json::json!({ "ticks": ticks }));
    }
    let overlap = args
        .overlap
        .unwrap_or(aether_sdk::schedules::DEFAULT_BACKFILL_OVERLAP);
    println!(
        "Backfilling {ticks} tick(s) of schedule {} under {overlap}",
        args.name
    );
    Ok(())
}

async fn delete(args: IdArgs) -> anyhow::Result<()> {
    let client = args.client.connect().await?;
    client
        .schedules()
        .delete(&args.name)
        .await
        .map_err(|e| explain(e, &args.client.server))?;
    if args.client.json {
        return print_json(&serde_json::json!({ "id": args.name, "deleted": true }));
    }
    println!("Deleted schedule {}", args.name);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them_and_negative_ones_are_refused() {
        assert_eq!(parse_duration("90s"), Ok(90_000));
        assert_eq!(parse_duration("1m"), Ok(60_000));
        assert_eq!(parse_duration("1h 30m"), Ok(5_400_000));
        assert_eq!(parse_duration("250ms"), Ok(250));
        let negative = parse_duration("-5s").unwrap_err();
        assert!(negative.contains("must not be negative"), "{negative}");
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn unknown_policies_name_the_valid_ones() {
        assert_eq!(parse_overlap("buffer-one"), Ok(OverlapPolicy::BufferOne));
        assert_eq!(
            parse_overlap("CANCEL_OTHER"),
            Ok(OverlapPolicy::CancelOther)
        );
        let err = parse_overlap("sometimes").unwrap_err();
        assert!(
            err.contains("skip, buffer-one, buffer-all, cancel-other, allow-all"),
            "{err}"
        );
    }

    fn flags(cron: &str) -> DefinitionArgs {
        DefinitionArgs {
            cron: Some(cron.into()),
            workflow_type: Some("report".into()),
            ..DefinitionArgs::default()
        }
    }

    fn blank() -> ScheduleDefinition {
        ScheduleDefinition {
            spec: ScheduleSpec {
                cron: "* * * * *".into(),
                time_zone: String::new(),
                jitter_ms: 0,
                start_at_ms: None,
                end_at_ms: None,
            },
            action: ScheduleAction {
                workflow_type: "old".into(),
                input: b"null".to_vec(),
            },
            overlap: OverlapPolicy::Skip,
            catchup_window_ms: 60_000,
        }
    }

    #[test]
    fn flags_apply_over_the_current_definition_and_are_checked_before_any_call() {
        let mut given = flags("0 9 * * 1-5");
        given.timezone = Some("Europe/Paris".into());
        given.input = Some(r#"{"team": "core"}"#.into());
        let definition = given.apply(blank()).unwrap();
        assert_eq!(definition.spec.cron, "0 9 * * 1-5");
        assert_eq!(definition.spec.time_zone, "Europe/Paris");
        assert_eq!(definition.action.workflow_type, "report");
        assert_eq!(definition.action.input, br#"{"team":"core"}"#.to_vec());
        assert_eq!(definition.catchup_window_ms, 60_000, "kept");

        let mut bad_zone = flags("* * * * *");
        bad_zone.timezone = Some("Mars/Olympus".into());
        let err = bad_zone.apply(blank()).unwrap_err().to_string();
        assert!(err.contains("unknown time zone"), "{err}");

        let err = flags("every tuesday")
            .apply(blank())
            .unwrap_err()
            .to_string();
        assert!(err.contains("invalid cron expression"), "{err}");

        let mut not_json = flags("* * * * *");
        not_json.input = Some("{nope".into());
        assert!(not_json.apply(blank()).is_err());
    }
}
