//! TLS on both listeners (`[server.tls]`): the Rust SDK, the CLI and plain HTTPS work over
//! `https://` with the test's CA; plaintext clients and clients without the CA are refused; the
//! certificate is reloaded on SIGHUP and when its files change, and a bad new file keeps the old
//! one. Certificates are made here with rcgen: a CA, and a server certificate it signs for
//! 127.0.0.1 and localhost.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Duration,
};

use aether_sdk::{Client, ClientOptions, StepError, Worker, WorkflowContext, workflow};
use aether_server::Server;
use aether_tests::workspace_bin;
use aether_types::config::{Config, PersistenceMode, TlsConfig};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

use crate::support::{ServeProcess, eventually, within};

/// A certificate authority, its certificate written to `ca.pem` in its directory.
struct Authority {
    issuer: Issuer<'static, KeyPair>,
    ca_file: PathBuf,
}

impl Authority {
    fn new(dir: &Path, name: &str) -> Self {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let cert = params.self_signed(&key).unwrap();
        let ca_file = dir.join(format!("{name}-ca.pem"));
        std::fs::write(&ca_file, cert.pem()).unwrap();
        Self {
            issuer: Issuer::new(params, key),
            ca_file,
        }
    }

    /// A server certificate for 127.0.0.1 and localhost: (certificate PEM, key PEM).
    fn server_cert(&self) -> (String, String) {
        let key = KeyPair::generate().unwrap();
        let params =
            CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        (cert.pem(), key.serialize_pem())
    }

    fn options(&self) -> ClientOptions {
        ClientOptions::default().ca_file(&self.ca_file)
    }
}

/// The server's certificate and key files, signed by `ca`.
struct ServedFiles {
    cert: PathBuf,
    key: PathBuf,
}

impl ServedFiles {
    fn new(dir: &Path, ca: &Authority) -> Self {
        let files = Self {
            cert: dir.join("server.pem"),
            key: dir.join("server-key.pem"),
        };
        files.replace(ca);
        files
    }

    fn replace(&self, ca: &Authority) {
        let (cert, key) = ca.server_cert();
        std::fs::write(&self.cert, cert).unwrap();
        std::fs::write(&self.key, key).unwrap();
    }

    fn config(&self) -> TlsConfig {
        TlsConfig {
            cert_path: self.cert.display().to_string(),
            key_path: self.key.display().to_string(),
        }
    }
}

/// An in-process engine in memory with TLS on both listeners.
async fn tls_server(files: &ServedFiles) -> Server {
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::Memory;
    config.server.tls = Some(files.config());
    Server::start(&config).await.expect("the TLS server starts")
}

fn grpc_url(server: &Server) -> String {
    format!("https://{}", server.grpc_addr())
}

fn http_url(server: &Server) -> String {
    format!("https://{}", server.http_addr())
}

/// An HTTPS client that trusts only `ca` (or nothing at all).
fn https_client(ca: Option<&Authority>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .timeout(Duration::from_secs(10));
    if let Some(ca) = ca {
        let pem = std::fs::read(&ca.ca_file).unwrap();
        builder = builder.add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap());
    }
    builder.build().unwrap()
}

/// Whether a client trusting `ca` can make a gRPC call now.
async fn grpc_works(url: &str, ca: &Authority) -> bool {
    match Client::connect_with(url, ca.options()).await {
        Ok(client) => client.list(&Default::default()).await.is_ok(),
        Err(_) => false,
    }
}

fn greet() -> aether_sdk::WorkflowDef<String, String> {
    workflow(
        "tls-greet",
        |ctx: WorkflowContext, name: String| async move {
            ctx.step("greet", move || async move {
                Ok::<_, StepError>(format!("Hello, {name}!"))
            })
            .await
        },
    )
}

#[tokio::test]
async fn a_worker_runs_a_workflow_and_http_answers_over_https() {
    let dir = tempfile::tempdir().unwrap();
    let ca = Authority::new(dir.path(), "test");
    let files = ServedFiles::new(dir.path(), &ca);
    let server = tls_server(&files).await;
    assert!(server.tls());

    let client = Client::connect_with(grpc_url(&server), ca.options())
        .await
        .expect("the SDK connects over https with the CA");
    let wf = greet();
    let worker = Worker::new(&client).register(&wf).spawn();
    let greeting = within(
        "the workflow over TLS",
        Duration::from_secs(30),
        client.start_and_wait(&wf, &"TLS".to_owned()),
    )
    .await
    .expect("the workflow completes");
    assert_eq!(greeting, "Hello, TLS!");
    worker.shutdown().await;

    // The HTTP API (and the dashboard behind it) over HTTPS, HTTP/1.1 and HTTP/2 alike.
    let health = https_client(Some(&ca))
        .get(format!("{}/healthz", http_url(&server)))
        .send()
        .await
        .expect("HTTPS answers");
    assert!(health.status().is_success(), "{}", health.status());
    let runs = https_client(Some(&ca))
        .get(format!("{}/v1/workflows", http_url(&server)))
        .send()
        .await
        .expect("HTTPS answers");
    assert!(runs.status().is_success(), "{}", runs.status());
    server.shutdown();
}

