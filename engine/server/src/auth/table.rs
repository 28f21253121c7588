//! The role table: for every gRPC method (by its full path) and every HTTP route (by method
//! and matched template), the roles that may call it. `admin` may call everything; anything
//! not listed here is refused, so a new method or route is unreachable with auth on until it is
//! given its roles here (the auth tests fail first: they walk every method of the proto
//! descriptors and every route of the OpenAPI document).

use std::fmt;

use aether_types::auth::Role;

/// A set of roles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RoleSet(u8);

const fn bit(role: Role) -> u8 {
    1 << (role as u8)
}

impl RoleSet {
    pub const fn of(roles: &[Role]) -> Self {
        let mut bits = 0;
        let mut i = 0;
        while i < roles.len() {
            bits |= bit(roles[i]);
            i += 1;
        }
        Self(bits)
    }

    pub fn contains(self, role: Role) -> bool {
        self.0 & bit(role) != 0
    }

    pub fn with(self, role: Role) -> Self {
        Self(self.0 | bit(role))
    }

    /// Whether a caller with these roles may make a call that needs one of `needed`.
    pub fn allows(self, needed: RoleSet) -> bool {
        self.contains(Role::Admin) || self.0 & needed.0 != 0
    }

    pub fn roles(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl fmt::Display for RoleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = self.roles().map(Role::as_str).collect();
        f.write_str(&names.join(", "))
    }
}

use Role::{Approver, Client, Reader, Worker};

/// Reading workflows, approvals, schedules and metrics.
const READ: RoleSet = RoleSet::of(&[Client, Approver, Reader]);
/// Starting, signalling and cancelling workflows; changing schedules.
const CLIENT: RoleSet = RoleSet::of(&[Client]);
/// The worker protocol.
const WORKER: RoleSet = RoleSet::of(&[Worker]);
const APPROVER: RoleSet = RoleSet::of(&[Approver]);
/// Reading workspaces: a worker's steps read them too.
const WS_READ: RoleSet = RoleSet::of(&[Client, Worker, Approver, Reader]);
/// Changing workspaces: clients, and the steps of workers.
const WS_WRITE: RoleSet = RoleSet::of(&[Client, Worker]);

