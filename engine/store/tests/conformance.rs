//! The conformance suites run against the in-memory backends (the SQL ones run them in
//! `aether-store-sql`).

mod store {
    use std::sync::Arc;

    use aether_store::{MemoryStore, Store};

    async fn memory() -> (Arc<dyn Store>, ()) {
        (Arc::new(MemoryStore::new()), ())
    }

    aether_store::store_conformance!(memory, memory());
}

mod workspace {
    use std::sync::Arc;

    use aether_store::workspace::{MemoryWorkspaceStore, WorkspaceStore};

    async fn memory() -> (Arc<dyn WorkspaceStore>, ()) {
        (Arc::new(MemoryWorkspaceStore::new()), ())
    }

    aether_store::workspace_conformance!(memory, memory());
}