#[tokio::test]
async fn plaintext_clients_and_clients_without_the_ca_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ca = Authority::new(dir.path(), "test");
    let files = ServedFiles::new(dir.path(), &ca);
    let server = tls_server(&files).await;

    // gRPC in plaintext: the server waits for a ClientHello and drops what is not one.
    let plain = format!("http://{}", server.grpc_addr());
    let refused = match Client::connect_with(&plain, ClientOptions::default()).await {
        Err(err) => err.to_string(),
        Ok(client) => client
            .list(&Default::default())
            .await
            .expect_err("a plaintext gRPC call is refused")
            .to_string(),
    };
    assert!(!refused.is_empty());

    // HTTP in plaintext.
    let plain_http = reqwest::Client::new()
        .get(format!("http://{}/healthz", server.http_addr()))
        .timeout(Duration::from_secs(10))
        .send()
        .await;
    assert!(
        plain_http.is_err(),
        "plaintext HTTP answered: {plain_http:?}"
    );

    // TLS, but not trusting the server's CA (the system's roots do not hold it).
    let err = Client::connect_with(grpc_url(&server), ClientOptions::default())
        .await
        .err()
        .expect("a client without the CA is refused")
        .to_string();
    assert!(
        err.contains("certificate") || err.contains("UnknownIssuer"),
        "{err}"
    );
    let other = Authority::new(dir.path(), "other");
    assert!(!grpc_works(&grpc_url(&server), &other).await);
    let untrusted = https_client(None)
        .get(format!("{}/healthz", http_url(&server)))
        .send()
        .await;
    assert!(
        untrusted.is_err(),
        "HTTPS without the CA answered: {untrusted:?}"
    );

    // None of that took the accept loops down.
    assert!(grpc_works(&grpc_url(&server), &ca).await);
    let health = https_client(Some(&ca))
        .get(format!("{}/healthz", http_url(&server)))
        .send()
        .await
        .expect("HTTPS still answers");
    assert!(health.status().is_success());
    server.shutdown();
}

#[tokio::test]
async fn changed_files_are_served_and_a_bad_file_keeps_the_old_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let first = Authority::new(dir.path(), "first");
    let files = ServedFiles::new(dir.path(), &first);
    let server = tls_server(&files).await;
    let url = grpc_url(&server);
    assert!(grpc_works(&url, &first).await);

    // A file that is not a certificate: the reload fails and the old certificate stays.
    std::fs::write(&files.cert, "not a certificate").unwrap();
    let err = server
        .reload_tls()
        .expect_err("a bad certificate file is refused");
    assert!(err.to_string().contains("server.pem"), "{err}");
    assert!(grpc_works(&url, &first).await);

    // New files signed by another CA: the watcher notices them without being told.
    let second = Authority::new(dir.path(), "second");
    files.replace(&second);
    eventually(
        "the changed certificate to be served",
        Duration::from_secs(20),
        || async { grpc_works(&url, &second).await.then_some(()) },
    )
    .await;
    assert!(!grpc_works(&url, &first).await);
    server.shutdown();
}

#[test]
fn sighup_reloads_the_certificate_of_aether_serve() {
    let dir = tempfile::tempdir().unwrap();
    let first = Authority::new(dir.path(), "first");
    let files = ServedFiles::new(dir.path(), &first);
    let server = ServeProcess::start(&[
        "--persistence",
        "memory",
        "--tls-cert",
        files.cert.to_str().unwrap(),
        "--tls-key",
        files.key.to_str().unwrap(),
    ]);
    assert!(server.url.starts_with("https://"), "{}", server.url);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    assert!(runtime.block_on(grpc_works(&server.url, &first)));

    // New files put in place with the old modification times, so that only the signal can
    // make the server read them.
    let second = Authority::new(dir.path(), "second");
    let (cert, key) = second.server_cert();
    for (path, text) in [(&files.cert, cert), (&files.key, key)] {
        let staged = path.with_extension("new");
        std::fs::write(&staged, text).unwrap();
        let modified = std::fs::metadata(path).unwrap().modified().unwrap();
        std::fs::File::options()
            .write(true)
            .open(&staged)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        std::fs::rename(&staged, path).unwrap();
    }
    let sent = Command::new("kill")
        .args(["-HUP", &server.pid().to_string()])
        .status()
        .expect("kill -HUP runs");
    assert!(sent.success());
    runtime.block_on(eventually(
        "the certificate of the second CA after SIGHUP",
        Duration::from_secs(20),
        || async { grpc_works(&server.url, &second).await.then_some(()) },
    ));
    assert!(!runtime.block_on(grpc_works(&server.url, &first)));
    drop(runtime);
    server.terminate();
}

