//! Bringing trees in and out: a local git repository at a ref (read with libgit2, never by
//! running `git`), and tar.gz archives. Both are blocking work; callers run them on a blocking
//! thread. Every path goes through [`WsPath`], so an archive entry like `../x` or `/etc/passwd`
//! is refused rather than written somewhere unexpected.

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
};

use flate2::{Compression, read::GzDecoder, write::GzEncoder};

use crate::{
    Error, Result,
    path::{WsPath, check_link_target},
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
                "the import exceeds the limit of {} entries (files, directories and links) per session",
                self.limits.max_files
            )));
        }
        Ok(())
    }
}

/// Why a git import was refused, for the server's log. The caller gets one generic message
/// whatever the reason, so that the API cannot be used to probe the server's filesystem.
fn refuse(repo: &Path, why: impl std::fmt::Display) -> Error {
    tracing::info!(repo = %repo.display(), "git import refused: {why}");
    Error::GitImportRefused
}

/// `path`, resolved, if it stays inside `root` (both canonical).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    path.canonicalize().ok().filter(|p| p.starts_with(root))
}

/// The git directory of `repo` (its `.git` directory, or `repo` itself when bare), once every
/// pointer git would follow from it (`commondir`, `objects/info/alternates`, a symlinked
/// `objects`) is checked to stay inside `root`. A `.git` *file* (`gitdir: ...`) is refused
/// outright: it exists to point somewhere else.
fn confined_git_dir(repo: &Path, root: &Path) -> Result<PathBuf> {
    let dotgit = repo.join(".git");
    let git_dir = match std::fs::symlink_metadata(&dotgit) {
        Ok(meta) if meta.is_dir() => dotgit,
        Ok(_) => return Err(refuse(repo, ".git is a file or a link (gitdir:)")),
        Err(_) => repo.to_path_buf(),
    };
    let git_dir = inside(root, &git_dir).ok_or_else(|| refuse(repo, "git dir outside root"))?;
    let common = match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(text) => inside(root, &git_dir.join(text.trim()))
            .ok_or_else(|| refuse(repo, "commondir outside root"))?,
        Err(_) => git_dir.clone(),
    };
    let objects = inside(root, &common.join("objects"))
        .ok_or_else(|| refuse(repo, "objects outside root"))?;
    if let Ok(text) = std::fs::read_to_string(objects.join("info/alternates")) {
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            inside(root, &objects.join(line))
                .ok_or_else(|| refuse(repo, format!("alternate {line} outside root")))?;
        }
    }
    Ok(git_dir)
}

/// The tree of a local git repository at `reference` (a branch, tag, commit or revspec), read
/// only if the repository lies inside `root` (canonical): it is opened without searching parent
/// directories, and refused if any pointer in it leads outside `root`. Submodules (gitlinks)
/// have no content in the repository; they are skipped and returned.
pub fn read_git(
    repo: &Path,
    root: &Path,
    reference: &str,
    limits: ImportLimits,
) -> Result<(Vec<Imported>, Vec<String>)> {
    if reference.starts_with(':') {
        // `:/text` searches the whole history for a message: unbounded work for one request.
        return Err(Error::invalid(format!(
            "git ref {reference:?}: name a branch, a tag or a commit"
        )));
    }
    let git_dir = confined_git_dir(repo, root)?;
    let repository = git2::Repository::open_ext(
        &git_dir,
        git2::RepositoryOpenFlags::NO_SEARCH,
        &[] as &[&std::ffi::OsStr],
    )
    .map_err(|e| refuse(repo, e.message()))?;
    // What libgit2 actually opened must be what was checked (no gitdir or commondir swapped in
    // since).
    if inside(root, repository.path()).is_none() || inside(root, repository.commondir()).is_none() {
        return Err(refuse(repo, "opened repository outside root"));
    }
    let git = |e: git2::Error| Error::invalid(format!("git import: {}", e.message()));
    let tree = repository
        .revparse_single(reference)
        .and_then(|object| object.peel_to_tree())
        .map_err(|e| Error::invalid(format!("no tree at {reference:?}: {}", e.message())))?;
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
    let odb = repository.odb().map_err(git)?;
    let mut budget = Budget::new(limits);
    let mut out = Vec::with_capacity(found.len());
    for (path, oid, filemode) in found {
        let parsed = WsPath::parse_entry(&path)?;
        // The size from the object's header, before anything is inflated.
        let (size, _) = odb.read_header(oid).map_err(git)?;
        budget.take(&path, size as u64)?;
        let blob = repository.find_blob(oid).map_err(git)?;
        let (kind, mode) = match filemode {
            0o120000 => (EntryKind::Symlink, SYMLINK_MODE),
            0o100755 => (EntryKind::File, EXECUTABLE_MODE),
            _ => (EntryKind::File, DEFAULT_FILE_MODE),
        };
        if kind == EntryKind::Symlink {
            let target = std::str::from_utf8(blob.content())
                .map_err(|_| Error::invalid(format!("link {path} has a non-UTF-8 target")))?;
            check_link_target(&parsed, target)?;
        }
        out.push(Imported {
            path: parsed,
            kind,
            mode,
            content: blob.content().to_vec(),
        });
    }
    Ok((out, submodules))
}

