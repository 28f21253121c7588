//! The conformance suites: the behaviours every backend of [`Store`](crate::Store) and of
//! [`WorkspaceStore`](crate::workspace::WorkspaceStore) must show, written once here and run by
//! each backend's tests with [`store_conformance!`](crate::store_conformance) and
//! [`workspace_conformance!`](crate::workspace_conformance) (memory here; SQLite, PostgreSQL and
//! the snapshot tier in `aether-store-sql`).
//!
//! They exist because each trait has several implementations that must agree, and some agree
//! only by being written twice (the workspace `apply` rules in memory and in SQL; the runnable
//! rule and its SQL form). Cases take a fresh, empty store and panic on the first disagreement;
//! they test what the trait promises, not how a backend keeps it.

pub mod approvals;
pub mod schedules;
pub mod store;
pub mod workspace;

/// Runs every [`store`] case against one backend, as `mod $backend` of `#[tokio::test]`s.
/// `$open` is an expression, evaluated inside that module (which sees its parent's items), whose
/// future gives `(store, guard)`: `&*store` must be a `Store`, and `guard` is kept alive until
/// the case ends (a temporary directory, say).
#[macro_export]
macro_rules! store_conformance {
    ($backend:ident, $open:expr) => {
        mod $backend {
            #[allow(unused_imports)]
            use super::*;

            $crate::store_conformance!(@cases $open;
                creates_and_loads_row_and_history,
                appends_in_order_and_updates_the_row,
                rejects_stale_versions_and_changes_nothing,
                rejects_duplicate_creation,
                rejects_gaps_in_the_history,
                lists_newest_first_with_filters,
                lists_by_what_workflows_wait_on,
                lists_by_prefix_parent_and_time_and_pages_by_cursor,
                history_of_an_unknown_workflow_is_not_found,
                concurrent_commits_each_get_their_own_result,
                queued_writes_to_one_workflow_apply_in_order,
                runnable_is_the_rows_own_rule,
                runnable_follows_updates,
                due_finds_what_is_due_by_now,
                wait_since_round_trips,
                flush_keeps_what_was_committed,
                shared_stores_announce_runnable_and_closed_workflows,
                a_lease_keeps_the_node_that_granted_it,
                dead_nodes_are_claimed_once,
                orphaned_leases_are_those_of_nodes_without_a_record,
            );
            $crate::store_conformance!(@approvals $open;
                a_workflows_approvals_are_written_with_its_actions,
                standalone_approvals_are_written_over_the_version_read,
                approvals_are_listed_newest_first_with_filters_and_cursors,
                approvals_are_listed_by_workflow,
            );
            $crate::store_conformance!(@schedules $open;
                schedules_are_created_once_and_read_back_whole,
                schedules_are_written_over_the_version_read,
                schedules_are_listed_by_id_and_deleted,
            );
        }
    };
    (@cases $open:expr; $($case:ident,)*) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _guard) = $open.await;
                $crate::conformance::store::$case(&*store).await;
            }
        )*
    };
    (@approvals $open:expr; $($case:ident,)*) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _guard) = $open.await;
                $crate::conformance::approvals::$case(&*store).await;
            }
        )*
    };
    (@schedules $open:expr; $($case:ident,)*) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _guard) = $open.await;
                $crate::conformance::schedules::$case(&*store).await;
            }
        )*
    };
}

/// Runs every [`workspace`] case against one backend, as `mod $backend` of `#[tokio::test]`s;
/// `$open` as for [`store_conformance!`](crate::store_conformance), giving a `WorkspaceStore`.
#[macro_export]
macro_rules! workspace_conformance {
    ($backend:ident, $open:expr) => {
        mod $backend {
            #[allow(unused_imports)]
            use super::*;

            $crate::workspace_conformance!(@cases $open;
                creates_sessions_once_with_their_first_event,
                a_change_applies_only_at_the_revision_it_was_computed_from,
                changes_without_an_expected_revision_apply_at_any,
                a_checkpoint_is_recorded_with_its_change,
                cache_writes_compare_and_set_their_version,
                cache_entries_expire,
                annotations_are_added_and_resolved,
                a_commit_becomes_the_sessions_last,
                promotion_moves_a_source_only_from_the_head_expected,
                events_are_gapless_and_paged,
                objects_are_immutable_and_idempotent,
                sessions_are_listed_newest_first_with_filters,
                an_activity_applies_once_per_origin,
                racing_repeats_of_an_activity_apply_once,
                the_collector_removes_only_old_unreferenced_content,
                knowledge_is_kept_per_source_and_searched,
            );
        }
    };
    (@cases $open:expr; $($case:ident,)*) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _guard) = $open.await;
                $crate::conformance::workspace::$case(&*store).await;
            }
        )*
    };
}
