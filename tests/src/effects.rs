//! The side-effect log of a `mixed` workflow (test-worker) and what the fault harness reads from
//! it. One file per workflow, appended and fsynced by whichever worker runs it:
//!
//! - `begin <step>`: an execution of the step began (every attempt, every re-run);
//! - `ack <step> <value>`: the worker's report of the step was answered (`ctx.step` returned
//!   the value the engine journaled); replays write it again, with the same value;
//! - `ws <session> <path> <content>`: a workspace write was answered.
//!
//! A step may begin twice only while its result is not yet acknowledged: a `begin` after an
//! `ack` of the same step means an acknowledged step ran again.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

/// The log of `workflow_id` under `dir` (ids are made file-name safe).
pub fn log_for(dir: &Path, workflow_id: &str) -> PathBuf {
    let safe: String = workflow_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.join(format!("{safe}.log"))
}

pub fn begin_line(step: &str) -> String {
    format!("begin {step}")
}

pub fn ack_line(step: &str, value: &str) -> String {
    format!("ack {step} {value}")
}

pub fn workspace_line(session: &str, path: &str, content: &str) -> String {
    format!("ws {session} {path} {content}")
}

/// What one workflow's log says.
#[derive(Debug, Default, PartialEq)]
pub struct Effects {
    /// Each acknowledged step and the value acknowledged first.
    pub acked: BTreeMap<String, String>,
    /// Steps whose acknowledged value changed between two acknowledgements.
    pub changed: Vec<String>,
    /// Steps that began again after their acknowledgement.
    pub rerun_after_ack: Vec<String>,
    /// How often each step began.
    pub begun: BTreeMap<String, usize>,
    /// Acknowledged workspace writes: (session, path, content).
    pub writes: Vec<(String, String, String)>,
}

impl Effects {
    pub fn read(log: &Path) -> Self {
        Self::parse(&crate::lines(log))
    }

    pub fn parse(lines: &[String]) -> Self {
        let mut effects = Self::default();
        for line in lines {
            let mut words = line.splitn(2, ' ');
            let (Some(kind), Some(rest)) = (words.next(), words.next()) else {
                continue;
            };
            match kind {
                "begin" => {
                    *effects.begun.entry(rest.to_owned()).or_default() += 1;
                    if effects.acked.contains_key(rest) {
                        effects.rerun_after_ack.push(rest.to_owned());
                    }
                }
                "ack" => {
                    let (step, value) = rest.split_once(' ').unwrap_or((rest, ""));
                    match effects.acked.get(step) {
                        Some(first) if first != value => effects.changed.push(step.to_owned()),
                        Some(_) => {}
                        None => {
                            effects.acked.insert(step.to_owned(), value.to_owned());
                        }
                    }
                }
                "ws" => {
                    let mut parts = rest.splitn(3, ' ');
                    if let (Some(session), Some(path), Some(content)) =
                        (parts.next(), parts.next(), parts.next())
                    {
                        effects
                            .writes
                            .push((session.into(), path.into(), content.into()));
                    }
                }
                _ => {}
            }
        }
        effects
    }
}

/// What a check holds against a workflow's history, given the workflow's log read twice:
/// `early` before the history was read, `late` after it. The engine persists before it answers,
/// so every step acknowledged in `early` must be in the history; one acknowledged only in `late`
/// may have been committed after the history was read, and is left to the next check — unless
/// the workflow had `ended` before its history was read, which is then final and must hold every
/// acknowledgement. Findings that do not depend on the history's moment (re-runs, changed
/// values, workspace writes, read back afterwards) come from `late`.
///
/// Returns the effects to check, and the steps left to the next check.
pub fn checked_against_history(
    early: Effects,
    late: Effects,
    ended: bool,
) -> (Effects, Vec<String>) {
    if ended {
        return (late, Vec::new());
    }
    let later = late
        .acked
        .keys()
        .filter(|step| !early.acked.contains_key(*step))
        .cloned()
        .collect();
    (
        Effects {
            acked: early.acked,
            ..late
        },
        later,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(lines: &[&str]) -> Effects {
        Effects::parse(&lines.iter().map(|l| l.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn a_rerun_before_the_ack_is_allowed_and_one_after_it_is_not() {
        let effects = parse(&["begin a", "begin a", "ack a 1", "ack a 1", "begin b"]);
        assert!(effects.rerun_after_ack.is_empty());
        assert_eq!(effects.begun["a"], 2);
        let effects = parse(&["begin a", "ack a 1", "begin a"]);
        assert_eq!(effects.rerun_after_ack, ["a"]);
    }

    #[test]
    fn a_replay_that_acknowledges_another_value_is_a_change() {
        let effects = parse(&["begin a", "ack a 1", "ack a 2"]);
        assert_eq!(effects.changed, ["a"]);
        assert_eq!(effects.acked["a"], "1");
    }

    /// The fault harness's false "lost" steps on PostgreSQL: it read the history, then the log,
    /// and a step acknowledged in between (committed after the history was read) looked lost.
    #[test]
    fn a_step_acknowledged_after_the_history_was_read_is_left_to_the_next_check() {
        let early = parse(&["begin a", "ack a 1", "begin b"]);
        let late = || parse(&["begin a", "ack a 1", "begin b", "ack b 2", "begin c"]);
        let (checked, later) = checked_against_history(early, late(), false);
        assert_eq!(checked.acked.keys().collect::<Vec<_>>(), ["a"]);
        assert_eq!(later, ["b"]);
        assert_eq!(
            checked.begun,
            late().begun,
            "runs are counted from the later read"
        );

        let early = parse(&["begin a", "ack a 1", "begin b"]);
        let (checked, later) = checked_against_history(early, late(), true);
        assert_eq!(
            checked.acked.keys().collect::<Vec<_>>(),
            ["a", "b"],
            "an ended workflow's history is final: every acknowledgement must be in it"
        );
        assert!(later.is_empty());
    }

    #[test]
    fn workspace_writes_keep_their_content() {
        let effects = parse(&["ws s1 out.txt hello world"]);
        assert_eq!(
            effects.writes,
            [("s1".into(), "out.txt".into(), "hello world".into())]
        );
    }
}
