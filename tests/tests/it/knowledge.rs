//! Knowledge entries over HTTP, over gRPC (the Rust SDK) and from a workflow: kept per source
//! without any session, searched by tag and text, and made once by a workflow however often its
//! call is repeated.

use aether_types::workspace::{Activity, KnowledgeFilter, KnowledgeLink, NewKnowledge};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{TestEngine, start_and_lease};

fn entry(title: &str, tags: &[&str]) -> NewKnowledge {
    NewKnowledge {
        source: "team/app".into(),
        title: title.into(),
        body: format!("What we learned: {title}."),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        links: vec![KnowledgeLink {
            path: "src/parser.rs".into(),
            session_id: None,
            revision: None,
        }],
        author: Some("ana".into()),
    }
}

#[tokio::test]
async fn knowledge_is_added_searched_and_deleted_over_http_and_grpc() {
    let test = TestEngine::start().await;
    let http = reqwest::Client::new();
    let base = format!("http://{}", test.server.http_addr());
    let response = http
        .post(format!("{base}/v1/knowledge"))
        .json(&entry("Parser panics on empty input", &["parser", "bug"]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let added: Value = response.json().await.unwrap();
    assert_eq!(added["links"][0]["path"], "src/parser.rs");

    let client = test.client().await;
    let ws = client.workspace();
    ws.add_knowledge(entry("Release needs a tag", &["release"]))
        .await
        .unwrap();
    let search = |tag: Option<&str>, text: Option<&str>| KnowledgeFilter {
        source: "team/app".into(),
        tag: tag.map(Into::into),
        text: text.map(Into::into),
        limit: None,
    };
    let titles = |found: Vec<aether_types::workspace::Knowledge>| {
        found.into_iter().map(|k| k.title).collect::<Vec<_>>()
    };
    assert_eq!(
        titles(ws.search_knowledge(&search(None, None)).await.unwrap()),
        ["Release needs a tag", "Parser panics on empty input"]
    );
    assert_eq!(
        titles(
            ws.search_knowledge(&search(Some("bug"), None))
                .await
                .unwrap()
        ),
        ["Parser panics on empty input"]
    );
    assert_eq!(
        titles(
            ws.search_knowledge(&search(None, Some("NEEDS A")))
                .await
                .unwrap()
        ),
        ["Release needs a tag"]
    );
    let listed: Value = http
        .get(format!("{base}/v1/knowledge?source=team/app&q=parser"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["knowledge"].as_array().map(Vec::len),
        Some(1),
        "{listed}"
    );

    let id = added["id"].as_str().unwrap();
    assert_eq!(
        ws.knowledge(id).await.unwrap().title,
        "Parser panics on empty input"
    );
    let deleted = http
        .delete(format!("{base}/v1/knowledge/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert!(ws.knowledge(id).await.is_err());

    // Bad input is refused and adds nothing.
    for bad in [
        json!({ "source": "team/app", "title": "" }),
        json!({ "source": "../etc", "title": "t" }),
        json!({ "source": "team/app", "title": "t", "tags": ["Has Space"] }),
        json!({ "source": "team/app", "title": "t", "links": [{ "path": "/abs" }] }),
        json!({ "source": "team/app", "title": "t", "colour": "blue" }),
    ] {
        let response = http
            .post(format!("{base}/v1/knowledge"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        ws.search_knowledge(&search(None, None))
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_workflow_adds_a_knowledge_entry_once_however_often_the_call_repeats() {
    let test = TestEngine::start().await;
    let engine = test.server.engine().clone();
    let (_, task, _tasks) = start_and_lease(&engine, "learner").await;
    let add = Activity::AddKnowledge {
        entry: entry("Flaky test in CI", &["ci"]),
    };
    let first = engine
        .workspace_activity(&task, 0, add.clone(), vec![])
        .await
        .unwrap()
        .unwrap();
    let again = engine
        .workspace_activity(&task, 0, add, vec![])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again, first);
    let found = engine
        .workspace_activity(
            &task,
            1,
            Activity::SearchKnowledge {
                filter: KnowledgeFilter {
                    source: "team/app".into(),
                    tag: Some("ci".into()),
                    text: None,
                    limit: None,
                },
            },
            vec![],
        )
        .await
        .unwrap()
        .unwrap();
    let found = found.outcome.unwrap();
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["id"], first.outcome.unwrap()["id"]);
}
