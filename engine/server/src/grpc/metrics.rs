//! Every gRPC call counted by service, method and status code (`aether_grpc_requests_total`),
//! and timed until its response began (`aether_grpc_request_duration_seconds`): a tower layer
//! around all five services, recording through the `metrics` facade.
//!
//! A gRPC status travels in the trailers, after the last message, so the response body is
//! wrapped to read it there; an error answered before any message ("trailers-only") carries it
//! in the headers instead. A call whose body is dropped before its trailers (the client went
//! away) is CANCELLED. Labels are bounded: the method comes from the path only for calls the
//! server knows, and tonic answers every other path UNIMPLEMENTED, which no Aether handler
//! returns, so those are counted under `unknown`.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Instant,
};

use aether_types::metrics as m;
use http_body::{Body, Frame, SizeHint};
use metrics::{counter, histogram};

const UNIMPLEMENTED: &str = "12";

#[derive(Debug, Clone, Copy, Default)]
pub struct GrpcMetricsLayer;

impl<S> tower::Layer<S> for GrpcMetricsLayer {
    type Service = Metered<S>;

    fn layer(&self, inner: S) -> Metered<S> {
        Metered { inner }
    }
}

#[derive(Debug, Clone)]
pub struct Metered<S> {
    inner: S,
}

/// One call's labels, until its status is known.
#[derive(Debug)]
struct Call {
    service: String,
    method: String,
}

impl Call {
    fn of(path: &str) -> Self {
        let (service, method) = path
            .trim_start_matches('/')
            .split_once('/')
            .unwrap_or(("unknown", "unknown"));
        Self {
            service: service.to_owned(),
            method: method.to_owned(),
        }
    }

    fn unknown() -> Self {
        Self {
            service: "unknown".into(),
            method: "unknown".into(),
        }
    }

    fn finish(self, code: &'static str) {
        counter!(m::GRPC_REQUESTS, "service" => self.service, "method" => self.method, "code" => code)
            .increment(1);
    }
}

/// The canonical name of a `grpc-status` value.
fn code_name(status: Option<&http::HeaderValue>) -> &'static str {
    let Some(value) = status else {
        return "UNKNOWN";
    };
    match value.as_bytes() {
        b"0" => "OK",
        b"1" => "CANCELLED",
        b"2" => "UNKNOWN",
        b"3" => "INVALID_ARGUMENT",
        b"4" => "DEADLINE_EXCEEDED",
        b"5" => "NOT_FOUND",
        b"6" => "ALREADY_EXISTS",
        b"7" => "PERMISSION_DENIED",
        b"8" => "RESOURCE_EXHAUSTED",
        b"9" => "FAILED_PRECONDITION",
        b"10" => "ABORTED",
        b"11" => "OUT_OF_RANGE",
        b"12" => "UNIMPLEMENTED",
        b"13" => "INTERNAL",
        b"14" => "UNAVAILABLE",
        b"15" => "DATA_LOSS",
        b"16" => "UNAUTHENTICATED",
        _ => "UNKNOWN",
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, ReqBody, ResBody> tower::Service<http::Request<ReqBody>> for Metered<S>
where
    S: tower::Service<http::Request<ReqBody>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
{
    type Response = http::Response<MeteredBody<ResBody>>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        let path = request.uri().path().to_owned();
        let started = Instant::now();
        let response = self.inner.call(request);
        Box::pin(async move {
            let response = response.await?;
            let (parts, body) = response.into_parts();
            let status = parts.headers.get("grpc-status");
            let call = if status.is_some_and(|s| s.as_bytes() == UNIMPLEMENTED.as_bytes()) {
                Call::unknown()
            } else {
                Call::of(&path)
            };
            histogram!(m::GRPC_DURATION, "service" => call.service.clone(), "method" => call.method.clone())
                .record(started.elapsed().as_secs_f64());
            let call = match status {
                // Trailers-only: the call ended with its headers.
                Some(status) => {
                    call.finish(code_name(Some(status)));
                    None
                }
                None => Some(call),
            };
            Ok(http::Response::from_parts(
                parts,
                MeteredBody { inner: body, call },
            ))
        })
    }
}

pin_project_lite::pin_project! {
    /// A response body that counts its call when the trailers pass (or when it is dropped
    /// before them).
    pub struct MeteredBody<B> {
        #[pin]
        inner: B,
        call: Option<Call>,
    }

    impl<B> PinnedDrop for MeteredBody<B> {
        fn drop(this: Pin<&mut Self>) {
            if let Some(call) = this.project().call.take() {
                call.finish("CANCELLED");
            }
        }
    }
}

impl<B: Body> Body for MeteredBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        let polled = this.inner.poll_frame(cx);
        let code = match &polled {
            Poll::Ready(Some(Ok(frame))) => frame
                .trailers_ref()
                .map(|trailers| code_name(trailers.get("grpc-status"))),
            // A body that fails or ends without trailers ended the call without a status.
            Poll::Ready(Some(Err(_)) | None) => Some("UNKNOWN"),
            Poll::Pending => None,
        };
        if let Some(code) = code
            && let Some(call) = this.call.take()
        {
            call.finish(code);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_names_its_service_and_method() {
        let call = Call::of("/aether.v1.ClientService/StartWorkflow");
        assert_eq!(
            (call.service.as_str(), call.method.as_str()),
            ("aether.v1.ClientService", "StartWorkflow")
        );
        let call = Call::of("nonsense");
        assert_eq!(
            (call.service.as_str(), call.method.as_str()),
            ("unknown", "unknown")
        );
    }

    #[test]
    fn status_values_have_their_canonical_names() {
        let name = |s: &'static str| code_name(Some(&http::HeaderValue::from_static(s)));
        assert_eq!(name("0"), "OK");
        assert_eq!(name("5"), "NOT_FOUND");
        assert_eq!(name("16"), "UNAUTHENTICATED");
        assert_eq!(name("99"), "UNKNOWN");
        assert_eq!(code_name(None), "UNKNOWN");
    }
}