/// Every gRPC method, `/aether.v1.Service/Method`, with the roles that may call it.
pub const GRPC: &[(&str, RoleSet)] = &[
    ("/aether.v1.ClientService/StartWorkflow", CLIENT),
    ("/aether.v1.ClientService/Starts", CLIENT),
    ("/aether.v1.ClientService/StartBatches", CLIENT),
    ("/aether.v1.ClientService/GetWorkflowStatus", READ),
    ("/aether.v1.ClientService/AwaitResult", READ),
    ("/aether.v1.ClientService/CancelWorkflow", CLIENT),
    ("/aether.v1.ClientService/GetHistory", READ),
    ("/aether.v1.ClientService/Signal", CLIENT),
    ("/aether.v1.AdminService/ListWorkflows", READ),
    ("/aether.v1.AdminService/GetMetrics", READ),
    ("/aether.v1.AdminService/ListWorkers", READ),
    ("/aether.v1.ApprovalService/ListApprovals", READ),
    ("/aether.v1.ApprovalService/GetApproval", READ),
    ("/aether.v1.ApprovalService/DecideApproval", APPROVER),
    (
        "/aether.v1.ApprovalService/RequestSessionApproval",
        WS_WRITE,
    ),
    ("/aether.v1.ScheduleService/CreateSchedule", CLIENT),
    ("/aether.v1.ScheduleService/ListSchedules", READ),
    ("/aether.v1.ScheduleService/DescribeSchedule", READ),
    ("/aether.v1.ScheduleService/UpdateSchedule", CLIENT),
    ("/aether.v1.ScheduleService/PauseSchedule", CLIENT),
    ("/aether.v1.ScheduleService/UnpauseSchedule", CLIENT),
    ("/aether.v1.ScheduleService/TriggerSchedule", CLIENT),
    ("/aether.v1.ScheduleService/BackfillSchedule", CLIENT),
    ("/aether.v1.ScheduleService/DeleteSchedule", CLIENT),
    ("/aether.v1.WorkerService/Register", WORKER),
    ("/aether.v1.WorkerService/PollTasks", WORKER),
    ("/aether.v1.WorkerService/Heartbeat", WORKER),
    ("/aether.v1.WorkerService/CompleteStep", WORKER),
    ("/aether.v1.WorkerService/ScheduleTimer", WORKER),
    ("/aether.v1.WorkerService/StartChild", WORKER),
    ("/aether.v1.WorkerService/SuspendTask", WORKER),
    ("/aether.v1.WorkerService/CompleteWorkflow", WORKER),
    ("/aether.v1.WorkerService/WaitForSignal", WORKER),
    ("/aether.v1.WorkerService/RequestApproval", WORKER),
    ("/aether.v1.WorkerService/WaitForApproval", WORKER),
    ("/aether.v1.WorkerService/WorkspaceActivity", WORKER),
    ("/aether.v1.WorkerService/StartActivity", WORKER),
    ("/aether.v1.WorkerService/RecordHeartbeat", WORKER),
    ("/aether.v1.WorkerService/Commands", WORKER),
    ("/aether.v1.WorkerService/CommandBatches", WORKER),
    ("/aether.v1.WorkspaceService/CreateSession", WS_WRITE),
    ("/aether.v1.WorkspaceService/GetSession", WS_READ),
    ("/aether.v1.WorkspaceService/ListSessions", WS_READ),
    ("/aether.v1.WorkspaceService/GetManifest", WS_READ),
    ("/aether.v1.WorkspaceService/ReadFile", WS_READ),
    ("/aether.v1.WorkspaceService/WriteFile", WS_WRITE),
    ("/aether.v1.WorkspaceService/MakeDirs", WS_WRITE),
    ("/aether.v1.WorkspaceService/Rename", WS_WRITE),
    ("/aether.v1.WorkspaceService/Delete", WS_WRITE),
    ("/aether.v1.WorkspaceService/Batch", WS_WRITE),
    ("/aether.v1.WorkspaceService/PatchSegments", WS_WRITE),
    ("/aether.v1.WorkspaceService/GetCache", WS_READ),
    ("/aether.v1.WorkspaceService/PutCache", WS_WRITE),
    ("/aether.v1.WorkspaceService/DeleteCache", WS_WRITE),
    ("/aether.v1.WorkspaceService/Publish", WS_WRITE),
    ("/aether.v1.WorkspaceService/Subscribe", WS_READ),
    ("/aether.v1.WorkspaceService/AddAnnotation", WS_WRITE),
    ("/aether.v1.WorkspaceService/ListAnnotations", WS_READ),
    ("/aether.v1.WorkspaceService/ResolveAnnotation", WS_WRITE),
    ("/aether.v1.WorkspaceService/ListEvents", WS_READ),
    ("/aether.v1.WorkspaceService/CreateCheckpoint", WS_WRITE),
    ("/aether.v1.WorkspaceService/ListCheckpoints", WS_READ),
    ("/aether.v1.WorkspaceService/Restore", WS_WRITE),
    ("/aether.v1.WorkspaceService/Fork", WS_WRITE),
    ("/aether.v1.WorkspaceService/Commit", WS_WRITE),
    ("/aether.v1.WorkspaceService/Merge", WS_WRITE),
    ("/aether.v1.WorkspaceService/Promote", WS_WRITE),
    ("/aether.v1.WorkspaceService/Export", WS_READ),
    ("/aether.v1.WorkspaceService/Archive", WS_WRITE),
    ("/aether.v1.WorkspaceService/ListSources", WS_READ),
    ("/aether.v1.WorkspaceService/AddKnowledge", WS_WRITE),
    ("/aether.v1.WorkspaceService/SearchKnowledge", WS_READ),
    ("/aether.v1.WorkspaceService/GetKnowledge", WS_READ),
    ("/aether.v1.WorkspaceService/DeleteKnowledge", WS_WRITE),
];