/// Largest extension member (a GNU long name or link, a PAX header) an archive may carry. Paths
/// are at most 4096 bytes, so anything near this is not a name.
pub const MAX_EXTENSION_BYTES: u64 = 64 << 10;

/// What extension members said about the entry that follows them.
#[derive(Default)]
struct Extended {
    path: Option<Vec<u8>>,
    link: Option<Vec<u8>>,
    size: Option<u64>,
}

/// A GNU long name or link: the bytes up to the first NUL.
fn until_nul(mut bytes: Vec<u8>) -> Vec<u8> {
    if let Some(end) = bytes.iter().position(|b| *b == 0) {
        bytes.truncate(end);
    }
    bytes
}

/// An archive member's name as a workspace path: UTF-8, with the `./` prefix `tar -C dir .`
/// writes removed. `None` for the archive's own root (`.` or `./`).
fn archive_path(raw: &[u8]) -> Result<Option<WsPath>> {
    let name = std::str::from_utf8(raw).map_err(|_| {
        Error::invalid(format!(
            "archive path {} is not UTF-8",
            String::from_utf8_lossy(raw)
        ))
    })?;
    let mut name = name;
    while let Some(rest) = name.strip_prefix("./") {
        name = rest.trim_start_matches('/');
    }
    if name.is_empty() || name == "." {
        return Ok(None);
    }
    let path = WsPath::parse(name)?;
    Ok((!path.is_root()).then_some(path))
}

