//! Generates the gRPC code from `proto/aether/v1` with the protoc that `protoc-bin-vendored`
//! ships, so building needs no system protoc (a `PROTOC` in the environment still wins).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../proto");
    let files = [
        "common",
        "approvals",
        "client",
        "worker",
        "admin",
        "workspace",
        "schedules",
    ]
    .map(|name| root.join(format!("aether/v1/{name}.proto")));
    if std::env::var_os("PROTOC").is_none() {
        let protoc = protoc_bin_vendored::protoc_bin_path()?;
        // SAFETY: build scripts are single-threaded; nothing else reads the environment now.
        unsafe { std::env::set_var("PROTOC", protoc) };
    }
    // The descriptors too, so that tests can walk every method the contract declares.
    let descriptors = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("aether_v1.bin");
    tonic_prost_build::configure()
        .file_descriptor_set_path(descriptors)
        .compile_protos(&files, std::slice::from_ref(&root))?;
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    Ok(())
}
