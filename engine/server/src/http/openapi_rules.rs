//! What the handlers enforce beyond the shape of the Rust types, declared in the OpenAPI
//! document: patterns of ids and paths, bounds, enums, "at least one", the optional bodies and
//! the error statuses each route can answer. A client (or schemathesis, in
//! `scripts/fuzz-http.sh`) that sends what the document allows is not refused for its shape; what
//! it cannot say (a byte length, "end after start", an opaque cursor) is in the descriptions.
//!
//! Lengths: the server counts UTF-8 bytes, JSON Schema counts characters; the bounds below are the
//! byte bounds, exact for ASCII.

use serde_json::{Map, Value, json};

/// `{id}` of a session: letters, digits, `-`, `_`, `.`, not starting with `.` (1-128).
pub const SESSION_ID: &str = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$";
/// A schedule's id: letters, digits and `_ . -` (1-200).
pub const SCHEDULE_ID: &str = r"^[A-Za-z0-9_.-]{1,200}$";
/// Workflow ids: no whitespace or control characters (1-255 characters).
pub const WORKFLOW_ID: &str = r"^[^\s\x00-\x1f\x7f-\x9f]{1,255}$";
/// Names (signals, cache keys, bus topics, deciders): no control characters.
pub const NAME: &str = r"^[^\x00-\x1f\x7f-\x9f]{1,255}$";
/// An approval's id: a UUID.
pub const UUID: &str =
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
/// A path in a session (and a source's name): relative, `/`-separated, no `.` or `..`
/// component, no backslash, colon, control or invisible (bidi, zero-width) character, no
/// component ending in a dot or a space; at most 4096 bytes, 255 per component. (Windows device
/// names such as `CON` are refused too, which a pattern without look-ahead cannot say.)
pub const PATH: &str = concat!(
    r"^(?:\.?(?:[^. /\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]",
    r"|[^./\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF][^/\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*[^. /\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF])",
    r"|\.\.[^/\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*[^. /\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF])",
    r"(?:/+(?:\.?(?:[^. /\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]",
    r"|[^./\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF][^/\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*[^. /\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF])",
    r"|\.\.[^/\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*[^. /\\:\x00-\x1f\x7f-\x9f\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]))*/*$"
);
/// Standard base64 with padding (file content in JSON, a tar.gz to import).
/// Canonical: the bits past the last byte are zero, as the decoder requires.
const BASE64: &str =
    r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$";

/// Whitespace as Rust's `str::trim` removes it (Unicode White_Space), spelled out for a
/// character class: `\s` differs between regex dialects (ECMAScript's has U+FEFF and lacks
/// U+0085), and with `\S` the fuzzer found a commit author the schema accepted and the server
/// refused as blank.
macro_rules! whitespace {
    () => {
        r"\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
    };
}
/// A name that is not blank: no control characters, something besides whitespace.
const NAME_NOT_BLANK: &str = concat!(
    r"^[^\x00-\x1f\x7f-\x9f]*[^",
    whitespace!(),
    r"\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
);
/// Any text (the bounds say the rest).
const ANY: &str = "^";
/// Text with something besides whitespace in it.
const NOT_BLANK: &str = concat!("[^", whitespace!(), "]");
/// An approval's reason: a code of letters, digits and `_ . : -`.
const REASON: &str = r"^[A-Za-z0-9_.:-]{1,128}$";
/// `If-Match`: `*`, or a revision number, bare or as an entity tag (`"12"`, `W/"12"`).
pub const IF_MATCH: &str = r#"^(?:\*|(?:W/)?(?:"[0-9]{1,19}"|[0-9]{1,19}))$"#;
/// `Range`: one byte range.
pub const RANGE: &str = r"^bytes=[0-9]{1,19}-[0-9]{0,19}$";
/// Cron expressions, as far as a pattern can say which are valid: five plain fields. The server
/// takes much more (steps, ranges, lists, names, 6 and 7 fields, `@daily`).
const CRON: &str = concat!(
    r"^(?:\*|[1-5]?[0-9]) (?:\*|1?[0-9]|2[0-3]) (?:\*|[1-9]|1[0-9]|2[0-8]) ",
    r"(?:\*|[1-9]|1[0-2]) (?:\*|[0-6])$"
);
const OVERLAP: [&str; 5] = [
    "skip",
    "buffer-one",
    "buffer-all",
    "cancel-other",
    "allow-all",
];

