//! What the gRPC and HTTP approval APIs share beyond the engine: an approval about a session is
//! requested only for a session that exists, and listings page with a cursor.

use aether_core::Engine;
use aether_types::{
    Approval, ApprovalCursor, ApprovalFilter, ApprovalRequest,
    approval::{DEFAULT_APPROVAL_PAGE, MAX_APPROVAL_PAGE},
};
use aether_workspace::Workspaces;

use crate::{auth::Principal, error::ApiError};

/// An approval about `session_id`, outside any workflow.
pub async fn request_for_session(
    engine: &Engine,
    workspaces: &Workspaces,
    session_id: String,
    mut request: ApprovalRequest,
) -> Result<Approval, ApiError> {
    workspaces.get(&session_id).await?;
    request.session_id = Some(session_id);
    Ok(engine.request_session_approval(request).await?)
}

/// One page of a listing and the cursor of the next, if there may be one.
pub async fn page(
    engine: &Engine,
    mut filter: ApprovalFilter,
    cursor: Option<&str>,
    limit: Option<usize>,
) -> Result<(Vec<Approval>, Option<String>), ApiError> {
    filter.after = cursor
        .filter(|c| !c.is_empty())
        .map(ApprovalCursor::decode)
        .transpose()?;
    let limit = limit
        .filter(|l| *l > 0)
        .unwrap_or(DEFAULT_APPROVAL_PAGE)
        .min(MAX_APPROVAL_PAGE);
    // One more than asked says whether another page exists.
    filter.limit = limit + 1;
    let mut approvals = engine.approvals(&filter).await?;
    let next = if approvals.len() > limit {
        approvals.truncate(limit);
        approvals.last().map(|a| ApprovalCursor::of(a).encode())
    } else {
        None
    };
    Ok((approvals, next))
}

/// The decision's names: with API keys the deciding key's name is `by`, and whatever name the
/// caller claimed (a body's `by`, an actor header) only a hint; without keys the claim is `by`.
pub fn decided_by(caller: &Principal, claimed: Option<String>) -> (Option<String>, Option<String>) {
    match caller.name() {
        Some(key) => (Some(key.to_owned()), claimed),
        None => (claimed, None),
    }
}
