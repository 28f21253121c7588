//! The collector of unreferenced workspace content, raced by forks of the archived sessions it
//! collects, on SQLite and PostgreSQL: a fork either gets every file of its parent or fails
//! cleanly because the content is gone; it never starts from a tree with pieces missing.

use std::{collections::BTreeMap, time::Duration};

use aether_store_sql::{Location, SqlStore};
use aether_types::{
    config::WorkspacesConfig,
    workspace::{BatchOp, CreateSession},
};
use aether_workspace::{Change, Workspaces};

const ROUNDS: usize = 20;
const FILES: usize = 20;

async fn forks_race_the_collector(location: Location) {
    let store = SqlStore::open(&location).await.unwrap();
    let ws = Workspaces::new(store.workspace_store(), &WorkspacesConfig::default());
    let (mut forked, mut gone, mut removed) = (0, 0, 0);
    for round in 0..ROUNDS {
        let parent = format!("parent-{round}");
        ws.create(
            CreateSession {
                id: Some(parent.clone()),
                ..CreateSession::default()
            },
            &None,
        )
        .await
        .unwrap();
        let ops = (0..FILES)
            .map(|i| {
                BatchOp::write(
                    format!("dir-{}/file-{i}.txt", i % 4),
                    format!("{round}:{i}"),
                )
            })
            .collect();
        ws.batch(&Change::new(&parent, None, None), ops)
            .await
            .unwrap();
        ws.archive(&Change::new(&parent, None, None)).await.unwrap();

        let child = format!("child-{round}");
        // The collector starts a little later each round (0 to 1.9 ms), so that the rounds
        // cover both orders: the fork reading the parent first, and the collector first.
        let head_start = Duration::from_micros(200 * (round as u64 % 10));
        let (fork, collected) = tokio::join!(
            ws.fork(&parent, Some(child.clone()), BTreeMap::new(), &None),
            async {
                tokio::time::sleep(head_start).await;
                ws.collect_garbage(Duration::ZERO).await
            },
        );
        removed += collected.unwrap().removed;
        match fork {
            Ok(session) => {
                forked += 1;
                let manifest = ws.manifest(&session.id, None).await.unwrap();
                let files: Vec<_> = manifest
                    .entries
                    .iter()
                    .filter(|e| e.kind == aether_types::workspace::EntryKind::File)
                    .collect();
                assert_eq!(files.len(), FILES, "round {round}: the fork lost files");
                for entry in files {
                    let read = ws
                        .read(&session.id, &entry.path, 0, None, None)
                        .await
                        .unwrap();
                    let i = entry
                        .path
                        .rsplit("file-")
                        .next()
                        .unwrap()
                        .trim_end_matches(".txt");
                    assert_eq!(read.data, format!("{round}:{i}").into_bytes());
                }
            }
            Err(err) => {
                gone += 1;
                assert_eq!(err.code(), aether_types::ErrorCode::NotFound, "{err}");
                assert!(
                    ws.get(&child).await.is_err(),
                    "a failed fork created {child}"
                );
            }
        }
    }
    // A pass after the race: the live forks keep their content, the archived parents lose theirs.
    ws.collect_garbage(Duration::ZERO).await.unwrap();
    for round in 0..ROUNDS {
        if let Ok(child) = ws.get(&format!("child-{round}")).await {
            assert_eq!(
                ws.manifest(&child.id, None).await.unwrap().entries.len(),
                FILES + 4
            );
        }
    }
    assert_eq!(forked + gone, ROUNDS);
    assert!(forked > 0, "no fork ever won the race");
    assert!(removed > 0, "the collector never removed anything");
}

#[tokio::test]
async fn forks_race_the_collector_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    forks_race_the_collector(Location::Sqlite(dir.path().join("aether.db"))).await;
}

#[tokio::test]
async fn forks_race_the_collector_on_postgres() {
    let url = aether_store_sql::testing::fresh_postgres_url().await;
    forks_race_the_collector(Location::Postgres(url)).await;
}
