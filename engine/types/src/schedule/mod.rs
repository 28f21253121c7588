//! Schedules: a workflow type started on a cron expression, stored in the engine.
//!
//! This module is the model (what a client sets, what the engine keeps, what a describe
//! returns), its validation, and the one place that computes fire times ([`FireTimes`]), so the
//! runner, the describe's preview and a backfill agree on when a spec fires. The planning of
//! ticks (overlap, catch-up) and the runner live in `aether-core`'s `schedules`.
//!
//! Times and durations are milliseconds, signed so that a negative duration reaches validation
//! and is refused with a clear error rather than wrapping.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Millis, Payload, WorkflowId, WorkflowStatus};

pub mod view;

/// The catch-up window when none is given: after downtime, ticks older than a minute are
/// counted as missed, never run in a burst.
pub const DEFAULT_CATCHUP_WINDOW_MS: Millis = 60_000;
/// The shortest catch-up window: the runner needs some slack to start a tick at all.
pub const MIN_CATCHUP_WINDOW_MS: Millis = 1_000;
/// Longest schedule id (its runs' ids append `@` and a 24-character time).
pub const MAX_SCHEDULE_ID_LEN: usize = 200;
/// Most ticks one backfill may queue.
pub const MAX_BACKFILL_TICKS: usize = 10_000;
/// Ticks a schedule holds waiting (buffered by its overlap policy, or queued by a trigger or a
/// backfill) at most; a buffering tick beyond it is skipped, a backfill beyond it refused. As
/// large as one whole backfill.
pub const MAX_WAITING_TICKS: usize = MAX_BACKFILL_TICKS;
/// A backfill's overlap policy when the caller names none: every tick of the range runs, one
/// after the other. (Under skip, the ticks of a range, considered together, would all but the
/// first be skipped while the first run is open.)
pub const DEFAULT_BACKFILL_OVERLAP: OverlapPolicy = OverlapPolicy::BufferAll;
/// Most recent runs a schedule remembers.
pub const MAX_RECENT_RUNS: usize = 10;
/// How many fire times a describe previews.
pub const PREVIEW_FIRE_TIMES: usize = 5;

/// Why a schedule request is refused. Every variant is the caller's mistake
/// (`ErrorCode::InvalidArgument`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("{0}")]
    Invalid(String),
}

fn invalid(message: impl Into<String>) -> ScheduleError {
    ScheduleError::Invalid(message.into())
}

/// Identifies a schedule: letters, digits and `_ . -`, chosen by the client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct ScheduleId(String);

impl ScheduleId {
    pub fn parse(value: impl Into<String>) -> Result<Self, ScheduleError> {
        let value = value.into();
        if value.is_empty() {
            return Err(invalid("schedule id must not be empty"));
        }
        if value.len() > MAX_SCHEDULE_ID_LEN {
            return Err(invalid(format!(
                "schedule id is {} bytes long; the maximum is {MAX_SCHEDULE_ID_LEN}",
                value.len()
            )));
        }
        if !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        {
            return Err(invalid(format!(
                "schedule id '{}' may hold only letters, digits and _ . -",
                value.chars().take(64).collect::<String>()
            )));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of the run started for the tick at `scheduled_at`: `<id>@<RFC 3339 UTC>`, with
    /// milliseconds only when the time has some. Every node derives the same id, and a start
    /// with an existing id returns the existing run, so a tick never starts twice.
    pub fn run_id(&self, scheduled_at: Millis) -> WorkflowId {
        let time = DateTime::<Utc>::from_timestamp_millis(scheduled_at)
            .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
            .unwrap_or_else(|| scheduled_at.to_string());
        // The id is at most 200 safe characters plus a time: always a valid workflow id.
        WorkflowId::parse(format!("{}@{time}", self.0)).unwrap_or_else(|_| WorkflowId::generate())
    }
}

impl fmt::Display for ScheduleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What to do with a tick while a run the schedule started is still open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum OverlapPolicy {
    /// Do not start it.
    #[default]
    Skip,
    /// Keep one tick and start it when the open runs have finished; skip further ones.
    BufferOne,
    /// Keep every tick; start them one at a time as the open runs finish.
    BufferAll,
    /// Cancel the open runs, then start it.
    CancelOther,
    /// Start it anyway.
    AllowAll,
}

impl OverlapPolicy {
    pub const ALL: [OverlapPolicy; 5] = [
        OverlapPolicy::Skip,
        OverlapPolicy::BufferOne,
        OverlapPolicy::BufferAll,
        OverlapPolicy::CancelOther,
        OverlapPolicy::AllowAll,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OverlapPolicy::Skip => "skip",
            OverlapPolicy::BufferOne => "buffer-one",
            OverlapPolicy::BufferAll => "buffer-all",
            OverlapPolicy::CancelOther => "cancel-other",
            OverlapPolicy::AllowAll => "allow-all",
        }
    }
}

impl fmt::Display for OverlapPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OverlapPolicy {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL
            .into_iter()
            .find(|policy| policy.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|p| p.as_str()).collect();
                invalid(format!(
                    "unknown overlap policy '{}'; expected one of: {}",
                    s.chars().take(64).collect::<String>(),
                    names.join(", ")
                ))
            })
    }
}

