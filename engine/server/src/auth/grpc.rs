//! The check in front of every gRPC service: the `authorization` metadata names a key, the role
//! table says whether it may call the method, and the [`Principal`] goes into the request's
//! extensions (tonic hands them to the handler). A refusal is answered here, before any
//! handler runs or any message is read.

use std::task::{Context, Poll};

use futures::future::{Either, Ready, ready};

use super::{Auth, Principal, table};

#[derive(Clone)]
pub struct GrpcAuthLayer(pub Auth);

impl<S> tower::Layer<S> for GrpcAuthLayer {
    type Service = GrpcAuth<S>;

    fn layer(&self, inner: S) -> GrpcAuth<S> {
        GrpcAuth {
            auth: self.0.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct GrpcAuth<S> {
    auth: Auth,
    inner: S,
}

impl Auth {
    /// The caller of the gRPC method at `path`, if it may call it.
    fn grpc_caller(
        &self,
        path: &str,
        headers: &http::HeaderMap,
    ) -> Result<Principal, super::Denied> {
        let caller = self.bearer(
            headers
                .get(http::header::AUTHORIZATION)
                .map(http::HeaderValue::as_bytes),
        )?;
        self.authorize(caller, table::grpc(path), path)
    }
}

impl<S, ReqBody, ResBody> tower::Service<http::Request<ReqBody>> for GrpcAuth<S>
where
    S: tower::Service<http::Request<ReqBody>, Response = http::Response<ResBody>>,
    ResBody: Default,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Either<S::Future, Ready<Result<S::Response, S::Error>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<ReqBody>) -> Self::Future {
        match self
            .auth
            .grpc_caller(request.uri().path(), request.headers())
        {
            Ok(caller) => {
                request.extensions_mut().insert(caller);
                Either::Left(self.inner.call(request))
            }
            Err(denied) => Either::Right(ready(Ok(tonic::Status::from(denied).into_http()))),
        }
    }
}

/// The caller a handler serves (the anonymous admin when no layer ran, as in unit tests).
pub fn caller<T>(request: &tonic::Request<T>) -> Principal {
    request
        .extensions()
        .get::<Principal>()
        .cloned()
        .unwrap_or_else(Principal::anonymous)
}
