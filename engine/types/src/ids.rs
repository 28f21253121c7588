use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{kind} must not be empty")]
    Empty { kind: &'static str },
    #[error("{kind} is {len} bytes long; the maximum is {max}")]
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
    if value.len() > MAX_ID_LEN {
        return Err(IdError::TooLong {
            kind,
            len: value.len(),
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
            /// Validates `value` (non-empty, at most 255 bytes, no whitespace or control
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

impl WorkflowId {
    /// A fresh, time-ordered id for a workflow started without one.
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }

    /// The deterministic id of the child started at `position` of this workflow, so that a
    /// replayed `ctx.child` finds the same child instead of starting another.
    pub fn child_at(&self, position: u32) -> Self {
        Self(format!("{}.child-{position}", self.0))
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