fn string(pattern: &str) -> Value {
    json!({ "type": "string", "pattern": pattern })
}

fn bounded(pattern: &str, max_length: usize) -> Value {
    json!({ "type": "string", "pattern": pattern, "minLength": 1, "maxLength": max_length })
}

/// The schema of a path parameter.
pub fn path_parameter(route: &str, name: &str) -> Value {
    match name {
        "path" => bounded(PATH, 4096),
        "name" if route.starts_with("/v1/sources/") => bounded(PATH, 4096),
        "key" | "topic" => bounded(NAME, 256),
        "name" => bounded(NAME, 255),
        "annotation" => bounded(NAME, 255),
        _ if route.starts_with("/v1/sessions/") => string(SESSION_ID),
        _ if route.starts_with("/v1/workflows/") => bounded(WORKFLOW_ID, 255),
        _ if route.starts_with("/v1/approvals/") => string(UUID),
        _ if route.starts_with("/v1/schedules/") => string(SCHEDULE_ID),
        _ => bounded(NAME, 255),
    }
}

fn workflow_states() -> Vec<String> {
    aether_types::WorkflowStatus::ALL
        .iter()
        .flat_map(|s| [s.as_str().to_owned(), s.as_str().to_lowercase()])
        .collect()
}

/// The schema of a query parameter, and whether it is required.
pub fn query_parameter(route: &str, name: &str, ty: &str) -> (Value, bool) {
    let schema = match (route, name) {
        ("/v1/sessions", "state") => json!({ "type": "string", "enum": ["active", "archived"] }),
        ("/v1/knowledge", "source") => bounded(PATH, 4096),
        ("/v1/sessions", "label") => json!({
            "type": "string",
            "description": "`key:value`, comma-separated for several.",
            "pattern": r"^[^,:]+:[^,]*(?:,[^,:]+:[^,]*)*$",
        }),
        ("/v1/knowledge", "tag") => string(r"^[a-z0-9_.:-]{1,64}$"),
        ("/v1/workflows", "state") => json!({ "type": "string", "enum": workflow_states() }),
        ("/v1/workflows", "waiting") => json!({
            "type": "string",
            "enum": aether_types::WaitKind::ALL.iter().map(|w| w.as_str()).collect::<Vec<_>>(),
        }),
        ("/v1/workflows", "parent") | ("/v1/approvals", "workflowId") => bounded(WORKFLOW_ID, 255),
        ("/v1/approvals", "state") => json!({
            "type": "string",
            "enum": ["pending", "approved", "denied", "expired", "cancelled"],
        }),
        (_, "cursor") => json!({
            "type": "string",
            "description": "Opaque: the `nextCursor` of the page before; anything else is a 400.",
        }),
        (_, "checkpoint") => json!({
            "type": "string",
            "description": "A checkpoint of the session, by id or by name (the newest of that name).",
            "minLength": 1,
            "maxLength": 256,
        }),
        ("/v1/sessions/{id}/files/{path}", "mode") => json!({
            "type": "string",
            "description": "Octal permission bits, e.g. 644.",
            "pattern": "^0{0,8}[0-7]{1,3}$",
        }),
        ("/v1/workflows", "createdFrom" | "createdTo") => {
            json!({ "type": "integer", "minimum": i64::MIN, "maximum": i64::MAX })
        }
        _ if ty == "integer" => json!({ "type": "integer", "minimum": 0, "maximum": u64::MAX }),
        _ => json!({ "type": ty }),
    };
    (schema, route == "/v1/knowledge" && name == "source")
}

