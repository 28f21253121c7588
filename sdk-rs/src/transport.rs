//! The connection every service client shares: a tonic channel that sends the API key, when
//! there is one, as `authorization: Bearer KEY` metadata on every call and stream.

use tonic::{
    Request, Status,
    metadata::{Ascii, MetadataValue},
    service::{Interceptor, interceptor::InterceptedService},
    transport::Channel,
};

use crate::Error;

/// The environment variable a key is read from when none is given.
pub const API_KEY_ENV: &str = "AETHER_API_KEY";

/// The environment variable a CA file is read from when none is given.
pub const CA_FILE_ENV: &str = "AETHER_CA_FILE";

/// What every call of a client carries.
#[derive(Clone, Default)]
pub struct Credentials {
    authorization: Option<MetadataValue<Ascii>>,
}

impl Credentials {
    pub(crate) fn new(api_key: Option<&str>) -> Result<Self, Error> {
        let authorization = api_key
            .map(|key| {
                format!("Bearer {}", key.trim()).parse().map_err(|_| {
                    Error::InvalidArgument(
                        "the API key must be printable ASCII (an `aek_...` key)".into(),
                    )
                })
            })
            .transpose()?;
        Ok(Self { authorization })
    }
}

impl Interceptor for Credentials {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(value) = &self.authorization {
            request
                .metadata_mut()
                .insert("authorization", value.clone());
        }
        Ok(request)
    }
}

/// The channel of every service client.
pub type Transport = InterceptedService<Channel, Credentials>;
