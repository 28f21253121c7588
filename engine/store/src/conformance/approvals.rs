//! The approval cases of the [`Store`] suite: a workflow's approvals are written with its
//! actions (and only if its write applies); standalone approvals are written over the version
//! read; listings filter, order newest first, page by cursor, and read a pending approval past
//! its expiry as expired.

use aether_types::{
    Approval, ApprovalCursor, ApprovalFilter, ApprovalId, ApprovalRequest, ApprovalState, Decision,
    Outcome, WorkflowId,
};

use super::store::{create, id, next_write};
use crate::{Error, Store};

fn request(reason: &str, session: Option<&str>, timeout_ms: Option<u64>) -> ApprovalRequest {
    ApprovalRequest {
        reason: reason.into(),
        detail: "please look".into(),
        session_id: session.map(Into::into),
        timeout_ms,
        ..Default::default()
    }
}

fn pending(workflow: Option<(&str, u32)>, reason: &str, at: i64) -> Approval {
    Approval::pending(
        ApprovalId::generate(),
        workflow.map(|(w, p)| (id(w), p)),
        request(reason, None, None),
        at,
    )
}

fn filter() -> ApprovalFilter {
    ApprovalFilter {
        limit: 100,
        ..Default::default()
    }
}

pub async fn a_workflows_approvals_are_written_with_its_actions(store: &dyn Store) {
    let row = create(store, "a", 1).await;
    let approval = pending(Some(("a", 0)), "deploy", 5);
    let mut write = next_write(&row);
    write.approvals = vec![approval.clone()];
    store.commit(write.clone()).await.unwrap();
    assert_eq!(
        store.approval(&approval.id).await.unwrap(),
        Some(approval.clone())
    );
    assert_eq!(store.pending_approvals(6).await.unwrap(), 1);

    // A stale write of the same workflow changes no approval either.
    let mut decided = approval.clone();
    decided.decide(&Decision {
        approval_id: approval.id.clone(),
        outcome: Outcome::Approved,
        by: Some("ana".into()),
        by_hint: None,
        comment: None,
        payload: Some(serde_json::json!({"ok": true})),
        at: 9,
    });
    let mut stale = write.clone();
    stale.approvals = vec![decided.clone()];
    assert!(matches!(
        store.commit(stale).await,
        Err(Error::Conflict { .. })
    ));
    assert_eq!(
        store.approval(&approval.id).await.unwrap(),
        Some(approval.clone())
    );

    let mut fresh = next_write(&write.row);
    fresh.approvals = vec![decided.clone()];
    store.commit(fresh).await.unwrap();
    assert_eq!(store.approval(&approval.id).await.unwrap(), Some(decided));
    assert_eq!(store.pending_approvals(10).await.unwrap(), 0);
}

pub async fn standalone_approvals_are_written_over_the_version_read(store: &dyn Store) {
    let approval = pending(None, "review", 5);
    store.put_approval(&approval, 0).await.unwrap();
    assert!(matches!(
        store.put_approval(&approval, 0).await,
        Err(Error::ApprovalConflict(_))
    ));
    let mut watched = approval.clone();
    watched.watchers.push(WorkflowId::parse("w").unwrap());
    watched.version += 1;
    store
        .put_approval(&watched, approval.version)
        .await
        .unwrap();
    // A writer that read the first version loses.
    let mut late = approval.clone();
    late.version += 1;
    late.state = ApprovalState::Denied;
    assert!(matches!(
        store.put_approval(&late, approval.version).await,
        Err(Error::ApprovalConflict(_))
    ));
    assert_eq!(store.approval(&approval.id).await.unwrap(), Some(watched));
    assert_eq!(store.approval(&ApprovalId::generate()).await.unwrap(), None);
}

pub async fn approvals_are_listed_newest_first_with_filters_and_cursors(store: &dyn Store) {
    let mut all = Vec::new();
    for (i, reason) in ["deploy", "review", "deploy", "deploy", "review"]
        .iter()
        .enumerate()
    {
        let mut approval = pending(None, reason, 100 + i as i64 / 2);
        approval.request.session_id = Some(format!("s{}", i % 2));
        store.put_approval(&approval, 0).await.unwrap();
        all.push(approval);
    }
    let mut expiring = Approval::pending(
        ApprovalId::generate(),
        None,
        request("deploy", None, Some(50)),
        90,
    );
    expiring.request.session_id = Some("s9".into());
    store.put_approval(&expiring, 0).await.unwrap();

    let mut newest_first = all.clone();
    newest_first.push(expiring.clone());
    newest_first.sort_by(|a, b| (b.requested_at, &b.id).cmp(&(a.requested_at, &a.id)));
    let ids = |list: &[Approval]| list.iter().map(|a| a.id.clone()).collect::<Vec<_>>();

    // Before the expiry: everything pending.
    let listed = store.approvals(&filter(), 120).await.unwrap();
    assert_eq!(ids(&listed), ids(&newest_first));
    // After it: the expiring one reads as expired, in the state filter and in the record.
    let now = 200;
    let pending_now = store
        .approvals(
            &ApprovalFilter {
                state: Some(ApprovalState::Pending),
                ..filter()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(pending_now.len(), 5);
    // The count follows the same rule as the listing.
    assert_eq!(store.pending_approvals(120).await.unwrap(), 6);
    assert_eq!(store.pending_approvals(now).await.unwrap(), 5);
    let expired = store
        .approvals(
            &ApprovalFilter {
                state: Some(ApprovalState::Expired),
                ..filter()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(ids(&expired), vec![expiring.id.clone()]);
    assert_eq!(expired[0].state, ApprovalState::Expired);

    let deploys = store
        .approvals(
            &ApprovalFilter {
                reason: Some("deploy".into()),
                session_id: Some("s0".into()),
                ..filter()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!(deploys.len(), 2);
    assert!(
        deploys
            .iter()
            .all(|a| a.request.reason == "deploy" && a.request.session_id.as_deref() == Some("s0"))
    );

    // Pages of two, following the cursor, see each approval once and in order.
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .approvals(
                &ApprovalFilter {
                    after: after.clone(),
                    limit: 2,
                    ..filter()
                },
                now,
            )
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(ApprovalCursor::of);
        paged.extend(page);
    }
    assert_eq!(ids(&paged), ids(&newest_first));
}

pub async fn approvals_are_listed_by_workflow(store: &dyn Store) {
    let row = create(store, "a", 1).await;
    let mine = pending(Some(("a", 2)), "deploy", 5);
    let mut write = next_write(&row);
    write.approvals = vec![mine.clone()];
    store.commit(write).await.unwrap();
    store
        .put_approval(&pending(None, "deploy", 6), 0)
        .await
        .unwrap();
    let listed = store
        .approvals(
            &ApprovalFilter {
                workflow_id: Some(id("a")),
                ..filter()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(listed, vec![mine]);
}
