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
