//! On SQLite the workspace store and the engine share one write connection: a large import must
//! not hold it until it is done, or every workflow commit waits for the import (and, past the
//! acquire timeout, fails). Objects are written in chunks, each its own transaction, and the
//! engine's commits go in between.

use std::time::Duration;

use aether_store::Store;
use aether_store_sql::{Location, SqlStore, testing::created};
use aether_types::WorkflowId;

/// The import: 64 MiB in objects of 256 KiB, many chunks' worth.
const OBJECTS: usize = 256;
const OBJECT_BYTES: usize = 256 << 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_commits_go_between_the_chunks_of_a_large_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqlStore::open(&Location::Sqlite(dir.path().join("aether.db")))
        .await
        .expect("open");
    let workspaces = store.workspace_store();
    let objects: Vec<(String, Vec<u8>)> = (0..OBJECTS)
        .map(|i| {
            (
                format!("object-{i:04}"),
                vec![(i % 251) as u8; OBJECT_BYTES],
            )
        })
        .collect();
    let first = objects[0].0.clone();
    let last = objects[OBJECTS - 1].0.clone();

    let import = tokio::spawn({
        let workspaces = workspaces.clone();
        async move { workspaces.put_objects(objects).await }
    });
    // The import is under way once its first object can be read (readers see what is
    // committed): from then on the import holds the write connection, chunk after chunk.
    let mut started = false;
    for _ in 0..1000 {
        if workspaces.object(&first).await.expect("read").is_some() {
            started = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(started, "the import's first chunk was never committed");

    store
        .commit(created("during-import"))
        .await
        .expect("commit");
    let last_written = workspaces.object(&last).await.expect("read").is_some();
    assert!(
        !last_written && !import.is_finished(),
        "the workflow commit waited for the whole import"
    );

    import.await.expect("join").expect("import");
    assert!(workspaces.object(&last).await.expect("read").is_some());
    assert!(
        store
            .load(&WorkflowId::parse("during-import").expect("id"))
            .await
            .expect("load")
            .is_some()
    );
}
