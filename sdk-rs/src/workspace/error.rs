//! What a failed workspace call says beyond its status code: the server's [`Reason`] (gRPC
//! metadata `aether-reason`) and a failed merge's [`Conflict`]s (`aether-conflicts`).

use super::{Conflict, Reason};
use crate::Error;

impl Error {
    /// The server's specific reason for a failed workspace call ([`Reason::StaleRevision`],
    /// [`Reason::MergeConflict`], [`Reason::SessionArchived`], ...), finer than the status code.
    /// `None` for other errors, and for a reason this SDK does not know.
    pub fn reason(&self) -> Option<Reason> {
        match self {
            Error::Rpc(status) => {
                Reason::parse(status.metadata().get("aether-reason")?.to_str().ok()?)
            }
            _ => None,
        }
    }

    /// The conflicts of a merge that failed for them; empty for any other error.
    pub fn merge_conflicts(&self) -> Vec<Conflict> {
        let Error::Rpc(status) = self else {
            return Vec::new();
        };
        status
            .metadata()
            .get("aether-conflicts")
            .and_then(|v| v.to_str().ok())
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_conflicts_come_from_the_error_metadata() {
        let mut status = tonic::Status::aborted("merge has 1 conflict(s): a.txt");
        status
            .metadata_mut()
            .insert("aether-reason", "merge_conflict".parse().unwrap());
        status.metadata_mut().insert(
            "aether-conflicts",
            r#"[{"path":"a.txt","reason":"content","base":"b","ours":"o","theirs":null}]"#
                .parse()
                .unwrap(),
        );
        let err = Error::Rpc(status);
        assert_eq!(err.reason(), Some(Reason::MergeConflict));
        let conflicts = err.merge_conflicts();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].path, "a.txt");
        assert_eq!(conflicts[0].theirs, None);
        assert!(
            Error::InvalidArgument("x".into())
                .merge_conflicts()
                .is_empty()
        );
    }

    #[test]
    fn a_reply_that_breaks_the_contract_is_an_error() {
        let broken = aether_proto::v1::CacheValue {
            value_json: "{".into(),
            ..Default::default()
        };
        let err: Error = crate::workspace::CacheValue::try_from(broken)
            .unwrap_err()
            .into();
        assert!(matches!(err, Error::Payload(_)), "{err:?}");
        let merge = aether_proto::v1::MergeResponse::default();
        let err: Error = crate::workspace::MergeOutcome::try_from(merge)
            .unwrap_err()
            .into();
        assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    }

    #[test]
    fn an_unknown_reason_is_none() {
        let mut status = tonic::Status::aborted("newer server");
        status
            .metadata_mut()
            .insert("aether-reason", "from_the_future".parse().unwrap());
        assert_eq!(Error::Rpc(status).reason(), None);
        assert_eq!(Error::InvalidArgument("x".into()).reason(), None);
    }
}
