//! `aether bench --secure`: the server the bench starts speaks TLS with a certificate made for
//! the run and admits only an API key made for the run, so the figures include what a
//! production deployment pays for both (the handshake, encryption, the key check per call).

use std::path::{Path, PathBuf};

use aether_sdk::ClientOptions;
use aether_types::auth::{generate_key, key_digest_hex};
use anyhow::Context;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

/// What the bench's server is started with and its clients connect with.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// `aether.toml` with the key's `[[auth.keys]]` entry.
    pub config: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
    /// The authority that signed `cert`, for the clients to trust.
    pub ca_file: PathBuf,
    pub api_key: String,
}

impl Credentials {
    /// Makes a certificate authority, a server certificate for 127.0.0.1 and localhost that it
    /// signs, and an API key with the client and worker roles, all written into `dir`.
    pub fn generate(dir: &Path) -> anyhow::Result<Self> {
        let authority_key = KeyPair::generate()?;
        let mut authority = CertificateParams::new(Vec::<String>::new())?;
        authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        authority
            .distinguished_name
            .push(DnType::CommonName, "aether bench CA");
        let authority_cert = authority.self_signed(&authority_key)?;
        let issuer = Issuer::new(authority, authority_key);

        let server_key = KeyPair::generate()?;
        let mut server = CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()])?;
        server
            .distinguished_name
            .push(DnType::CommonName, "aether bench server");
        let server_cert = server.signed_by(&server_key, &issuer)?;

        let api_key = generate_key().context("no random bytes from the operating system")?;
        let config = format!(
            "[[auth.keys]]\nname = \"bench\"\nsha256 = \"{}\"\nroles = [\"client\", \"worker\"]\n",
            key_digest_hex(&api_key)
        );
        let credentials = Self {
            config: dir.join("aether.toml"),
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
            ca_file: dir.join("ca.pem"),
            api_key,
        };
        for (path, text) in [
            (&credentials.config, config),
            (&credentials.cert, server_cert.pem()),
            (&credentials.key, server_key.serialize_pem()),
            (&credentials.ca_file, authority_cert.pem()),
        ] {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(credentials)
    }

    /// The flags for `aether serve`.
    pub fn serve_args(&self) -> Vec<String> {
        vec![
            "--config".into(),
            self.config.display().to_string(),
            "--tls-cert".into(),
            self.cert.display().to_string(),
            "--tls-key".into(),
            self.key.display().to_string(),
        ]
    }

    pub fn client_options(&self) -> ClientOptions {
        ClientOptions {
            api_key: Some(self.api_key.clone()),
            ca_file: Some(self.ca_file.clone()),
        }
    }
}
