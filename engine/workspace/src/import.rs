//! Bringing trees in and out: a local git repository at a ref (read with libgit2, never by
//! running `git`), and tar.gz archives. Both are blocking work; callers run them on a blocking
//! thread. Every path goes through [`WsPath`], so an archive entry like `../x` or `/etc/passwd`
//! is refused rather than written somewhere unexpected.

use std::{
    io::{Read, Write},
    path::Path,
};

use flate2::{Compression, read::GzDecoder, write::GzEncoder};

use crate::{
    Error, Result,
    path::WsPath,
    tree::{DEFAULT_FILE_MODE, DIR_MODE, EXECUTABLE_MODE, EntryKind, SYMLINK_MODE},
};

/// One entry read from outside; a link's content is its target, a directory's is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub path: WsPath,
    pub kind: EntryKind,
    pub mode: u32,
    pub content: Vec<u8>,
}

/// Bounds on what an import may bring in.
#[derive(Debug, Clone, Copy)]
pub struct ImportLimits {
    pub max_file_bytes: u64,
    pub max_total_bytes: u64,
    pub max_files: u64,
}

struct Budget {
    limits: ImportLimits,
    bytes: u64,
    files: u64,
}

impl Budget {
    fn new(limits: ImportLimits) -> Self {
        Self {
            limits,
            bytes: 0,
            files: 0,
        }
    }

    fn take(&mut self, path: &str, size: u64) -> Result<()> {
        if size > self.limits.max_file_bytes {
            return Err(Error::TooLarge(format!(
                "{path} is {size} bytes; the limit per file is {}",
                self.limits.max_file_bytes
            )));
        }
        self.bytes += size;
        self.files += 1;
        if self.bytes > self.limits.max_total_bytes {
            return Err(Error::TooLarge(format!(
                "the import exceeds the session size limit of {} bytes",
                self.limits.max_total_bytes
            )));
        }
        if self.files > self.limits.max_files {
            return Err(Error::TooLarge(format!(
                "the import exceeds the limit of {} files per session",
                self.limits.max_files
            )));
        }
        Ok(())
    }
}

/// The tree of a local git repository at `reference` (a branch, tag, commit or any revspec).
/// Submodules (gitlinks) have no content in the repository; they are skipped and returned.
pub fn read_git(
    repo: &Path,
    reference: &str,
    limits: ImportLimits,
) -> Result<(Vec<Imported>, Vec<String>)> {
    let git = |e: git2::Error| {
        Error::invalid(format!(
            "git repository {}: {}",
            repo.display(),
            e.message()
        ))
    };
    let repository = git2::Repository::open(repo).map_err(git)?;
    let tree = repository
        .revparse_single(reference)
        .and_then(|object| object.peel_to_tree())
        .map_err(|e| {
            Error::invalid(format!(
                "no tree at {reference:?} in {}: {}",
                repo.display(),
                e.message()
            ))
        })?;
    let mut found: Vec<(String, git2::Oid, i32)> = Vec::new();
    let mut submodules = Vec::new();
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        let path = format!("{dir}{}", entry.name().unwrap_or_default());
        match entry.kind() {
            Some(git2::ObjectType::Blob) => found.push((path, entry.id(), entry.filemode())),
            Some(git2::ObjectType::Commit) => submodules.push(path),
            _ => {}
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(git)?;
    let mut budget = Budget::new(limits);
    let mut out = Vec::with_capacity(found.len());
    for (path, oid, filemode) in found {
        let parsed = WsPath::parse_entry(&path)?;
        let blob = repository.find_blob(oid).map_err(git)?;
        budget.take(&path, blob.size() as u64)?;
        let (kind, mode) = match filemode {
            0o120000 => (EntryKind::Symlink, SYMLINK_MODE),
            0o100755 => (EntryKind::File, EXECUTABLE_MODE),
            _ => (EntryKind::File, DEFAULT_FILE_MODE),
        };
        out.push(Imported {
            path: parsed,
            kind,
            mode,
            content: blob.content().to_vec(),
        });
    }
    Ok((out, submodules))
}

/// The entries of a gzip-compressed tar archive.
pub fn read_tar_gz(bytes: &[u8], limits: ImportLimits) -> Result<Vec<Imported>> {
    let bad = |e: std::io::Error| Error::invalid(format!("not a readable tar.gz archive: {e}"));
    let mut archive = tar::Archive::new(GzDecoder::new(bytes));
    let mut budget = Budget::new(limits);
    let mut out = Vec::new();
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        let raw_path = entry.path().map_err(bad)?;
        let name = raw_path
            .to_str()
            .ok_or_else(|| {
                Error::invalid(format!("archive path {} is not UTF-8", raw_path.display()))
            })?
            .to_owned();
        let path = WsPath::parse(&name)?;
        if path.is_root() {
            continue; // "./" entries
        }
        let mode = entry.header().mode().map_err(bad)? & 0o777;
        let kind = match entry.header().entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous => EntryKind::File,
            tar::EntryType::Directory => EntryKind::Dir,
            tar::EntryType::Symlink => EntryKind::Symlink,
            other => {
                return Err(Error::invalid(format!(
                    "archive entry {name} has an unsupported type ({other:?}); only files, directories and symbolic links are"
                )));
            }
        };
        let content = match kind {
            EntryKind::Dir => Vec::new(),
            EntryKind::Symlink => {
                let target = entry
                    .link_name()
                    .map_err(bad)?
                    .ok_or_else(|| Error::invalid(format!("link {name} has no target")))?;
                target
                    .to_str()
                    .ok_or_else(|| Error::invalid(format!("link {name} has a non-UTF-8 target")))?
                    .as_bytes()
                    .to_vec()
            }
            EntryKind::File => {
                budget.take(&name, entry.size())?;
                let mut content = Vec::new();
                // Bounded by the header's size, which the budget has accepted.
                (&mut entry)
                    .take(limits.max_file_bytes + 1)
                    .read_to_end(&mut content)
                    .map_err(bad)?;
                content
            }
        };
        let mode = match kind {
            EntryKind::Dir => DIR_MODE,
            EntryKind::Symlink => SYMLINK_MODE,
            EntryKind::File if mode & 0o111 != 0 => EXECUTABLE_MODE,
            EntryKind::File => DEFAULT_FILE_MODE,
        };
        out.push(Imported {
            path,
            kind,
            mode,
            content,
        });
    }
    Ok(out)
}

