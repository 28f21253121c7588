//! Durable timers' in-memory index: which (workflow, position) is due when.
//!
//! The durable part is the action log (`TimerStarted`, or `StepFailed` with `retry_at`); this
//! queue is rebuilt from it at start-up. Firing is idempotent in the state machine, so a timer
//! that fires twice (a race, a restart) records one `TimerFired`.

use std::{collections::BTreeSet, sync::Mutex};

use aether_types::{Millis, WorkflowId};
use tokio::sync::Notify;

#[derive(Default)]
pub struct TimerQueue {
    due: Mutex<BTreeSet<(Millis, WorkflowId, u32)>>,
    changed: Notify,
}

impl TimerQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<(Millis, WorkflowId, u32)>> {
        self.due
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn insert(&self, at: Millis, workflow: WorkflowId, position: u32) {
        let mut due = self.lock();
        let earliest = due.first().is_none_or(|(first, _, _)| at < *first);
        due.insert((at, workflow, position));
        drop(due);
        if earliest {
            self.changed.notify_one();
        }
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Removes and returns every timer due at `now`; otherwise, when the next one is due.
    pub fn pop_due(&self, now: Millis) -> (Vec<(WorkflowId, u32)>, Option<Millis>) {
        let mut due = self.lock();
        let mut fired = Vec::new();
        while let Some((at, _, _)) = due.first() {
            if *at > now {
                return (fired, Some(*at));
            }
            if let Some((_, workflow, position)) = due.pop_first() {
                fired.push((workflow, position));
            }
        }
        (fired, None)
    }

    /// Resolves when a timer earlier than the known next one was inserted.
    pub async fn changed(&self) {
        self.changed.notified().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_deadline_order() {
        let queue = TimerQueue::default();
        let a = WorkflowId::parse("a").unwrap();
        let b = WorkflowId::parse("b").unwrap();
        queue.insert(30, a.clone(), 1);
        queue.insert(10, b.clone(), 0);
        assert_eq!(queue.pop_due(5), (vec![], Some(10)));
        assert_eq!(queue.pop_due(30), (vec![(b, 0), (a, 1)], None));
        assert_eq!(queue.len(), 0);
    }
}