fn aether(args: &[&str]) -> std::process::Output {
    Command::new(workspace_bin("aether"))
        .args(args)
        .env_remove("AETHER_CA_FILE")
        .output()
        .expect("aether runs")
}

#[test]
fn the_cli_reads_status_and_lists_over_https_with_its_ca_file() {
    let dir = tempfile::tempdir().unwrap();
    let ca = Authority::new(dir.path(), "test");
    let files = ServedFiles::new(dir.path(), &ca);
    let server = ServeProcess::start(&[
        "--persistence",
        "memory",
        "--tls-cert",
        files.cert.to_str().unwrap(),
        "--tls-key",
        files.key.to_str().unwrap(),
    ]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let id = runtime.block_on(async {
        let client = Client::connect_with(&server.url, ca.options())
            .await
            .expect("the SDK connects");
        let wf = greet();
        let worker = Worker::new(&client).register(&wf).spawn();
        let id = client.start(&wf, &"CLI".to_owned()).await.unwrap();
        let done = within(
            "the workflow",
            Duration::from_secs(30),
            client.wait_for(&id),
        )
        .await
        .unwrap();
        worker.shutdown().await;
        done.workflow_id
    });
    let ca_file = ca.ca_file.to_str().unwrap();

    let status = aether(&["status", &id, "--server", &server.url, "--ca-file", ca_file]);
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(stdout.contains("COMPLETED"), "{stdout}");

    let list = aether(&[
        "workflow",
        "list",
        "--json",
        "--server",
        &server.url,
        "--ca-file",
        ca_file,
    ]);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).expect("JSON list");
    assert_eq!(listed[0]["workflow_id"], id.as_str(), "{listed}");

    // Without the CA file the CLI says why it cannot connect.
    let refused = aether(&["status", &id, "--server", &server.url]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("cannot connect securely"), "{stderr}");
    assert!(stderr.contains("certificate"), "{stderr}");
    drop(runtime);
    server.terminate();
}

#[tokio::test]
async fn unusable_tls_files_stop_the_start_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let ca = Authority::new(dir.path(), "test");
    let files = ServedFiles::new(dir.path(), &ca);
    // The key of another certificate.
    let (_, other_key) = ca.server_cert();
    std::fs::write(&files.key, other_key).unwrap();
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::Memory;
    config.server.tls = Some(files.config());
    let err = Server::start(&config)
        .await
        .err()
        .expect("a key that does not match is refused")
        .to_string();
    assert!(err.contains("does not match"), "{err}");

    // A certificate without its key, from the command line.
    let half = aether(&[
        "serve",
        "--tls-cert",
        files.cert.to_str().unwrap(),
        "--print-config",
    ]);
    assert!(!half.status.success());
    let stderr = String::from_utf8_lossy(&half.stderr);
    assert!(stderr.contains("server.tls needs both"), "{stderr}");
}

#[tokio::test]
async fn the_dashboard_session_cookie_is_secure_under_tls() {
    let dir = tempfile::tempdir().unwrap();
    let ca = Authority::new(dir.path(), "test");
    let files = ServedFiles::new(dir.path(), &ca);
    let key = "aek_tls-test-key-0123456789abcdefghijklmnopqrstuv";
    let mut config = Config::default();
    config.server.grpc_port = 0;
    config.server.http_port = 0;
    config.persistence.mode = PersistenceMode::Memory;
    config.server.tls = Some(files.config());
    config.auth.keys = vec![aether_types::config::KeyConfig {
        name: "admin".into(),
        sha256: aether_types::auth::key_digest_hex(key),
        roles: vec![aether_types::auth::Role::Admin],
    }];
    let server = Server::start(&config).await.expect("the TLS server starts");
    let base = http_url(&server);
    let signed_in = https_client(Some(&ca))
        .post(format!("{base}/v1/auth/session"))
        .header("origin", &base)
        .json(&serde_json::json!({ "key": key }))
        .send()
        .await
        .expect("HTTPS answers");
    assert!(signed_in.status().is_success(), "{}", signed_in.status());
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    server.shutdown();
}
