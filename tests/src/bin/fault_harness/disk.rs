//! A small filesystem for the SQLite database that the harness fills with a ballast file until
//! writes fail, and frees again: the disk running full under load.

use std::{
    fs::OpenOptions,
    io::Write,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::Context;

pub struct SmallDisk {
    pub path: PathBuf,
}

impl SmallDisk {
    /// Mounts a tmpfs of `mib` MiB at `path`; `None` (after saying so loudly) where mounting is
    /// not permitted.
    pub fn mount(path: &Path, mib: u64) -> anyhow::Result<Option<Self>> {
        std::fs::create_dir_all(path).context("the mount point")?;
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(path)
            .output()
            .context("mount runs")?;
        if !output.status.success() {
            tracing::error!(
                "!!! SKIPPING THE DISK-FULL FAULT: mounting a tmpfs is not permitted here ({}) !!!",
                String::from_utf8_lossy(&output.stderr).trim()
            );
            return Ok(None);
        }
        Ok(Some(Self {
            path: path.to_owned(),
        }))
    }

    fn ballast(&self) -> PathBuf {
        self.path.join("ballast")
    }

    /// Writes the ballast until the filesystem refuses; returns its size.
    pub fn fill(&self) -> anyhow::Result<u64> {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.ballast())
            .context("the ballast file")?;
        let mut written = 0u64;
        // Big chunks first, then small ones for the last bytes. Bounded: a tmpfs that never
        // fills (no size limit) would otherwise eat the machine's memory.
        for chunk in [1 << 20, 4096, 512] {
            let data = vec![0u8; chunk];
            for _ in 0..4096 {
                match file.write(&data) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => written += n as u64,
                }
            }
        }
        let _ = file.sync_all();
        Ok(written)
    }

    pub fn free(&self) -> anyhow::Result<()> {
        std::fs::remove_file(self.ballast()).context("removing the ballast")
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazily: a killed server's files may still be closing.
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}
