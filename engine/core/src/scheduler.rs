//! Which worker runs which workflow: the registry of connected workers, their free capacity,
//! and the queues of runnable workflows per type.
//!
//! The scheduler only decides and reserves; the engine performs the dispatch (a lease written to
//! the store) and gives the reservation back when the lease ends. A reservation is the unit of
//! capacity: a worker never has more reservations than its capacity.

use std::{
    collections::{HashMap, HashSet, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

use aether_types::{WorkerId, WorkflowId};
use tokio::sync::mpsc;

use crate::WorkerMessage;

/// Which worker a runnable workflow should go to, when several have room.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Affinity {
    /// Its previous worker, which may still hold the execution in memory.
    Prefer(Option<WorkerId>),
    /// Any other worker: the engine timed out an attempt on this one, which may be stuck. It
    /// still gets the workflow when no other worker has room.
    Avoid(WorkerId),
    #[default]
    Any,
}

/// A decision to dispatch `workflow` to `worker`, with a slot reserved on the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub workflow: WorkflowId,
    pub worker: WorkerId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerSnapshot {
    pub worker_id: WorkerId,
    pub workflow_types: Vec<String>,
    pub capacity: usize,
    pub in_use: usize,
    pub connected: bool,
    pub last_heartbeat: Instant,
}

struct Worker {
    types: Vec<String>,
    capacity: usize,
    in_use: HashSet<WorkflowId>,
    /// The open PollTasks stream, with a number that tells streams of one worker apart.
    stream: Option<(u64, mpsc::UnboundedSender<WorkerMessage>)>,
    last_heartbeat: Instant,
}

impl Worker {
    fn can_take(&self, workflow_type: &str) -> bool {
        self.stream.is_some()
            && self.in_use.len() < self.capacity
            && self.types.iter().any(|t| t == workflow_type)
    }

    fn free(&self) -> usize {
        self.capacity.saturating_sub(self.in_use.len())
    }
}

#[derive(Default)]
struct State {
    workers: HashMap<WorkerId, Worker>,
    queues: HashMap<String, VecDeque<WorkflowId>>,
    queued: HashSet<WorkflowId>,
    next_stream: u64,
}

#[derive(Default)]
pub struct Scheduler {
    state: Mutex<State>,
}

impl Scheduler {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding this lock leaves plain bookkeeping behind, still usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Registers a worker, or updates one that re-registers after a reconnect (keeping its
    /// reservations, whose leases may still be valid).
    pub fn register(&self, worker: WorkerId, types: Vec<String>, capacity: usize) {
        let mut state = self.lock();
        let entry = state.workers.entry(worker).or_insert_with(|| Worker {
            types: Vec::new(),
            capacity: 0,
            in_use: HashSet::new(),
            stream: None,
            last_heartbeat: Instant::now(),
        });
        entry.types = types;
        entry.capacity = capacity;
        entry.last_heartbeat = Instant::now();
    }

    /// Records, at recovery, a lease that a worker held before the engine restarted. The worker
    /// keeps it if it comes back (re-registers) before its heartbeat timeout; otherwise it is
    /// declared dead like any silent worker.
    pub fn adopt(&self, worker: WorkerId, workflow: WorkflowId) {
        let mut state = self.lock();
        state
            .workers
            .entry(worker)
            .or_insert_with(|| Worker {
                types: Vec::new(),
                capacity: 0,
                in_use: HashSet::new(),
                stream: None,
                last_heartbeat: Instant::now(),
            })
            .in_use
            .insert(workflow);
    }

    /// The workflows reserved for `worker`.
    pub fn reserved(&self, worker: &WorkerId) -> Vec<WorkflowId> {
        self.lock()
            .workers
            .get(worker)
            .map(|w| w.in_use.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Every reservation of every worker: the leases this node holds.
    pub fn all_reserved(&self) -> Vec<WorkflowId> {
        self.lock()
            .workers
            .values()
            .flat_map(|w| w.in_use.iter().cloned())
            .collect()
    }

    /// Opens the worker's task stream, replacing an older one, and fills its free capacity from
    /// the queues.
    pub fn connect(
        &self,
        worker: &WorkerId,
    ) -> Option<(u64, mpsc::UnboundedReceiver<WorkerMessage>, Vec<Assignment>)> {
        let mut state = self.lock();
        state.next_stream += 1;
        let stream_id = state.next_stream;
        let (tx, rx) = mpsc::unbounded_channel();
        let entry = state.workers.get_mut(worker)?;
        entry.stream = Some((stream_id, tx));
        entry.last_heartbeat = Instant::now();
        let assignments = fill(&mut state, worker);
        Some((stream_id, rx, assignments))
    }

    /// The stream `stream_id` closed. The worker keeps its reservations until its heartbeats
    /// stop: a reconnecting worker carries on with its tasks.
    pub fn disconnect(&self, worker: &WorkerId, stream_id: u64) {
        let mut state = self.lock();
        if let Some(entry) = state.workers.get_mut(worker)
            && entry
                .stream
                .as_ref()
                .is_some_and(|(id, _)| *id == stream_id)
        {
            entry.stream = None;
        }
    }

    pub fn heartbeat(&self, worker: &WorkerId) -> bool {
        match self.lock().workers.get_mut(worker) {
            Some(entry) => {
                entry.last_heartbeat = Instant::now();
                true
            }
            None => false,
        }
    }

    /// Removes workers silent for longer than `timeout` at `now`, returning each with the
    /// workflows it held, whose leases the engine must expire.
    pub fn remove_dead(&self, timeout: Duration, now: Instant) -> Vec<(WorkerId, Vec<WorkflowId>)> {
        let mut state = self.lock();
        let dead: Vec<WorkerId> = state
            .workers
            .iter()
            .filter(|(_, w)| now.saturating_duration_since(w.last_heartbeat) > timeout)
            .map(|(id, _)| id.clone())
            .collect();
        dead.into_iter()
            .filter_map(|id| {
                let worker = state.workers.remove(&id)?;
                Some((id, worker.in_use.into_iter().collect()))
            })
            .collect()
    }

    /// Queues a runnable workflow, or assigns it at once to a worker with room (as `affinity`
    /// prefers).
    pub fn enqueue(
        &self,
        workflow: WorkflowId,
        workflow_type: &str,
        affinity: Affinity,
    ) -> Option<Assignment> {
        let mut state = self.lock();
        if is_placed(&state, &workflow) {
            return None;
        }
        if let Some(worker) = pick_worker(&state, workflow_type, &affinity) {
            return Some(reserve(&mut state, worker, workflow));
        }
        state.queued.insert(workflow.clone());
        state
            .queues
            .entry(workflow_type.to_owned())
            .or_default()
            .push_back(workflow);
        None
    }

    /// Reserves room for `workflow` on a worker that has it now, without queueing it if none
    /// has: for a workflow being created, whose start can then carry its first lease.
    pub fn assign_now(
        &self,
        workflow: &WorkflowId,
        workflow_type: &str,
        affinity: &Affinity,
    ) -> Option<Assignment> {
        let mut state = self.lock();
        if is_placed(&state, workflow) {
            return None;
        }
        let worker = pick_worker(&state, workflow_type, affinity)?;
        Some(reserve(&mut state, worker, workflow.clone()))
    }

    /// Gives back `worker`'s reservation for `workflow` and refills the worker from the queues.
    pub fn release(&self, worker: &WorkerId, workflow: &WorkflowId) -> Vec<Assignment> {
        let mut state = self.lock();
        let released = state
            .workers
            .get_mut(worker)
            .is_some_and(|entry| entry.in_use.remove(workflow));
        if released {
            fill(&mut state, worker)
        } else {
            Vec::new()
        }
    }

    /// Sends a message on the worker's stream; false if the worker is not connected.
    pub fn send(&self, worker: &WorkerId, message: WorkerMessage) -> bool {
        let state = self.lock();
        state
            .workers
            .get(worker)
            .and_then(|w| w.stream.as_ref())
            .is_some_and(|(_, tx)| tx.send(message).is_ok())
    }

    /// Free capacity of the connected workers, by workflow type they serve.
    pub fn free_by_type(&self) -> HashMap<String, usize> {
        let state = self.lock();
        let mut free: HashMap<String, usize> = HashMap::new();
        for worker in state.workers.values().filter(|w| w.stream.is_some()) {
            for t in &worker.types {
                *free.entry(t.clone()).or_default() += worker.free();
            }
        }
        free
    }

    /// The worker whose slot holds `workflow` here, if any.
    pub fn holder(&self, workflow: &WorkflowId) -> Option<WorkerId> {
        self.lock()
            .workers
            .iter()
            .find(|(_, w)| w.in_use.contains(workflow))
            .map(|(id, _)| id.clone())
    }

    /// Whether the workflow is queued or reserved here.
    pub fn holds(&self, workflow: &WorkflowId) -> bool {
        let state = self.lock();
        state.queued.contains(workflow)
            || state.workers.values().any(|w| w.in_use.contains(workflow))
    }

    pub fn queue_depth(&self) -> usize {
        self.lock().queued.len()
    }

    pub fn workers(&self) -> Vec<WorkerSnapshot> {
        let state = self.lock();
        let mut out: Vec<_> = state
            .workers
            .iter()
            .map(|(id, w)| WorkerSnapshot {
                worker_id: id.clone(),
                workflow_types: w.types.clone(),
                capacity: w.capacity,
                in_use: w.in_use.len(),
                connected: w.stream.is_some(),
                last_heartbeat: w.last_heartbeat,
            })
            .collect();
        out.sort_by(|a, b| a.worker_id.cmp(&b.worker_id));
        out
    }
}

/// Whether `workflow` is queued already or has room reserved on a worker.
fn is_placed(state: &State, workflow: &WorkflowId) -> bool {
    state.queued.contains(workflow) || state.workers.values().any(|w| w.in_use.contains(workflow))
}

fn pick_worker(state: &State, workflow_type: &str, affinity: &Affinity) -> Option<WorkerId> {
    if let Affinity::Prefer(Some(preferred)) = affinity
        && state
            .workers
            .get(preferred)
            .is_some_and(|w| w.can_take(workflow_type))
    {
        return Some(preferred.clone());
    }
    let avoided = match affinity {
        Affinity::Avoid(worker) => Some(worker),
        _ => None,
    };
    state
        .workers
        .iter()
        .filter(|(_, w)| w.can_take(workflow_type))
        // The avoided worker last, then the one with most room.
        .max_by_key(|(id, w)| (Some(*id) != avoided, w.free()))
        .map(|(id, _)| id.clone())
}

fn reserve(state: &mut State, worker: WorkerId, workflow: WorkflowId) -> Assignment {
    if let Some(entry) = state.workers.get_mut(&worker) {
        entry.in_use.insert(workflow.clone());
    }
    Assignment { workflow, worker }
}

/// Takes queued workflows that `worker` serves until it is full.
fn fill(state: &mut State, worker: &WorkerId) -> Vec<Assignment> {
    let Some(entry) = state.workers.get(worker) else {
        return Vec::new();
    };
    if entry.stream.is_none() {
        return Vec::new();
    }
    let mut free = entry.free();
    let types = entry.types.clone();
    let mut taken = Vec::new();
    'types: for workflow_type in types {
        while free > 0 {
            let Some(queue) = state.queues.get_mut(&workflow_type) else {
                continue 'types;
            };
            // Affinity is a preference, not a claim: a queued workflow goes to the first worker
            // with room rather than waiting for a busy one.
            let Some(workflow) = queue.pop_front() else {
                continue 'types;
            };
            taken.push(workflow);
            free -= 1;
        }
    }
    taken
        .into_iter()
        .map(|workflow| {
            state.queued.remove(&workflow);
            reserve(state, worker.clone(), workflow)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> WorkflowId {
        WorkflowId::parse(s).unwrap()
    }

    fn worker(s: &str) -> WorkerId {
        WorkerId::parse(s).unwrap()
    }

    #[test]
    fn queues_until_a_worker_with_room_connects() {
        let scheduler = Scheduler::default();
        assert_eq!(scheduler.enqueue(id("a"), "greet", Affinity::Any), None);
        assert_eq!(scheduler.enqueue(id("b"), "greet", Affinity::Any), None);
        scheduler.register(worker("w1"), vec!["greet".into()], 1);
        let (_, _rx, assigned) = scheduler.connect(&worker("w1")).unwrap();
        assert_eq!(
            assigned,
            vec![Assignment {
                workflow: id("a"),
                worker: worker("w1")
            }]
        );
        assert_eq!(scheduler.queue_depth(), 1);
        let next = scheduler.release(&worker("w1"), &id("a"));
        assert_eq!(
            next,
            vec![Assignment {
                workflow: id("b"),
                worker: worker("w1")
            }]
        );
    }

    #[test]
    fn prefers_the_previous_worker_when_it_has_room() {
        let scheduler = Scheduler::default();
        for w in ["w1", "w2"] {
            scheduler.register(worker(w), vec!["t".into()], 4);
        }
        let _s1 = scheduler.connect(&worker("w1")).unwrap();
        let _s2 = scheduler.connect(&worker("w2")).unwrap();
        for round in 0..3 {
            let wf = id(&format!("x{round}"));
            let got = scheduler
                .enqueue(wf.clone(), "t", Affinity::Prefer(Some(worker("w2"))))
                .unwrap();
            assert_eq!(got.worker, worker("w2"));
            scheduler.release(&worker("w2"), &wf);
        }
    }

    #[test]
    fn avoids_a_worker_while_another_has_room() {
        let scheduler = Scheduler::default();
        for w in ["w1", "w2"] {
            scheduler.register(worker(w), vec!["t".into()], 4);
        }
        let _s1 = scheduler.connect(&worker("w1")).unwrap();
        let _s2 = scheduler.connect(&worker("w2")).unwrap();
        let got = scheduler
            .enqueue(id("a"), "t", Affinity::Avoid(worker("w2")))
            .unwrap();
        assert_eq!(got.worker, worker("w1"));
        // The other worker full, the avoided one still takes it.
        for i in 0..3 {
            scheduler.enqueue(
                id(&format!("f{i}")),
                "t",
                Affinity::Prefer(Some(worker("w1"))),
            );
        }
        let got = scheduler
            .enqueue(id("b"), "t", Affinity::Avoid(worker("w2")))
            .unwrap();
        assert_eq!(got.worker, worker("w2"));
    }

    #[test]
    fn never_exceeds_capacity_nor_assigns_other_types() {
        let scheduler = Scheduler::default();
        scheduler.register(worker("w"), vec!["t".into()], 2);
        let _s = scheduler.connect(&worker("w")).unwrap();
        assert!(scheduler.enqueue(id("other"), "u", Affinity::Any).is_none());
        assert!(scheduler.enqueue(id("a"), "t", Affinity::Any).is_some());
        assert!(scheduler.enqueue(id("b"), "t", Affinity::Any).is_some());
        assert!(scheduler.enqueue(id("c"), "t", Affinity::Any).is_none());
        assert_eq!(scheduler.workers()[0].in_use, 2);
        assert_eq!(scheduler.queue_depth(), 2);
    }

    #[test]
    fn dead_workers_give_back_their_workflows() {
        let scheduler = Scheduler::default();
        scheduler.register(worker("w"), vec!["t".into()], 2);
        let _s = scheduler.connect(&worker("w")).unwrap();
        scheduler.enqueue(id("a"), "t", Affinity::Any).unwrap();
        let timeout = Duration::from_secs(10);
        let now = Instant::now();
        assert_eq!(
            scheduler.remove_dead(timeout, now),
            vec![],
            "heard from just now"
        );
        let dead = scheduler.remove_dead(timeout, now + timeout + Duration::from_millis(1));
        assert_eq!(dead, vec![(worker("w"), vec![id("a")])]);
        assert!(scheduler.workers().is_empty());
    }
}