/// When a schedule fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScheduleSpec {
    /// 5 fields (minute first), or 6 or 7 (seconds first, optional year).
    pub cron: String,
    /// An IANA time zone; empty is UTC.
    #[serde(default)]
    pub time_zone: String,
    /// Each tick starts after a delay in [0, jitter), the same on every node.
    #[serde(default)]
    pub jitter_ms: Millis,
    /// No tick before this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_at_ms: Option<Millis>,
    /// No tick after this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_at_ms: Option<Millis>,
}

/// What a schedule starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleAction {
    pub workflow_type: String,
    /// The workflow's input (the SDKs' JSON as bytes). Over HTTP, JSON.
    #[serde(default)]
    pub input: Payload,
}

/// Everything a client sets on a schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleDefinition {
    pub spec: ScheduleSpec,
    pub action: ScheduleAction,
    #[serde(default)]
    pub overlap: OverlapPolicy,
    /// After downtime, ticks older than this are counted as missed instead of run.
    #[serde(default = "default_catchup_window")]
    pub catchup_window_ms: Millis,
}

fn default_catchup_window() -> Millis {
    DEFAULT_CATCHUP_WINDOW_MS
}

impl ScheduleDefinition {
    /// Checks every field and returns the definition as it is stored (the time zone named,
    /// the cron expression trimmed). Invalid input is refused whole.
    pub fn validate(mut self) -> Result<Self, ScheduleError> {
        self.spec.cron = self.spec.cron.trim().to_owned();
        self.spec.time_zone = parse_time_zone(&self.spec.time_zone)?.name().to_owned();
        parse_cron(&self.spec.cron)?;
        non_negative("jitter", self.spec.jitter_ms)?;
        non_negative("catch-up window", self.catchup_window_ms)?;
        if self.catchup_window_ms < MIN_CATCHUP_WINDOW_MS {
            return Err(invalid(format!(
                "the catch-up window must be at least {MIN_CATCHUP_WINDOW_MS} ms"
            )));
        }
        if let (Some(start), Some(end)) = (self.spec.start_at_ms, self.spec.end_at_ms)
            && end < start
        {
            return Err(invalid(format!(
                "the schedule ends ({end}) before it starts ({start})"
            )));
        }
        if self.action.workflow_type.trim().is_empty() {
            return Err(invalid("the action's workflow type must not be empty"));
        }
        // No input is JSON null, as HTTP and the CLI send it, whatever the transport.
        if self.action.input.is_empty() {
            self.action.input = b"null".to_vec();
        }
        Ok(self)
    }

    /// The compiled spec. Fails only for a definition that was never validated.
    pub fn fire_times(&self) -> Result<FireTimes, ScheduleError> {
        FireTimes::new(&self.spec)
    }
}

fn non_negative(what: &str, value: Millis) -> Result<(), ScheduleError> {
    if value < 0 {
        return Err(invalid(format!(
            "the {what} must not be negative (got {value} ms)"
        )));
    }
    Ok(())
}

fn parse_time_zone(name: &str) -> Result<chrono_tz::Tz, ScheduleError> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(chrono_tz::UTC);
    }
    chrono_tz::Tz::from_str(name).map_err(|_| {
        invalid(format!(
            "unknown time zone '{}'; expected an IANA name such as UTC or Europe/Paris",
            name.chars().take(64).collect::<String>()
        ))
    })
}

