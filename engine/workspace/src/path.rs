//! Paths inside a session: the model's [`WsPath`] rules, re-exported so the service and its
//! callers name them where they always have. They live in `aether_types::workspace::path` so a
//! client (the Rust SDK) can check a path with exactly the server's rules before sending it.

pub use aether_types::workspace::path::*;