/// Adds the rules to the generated component schemas, by schema name and property.
pub fn refine(schemas: &mut Map<String, Value>) {
    let path = || bounded(PATH, 4096);
    let not_blank = |max: usize| bounded(NOT_BLANK, max);
    let rules: Vec<(&str, &str, Value)> = vec![
        ("CreateSession", "id", string(SESSION_ID)),
        ("ForkBody", "id", string(SESSION_ID)),
        ("MergeBody", "from", string(SESSION_ID)),
        ("Origin", "name", path()),
        ("PathsBody", "path", path()),
        ("RenameBody", "from", path()),
        ("RenameBody", "to", path()),
        ("PatchBody", "path", path()),
        ("BatchOp", "path", path()),
        ("BatchOp", "from", path()),
        ("BatchOp", "to", path()),
        // A subset of what is taken: `..` is allowed too, while the target stays inside the
        // session, which a pattern cannot say.
        (
            "BatchOp",
            "target",
            json!({
                "type": "string", "pattern": PATH, "minLength": 1, "maxLength": 4096,
                "description": "Relative to the link's directory; `..` components are allowed while the target stays inside the session.",
            }),
        ),
        ("BatchOp", "mode", json!({ "maximum": 0o777 })),
        ("BatchOp", "contentBase64", string(BASE64)),
        ("Segment", "contentBase64", string(BASE64)),
        ("Origin", "tarGzBase64", string(BASE64)),
        (
            "BatchBody",
            "ops",
            json!({ "minItems": 1, "maxItems": 100_000 }),
        ),
        ("NewAnnotation", "path", path()),
        ("NewAnnotation", "author", not_blank(1 << 20)),
        ("NewAnnotation", "body", not_blank(1 << 20)),
        ("NewAnnotation", "lineStart", json!({ "minimum": 1 })),
        ("NewAnnotation", "lineEnd", json!({ "minimum": 1 })),
        (
            "CheckpointBody",
            "name",
            json!({ "minLength": 1, "maxLength": 256 }),
        ),
        ("CommitBody", "message", not_blank(1 << 20)),
        ("CommitBody", "author", not_blank(1 << 20)),
        ("CommitBody", "source", path()),
        ("PromoteBody", "source", path()),
        ("CachePutBody", "ifVersion", json!({ "minimum": 0 })),
        ("NewKnowledge", "source", path()),
        ("NewKnowledge", "title", not_blank(256)),
        (
            "NewKnowledge",
            "tags",
            json!({ "maxItems": 32, "items": string(r"^[a-z0-9_.:-]{1,64}$") }),
        ),
        ("NewKnowledge", "links", json!({ "maxItems": 64 })),
        ("KnowledgeLink", "path", path()),
        ("RequestBody", "reason", string(REASON)),
        ("RequestBody", "evidence", json!({ "maxItems": 64 })),
        ("RequestBody", "detail", json!({ "maxLength": 64 * 1024 })),
        ("RequestBody", "timeoutMs", json!({ "minimum": 1 })),
        ("Evidence", "sessionId", bounded(ANY, 2048)),
        ("Evidence", "checkpointId", bounded(ANY, 2048)),
        ("Evidence", "annotationId", bounded(ANY, 2048)),
        ("Evidence", "url", bounded(ANY, 2048)),
        ("Evidence", "label", bounded(ANY, 2048)),
        ("SignalBody", "idempotencyKey", bounded(NAME, 255)),
        ("DecisionBody", "by", bounded(NAME, 255)),
        ("DecisionBody", "comment", json!({ "maxLength": 64 * 1024 })),
        ("CreateBody", "id", string(SCHEDULE_ID)),
        ("ActionBody", "workflowType", bounded(NAME_NOT_BLANK, 255)),
        ("ScheduleSpec", "cron", string(CRON)),
        ("PatchSpec", "cron", string(CRON)),
        ("ScheduleSpec", "timeZone", time_zones()),
        ("PatchSpec", "timeZone", nullable(time_zones())),
        ("ScheduleSpec", "jitterMs", json!({ "minimum": 0 })),
        ("PatchSpec", "jitterMs", json!({ "minimum": 0 })),
    ];
    for (schema, property, rule) in rules {
        // The document is built from the types alone; the tests build it, so a rule that lost
        // its property (a rename) fails there.
        let found = schemas
            .get_mut(schema)
            .is_some_and(|target| apply(target, property, &rule));
        debug_assert!(found, "no property {property} in schema {schema}");
    }
    for schema in ["CreateBody", "ReplaceBody", "PatchBody2", "BackfillBody"] {
        let overlap =
            json!({ "enum": OVERLAP.iter().map(|o| Some(*o)).chain([None]).collect::<Vec<_>>() });
        if let Some(target) = schemas.get_mut(schema) {
            apply(target, "overlap", &overlap);
        }
    }
    for schema in ["CreateBody", "ReplaceBody", "PatchBody2"] {
        if let Some(target) = schemas.get_mut(schema) {
            apply(target, "catchupWindowMs", &json!({ "minimum": 1000 }));
        }
    }
    // "Give at least one path", "give segments, truncate, or both".
    let at_least_one = |a: &str, b: &str| {
        json!({ "anyOf": [
            { "required": [a], "properties": { a: { "type": "string" } } },
            { "required": [b], "properties": { b: { "type": "array", "minItems": 1 } } },
        ] })
    };
    merge(schemas.get_mut("PathsBody"), at_least_one("path", "paths"));
    merge(
        schemas.get_mut("PatchBody"),
        json!({ "anyOf": [
            { "required": ["truncate"], "properties": { "truncate": { "type": "integer" } } },
            { "required": ["segments"], "properties": { "segments": { "type": "array", "minItems": 1 } } },
        ] }),
    );
    merge(
        schemas.get_mut("PathsBody"),
        json!({ "properties": { "paths": { "items": path() } } }),
    );
    // Content is `content` (text) or `contentBase64`, not both.
    let one_content = json!({ "not": { "required": ["content", "contentBase64"] } });
    merge(schemas.get_mut("Segment"), one_content.clone());
    if let Some(write) = schemas
        .get_mut("BatchOp")
        .and_then(|op| op.get_mut("oneOf"))
        .and_then(|variants| variants.get_mut(0))
    {
        merge(Some(write), one_content);
    }
    for schema in schemas.values_mut() {
        bound_integers(schema);
    }
    merge(
        schemas.get_mut("NewAnnotation"),
        json!({ "dependentRequired": { "lineEnd": ["lineStart"] }, "description": "lineEnd, when given, is at least lineStart." }),
    );
}