/// Standard 5-field expressions are read as Unix cron reads them: they get a seconds field of 0,
/// and their numeric days of the week (0-7, Sunday 0 or 7) become the `cron` crate's (1-7,
/// Sunday 1), so `0 9 * * 1-5` means weekdays. 6 and 7 fields (and `@daily`-style shorthands)
/// are the `cron` crate's own syntax.
fn parse_cron(expression: &str) -> Result<cron::Schedule, ScheduleError> {
    let fields: Vec<&str> = expression.split_whitespace().collect();
    let full = match fields.len() {
        _ if expression.starts_with('@') => expression.to_owned(),
        5 => format!(
            "0 {} {}",
            fields[..4].join(" "),
            unix_days_of_week(fields[4]).map_err(|err| invalid(format!(
                "invalid cron expression '{}': {err}",
                expression.chars().take(128).collect::<String>()
            )))?
        ),
        6 | 7 => expression.to_owned(),
        _ => {
            return Err(invalid(format!(
                "invalid cron expression '{}': it has {} fields; expected 5 (minute hour \
                 day-of-month month day-of-week), or 6 or 7 (seconds first, optional year)",
                expression.chars().take(128).collect::<String>(),
                fields.len()
            )));
        }
    };
    cron::Schedule::from_str(&full).map_err(|err| {
        invalid(format!(
            "invalid cron expression '{}': {err}",
            expression.chars().take(128).collect::<String>()
        ))
    })
}

/// A Unix day-of-week field in the `cron` crate's numbering. Numeric items (a day, a range, a
/// step over either) become the explicit list of the days they name, because a Unix range such
/// as `5-7` (Friday to Sunday) wraps in the crate's numbering; `*`, `?` and names (`MON-FRI`)
/// mean the same in both and stay as they are.
fn unix_days_of_week(field: &str) -> Result<String, String> {
    let mut items = Vec::new();
    for item in field.split(',') {
        if item == "*" || item == "?" || item.chars().any(|c| c.is_ascii_alphabetic()) {
            items.push(item.to_owned());
            continue;
        }
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => {
                let step: u8 = step
                    .parse()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| format!("invalid step '{step}' in the day of week"))?;
                (range, step)
            }
            None => (item, 1),
        };
        let day = |text: &str| -> Result<u8, String> {
            text.parse::<u8>()
                .ok()
                .filter(|d| *d <= 7)
                .ok_or_else(|| format!("invalid day of week '{text}' (0-7, Sunday is 0 or 7)"))
        };
        let (first, last) = match range.split_once('-') {
            _ if range == "*" => (0, 6),
            Some((first, last)) => (day(first)?, day(last)?),
            // `n/step` runs from n to the end of the week, as in Unix cron.
            None if step > 1 => (day(range)?, 6),
            None => {
                let d = day(range)?;
                (d, d)
            }
        };
        if last < first {
            return Err(format!("invalid day-of-week range '{range}'"));
        }
        for unix in (first..=last).step_by(usize::from(step)) {
            items.push((unix % 7 + 1).to_string());
        }
    }
    Ok(items.join(","))
}

/// A spec compiled: the cron schedule in its time zone, bounded by the start and end.
#[derive(Debug, Clone)]
pub struct FireTimes {
    cron: cron::Schedule,
    zone: chrono_tz::Tz,
    start: Option<Millis>,
    end: Option<Millis>,
}

impl FireTimes {
    pub fn new(spec: &ScheduleSpec) -> Result<Self, ScheduleError> {
        Ok(Self {
            cron: parse_cron(spec.cron.trim())?,
            zone: parse_time_zone(&spec.time_zone)?,
            start: spec.start_at_ms,
            end: spec.end_at_ms,
        })
    }

