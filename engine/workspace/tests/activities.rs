//! Workspace activities run for a workflow: every change applies at most once for its origin
//! (workflow and journal position), and a repeat of the call gets the first result, even when
//! running the operation again would fail (a rename) or change something (a compare-and-set).

use std::sync::Arc;

use aether_store::workspace::{MemoryWorkspaceStore, Origin};
use aether_types::{
    config::WorkspacesConfig,
    workspace::{Activity, BatchOp, CreateSession},
};
use aether_workspace::Workspaces;
use serde_json::json;

fn service() -> Workspaces {
    Workspaces::new(
        Arc::new(MemoryWorkspaceStore::new()),
        &WorkspacesConfig::default(),
    )
}

fn at(position: u32) -> Origin {
    Origin {
        workflow_id: "wf-1".into(),
        position,
    }
}

#[tokio::test]
async fn each_activity_applies_once_and_a_repeat_gets_the_first_result() {
    let ws = service();
    let create = Activity::Create {
        request: CreateSession::blank(),
    };
    let created = ws
        .run_activity(at(0), create.clone(), vec![])
        .await
        .unwrap();
    let id = created.result["id"].as_str().unwrap().to_owned();
    let start = created.result["revision"].as_u64().unwrap();
    assert!(id.starts_with("ws-"), "an id derived from the origin: {id}");
    let again = ws.run_activity(at(0), create, vec![]).await.unwrap();
    assert_eq!(
        again.result["id"],
        id.as_str(),
        "the same session, not a second one"
    );
    assert_eq!(ws.list(&Default::default()).await.unwrap().len(), 1);

    let calls = [
        (
            Activity::Write {
                session_id: id.clone(),
                path: "a.txt".into(),
                mode: None,
                expected_revision: None,
            },
            b"hello".to_vec(),
        ),
        (
            Activity::Rename {
                session_id: id.clone(),
                from: "a.txt".into(),
                to: "b.txt".into(),
                expected_revision: None,
            },
            vec![],
        ),
        (
            Activity::Batch {
                session_id: id.clone(),
                ops: vec![BatchOp::write("c.txt", "c")],
                expected_revision: None,
            },
            vec![],
        ),
        (
            Activity::CachePut {
                session_id: id.clone(),
                key: "plan".into(),
                value: json!({ "step": 1 }),
                if_version: Some(0),
                ttl_ms: None,
            },
            vec![],
        ),
        (
            Activity::Checkpoint {
                session_id: id.clone(),
                name: Some("before-risk".into()),
                expected_revision: None,
            },
            vec![],
        ),
    ];
    for (position, (call, content)) in calls.into_iter().enumerate() {
        let origin = at(position as u32 + 1);
        let first = ws
            .run_activity(origin.clone(), call.clone(), content.clone())
            .await
            .unwrap();
        let repeat = ws
            .run_activity(origin, call.clone(), content)
            .await
            .unwrap();
        assert_eq!(repeat.result, first.result, "{}", call.name());
    }
    let session = ws.get(&id).await.unwrap();
    assert_eq!(session.revision, start + 3, "three tree changes, each once");
    assert_eq!(ws.cache_get(&id, "plan").await.unwrap().version, 1);
    assert_eq!(ws.checkpoints(&id).await.unwrap().len(), 1);
    let events = ws.events(&id, 0, None).await.unwrap().events;
    assert_eq!(events.len(), 6, "created + five activities: {events:?}");
    // Each event names the workflow and position that made it.
    for (event, position) in events.iter().zip(0u32..) {
        assert_eq!(
            event.detail["workflow"],
            json!({ "id": "wf-1", "position": position })
        );
    }

    // Reads return the bytes beside a result that names them by hash.
    let read = ws
        .run_activity(
            at(9),
            Activity::Read {
                session_id: id.clone(),
                path: "b.txt".into(),
            },
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(read.content.as_deref(), Some(&b"hello"[..]));
    let hash = read.result["hash"].as_str().unwrap();
    assert_eq!(ws.content(hash).await.unwrap(), b"hello");
}