fn nullable(mut schema: Value) -> Value {
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        values.push(Value::Null);
    }
    schema
}

/// The bounds of the integer formats schemars names, so that no generated number overflows the
/// Rust type (serde refuses it with a 400).
fn bound_integers(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            let bounds = match object.get("format").and_then(Value::as_str) {
                Some("uint64") => Some((json!(0), json!(u64::MAX))),
                Some("uint32") => Some((json!(0), json!(u32::MAX))),
                Some("uint16") => Some((json!(0), json!(u16::MAX))),
                Some("uint") => Some((json!(0), json!(usize::MAX))),
                Some("int64") => Some((json!(i64::MIN), json!(i64::MAX))),
                Some("int32") => Some((json!(i32::MIN), json!(i32::MAX))),
                _ => None,
            };
            if let Some((min, max)) = bounds {
                object.entry("minimum").or_insert(min);
                object.entry("maximum").or_insert(max);
            }
            object.values_mut().for_each(bound_integers);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_integers),
        _ => {}
    }
}

fn time_zones() -> Value {
    let mut zones: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    zones.push("");
    json!({ "description": "An IANA time zone; empty is UTC.", "enum": zones })
}

/// Merges `rule` into every property named `property` anywhere in `schema` (the variants of a
/// tagged enum hold theirs in `oneOf`). Returns whether there was one.
fn apply(schema: &mut Value, property: &str, rule: &Value) -> bool {
    let mut found = false;
    match schema {
        Value::Object(object) => {
            if let Some(Value::Object(properties)) = object.get_mut("properties")
                && let Some(target) = properties.get_mut(property)
            {
                merge(Some(target), rule.clone());
                found = true;
            }
            for (key, value) in object.iter_mut() {
                if key != "properties" {
                    found |= apply(value, property, rule);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                found |= apply(item, property, rule);
            }
        }
        _ => {}
    }
    found
}

/// Adds `rule`'s keys to `target` (objects merge key by key; other values replace).
fn merge(target: Option<&mut Value>, rule: Value) {
    let Some(target) = target else {
        return;
    };
    match (target, rule) {
        (Value::Object(target), Value::Object(rule)) => {
            for (key, value) in rule {
                match target.get_mut(&key) {
                    Some(existing) if existing.is_object() && value.is_object() => {
                        merge(Some(existing), value);
                    }
                    _ => {
                        // A nullable property keeps its null: the rule is about its value.
                        if key == "type" && target.get("type").is_some_and(Value::is_array) {
                            continue;
                        }
                        target.insert(key, value);
                    }
                }
            }
        }
        (target, rule) => *target = rule,
    }
}

#[cfg(test)]
mod tests {
    use aether_types::{ScheduleId, WorkflowId};
    use aether_workspace::path::WsPath;
    use regex::Regex;

    use super::*;

    fn agree(pattern: &str, samples: &[&str], parses: impl Fn(&str) -> bool) {
        let regex = Regex::new(pattern).unwrap();
        for sample in samples {
            assert_eq!(
                regex.is_match(sample),
                parses(sample),
                "{sample:?}: the pattern and the parser disagree"
            );
        }
    }

    /// The document's path pattern accepts exactly what `WsPath` parses, on the escapes the
    /// fuzzer tries and their near misses.
    #[test]
    fn the_path_pattern_is_the_path_parser() {
        let samples = [
            "a.txt",
            "d/x",
            "d//x/",
            ".gitignore",
            "..x",
            "...",
            "a/.b/..c",
            "%2e%2e",
            "é/ü",
            "",
            "/",
            "..",
            ".",
            "../x",
            "d/../x",
            "d/./x",
            "/etc/passwd",
            "a\0b",
            "a\\b",
            "a\u{7}b",
            "a\u{85}b",
            "./a.txt",
            "a.",
            "d/a /x",
            "C:/x",
            "a:b",
            "a\u{202E}txt.exe",
            "zero\u{200B}width",
            ". x",
            "d/.x/..y",
        ];
        agree(PATH, &samples, |s| WsPath::parse_entry(s).is_ok());
    }

    /// "Not blank" in the document is `trim().is_empty()` being false in the server, for every
    /// character alone.
    #[test]
    fn the_not_blank_pattern_is_what_trim_leaves() {
        let samples: Vec<String> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        let samples: Vec<&str> = samples.iter().map(String::as_str).collect();
        agree(NOT_BLANK, &samples, |s| !s.trim().is_empty());
        let named = |s: &str| !s.trim().is_empty() && !s.chars().any(|c| c.is_control());
        agree(NAME_NOT_BLANK, &samples, named);
        // The class is spelled out because the fuzzer's dialects read `\s` otherwise than Rust.
        for pattern in [NOT_BLANK, NAME_NOT_BLANK] {
            assert!(
                !pattern.contains(r"\s") && !pattern.contains(r"\S"),
                "{pattern}"
            );
        }
    }

    #[test]
    fn the_id_patterns_are_the_id_parsers() {
        let samples = [
            "fz",
            "fz-sched",
            "a.b_c-d",
            "",
            "a b",
            "a\tb",
            "a/b",
            "é",
            ".x",
            "x\u{7f}",
            "fz-sched@2026-11-30T03:19:12.035Z",
        ];
        agree(SCHEDULE_ID, &samples, |s| ScheduleId::parse(s).is_ok());
        agree(WORKFLOW_ID, &samples, |s| WorkflowId::parse(s).is_ok());
        let long = "x".repeat(256);
        assert!(!Regex::new(WORKFLOW_ID).unwrap().is_match(&long));
        assert!(WorkflowId::parse(long).is_err());
    }

    /// Every rule names a schema and property the document has (a rename fails here, not
    /// silently in the document).
    #[test]
    fn every_rule_lands_on_a_property() {
        let document = super::super::openapi::document();
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["ScheduleSpec"]["properties"]["cron"]["pattern"],
            CRON
        );
        assert_eq!(schemas["BatchBody"]["properties"]["ops"]["minItems"], 1);
        assert!(
            schemas["ScheduleSpec"]["properties"]["timeZone"]["enum"]
                .as_array()
                .unwrap()
                .contains(&json!("Europe/Paris"))
        );
    }
}