/// Every `/v1` route, by method and matched template (as axum's router spells it), with the
/// roles that may call it. `/v1/auth/session` is not here: signing in is how a caller gets a
/// role (see `session`).
pub const HTTP: &[(&str, &str, RoleSet)] = &[
    ("POST", "/v1/sessions", WS_WRITE),
    ("GET", "/v1/sessions", WS_READ),
    ("GET", "/v1/sessions/{id}", WS_READ),
    ("GET", "/v1/sessions/{id}/manifest", WS_READ),
    ("GET", "/v1/sessions/{id}/diff", WS_READ),
    ("GET", "/v1/sessions/{id}/files/{*path}", WS_READ),
    ("PUT", "/v1/sessions/{id}/files/{*path}", WS_WRITE),
    ("DELETE", "/v1/sessions/{id}/files/{*path}", WS_WRITE),
    ("POST", "/v1/sessions/{id}/dirs", WS_WRITE),
    ("POST", "/v1/sessions/{id}/rename", WS_WRITE),
    ("POST", "/v1/sessions/{id}/delete", WS_WRITE),
    ("POST", "/v1/sessions/{id}/batch", WS_WRITE),
    ("POST", "/v1/sessions/{id}/patchSegments", WS_WRITE),
    ("GET", "/v1/sessions/{id}/cache/{key}", WS_READ),
    ("PUT", "/v1/sessions/{id}/cache/{key}", WS_WRITE),
    ("DELETE", "/v1/sessions/{id}/cache/{key}", WS_WRITE),
    ("POST", "/v1/sessions/{id}/bus/{topic}", WS_WRITE),
    ("GET", "/v1/sessions/{id}/bus/{topic}", WS_READ),
    ("POST", "/v1/sessions/{id}/annotations", WS_WRITE),
    ("GET", "/v1/sessions/{id}/annotations", WS_READ),
    (
        "POST",
        "/v1/sessions/{id}/annotations/{annotation}/resolve",
        WS_WRITE,
    ),
    ("GET", "/v1/sessions/{id}/events", WS_READ),
    ("POST", "/v1/sessions/{id}/checkpoints", WS_WRITE),
    ("GET", "/v1/sessions/{id}/checkpoints", WS_READ),
    ("POST", "/v1/sessions/{id}/restore", WS_WRITE),
    ("POST", "/v1/sessions/{id}/fork", WS_WRITE),
    ("POST", "/v1/sessions/{id}/commit", WS_WRITE),
    ("POST", "/v1/sessions/{id}/merge", WS_WRITE),
    ("POST", "/v1/sessions/{id}/promote", WS_WRITE),
    ("GET", "/v1/sessions/{id}/export", WS_READ),
    ("POST", "/v1/sessions/{id}/archive", WS_WRITE),
    ("POST", "/v1/sessions/{id}/request-approval", WS_WRITE),
    ("POST", "/v1/knowledge", WS_WRITE),
    ("GET", "/v1/knowledge", WS_READ),
    ("GET", "/v1/knowledge/{id}", WS_READ),
    ("DELETE", "/v1/knowledge/{id}", WS_WRITE),
    ("GET", "/v1/sources", WS_READ),
    ("GET", "/v1/sources/{*name}", WS_READ),
    ("GET", "/v1/workflows", READ),
    ("GET", "/v1/workflows/{id}", READ),
    ("GET", "/v1/workflows/{id}/history", READ),
    ("GET", "/v1/stream", READ),
    ("GET", "/v1/workers", READ),
    ("POST", "/v1/workflows/{id}/signals/{name}", CLIENT),
    ("POST", "/v1/workflows/{id}/cancel", CLIENT),
    ("GET", "/v1/metrics/summary", READ),
    ("GET", "/v1/approvals", READ),
    ("GET", "/v1/approvals/{id}", READ),
    ("POST", "/v1/approvals/{id}/approve", APPROVER),
    ("POST", "/v1/approvals/{id}/deny", APPROVER),
    ("GET", "/v1/schedules", READ),
    ("POST", "/v1/schedules", CLIENT),
    ("GET", "/v1/schedules/{id}", READ),
    ("PUT", "/v1/schedules/{id}", CLIENT),
    ("PATCH", "/v1/schedules/{id}", CLIENT),
    ("DELETE", "/v1/schedules/{id}", CLIENT),
    ("POST", "/v1/schedules/{id}/pause", CLIENT),
    ("POST", "/v1/schedules/{id}/unpause", CLIENT),
    ("POST", "/v1/schedules/{id}/trigger", CLIENT),
    ("POST", "/v1/schedules/{id}/backfill", CLIENT),
];

/// The roles that may call the gRPC method at `path`; `None` when it is not in the table.
pub fn grpc(path: &str) -> Option<RoleSet> {
    GRPC.iter()
        .find(|(p, _)| *p == path)
        .map(|(_, roles)| *roles)
}

/// The roles that may call the HTTP route `template` with `method`; `None` when it is not in
/// the table. A `HEAD` is its `GET`.
pub fn http(method: &str, template: &str) -> Option<RoleSet> {
    let method = if method == "HEAD" { "GET" } else { method };
    HTTP.iter()
        .find(|(m, t, _)| *m == method && *t == template)
        .map(|(_, _, roles)| *roles)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn no_entry_is_listed_twice() {
        let grpc: HashSet<_> = GRPC.iter().map(|(p, _)| p).collect();
        assert_eq!(grpc.len(), GRPC.len());
        let http: HashSet<_> = HTTP.iter().map(|(m, t, _)| (m, t)).collect();
        assert_eq!(http.len(), HTTP.len());
    }

    #[test]
    fn readers_read_and_nothing_more() {
        let reader = RoleSet::of(&[Role::Reader]);
        for (path, roles) in GRPC {
            let reads = [
                "/Get",
                "/List",
                "/Await",
                "/Describe",
                "/Search",
                "/ReadFile",
                "/Subscribe",
                "/Export",
            ]
            .iter()
            .any(|p| path.contains(p));
            assert_eq!(reader.allows(*roles), reads, "{path}");
        }
        for (method, template, roles) in HTTP {
            assert_eq!(
                reader.allows(*roles),
                *method == "GET",
                "{method} {template}"
            );
        }
    }
}
