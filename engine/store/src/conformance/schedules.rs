//! The schedule cases of the [`Store`] suite: a schedule is created once, written over the
//! version read (the compare-and-set that lets one runner of several claim a tick), listed by
//! id, and deleted.

use aether_types::schedule::{QueuedTick, ScheduleRun};
use aether_types::{
    OverlapPolicy, ScheduleAction, ScheduleDefinition, ScheduleId, ScheduleRow, ScheduleSpec,
    WorkflowId,
};

use crate::{Error, Store};

fn row(id: &str) -> ScheduleRow {
    let definition = ScheduleDefinition {
        spec: ScheduleSpec {
            cron: "*/5 * * * *".into(),
            time_zone: "Europe/Paris".into(),
            jitter_ms: 100,
            start_at_ms: Some(1_000),
            end_at_ms: None,
        },
        action: ScheduleAction {
            workflow_type: "report".into(),
            input: b"{\"n\":1}".to_vec(),
        },
        overlap: OverlapPolicy::BufferAll,
        catchup_window_ms: 60_000,
    };
    let mut row = ScheduleRow::new(
        ScheduleId::parse(id).unwrap(),
        definition,
        false,
        String::new(),
        500,
    );
    row.version = 1;
    row
}

/// The next version of `row`, with some runner state changed.
fn claimed(row: &ScheduleRow) -> ScheduleRow {
    let mut next = row.clone();
    next.version += 1;
    next.state.cursor += 60_000;
    next.state.running.push(ScheduleRun {
        scheduled_at_ms: next.state.cursor,
        started_at_ms: next.state.cursor + 3,
        workflow_id: WorkflowId::parse(format!("{}@{}", row.id, next.state.cursor)).unwrap(),
    });
    next.state.buffer.push(QueuedTick {
        scheduled_at: next.state.cursor + 1,
        overlap: OverlapPolicy::BufferOne,
        backfill: false,
    });
    next.state.counters.actions_started += 1;
    next
}

pub async fn schedules_are_created_once_and_read_back_whole(store: &dyn Store) {
    let first = row("nightly");
    store.put_schedule(&first, 0).await.unwrap();
    assert_eq!(
        store.schedule(&first.id).await.unwrap(),
        Some(first.clone())
    );
    let mut again = row("nightly");
    again.note = "second".into();
    assert!(matches!(
        store.put_schedule(&again, 0).await,
        Err(Error::ScheduleConflict(id)) if id == first.id
    ));
    assert_eq!(store.schedule(&first.id).await.unwrap(), Some(first));
    assert_eq!(
        store
            .schedule(&ScheduleId::parse("absent").unwrap())
            .await
            .unwrap(),
        None
    );
}

pub async fn schedules_are_written_over_the_version_read(store: &dyn Store) {
    let first = row("hourly");
    store.put_schedule(&first, 0).await.unwrap();
    let second = claimed(&first);
    store.put_schedule(&second, 1).await.unwrap();
    assert_eq!(
        store.schedule(&first.id).await.unwrap(),
        Some(second.clone())
    );

    // A runner that read version 1 loses: nothing it wrote is kept.
    let mut stale = claimed(&first);
    stale.state.counters.skipped_overlap = 7;
    assert!(matches!(
        store.put_schedule(&stale, 1).await,
        Err(Error::ScheduleConflict(_))
    ));
    assert_eq!(store.schedule(&first.id).await.unwrap(), Some(second));
}

pub async fn schedules_are_listed_by_id_and_deleted(store: &dyn Store) {
    for id in ["b", "c", "a"] {
        store.put_schedule(&row(id), 0).await.unwrap();
    }
    let ids: Vec<String> = store
        .schedules()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id.as_str().to_owned())
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let b = ScheduleId::parse("b").unwrap();
    assert!(store.delete_schedule(&b).await.unwrap());
    assert!(!store.delete_schedule(&b).await.unwrap());
    assert_eq!(store.schedule(&b).await.unwrap(), None);
    assert_eq!(store.schedules().await.unwrap().len(), 2);
    // A deleted id may be used again.
    store.put_schedule(&row("b"), 0).await.unwrap();
}
