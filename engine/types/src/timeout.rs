//! Timeouts the engine enforces: an activity's (per attempt and over all attempts) and a
//! workflow's execution timeout, and the kind of timeout a failure reports.
//!
//! Plain data with validation; the deadlines themselves are armed by the core.

use serde::{Deserialize, Serialize};

use crate::{Millis, Payload};

/// Which timeout passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeoutKind {
    /// The attempt sent no heartbeat for its heartbeat timeout.
    Heartbeat,
    /// The attempt ran longer than its start-to-close timeout.
    StartToClose,
    /// The attempt did not start within its schedule-to-start timeout of becoming runnable.
    ScheduleToStart,
    /// The step, all attempts together, ran longer than its schedule-to-close timeout.
    ScheduleToClose,
    /// The workflow ran longer than its execution timeout.
    Execution,
}

impl TimeoutKind {
    pub const ALL: [TimeoutKind; 5] = [
        TimeoutKind::Heartbeat,
        TimeoutKind::StartToClose,
        TimeoutKind::ScheduleToStart,
        TimeoutKind::ScheduleToClose,
        TimeoutKind::Execution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TimeoutKind::Heartbeat => "heartbeat",
            TimeoutKind::StartToClose => "start_to_close",
            TimeoutKind::ScheduleToStart => "schedule_to_start",
            TimeoutKind::ScheduleToClose => "schedule_to_close",
            TimeoutKind::Execution => "execution",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl std::fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An activity's timeouts, in milliseconds; `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityTimeouts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_to_close_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heartbeat_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_to_start_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_to_close_ms: Option<u64>,
}

/// The longest timeout accepted (about 10 years): beyond it a deadline means nothing.
pub const MAX_TIMEOUT_MS: i64 = 10 * 365 * 24 * 3600 * 1000;

/// A timeout as the wire carries it (0: none), checked: negative or absurd values are refused
/// with a message naming `what`.
pub fn timeout_from_millis(what: &str, ms: i64) -> Result<Option<u64>, String> {
    if ms < 0 {
        return Err(format!("{what} must not be negative (got {ms} ms)"));
    }
    if ms > MAX_TIMEOUT_MS {
        return Err(format!("{what} is longer than {MAX_TIMEOUT_MS} ms"));
    }
    Ok(u64::try_from(ms).ok().filter(|ms| *ms > 0))
}

impl ActivityTimeouts {
    /// From the wire's milliseconds (0: none); negative values are refused.
    pub fn from_millis(
        start_to_close: i64,
        heartbeat: i64,
        schedule_to_start: i64,
        schedule_to_close: i64,
    ) -> Result<Self, String> {
        Ok(Self {
            start_to_close_ms: timeout_from_millis("start-to-close timeout", start_to_close)?,
            heartbeat_ms: timeout_from_millis("heartbeat timeout", heartbeat)?,
            schedule_to_start_ms: timeout_from_millis(
                "schedule-to-start timeout",
                schedule_to_start,
            )?,
            schedule_to_close_ms: timeout_from_millis(
                "schedule-to-close timeout",
                schedule_to_close,
            )?,
        })
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Adds a timeout to a point in time.
pub fn deadline_after(at: Millis, ms: u64) -> Millis {
    at.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX))
}

/// An activity attempt in progress, as the status API reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingActivity {
    pub position: u32,
    pub name: String,
    pub attempt: u32,
    /// When the current attempt started; `None` while it waits to start (a retry's backoff
    /// elapsed, or is still running).
    pub started_at: Option<Millis>,
    pub last_heartbeat_at: Option<Millis>,
    /// The attempt's last heartbeat details, or those the previous attempt left.
    pub heartbeat_details: Option<Payload>,
    /// The next deadline the engine enforces and which timeout it is.
    pub deadline: Option<(Millis, TimeoutKind)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_timeouts_are_refused_and_zero_is_none() {
        assert!(ActivityTimeouts::from_millis(-1, 0, 0, 0).is_err());
        assert!(ActivityTimeouts::from_millis(0, -5, 0, 0).is_err());
        assert!(ActivityTimeouts::from_millis(0, 0, 0, MAX_TIMEOUT_MS + 1).is_err());
        let timeouts = ActivityTimeouts::from_millis(0, 500, 0, 0).unwrap();
        assert_eq!(timeouts.heartbeat_ms, Some(500));
        assert_eq!(timeouts.start_to_close_ms, None);
        assert!(
            ActivityTimeouts::from_millis(0, 0, 0, 0)
                .unwrap()
                .is_empty()
        );
        for kind in TimeoutKind::ALL {
            assert_eq!(TimeoutKind::parse(kind.as_str()), Some(kind));
        }
    }
}