    /// The fire times strictly after `after`, in order, within the start and end.
    pub fn after(&self, after: Millis) -> impl Iterator<Item = Millis> + '_ {
        // Starting just before `start` makes a tick exactly at `start` count.
        let from = match self.start {
            Some(start) => after.max(start.saturating_sub(1)),
            None => after,
        };
        let end = self.end;
        let from = self.zone.timestamp_millis_opt(from).single();
        from.into_iter()
            .flat_map(move |from| self.cron.after(&from))
            .map(|time| time.timestamp_millis())
            .take_while(move |time| end.is_none_or(|end| *time <= end))
    }

    /// The fire times in `[from, to]`.
    pub fn between(&self, from: Millis, to: Millis) -> impl Iterator<Item = Millis> + '_ {
        self.after(from.saturating_sub(1))
            .take_while(move |time| *time <= to)
    }
}

/// The delay of the tick at `scheduled_at` within `[0, jitter)`: derived from the schedule id
/// and the tick, so every node computes the same one.
pub fn jitter_of(id: &ScheduleId, scheduled_at: Millis, jitter: Millis) -> Millis {
    let Ok(range) = u64::try_from(jitter) else {
        return 0;
    };
    if range == 0 {
        return 0;
    }
    let digest = Sha256::new()
        .chain_update(id.as_str().as_bytes())
        .chain_update(scheduled_at.to_be_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    // `range` fits an i64 (it came from one), so the remainder does too.
    i64::try_from(u64::from_be_bytes(first) % range).unwrap_or(0)
}

/// A tick waiting to be considered (a trigger's or a backfill's) or held back by a buffering
/// policy, with the policy that applies to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueuedTick {
    pub scheduled_at: Millis,
    pub overlap: OverlapPolicy,
    /// Queued by a backfill: its run is late on purpose, so no lag is recorded for it.
    #[serde(default)]
    pub backfill: bool,
}

/// A run the schedule started (or claimed and is starting: its start is retried until the
/// workflow exists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRun {
    pub scheduled_at_ms: Millis,
    pub started_at_ms: Millis,
    pub workflow_id: WorkflowId,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ScheduleCounters {
    pub actions_started: u64,
    pub skipped_overlap: u64,
    pub missed_catchup: u64,
    pub buffered: u64,
}

/// What the runner keeps between passes. Changed only by a versioned write of the whole row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleState {
    /// Every cron tick at or before this time has been handled (started, skipped, buffered or
    /// missed).
    pub cursor: Millis,
    /// Triggered and backfilled ticks not yet considered, oldest first.
    pub queued: Vec<QueuedTick>,
    /// Ticks held back by a buffering policy until the open runs finish, oldest first.
    pub buffer: Vec<QueuedTick>,
    /// Runs claimed and not yet seen finished.
    pub running: Vec<ScheduleRun>,
    /// The latest runs, newest first.
    pub recent: Vec<ScheduleRun>,
    pub counters: ScheduleCounters,
}

/// A schedule as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRow {
    pub id: ScheduleId,
    pub definition: ScheduleDefinition,
    pub paused: bool,
    pub note: String,
    pub state: ScheduleState,
    /// Bumped by every write; a write names the version it read.
    pub version: u64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl ScheduleRow {
    /// A new schedule, whose first tick is the first one after `now` (or its start).
    pub fn new(
        id: ScheduleId,
        definition: ScheduleDefinition,
        paused: bool,
        note: String,
        now: Millis,
    ) -> Self {
        Self {
            id,
            definition,
            paused,
            note,
            state: ScheduleState {
                cursor: now,
                ..ScheduleState::default()
            },
            version: 0,
            created_at: now,
            updated_at: now,
        }
    }
}

/// A recent run with its state as of the describe (`None`: not found yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    pub run: ScheduleRun,
    pub state: Option<WorkflowStatus>,
}

/// A schedule as a client sees it: what was set on it, not the runner's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleInfo {
    pub id: ScheduleId,
    pub definition: ScheduleDefinition,
    pub paused: bool,
    pub note: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A schedule as Describe and List return it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleDescription {
    pub schedule: ScheduleInfo,
    /// The next fire times (before jitter), at most [`PREVIEW_FIRE_TIMES`].
    pub next_fire_times: Vec<Millis>,
    /// Newest first.
    pub recent: Vec<RunSummary>,
    /// The runs it started that are still open.
    pub running: Vec<WorkflowId>,
    pub counters: ScheduleCounters,
    /// Ticks a buffering policy holds and ticks a trigger or backfill queued, oldest first.
    pub waiting_ticks: Vec<Millis>,
}

