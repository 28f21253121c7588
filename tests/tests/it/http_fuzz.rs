//! Regressions for what fuzzing the HTTP API from its OpenAPI document found
//! (`scripts/fuzz-http.sh`): each test names the finding it keeps fixed.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::TestEngine;

/// Every error of the API reads as JSON `{code, message}`.
async fn json_error(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.expect("a body");
    assert!(
        content_type.starts_with("application/json"),
        "{status} with content-type {content_type:?}: {body:?}"
    );
    let json: Value = serde_json::from_str(&body).expect("a JSON body");
    assert!(
        json["code"].is_string() && json["message"].is_string(),
        "{status}: {json}"
    );
    (status, json)
}

/// Finding: a method a route does not take (TRACE, PATCH on a GET route...) got axum's 405 with
/// an empty body, not the API's JSON error.
#[tokio::test]
async fn a_method_a_route_does_not_take_is_a_json_405_with_allow() {
    let test = TestEngine::start().await;
    let http = reqwest::Client::new();
    let base = format!("http://{}", test.server.http_addr());
    for (method, path, allowed) in [
        (Method::TRACE, "/v1/sessions", "GET,HEAD,POST"),
        (Method::PATCH, "/v1/workflows/wf-1", "GET,HEAD"),
        (Method::DELETE, "/v1/schedules/s/trigger", "POST"),
        (Method::PUT, "/v1/sessions/s/files/a/b.txt", ""),
    ] {
        let response = http
            .request(method.clone(), format!("{base}{path}"))
            .send()
            .await
            .unwrap();
        let allow = response
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let (status, json) = json_error(response).await;
        if allowed.is_empty() {
            // PUT on a file is a route: it is answered, not refused as a method.
            assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            continue;
        }
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(json["code"], "method_not_allowed");
        let mut allow: Vec<&str> = allow.split(',').map(str::trim).collect();
        allow.sort_unstable();
        assert_eq!(allow.join(","), allowed, "{method} {path}");
    }
}

/// Finding: serde reads a struct from an array of its fields in order, so `[null, null]` as the
/// body of `POST /v1/sessions` created a session. Every body of the API is an object; an array
/// (or any other JSON value) is a 400 that changes nothing.
#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_a_400_and_creates_nothing() {
    let test = TestEngine::start().await;
    let http = reqwest::Client::new();
    let base = format!("http://{}", test.server.http_addr());
    let sessions = || async {
        http.get(format!("{base}/v1/sessions"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["sessions"]
            .as_array()
            .unwrap()
            .len()
    };
    let created = http
        .post(format!("{base}/v1/sessions"))
        .json(&serde_json::json!({ "id": "s" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let before = sessions().await;

    for (path, body) in [
        ("/v1/sessions", "[null, null]"),
        ("/v1/sessions", "[]"),
        ("/v1/sessions", "\"s2\""),
        // An optional body (fork) refuses the same.
        ("/v1/sessions/s/fork", "[\"s3\"]"),
    ] {
        let response = http
            .post(format!("{base}{path}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let (status, json) = json_error(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}: {json}");
    }
    assert_eq!(sessions().await, before, "a refused body created a session");
}

/// Finding: a request that finds the other kind at a path (reading a directory as a file,
/// making a directory below a file, patching a directory) or reads from past the end of a file
/// was a 400, as if the request were malformed; it is well formed and the tree refuses it: 422
/// failed_precondition, nothing changed.
#[tokio::test]
async fn the_other_kind_at_a_path_is_a_422_not_a_400() {
    let test = TestEngine::start().await;
    let http = reqwest::Client::new();
    let base = format!("http://{}", test.server.http_addr());
    let created = http
        .post(format!("{base}/v1/sessions"))
        .json(&serde_json::json!({ "id": "s" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let written = http
        .put(format!("{base}/v1/sessions/s/files/d/x"))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(written.status(), StatusCode::OK);
    let revision = || async {
        http.get(format!("{base}/v1/sessions/s"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["revision"]
            .clone()
    };
    let before = revision().await;

    let read_a_directory = http
        .get(format!("{base}/v1/sessions/s/files/d"))
        .send()
        .await
        .unwrap();
    let mkdir_below_a_file = http
        .post(format!("{base}/v1/sessions/s/dirs"))
        .json(&serde_json::json!({ "path": "d/x/y" }))
        .send()
        .await
        .unwrap();
    let read_past_the_end = http
        .get(format!("{base}/v1/sessions/s/files/d/x?offset=2"))
        .send()
        .await
        .unwrap();
    let patch_a_directory = http
        .post(format!("{base}/v1/sessions/s/patchSegments"))
        .json(&serde_json::json!({ "path": "d", "truncate": 0 }))
        .send()
        .await
        .unwrap();
    for response in [
        read_a_directory,
        mkdir_below_a_file,
        read_past_the_end,
        patch_a_directory,
    ] {
        let (status, json) = json_error(response).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
        assert_eq!(json["code"], "failed_precondition");
    }
    assert_eq!(
        revision().await,
        before,
        "a refused change changed the session"
    );
}

/// Finding: a path parameter that is not UTF-8 once decoded (`%ff`, `%c0%ae`) was refused by
/// axum's extractor with a text/plain 400, on every route with a parameter; the API's errors are
/// JSON `{code, message}`, whatever refuses the request.
#[tokio::test]
async fn a_path_parameter_that_is_not_utf8_is_a_json_400() {
    let test = TestEngine::start().await;
    let http = reqwest::Client::new();
    let base = format!("http://{}", test.server.http_addr());
    for (method, path) in [
        (Method::GET, "/v1/sessions/%ff/manifest"),
        (Method::PUT, "/v1/sessions/s/files/%c0%ae%c0%ae/x"),
        (Method::GET, "/v1/workflows/%ff"),
        (Method::POST, "/v1/schedules/%ff/trigger"),
        (Method::GET, "/v1/sources/%ff"),
    ] {
        let response = http
            .request(method.clone(), format!("{base}{path}"))
            .send()
            .await
            .unwrap();
        let (status, json) = json_error(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {path}: {json}");
        assert_eq!(json["code"], "invalid_argument");
    }
}
