use std::{future::Future, marker::PhantomData, pin::Pin, sync::Arc};

use aether_types::Failure;
use serde::{Serialize, de::DeserializeOwned};

use crate::{Error, WorkflowContext};

pub(crate) type Handler = Arc<
    dyn Fn(
            WorkflowContext,
            Vec<u8>,
        ) -> Pin<Box<dyn Future<Output = Result<Vec<u8>, Failure>> + Send>>
        + Send
        + Sync,
>;

/// A workflow function with its type name, typed by its input `I` and result `O` so that
/// starting it with the wrong input, or reading the wrong result, does not compile.
pub struct WorkflowDef<I, O> {
    name: String,
    pub(crate) handler: Handler,
    _types: PhantomData<fn(I) -> O>,
}

impl<I, O> Clone for WorkflowDef<I, O> {
    fn clone(&self) -> Self {
        Self {
            name: self.name.clone(),
            handler: Arc::clone(&self.handler),
            _types: PhantomData,
        }
    }
}

impl<I, O> WorkflowDef<I, O> {
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Defines a workflow: `name` is its type, which workers register and clients start.
pub fn workflow<I, O, F, Fut>(name: impl Into<String>, f: F) -> WorkflowDef<I, O>
where
    I: DeserializeOwned + Send + 'static,
    O: Serialize + Send + 'static,
    F: Fn(WorkflowContext, I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<O, Error>> + Send + 'static,
{
    let f = Arc::new(f);
    let handler: Handler = Arc::new(move |ctx, input| {
        let f = Arc::clone(&f);
        Box::pin(async move {
            let input: I = serde_json::from_slice(&input).map_err(|e| {
                Failure::new(
                    "PayloadError",
                    format!("cannot decode the workflow input: {e}"),
                )
            })?;
            let output = f(ctx, input).await.map_err(|e| e.to_failure())?;
            serde_json::to_vec(&output).map_err(|e| {
                Failure::new(
                    "PayloadError",
                    format!("cannot encode the workflow result: {e}"),
                )
            })
        })
    });
    WorkflowDef {
        name: name.into(),
        handler,
        _types: PhantomData,
    }
}
