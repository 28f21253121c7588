//! Bounds on what one request may carry, beyond the configured `[workspaces]` limits. The
//! transports check the byte bounds before they parse anything, so a request's memory is bounded
//! by what it is allowed to be, not by what it claims to be.

/// Largest cache value or bus message, as JSON.
pub const MAX_VALUE_BYTES: usize = 1 << 20;
/// Deepest cache value or bus message. Values are stored inside a wrapper (a bus message sits
/// in its event's detail), and every reader parses with serde_json's limit of 128 levels, so a
/// value must stay well under it to remain readable wherever it is stored.
pub const MAX_VALUE_DEPTH: usize = 64;
/// Largest request body that carries one JSON value (a cache put, a publish): the value and
/// room for the envelope. Checked before parsing, since a parsed `Value` takes many times its
/// text.
pub const MAX_VALUE_BODY_BYTES: usize = MAX_VALUE_BYTES + (64 << 10);
/// Most paths one request may name (making directories, deleting).
pub const MAX_PATHS_PER_REQUEST: usize = 10_000;
/// Largest request body that lists paths.
pub const MAX_PATHS_BODY_BYTES: usize = 8 << 20;
/// Most bytes of events one page returns (besides the first event, however large).
pub const MAX_EVENT_PAGE_BYTES: usize = 8 << 20;

/// How deeply `value` nests (a scalar is 1).
pub fn depth(value: &serde_json::Value) -> usize {
    use serde_json::Value;
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(fields) => 1 + fields.values().map(depth).max().unwrap_or(0),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_levels() {
        assert_eq!(depth(&serde_json::json!(1)), 1);
        assert_eq!(depth(&serde_json::json!([])), 1);
        assert_eq!(depth(&serde_json::json!({"a": [1, {"b": []}]})), 4);
    }
}
