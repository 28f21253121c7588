//! The conformance suites: the behaviours every backend of [`Store`](crate::Store) must show,
//! written once here and run by each backend's tests with
//! [`store_conformance!`](crate::store_conformance) (memory here; SQLite, PostgreSQL and the
//! snapshot tier in `aether-store-sql`).
//!
//! They exist because each trait has several implementations that must agree, and some agree
//! only by being written twice (the workspace `apply` rules in memory and in SQL; the runnable
//! rule and its SQL form). Cases take a fresh, empty store and panic on the first disagreement;
//! they test what the trait promises, not how a backend keeps it.

pub mod store;

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
                history_of_an_unknown_workflow_is_not_found,
                concurrent_commits_each_get_their_own_result,
                queued_writes_to_one_workflow_apply_in_order,
                runnable_is_the_rows_own_rule,
                runnable_follows_updates,
                due_finds_what_is_due_by_now,
                wait_since_round_trips,
                flush_keeps_what_was_committed,
                shared_stores_announce_runnable_and_closed_workflows,
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
}
