//! Which key registered which worker id. A worker id is chosen by the worker, and whoever holds
//! it receives that worker's tasks (with their inputs, journals and tokens), so with auth on the
//! first key to register an id owns it: no other key may register, poll or heartbeat as that
//! id, or report on a task leased to it (PERMISSION_DENIED).
//!
//! The binding lives in this node's memory: after a restart a worker re-registers (as it does
//! after any reconnect) and binds its id again.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use aether_types::WorkerId;

use super::{Denied, Principal};

#[derive(Default)]
pub struct WorkerOwners {
    owners: Mutex<HashMap<WorkerId, Arc<str>>>,
}

impl WorkerOwners {
    /// Binds `worker` to the caller's key, or checks that it is bound to it already.
    pub fn claim(&self, caller: &Principal, worker: &WorkerId) -> Result<(), Denied> {
        let Some(name) = &caller.name else {
            return Ok(());
        };
        let mut owners = self.owners.lock().unwrap_or_else(PoisonError::into_inner);
        match owners.get(worker) {
            Some(owner) if owner != name => Err(refusal(worker)),
            Some(_) => Ok(()),
            None => {
                owners.insert(worker.clone(), Arc::clone(name));
                Ok(())
            }
        }
    }

    /// Checks that no other key owns `worker` (an id no key registered is the engine's to
    /// refuse as unknown).
    pub fn check(&self, caller: &Principal, worker: &WorkerId) -> Result<(), Denied> {
        let Some(name) = &caller.name else {
            return Ok(());
        };
        let owners = self.owners.lock().unwrap_or_else(PoisonError::into_inner);
        match owners.get(worker) {
            Some(owner) if owner != name => Err(refusal(worker)),
            _ => Ok(()),
        }
    }
}

fn refusal(worker: &WorkerId) -> Denied {
    Denied::PermissionDenied(format!(
        "worker {worker} was registered with another key; a key may act only as its own workers"
    ))
}

#[cfg(test)]
mod tests {
    use aether_types::auth::Role;

    use super::*;
    use crate::auth::RoleSet;

    fn key(name: &str) -> Principal {
        Principal {
            name: Some(Arc::from(name)),
            roles: RoleSet::of(&[Role::Worker]),
        }
    }

    #[test]
    fn the_first_key_owns_the_id() {
        let owners = WorkerOwners::default();
        let id = WorkerId::parse("w-1").unwrap();
        owners.claim(&key("a"), &id).unwrap();
        owners.claim(&key("a"), &id).unwrap();
        owners.check(&key("a"), &id).unwrap();
        assert!(matches!(
            owners.claim(&key("b"), &id),
            Err(Denied::PermissionDenied(_))
        ));
        assert!(owners.check(&key("b"), &id).is_err());
        owners
            .check(&key("b"), &WorkerId::parse("w-2").unwrap())
            .unwrap();
        owners.claim(&Principal::anonymous(), &id).unwrap();
    }
}