/// The entries of a gzip-compressed tar archive. The archive is read in the tar crate's raw
/// mode, so that extension members (GNU `L`/`K`, PAX `x`/`g`) are measured before they are read
/// rather than read whole, and every entry, directories and links too, counts toward the
/// session's file limit.
pub fn read_tar_gz(bytes: &[u8], limits: ImportLimits) -> Result<Vec<Imported>> {
    let bad = |e: std::io::Error| Error::invalid(format!("not a readable tar.gz archive: {e}"));
    let mut archive = tar::Archive::new(GzDecoder::new(bytes));
    let mut budget = Budget::new(limits);
    let mut out = Vec::new();
    let mut extended = Extended::default();
    for entry in archive.entries().map_err(bad)?.raw(true) {
        let mut entry = entry.map_err(bad)?;
        let entry_type = entry.header().entry_type();
        if matches!(
            entry_type,
            tar::EntryType::GNULongName
                | tar::EntryType::GNULongLink
                | tar::EntryType::XHeader
                | tar::EntryType::XGlobalHeader
        ) {
            if entry.size() > MAX_EXTENSION_BYTES {
                return Err(Error::TooLarge(format!(
                    "an archive extension header is {} bytes; the limit is {MAX_EXTENSION_BYTES}",
                    entry.size()
                )));
            }
            let mut data = Vec::new();
            (&mut entry)
                .take(MAX_EXTENSION_BYTES)
                .read_to_end(&mut data)
                .map_err(bad)?;
            match entry_type {
                tar::EntryType::GNULongName => extended.path = Some(until_nul(data)),
                tar::EntryType::GNULongLink => extended.link = Some(until_nul(data)),
                tar::EntryType::XHeader => {
                    for record in tar::PaxExtensions::new(&data) {
                        let record = record.map_err(bad)?;
                        match record.key_bytes() {
                            b"path" => extended.path = Some(record.value_bytes().to_vec()),
                            b"linkpath" => extended.link = Some(record.value_bytes().to_vec()),
                            b"size" => {
                                let size = record
                                    .value()
                                    .ok()
                                    .and_then(|v| v.parse().ok())
                                    .ok_or_else(|| Error::invalid("a PAX size is not a number"))?;
                                extended.size = Some(size);
                            }
                            _ => {}
                        }
                    }
                }
                // Global headers (`git archive` writes one with the commit id) describe the
                // archive, not an entry.
                _ => {}
            }
            continue;
        }
        let Extended { path, link, size } = std::mem::take(&mut extended);
        if size.is_some_and(|size| size != entry.size()) {
            // Raw mode reads the header's size; a PAX size that disagrees would make this reader
            // and an extractor see different archives.
            return Err(Error::invalid(
                "an archive entry's PAX size disagrees with its header",
            ));
        }
        let raw_path = path.unwrap_or_else(|| entry.path_bytes().into_owned());
        let Some(path) = archive_path(&raw_path)? else {
            continue;
        };
        let name = path.to_string();
        let mode = entry.header().mode().map_err(bad)? & 0o777;
        let kind = match entry_type {
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
            EntryKind::Dir => {
                budget.take(&name, 0)?;
                Vec::new()
            }
            EntryKind::Symlink => {
                let target = link
                    .or_else(|| entry.link_name_bytes().map(|l| l.into_owned()))
                    .ok_or_else(|| Error::invalid(format!("link {name} has no target")))?;
                let target = String::from_utf8(target)
                    .map_err(|_| Error::invalid(format!("link {name} has a non-UTF-8 target")))?;
                check_link_target(&path, &target)?;
                budget.take(&name, target.len() as u64)?;
                target.into_bytes()
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
    write_tar_gz_to(Vec::new(), entries.iter().cloned().map(Ok))
}

/// Writes a tar.gz archive of `entries` to `out` as they come, so that only one entry's content
/// is held at a time; returns `out` once the archive is complete.
pub fn write_tar_gz_to<W: Write>(
    out: W,
    entries: impl IntoIterator<Item = Result<Imported>>,
) -> Result<W> {
    let io = |e: std::io::Error| Error::Internal(format!("writing the archive: {e}"));
    let mut builder = tar::Builder::new(GzEncoder::new(out, Compression::fast()));
    for entry in entries {
        let entry = entry?;
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

    /// An archive of raw 512-byte headers and data, as a hostile or foreign archiver writes it.
    fn raw_archive(members: &[(&[u8], tar::EntryType, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
        for (name, kind, data) in members {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_entry_type(*kind);
            header.set_mode(0o644);
            if *kind == tar::EntryType::Symlink {
                header.set_size(0);
                header.set_link_name_literal(data).unwrap();
            }
            header.as_old_mut().name[..name.len()].copy_from_slice(name);
            header.set_cksum();
            let data: &[u8] = if *kind == tar::EntryType::Symlink {
                b""
            } else {
                data
            };
            builder.append(&header, data).unwrap();
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    #[test]
    fn h1_tar_extension_headers_are_measured_before_they_are_read() {
        // A GNU long-name member claiming 8 GiB: refused from its header, with nothing read.
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::GNULongName);
        header.as_old_mut().name[..13].copy_from_slice(b"././@LongLink");
        header.set_size(8 << 30);
        header.set_cksum();
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(header.as_bytes()).unwrap();
        gz.write_all(&[0u8; 4096]).unwrap();
        let bytes = gz.finish().unwrap();
        assert!(matches!(
            read_tar_gz(&bytes, LIMITS),
            Err(Error::TooLarge(_))
        ));

        // Long names and PAX paths still work.
        let long = format!("{}/file.txt", "d".repeat(200));
        let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
        let mut header = tar::Header::new_gnu();
        header.set_size(2);
        header.set_mode(0o644);
        builder.append_data(&mut header, &long, &b"hi"[..]).unwrap();
        let bytes = builder.into_inner().unwrap().finish().unwrap();
        let entries = read_tar_gz(&bytes, LIMITS).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].path.to_string(), long);
        assert_eq!(entries[0].content, b"hi");
    }

    #[test]
    fn h1_directories_and_links_count_toward_the_file_limit() {
        let names: Vec<String> = (0..=LIMITS.max_files).map(|i| format!("d{i}/")).collect();
        let members: Vec<(&[u8], tar::EntryType, &[u8])> = names
            .iter()
            .map(|n| (n.as_bytes(), tar::EntryType::Directory, &b""[..]))
            .collect();
        assert!(matches!(
            read_tar_gz(&raw_archive(&members), LIMITS),
            Err(Error::TooLarge(_))
        ));
    }

    #[test]
    fn m5_dot_slash_prefixes_and_a_pax_global_header_are_accepted() {
        let bytes = raw_archive(&[
            (
                b"pax_global_header",
                tar::EntryType::XGlobalHeader,
                b"52 comment=0123456789abcdef0123456789abcdef01234567\n",
            ),
            (b"./", tar::EntryType::Directory, b""),
            (b"./docs/", tar::EntryType::Directory, b""),
            (b"./docs/a.md", tar::EntryType::Regular, b"# A\n"),
        ]);
        let entries = read_tar_gz(&bytes, LIMITS).unwrap();
        let paths: Vec<String> = entries.iter().map(|e| e.path.to_string()).collect();
        assert_eq!(paths, ["docs", "docs/a.md"]);
    }

    #[test]
    fn m5_links_that_leave_the_session_and_windows_names_are_refused() {
        for (name, target) in [
            (&b"evil"[..], &b"/home/user/.ssh/authorized_keys"[..]),
            (b"a/up", b"../../x"),
        ] {
            let bytes = raw_archive(&[(name, tar::EntryType::Symlink, target)]);
            let err = read_tar_gz(&bytes, LIMITS).unwrap_err();
            assert!(matches!(err, Error::Path(_)), "{err}");
        }
        let inside = raw_archive(&[(b"a/link", tar::EntryType::Symlink, b"../b")]);
        assert_eq!(read_tar_gz(&inside, LIMITS).unwrap()[0].content, b"../b");
        let drive = raw_archive(&[(b"C:/Windows/x", tar::EntryType::Regular, b"x")]);
        assert!(matches!(read_tar_gz(&drive, LIMITS), Err(Error::Path(_))));
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
