//! Aether's wire contract, generated from `proto/aether/v1` (the single source of truth for the
//! gRPC API), plus conversions between the wire messages and `aether-types`.
//!
//! Conversions live here so that the core never sees a protobuf type and the SDKs and CLI share
//! one reading of each message.

#[allow(clippy::all, clippy::pedantic, missing_docs)]
pub mod v1 {
    tonic::include_proto!("aether.v1");
}

pub mod convert;

/// The encoded `FileDescriptorSet` of every `aether.v1` proto file: every service and method
/// the contract declares (the auth tests walk it).
pub const FILE_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/aether_v1.bin"));

pub use convert::*;
