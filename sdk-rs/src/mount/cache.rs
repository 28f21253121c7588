//! Bytes on local disk: content by its SHA-256, shared by every mount with the same cache
//! directory (a second mount of the same content reads nothing twice), and the staging files
//! of this mount's written-but-unsent files.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::tree::Ino;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub struct Cache {
    blobs: PathBuf,
    staging: PathBuf,
}

impl Cache {
    /// `root` holds `blobs/` (shared) and `staging/<mount id>/` (this mount's).
    pub fn open(root: &Path, mount_id: &str) -> io::Result<Self> {
        let blobs = root.join("blobs");
        let staging = root.join("staging").join(mount_id);
        fs::create_dir_all(&blobs)?;
        fs::create_dir_all(&staging)?;
        Ok(Self { blobs, staging })
    }

    pub fn staging_dir(&self) -> &Path {
        &self.staging
    }

    fn blob_path(&self, hash: &str) -> PathBuf {
        let shard = hash.get(..2).unwrap_or("00");
        self.blobs.join(shard).join(hash)
    }

    pub fn open_blob(&self, hash: &str) -> io::Result<Option<File>> {
        match File::open(self.blob_path(hash)) {
            Ok(file) => Ok(Some(file)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn has_blob(&self, hash: &str) -> bool {
        self.blob_path(hash).exists()
    }

    pub fn read_blob(&self, hash: &str) -> io::Result<Vec<u8>> {
        fs::read(self.blob_path(hash))
    }

    /// Stores bytes the server sent under their hash, refusing bytes that are not what the
    /// manifest named: the cache is trusted by every later mount.
    pub fn put_blob(&self, hash: &str, bytes: &[u8]) -> io::Result<File> {
        let actual = sha256_hex(bytes);
        if actual != hash {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("content of {hash} hashes to {actual}"),
            ));
        }
        let path = self.blob_path(hash);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        // Written aside and renamed, so a reader never sees half a blob.
        let mut tmp = tempfile::NamedTempFile::new_in(&self.blobs)?;
        tmp.write_all(bytes)?;
        tmp.persist(&path).map_err(|e| e.error)?;
        File::open(&path)
    }

    fn staging_path(&self, ino: Ino) -> PathBuf {
        self.staging.join(ino.to_string())
    }

    /// The node's staging file, holding a copy of the blob `from` or nothing.
    pub fn stage(&self, ino: Ino, from: Option<&str>) -> io::Result<File> {
        let path = self.staging_path(ino);
        if let Some(hash) = from {
            fs::copy(self.blob_path(hash), &path)?;
        } else {
            File::create(&path)?;
        }
        self.open_staging(ino)
    }

    pub fn open_staging(&self, ino: Ino) -> io::Result<File> {
        OpenOptions::new()
            .read(true)
            .write(true)
            .open(self.staging_path(ino))
    }

    pub fn read_staging(&self, ino: Ino) -> io::Result<Vec<u8>> {
        fs::read(self.staging_path(ino))
    }

    /// A sent file's staging bytes, copied to the blob of their hash; the staging file goes (a
    /// reader holding it open keeps reading it).
    pub fn settle_staging(&self, ino: Ino, hash: &str) -> io::Result<()> {
        let path = self.blob_path(hash);
        if !path.exists() {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            let tmp = tempfile::NamedTempFile::new_in(&self.blobs)?;
            fs::copy(self.staging_path(ino), tmp.path())?;
            tmp.persist(&path).map_err(|e| e.error)?;
        }
        self.drop_staging(ino);
        Ok(())
    }

    pub fn drop_staging(&self, ino: Ino) {
        let _ = fs::remove_file(self.staging_path(ino));
    }

    /// Removes this mount's staging directory once nothing in it is waiting to be sent.
    pub fn clear_staging(&self) {
        let _ = fs::remove_dir_all(&self.staging);
    }
}
