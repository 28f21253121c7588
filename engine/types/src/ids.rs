use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{kind} must not be empty")]
    Empty { kind: &'static str },
    #[error("{kind} is {len} characters long; the maximum is {max}")]
    TooLong {
        kind: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{kind} must not contain control characters or whitespace")]
    BadCharacter { kind: &'static str },
}

const MAX_ID_LEN: usize = 255;

fn validate(kind: &'static str, value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty { kind });
    }
    // In characters, as the OpenAPI document's maxLength counts them.
    let len = value.chars().count();
    if len > MAX_ID_LEN {
        return Err(IdError::TooLong {
            kind,
            len,
            max: MAX_ID_LEN,
        });
    }
    if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(IdError::BadCharacter { kind });
    }
    Ok(())
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates `value` (non-empty, at most 255 characters, no whitespace or control
            /// characters).
            pub fn parse(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                validate($kind, &value)?;
                Ok(Self(value))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(
    /// Identifies a workflow run. Supplied by the client (an idempotency key) or generated.
    WorkflowId,
    "workflow id"
);
string_id!(
    /// Identifies a registered worker. Stable across the worker's reconnects.
    WorkerId,
    "worker id"
);
string_id!(
    /// Identifies one dispatch of a workflow to a worker (its lease). Reports carrying any other
    /// token for that workflow are stale.
    TaskToken,
    "task token"
);

string_id!(
    /// Identifies one engine node (one `aether serve` process) among those sharing a database:
    /// fresh at every start, so a restarted process is a new node.
    NodeId,
    "node id"
);

impl NodeId {
    /// A fresh, time-ordered id: uuid v7.
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }
}

impl WorkflowId {
    /// A fresh, time-ordered id for a workflow started without one.
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }

    /// The deterministic id of the child started at `position` of this workflow, so that a
    /// replayed `ctx.child` finds the same child instead of starting another.
    ///
    /// The id stays a valid id: when the parent's id leaves no room for the suffix, its tail is
    /// replaced by a hash of the whole parent id (`<prefix>~<16 hex>.child-<n>`), so ids of
    /// nested children never grow past [`MAX_ID_LEN`] and two parents never share a child id.
    pub fn child_at(&self, position: u32) -> Self {
        let plain = format!("{}.child-{position}", self.0);
        if plain.len() <= MAX_ID_LEN {
            return Self(plain);
        }
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(self.0.as_bytes());
        let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let suffix = format!("~{hash}.child-{position}");
        let mut keep = MAX_ID_LEN - suffix.len();
        while !self.0.is_char_boundary(keep) {
            keep -= 1;
        }
        Self(format!("{}{suffix}", &self.0[..keep]))
    }
}

impl WorkerId {
    pub fn generate() -> Self {
        Self(format!("worker-{}", uuid::Uuid::new_v4().simple()))
    }
}

impl TaskToken {
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().simple().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_long_and_whitespace_ids() {
        assert_eq!(
            WorkflowId::parse(""),
            Err(IdError::Empty {
                kind: "workflow id"
            })
        );
        assert!(matches!(
            WorkflowId::parse("x".repeat(256)),
            Err(IdError::TooLong { len: 256, .. })
        ));
        // Characters, not bytes, as the OpenAPI document's maxLength counts.
        assert!(WorkflowId::parse("é".repeat(255)).is_ok());
        assert!(matches!(
            WorkflowId::parse("é".repeat(256)),
            Err(IdError::TooLong { len: 256, .. })
        ));
        assert!(matches!(
            WorkflowId::parse("a b"),
            Err(IdError::BadCharacter { .. })
        ));
        assert_eq!(
            WorkflowId::parse("order-42").map(|id| id.to_string()),
            Ok("order-42".into())
        );
    }

    #[test]
    fn child_ids_of_long_parents_stay_valid_and_distinct() {
        // The longest parent id, in multi-byte characters, nested ten levels deep.
        let a = WorkflowId::parse("é".repeat(127)).unwrap();
        let mut b = String::from("x");
        b.push_str(&"é".repeat(127));
        let b = WorkflowId::parse(b).unwrap();
        let (mut id_a, mut id_b) = (a.clone(), b.clone());
        for position in [0, 7, u32::MAX, 1, 2, 3, 4, 5, 6, 8] {
            id_a = id_a.child_at(position);
            id_b = id_b.child_at(position);
            WorkflowId::parse(id_a.as_str()).unwrap();
            WorkflowId::parse(id_b.as_str()).unwrap();
            assert_ne!(id_a, id_b);
        }
        assert_eq!(a.child_at(3), a.child_at(3));
        assert_ne!(a.child_at(3), a.child_at(4));
        // Short parents keep the readable form.
        assert_eq!(
            WorkflowId::parse("p").unwrap().child_at(2).as_str(),
            "p.child-2"
        );
    }

    #[test]
    fn child_ids_are_deterministic() {
        let parent = WorkflowId::parse("p").unwrap();
        assert_eq!(parent.child_at(3), parent.child_at(3));
        assert_ne!(parent.child_at(3), parent.child_at(4));
    }
}

/// A dispatched task as the worker holds it: the workflow and its lease's token. On the wire it
/// is one opaque string, `token:workflow-id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaskRef {
    pub workflow_id: WorkflowId,
    pub token: TaskToken,
}

impl TaskRef {
    pub fn encode(&self) -> String {
        format!("{}:{}", self.token, self.workflow_id)
    }

    pub fn decode(wire: &str) -> Result<Self, IdError> {
        let (token, workflow_id) = wire
            .split_once(':')
            .ok_or(IdError::Empty { kind: "task token" })?;
        Ok(Self {
            token: TaskToken::parse(token)?,
            workflow_id: WorkflowId::parse(workflow_id)?,
        })
    }
}

#[cfg(test)]
mod task_ref_tests {
    use super::*;

    #[test]
    fn round_trips_ids_containing_colons() {
        let task = TaskRef {
            workflow_id: WorkflowId::parse("order:42").unwrap(),
            token: TaskToken::generate(),
        };
        assert_eq!(TaskRef::decode(&task.encode()), Ok(task));
        assert!(TaskRef::decode("no-separator").is_err());
    }
}