/// A tar.gz archive of the given entries (directories before their contents).
pub fn write_tar_gz(entries: &[Imported]) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| Error::Internal(format!("writing the archive: {e}"));
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    for entry in entries {
        let mut header = tar::Header::new_gnu();
        header.set_mode(entry.mode);
        header.set_mtime(0);
        let path = entry.path.to_string();
        match entry.kind {
            EntryKind::Dir => {
                header.set_entry_type(tar::EntryType::Directory);
                header.set_size(0);
                builder
                    .append_data(&mut header, format!("{path}/"), std::io::empty())
                    .map_err(io)?;
            }
            EntryKind::Symlink => {
                header.set_entry_type(tar::EntryType::Symlink);
                header.set_size(0);
                let target = String::from_utf8_lossy(&entry.content).into_owned();
                builder
                    .append_link(&mut header, &path, target)
                    .map_err(io)?;
            }
            EntryKind::File => {
                header.set_entry_type(tar::EntryType::Regular);
                header.set_size(entry.content.len() as u64);
                builder
                    .append_data(&mut header, &path, entry.content.as_slice())
                    .map_err(io)?;
            }
        }
    }
    let mut gz = builder.into_inner().map_err(io)?;
    gz.flush().map_err(io)?;
    gz.finish().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ImportLimits = ImportLimits {
        max_file_bytes: 1 << 20,
        max_total_bytes: 1 << 22,
        max_files: 100,
    };

    fn entry(path: &str, kind: EntryKind, content: &[u8]) -> Imported {
        let mode = match kind {
            EntryKind::Dir => DIR_MODE,
            EntryKind::Symlink => SYMLINK_MODE,
            EntryKind::File => DEFAULT_FILE_MODE,
        };
        Imported {
            path: WsPath::parse(path).unwrap(),
            kind,
            mode,
            content: content.to_vec(),
        }
    }

    #[test]
    fn tar_gz_round_trips() {
        let entries = vec![
            entry("docs", EntryKind::Dir, b""),
            entry("docs/a.md", EntryKind::File, b"# A\n"),
            entry("link", EntryKind::Symlink, b"docs/a.md"),
        ];
        let bytes = write_tar_gz(&entries).unwrap();
        assert_eq!(read_tar_gz(&bytes, LIMITS).unwrap(), entries);
    }

    #[test]
    fn tar_entries_that_escape_are_refused() {
        for evil in ["../evil", "/etc/evil", "a/../../evil"] {
            let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
            let mut header = tar::Header::new_gnu();
            header.set_size(1);
            header.set_entry_type(tar::EntryType::Regular);
            // `set_path` refuses `..`; write the raw name as a hostile archiver would.
            let name = &mut header.as_old_mut().name;
            name[..evil.len()].copy_from_slice(evil.as_bytes());
            header.set_cksum();
            builder.append(&header, &b"x"[..]).unwrap();
            let bytes = builder.into_inner().unwrap().finish().unwrap();
            let err = read_tar_gz(&bytes, LIMITS).unwrap_err();
            assert!(matches!(err, Error::Path(_)), "{evil}: {err}");
        }
    }

    #[test]
    fn oversized_archive_entries_are_refused() {
        let big = vec![entry("big.bin", EntryKind::File, &vec![7u8; 2 << 20])];
        let bytes = write_tar_gz(&big).unwrap();
        assert!(matches!(
            read_tar_gz(&bytes, LIMITS),
            Err(Error::TooLarge(_))
        ));
    }
}