impl ScheduleRow {
    pub fn info(&self) -> ScheduleInfo {
        ScheduleInfo {
            id: self.id.clone(),
            definition: self.definition.clone(),
            paused: self.paused,
            note: self.note.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }

    /// The ticks a buffering policy holds and those a trigger or backfill queued, oldest first.
    pub fn waiting_ticks(&self) -> Vec<Millis> {
        let mut ticks: Vec<Millis> = self
            .state
            .buffer
            .iter()
            .chain(&self.state.queued)
            .map(|tick| tick.scheduled_at)
            .collect();
        ticks.sort_unstable();
        ticks
    }
}

/// What a trigger did with its tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TickOutcome {
    Started,
    Skipped,
    Buffered,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triggered {
    pub scheduled_at_ms: Millis,
    pub workflow_id: WorkflowId,
    pub outcome: TickOutcome,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition(cron: &str, time_zone: &str) -> ScheduleDefinition {
        ScheduleDefinition {
            spec: ScheduleSpec {
                cron: cron.to_owned(),
                time_zone: time_zone.to_owned(),
                jitter_ms: 0,
                start_at_ms: None,
                end_at_ms: None,
            },
            action: ScheduleAction {
                workflow_type: "nightly".to_owned(),
                input: Vec::new(),
            },
            overlap: OverlapPolicy::Skip,
            catchup_window_ms: DEFAULT_CATCHUP_WINDOW_MS,
        }
    }

    fn error_of(definition: ScheduleDefinition) -> String {
        match definition.validate() {
            Ok(_) => panic!("expected a refusal"),
            Err(err) => err.to_string(),
        }
    }

    #[test]
    fn five_field_days_of_week_are_read_as_unix_cron_reads_them() {
        assert_eq!(unix_days_of_week("1-5").as_deref(), Ok("2,3,4,5,6"));
        assert_eq!(unix_days_of_week("0").as_deref(), Ok("1"));
        assert_eq!(unix_days_of_week("7").as_deref(), Ok("1"));
        assert_eq!(unix_days_of_week("5-7").as_deref(), Ok("6,7,1"));
        assert_eq!(unix_days_of_week("*/2").as_deref(), Ok("1,3,5,7"));
        assert_eq!(unix_days_of_week("1,3/2").as_deref(), Ok("2,4,6"));
        assert_eq!(unix_days_of_week("MON-FRI").as_deref(), Ok("MON-FRI"));
        assert_eq!(unix_days_of_week("*").as_deref(), Ok("*"));
        assert!(unix_days_of_week("8").is_err());
        assert!(unix_days_of_week("5-1").is_err());
        assert!(unix_days_of_week("1/0").is_err());

        // Monday 2026-11-30 00:00 UTC: "weekdays at 18:30" skips the weekend, Sunday is 0.
        let monday = 1_795_996_800_000;
        let weekdays = FireTimes::new(&definition("30 18 * * 1-5", "UTC").spec).unwrap();
        let days: Vec<u32> = weekdays
            .after(monday)
            .take(6)
            .map(|t| {
                let t = DateTime::<Utc>::from_timestamp_millis(t).unwrap();
                chrono::Datelike::weekday(&t).number_from_monday()
            })
            .collect();
        assert_eq!(days, vec![1, 2, 3, 4, 5, 1]);
        let sundays = FireTimes::new(&definition("0 12 * * 0", "UTC").spec).unwrap();
        let first = sundays.after(monday).next().unwrap();
        let first = DateTime::<Utc>::from_timestamp_millis(first).unwrap();
        assert_eq!(chrono::Datelike::weekday(&first), chrono::Weekday::Sun);
    }

    #[test]
    fn accepts_five_six_and_seven_fields_and_names_the_time_zone() {
        for cron in [
            "*/5 * * * *",
            "* * * * * *",
            "0 0 12 * * MON 2030",
            "@daily",
        ] {
            let valid = definition(cron, "").validate();
            assert!(valid.is_ok(), "{cron}: {valid:?}");
        }
        let valid = definition("0 9 * * *", " Europe/Paris ").validate();
        assert_eq!(
            valid.map(|d| d.spec.time_zone),
            Ok("Europe/Paris".to_owned())
        );
        assert_eq!(
            definition("0 9 * * *", "")
                .validate()
                .map(|d| d.spec.time_zone),
            Ok("UTC".to_owned())
        );
        let mut no_input = definition("0 9 * * *", "");
        no_input.action.input.clear();
        assert_eq!(
            no_input.validate().map(|d| d.action.input),
            Ok(b"null".to_vec()),
            "no input is null on every transport"
        );
    }

    #[test]
    fn refuses_bad_input_with_what_was_wrong() {
        assert!(error_of(definition("* * *", "")).contains("3 fields"));
        assert!(error_of(definition("61 * * * *", "")).contains("invalid cron expression"));
        assert!(error_of(definition("* * * * *", "Mars/Olympus")).contains("unknown time zone"));
        let mut negative = definition("* * * * *", "");
        negative.spec.jitter_ms = -1;
        assert!(error_of(negative).contains("jitter must not be negative"));
        let mut negative = definition("* * * * *", "");
        negative.catchup_window_ms = -5;
        assert!(error_of(negative).contains("catch-up window must not be negative"));
        let mut backwards = definition("* * * * *", "");
        backwards.spec.start_at_ms = Some(10);
        backwards.spec.end_at_ms = Some(5);
        assert!(error_of(backwards).contains("ends"));
    }

    #[test]
    fn overlap_policies_parse_by_name_and_list_the_names_when_unknown() {
        for policy in OverlapPolicy::ALL {
            assert_eq!(policy.as_str().parse::<OverlapPolicy>(), Ok(policy));
        }
        assert_eq!("BUFFER_ALL".parse(), Ok(OverlapPolicy::BufferAll));
        let Err(err) = "sometimes".parse::<OverlapPolicy>() else {
            panic!("parsed an unknown policy");
        };
        assert_eq!(
            err.to_string(),
            "unknown overlap policy 'sometimes'; expected one of: skip, buffer-one, buffer-all, \
             cancel-other, allow-all"
        );
    }

    #[test]
    fn fire_times_follow_the_time_zone_and_the_bounds() {
        // 2026-01-05T00:00:00Z, a Monday.
        let monday = 1_767_571_200_000;
        let mut paris = definition("0 9 * * *", "Europe/Paris");
        paris.spec.end_at_ms = Some(monday + 2 * 86_400_000);
        let times: Vec<Millis> = paris
            .fire_times()
            .map_or(Vec::new(), |f| f.after(monday).collect());
        // 09:00 in Paris is 08:00 UTC in winter; the end bound stops after two days.
        assert_eq!(
            times,
            vec![monday + 8 * 3_600_000, monday + 86_400_000 + 8 * 3_600_000]
        );
        let mut every_second = definition("* * * * * *", "");
        every_second.spec.start_at_ms = Some(monday + 5_000);
        let first: Vec<Millis> = every_second
            .fire_times()
            .map_or(Vec::new(), |f| f.after(monday).take(2).collect());
        assert_eq!(first, vec![monday + 5_000, monday + 6_000]);
        let range: Vec<Millis> = every_second.fire_times().map_or(Vec::new(), |f| {
            f.between(monday + 6_000, monday + 8_000).collect()
        });
        assert_eq!(range, vec![monday + 6_000, monday + 7_000, monday + 8_000]);
    }

    #[test]
    fn run_ids_name_the_schedule_and_the_tick_and_jitter_is_stable() {
        let id = ScheduleId::parse("nightly").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            id.run_id(1_795_946_400_000).as_str(),
            "nightly@2026-11-29T10:00:00Z"
        );
        assert_eq!(
            id.run_id(1_795_946_400_250).as_str(),
            "nightly@2026-11-29T10:00:00.250Z"
        );
        let jitter = jitter_of(&id, 1_795_946_400_000, 30_000);
        assert!((0..30_000).contains(&jitter));
        assert_eq!(jitter, jitter_of(&id, 1_795_946_400_000, 30_000));
        assert_eq!(jitter_of(&id, 1_795_946_400_000, 0), 0);
        assert!(ScheduleId::parse("no spaces").is_err());
        assert!(ScheduleId::parse("a@b").is_err());
    }
}
