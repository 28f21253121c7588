//! The kernel's requests, answered from the mount's tree and local bytes. Every change is made
//! locally and queued; nothing here waits for the server except a first read of a file's bytes
//! and `fsync`.

use std::ffi::OsStr;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use fuser::{
    Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags, Generation, INodeNo, LockOwner,
    OpenFlags, RenameFlags, ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory, ReplyEmpty,
    ReplyEntry, ReplyOpen, ReplyStatfs, ReplyWrite, ReplyXattr, Request, TimeOrNow, WriteFlags,
};

use super::pending::Op;
use super::tree::{DIR_MODE, Ino, ROOT};
use super::{Shared, State, links};
use crate::workspace::EntryKind;
use crate::workspace::path::{WsPath, check_link_target};

/// How long the kernel may trust a name or attributes; changes made elsewhere are also pushed
/// to it as invalidations.
const TTL: Duration = Duration::from_secs(1);
/// Links read to judge one link before giving up (Linux follows at most 40).
const MAX_LINK_READS: usize = 40;
/// The most one `copy_file_range` request copies.
const COPY_CHUNK: u64 = 16 << 20;

pub struct SessionFs {
    shared: Arc<Shared>,
}

type Result<T> = std::result::Result<T, Errno>;

fn kind_of(kind: EntryKind) -> FileType {
    match kind {
        EntryKind::File => FileType::RegularFile,
        EntryKind::Dir => FileType::Directory,
        EntryKind::Symlink => FileType::Symlink,
    }
}

fn name_of(name: &OsStr) -> Result<&str> {
    name.to_str().ok_or(Errno::EINVAL)
}

impl SessionFs {
    pub fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    fn writable(&self) -> Result<()> {
        if self.shared.options.writable() {
            Ok(())
        } else {
            Err(Errno::EROFS)
        }
    }

    fn attr(&self, ino: Ino) -> Result<FileAttr> {
        let st = self.shared.lock();
        let node = st.tree.get(ino).ok_or(Errno::ENOENT)?;
        Ok(FileAttr {
            ino: INodeNo(ino),
            size: node.size,
            blocks: node.size.div_ceil(512),
            atime: node.mtime,
            mtime: node.mtime,
            ctime: node.mtime,
            crtime: node.mtime,
            kind: kind_of(node.kind),
            perm: (node.mode & 0o7777) as u16,
            nlink: if node.kind == EntryKind::Dir { 2 } else { 1 },
            uid: self.shared.owner.0,
            gid: self.shared.owner.1,
            rdev: 0,
            flags: 0,
            blksize: 4096,
        })
    }

    /// The session path of a new name in `parent`, checked with the server's own rules, so a
    /// name the server would refuse is refused now rather than failing a whole batch later.
    /// Every change computes its paths and queues its operations under one hold of the lock, so
    /// a concurrent rename of a directory above cannot slip in between.
    fn new_path(st: &State, parent: Ino, name: &str) -> Result<String> {
        let parent_node = st.tree.get(parent).ok_or(Errno::ENOENT)?;
        if parent_node.kind != EntryKind::Dir {
            return Err(Errno::ENOTDIR);
        }
        let path = st.tree.child_path(parent, name).ok_or(Errno::ENOENT)?;
        WsPath::parse_entry(&path).map_err(|e| {
            tracing::warn!(error = %e, "refused a name the session cannot hold");
            Errno::EINVAL
        })?;
        Ok(path)
    }

    /// The bytes a node reads from: its staging file, its cached blob, or (the first time) the
    /// server's, which are then cached by hash.
    fn backing(&self, ino: Ino) -> Result<Arc<File>> {
        let (hash, path) = {
            let mut st = self.shared.lock();
            if let Some(file) = st.backing.get(&ino) {
                return Ok(file.clone());
            }
            let node = st.tree.get(ino).ok_or(Errno::ENOENT)?;
            if node.dirty {
                let file = Arc::new(self.shared.cache.open_staging(ino)?);
                st.keep_open(ino, file.clone());
                return Ok(file);
            }
            let hash = node.hash.clone().ok_or(Errno::EIO)?;
            if let Some(file) = self.shared.cache.open_blob(&hash)? {
                let file = Arc::new(file);
                st.keep_open(ino, file.clone());
                return Ok(file);
            }
            // A rename or removal not sent yet: the server has these bytes at another path.
            let local = st.tree.path(ino).ok_or(Errno::ENOENT)?;
            let path = if st.log.is_empty() {
                local
            } else {
                st.base.path_of(&hash).map_or(local, str::to_owned)
            };
            (hash, path)
        };
        let parent = self.shared.lock().tree.get(ino).map(|n| n.parent);
        if let Some(dir) = parent {
            super::fetch::ahead(&self.shared, dir);
        }
        let fetched = self
            .shared
            .runtime
            .block_on(super::fetch::fetch(&self.shared, &path, &hash))
            .map_err(|e| {
                tracing::error!(path, error = %e, "cannot read a file from the server");
                Errno::EIO
            })?;
        let file = Arc::new(fetched.file);
        let mut st = self.shared.lock();
        let settled = st.log.is_empty();
        if let Some(node) = st.tree.get_mut(ino)
            && !node.dirty
            && node.hash.as_deref() == Some(hash.as_str())
            && (settled || fetched.hash == hash)
        {
            // The server may be a revision ahead of the manifest: its bytes are the newer ones.
            if let Some(size) = fetched.size {
                node.size = size;
            }
            node.hash = Some(fetched.hash);
            st.keep_open(ino, file.clone());
        }
        Ok(file)
    }

    /// Changes a node's bytes in its staging file (made from what it had, or empty) and queues
    /// their write, all under one hold of the state lock: a send never reads them half-changed,
    /// nor marks them sent while a change is under way.
    fn change_bytes(
        &self,
        ino: Ino,
        empty: bool,
        change: impl FnOnce(&File, u64) -> std::io::Result<u64>,
    ) -> Result<()> {
        if !empty {
            self.backing(ino)?; // fetched and cached, so the staging copy is local
        }
        let mut st = self.shared.lock();
        let node = st.tree.get(ino).ok_or(Errno::ENOENT)?;
        let (dirty, size, from) = (node.dirty, node.size, node.hash.clone());
        let file = match (dirty, st.backing.get(&ino)) {
            (true, Some(file)) => file.clone(),
            (true, None) => Arc::new(self.shared.cache.open_staging(ino)?),
            (false, _) => {
                let from = if empty { None } else { from };
                Arc::new(self.shared.cache.stage(ino, from.as_deref())?)
            }
        };
        st.keep_open(ino, file.clone());
        let size = change(&file, if dirty || !empty { size } else { 0 })?;
        let path = st.tree.path(ino).ok_or(Errno::ENOENT)?;
        let node = st.tree.get_mut(ino).ok_or(Errno::ENOENT)?;
        node.dirty = true;
        node.size = size;
        node.generation += 1;
        node.mtime = SystemTime::now();
        st.log.push(Op::Write { ino, path });
        Ok(())
    }

    /// A conflict met by a queued change of this node, reported once.
    fn take_conflict(&self, ino: Ino) -> Result<()> {
        if self.shared.lock().conflicted.remove(&ino) {
            Err(Errno::EIO)
        } else {
            Ok(())
        }
    }

    /// Removes a node locally, keeping its bytes while a queued write still needs them.
    fn forget_node(&self, st: &mut State, ino: Ino) {
        for (gone, node) in st.tree.remove(ino) {
            st.backing.remove(&gone);
            if st.log.touches(gone) {
                st.graveyard.insert(gone, node);
            } else if node.dirty {
                self.shared.cache.drop_staging(gone);
            }
        }
    }

    fn do_create(&self, parent: Ino, name: &OsStr, mode: u32) -> Result<Ino> {
        self.writable()?;
        let name = name_of(name)?;
        let mut st = self.shared.lock();
        let path = Self::new_path(&st, parent, name)?;
        if st.tree.lookup(parent, name).is_some() {
            return Err(Errno::EEXIST);
        }
        let ino = st.tree.insert(
            parent,
            name,
            EntryKind::File,
            mode & 0o777,
            SystemTime::now(),
        );
        let file = Arc::new(self.shared.cache.stage(ino, None)?);
        st.keep_open(ino, file);
        if let Some(node) = st.tree.get_mut(ino) {
            node.dirty = true;
        }
        st.log.push(Op::Write { ino, path });
        Ok(ino)
    }

    fn do_setattr(&self, ino: Ino, mode: Option<u32>, size: Option<u64>) -> Result<()> {
        if mode.is_some() || size.is_some() {
            self.writable()?;
        }
        if let Some(size) = size {
            self.change_bytes(ino, size == 0, |file, _| {
                file.set_len(size)?;
                Ok(size)
            })?;
        }
        if let Some(mode) = mode {
            let mut st = self.shared.lock();
            let path = st.tree.path(ino).ok_or(Errno::ENOENT)?;
            let node = st.tree.get_mut(ino).ok_or(Errno::ENOENT)?;
            if node.kind == EntryKind::Symlink {
                return Ok(());
            }
            node.mode = mode & 0o777;
            let mode = node.mode;
            if ino != ROOT {
                st.log.push(Op::Chmod { path, mode });
            }
        }
        Ok(())
    }

    fn do_rename(
        &self,
        parent: Ino,
        name: &OsStr,
        new_parent: Ino,
        new_name: &OsStr,
        flags: RenameFlags,
    ) -> Result<()> {
        self.writable()?;
        if flags.contains(RenameFlags::RENAME_EXCHANGE)
            || flags.contains(RenameFlags::RENAME_WHITEOUT)
        {
            return Err(Errno::EINVAL);
        }
        let (name, new_name) = (name_of(name)?, name_of(new_name)?);
        let mut st = self.shared.lock();
        let to = Self::new_path(&st, new_parent, new_name)?;
        let ino = st.tree.lookup(parent, name).ok_or(Errno::ENOENT)?;
        if st.tree.is_within(new_parent, ino) {
            return Err(Errno::EINVAL);
        }
        let from = st.tree.path(ino).ok_or(Errno::ENOENT)?;
        let is_dir = st.tree.get(ino).is_some_and(|n| n.kind == EntryKind::Dir);
        match st.tree.lookup(new_parent, new_name) {
            Some(existing) if existing == ino => return Ok(()),
            Some(_) if flags.contains(RenameFlags::RENAME_NOREPLACE) => {
                return Err(Errno::EEXIST);
            }
            Some(existing) => {
                let target = st.tree.get(existing).ok_or(Errno::ENOENT)?;
                match (is_dir, target.kind == EntryKind::Dir) {
                    (false, true) => return Err(Errno::EISDIR),
                    (true, false) => return Err(Errno::ENOTDIR),
                    (true, true) if !target.children.is_empty() => {
                        return Err(Errno::ENOTEMPTY);
                    }
                    _ => {}
                }
                // The server's rename never replaces: the replaced path goes first, in the
                // same batch.
                self.forget_node(&mut st, existing);
                st.log.push(Op::Delete(to.clone()));
            }
            None => {}
        }
        st.tree.move_to(ino, new_parent, new_name);
        if let Some(node) = st.tree.get_mut(ino) {
            node.mtime = SystemTime::now();
        }
        st.log.push(Op::Rename { from, to });
        Ok(())
    }

    fn do_symlink(&self, parent: Ino, name: &OsStr, target: &Path) -> Result<Ino> {
        self.writable()?;
        let name = name_of(name)?;
        let target = target.to_str().ok_or(Errno::EINVAL)?;
        let mut st = self.shared.lock();
        let path = Self::new_path(&st, parent, name)?;
        let link = WsPath::parse_entry(&path).map_err(|_| Errno::EINVAL)?;
        if let Err(e) = check_link_target(&link, target) {
            tracing::warn!(path, target, error = %e, "refused a link that leaves the session");
            return Err(Errno::EPERM);
        }
        if links::judge(&st.tree, parent, target) == links::Verdict::Outside {
            tracing::warn!(
                path,
                target,
                "refused a link that leaves the session through another link"
            );
            return Err(Errno::EPERM);
        }
        if st.tree.lookup(parent, name).is_some() {
            return Err(Errno::EEXIST);
        }
        let ino = st
            .tree
            .insert(parent, name, EntryKind::Symlink, 0o777, SystemTime::now());
        if let Some(node) = st.tree.get_mut(ino) {
            node.size = target.len() as u64;
            node.target = Some(target.to_owned());
            node.hash = Some(super::cache::sha256_hex(target.as_bytes()));
        }
        st.log.push(Op::Symlink {
            path,
            target: target.to_owned(),
        });
        Ok(ino)
    }

    /// A link's target as stored, read from the server the first time.
    fn target_of(&self, ino: Ino) -> Result<String> {
        let known = {
            let st = self.shared.lock();
            let node = st.tree.get(ino).ok_or(Errno::ENOENT)?;
            if node.kind != EntryKind::Symlink {
                return Err(Errno::EINVAL);
            }
            node.target.clone()
        };
        if let Some(target) = known {
            return Ok(target);
        }
        let file = self.backing(ino)?;
        let len = usize::try_from(file.metadata()?.len()).map_err(|_| Errno::EIO)?;
        let mut bytes = vec![0; len];
        file.read_exact_at(&mut bytes, 0)?;
        let target = String::from_utf8(bytes).map_err(|_| Errno::EIO)?;
        if let Some(node) = self.shared.lock().tree.get_mut(ino) {
            node.target = Some(target.clone());
        }
        Ok(target)
    }

    /// A link's target, once it is known that the kernel following it stays inside the session
    /// (by its text, and through every link it passes); else `EIO`, never a way out.
    fn do_readlink(&self, ino: Ino) -> Result<Vec<u8>> {
        let target = self.target_of(ino)?;
        for _ in 0..=MAX_LINK_READS {
            let verdict = {
                let st = self.shared.lock();
                let path = st.tree.path(ino).ok_or(Errno::ENOENT)?;
                let link = WsPath::parse_entry(&path).map_err(|_| Errno::EIO)?;
                if let Err(e) = check_link_target(&link, &target) {
                    tracing::error!(path, error = %e, "a link in the session points outside it; not followed");
                    return Err(Errno::EIO);
                }
                let dir = st.tree.get(ino).ok_or(Errno::ENOENT)?.parent;
                links::judge(&st.tree, dir, &target)
            };
            match verdict {
                links::Verdict::Inside => return Ok(target.into_bytes()),
                links::Verdict::Outside => {
                    tracing::error!(
                        ino,
                        target,
                        "a link leads outside the session through other links; not followed"
                    );
                    return Err(Errno::EIO);
                }
                links::Verdict::NeedTarget(other) => {
                    self.target_of(other)?;
                }
            }
        }
        Err(Errno::ELOOP)
    }

    fn do_remove(&self, parent: Ino, name: &OsStr, dir: bool) -> Result<()> {
        self.writable()?;
        let name = name_of(name)?;
        let mut st = self.shared.lock();
        let ino = st.tree.lookup(parent, name).ok_or(Errno::ENOENT)?;
        let node = st.tree.get(ino).ok_or(Errno::ENOENT)?;
        match (dir, node.kind == EntryKind::Dir) {
            (true, false) => return Err(Errno::ENOTDIR),
            (false, true) => return Err(Errno::EISDIR),
            (true, true) if !node.children.is_empty() => return Err(Errno::ENOTEMPTY),
            _ => {}
        }
        let path = st.tree.path(ino).ok_or(Errno::ENOENT)?;
        self.forget_node(&mut st, ino);
        st.log.push(Op::Delete(path));
        Ok(())
    }

    fn do_mkdir(&self, parent: Ino, name: &OsStr, mode: u32) -> Result<Ino> {
        self.writable()?;
        let name = name_of(name)?;
        let mut st = self.shared.lock();
        let path = Self::new_path(&st, parent, name)?;
        if st.tree.lookup(parent, name).is_some() {
            return Err(Errno::EEXIST);
        }
        let mode = mode & 0o777;
        let ino = st
            .tree
            .insert(parent, name, EntryKind::Dir, mode, SystemTime::now());
        st.log.push(Op::Mkdir(path.clone()));
        if mode != DIR_MODE {
            st.log.push(Op::Chmod { path, mode });
        }
        Ok(ino)
    }

    fn do_read(&self, ino: Ino, offset: u64, size: u32) -> Result<Vec<u8>> {
        let file = self.backing(ino)?;
        let mut buf = vec![0; size as usize];
        let mut filled = 0;
        while filled < buf.len() {
            match file.read_at(&mut buf[filled..], offset + filled as u64)? {
                0 => break,
                n => filled += n,
            }
        }
        buf.truncate(filled);
        Ok(buf)
    }

    fn do_write(&self, ino: Ino, offset: u64, data: &[u8]) -> Result<u32> {
        self.writable()?;
        self.take_conflict(ino)?;
        let len = u32::try_from(data.len()).map_err(|_| Errno::EINVAL)?;
        self.change_bytes(ino, false, |file, size| {
            file.write_all_at(data, offset)?;
            Ok(size.max(offset + data.len() as u64))
        })?;
        Ok(len)
    }

    fn do_fsync(&self, ino: Ino) -> Result<()> {
        if !self.shared.options.writable() {
            return Ok(());
        }
        self.shared
            .runtime
            .block_on(self.shared.sync())
            .map_err(|e| {
                tracing::error!(error = %e, "fsync could not reach the server");
                Errno::EIO
            })?;
        self.take_conflict(ino)
    }
}

impl Filesystem for SessionFs {
    fn destroy(&mut self) {
        self.shared.ended.cancel();
    }

    fn lookup(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        let found = name_of(name).and_then(|name| {
            let st = self.shared.lock();
            st.tree.lookup(parent.0, name).ok_or(Errno::ENOENT)
        });
        entry(reply, found.and_then(|ino| self.attr(ino)))
    }

    fn getattr(&self, _req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        match self.attr(ino.0) {
            Ok(a) => reply.attr(&TTL, &a),
            Err(e) => reply.error(e),
        }
    }

    fn setattr(
        &self,
        _req: &Request,
        ino: INodeNo,
        mode: Option<u32>,
        uid: Option<u32>,
        gid: Option<u32>,
        size: Option<u64>,
        atime: Option<TimeOrNow>,
        mtime: Option<TimeOrNow>,
        _ctime: Option<SystemTime>,
        _fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<fuser::BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        // A session has no owners: only a change to the mount's own owner is a no-op.
        let owner = self.shared.owner;
        if uid.is_some_and(|u| u != owner.0) || gid.is_some_and(|g| g != owner.1) {
            return reply.error(Errno::EPERM);
        }
        let result = self.do_setattr(ino.0, mode, size).and_then(|()| {
            // Times are the mount's own (a session keeps none); `touch` still sees its time.
            if let Some(time) = mtime.or(atime) {
                let at = match time {
                    TimeOrNow::SpecificTime(t) => t,
                    TimeOrNow::Now => SystemTime::now(),
                };
                if let Some(node) = self.shared.lock().tree.get_mut(ino.0) {
                    node.mtime = at;
                }
            }
            self.attr(ino.0)
        });
        match result {
            Ok(a) => reply.attr(&TTL, &a),
            Err(e) => reply.error(e),
        }
    }

    fn readlink(&self, _req: &Request, ino: INodeNo, reply: ReplyData) {
        match self.do_readlink(ino.0) {
            Ok(t) => reply.data(&t),
            Err(e) => reply.error(e),
        }
    }

    fn mknod(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        _rdev: u32,
        reply: ReplyEntry,
    ) {
        // Only regular files: a session holds no devices, pipes or sockets.
        if mode & S_IFMT != S_IFREG {
            return reply.error(Errno::EPERM);
        }
        let made = self
            .do_create(parent.0, name, mode & !umask)
            .and_then(|ino| self.attr(ino));
        entry(reply, made)
    }

    fn mkdir(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        reply: ReplyEntry,
    ) {
        let made = self
            .do_mkdir(parent.0, name, mode & !umask)
            .and_then(|ino| self.attr(ino));
        entry(reply, made)
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        done(reply, self.do_remove(parent.0, name, false))
    }

    fn rmdir(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        done(reply, self.do_remove(parent.0, name, true))
    }

    fn symlink(
        &self,
        _req: &Request,
        parent: INodeNo,
        link_name: &OsStr,
        target: &Path,
        reply: ReplyEntry,
    ) {
        let made = self
            .do_symlink(parent.0, link_name, target)
            .and_then(|ino| self.attr(ino));
        entry(reply, made)
    }

    fn rename(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        newparent: INodeNo,
        newname: &OsStr,
        flags: RenameFlags,
        reply: ReplyEmpty,
    ) {
        done(
            reply,
            self.do_rename(parent.0, name, newparent.0, newname, flags),
        )
    }

    fn link(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _newparent: INodeNo,
        _newname: &OsStr,
        reply: ReplyEntry,
    ) {
        // A session has no hard links; tools that try one (git) fall back to a copy or rename.
        reply.error(Errno::EPERM);
    }

    fn open(&self, _req: &Request, _ino: INodeNo, flags: OpenFlags, reply: ReplyOpen) {
        let writes = !matches!(flags.acc_mode(), fuser::OpenAccMode::O_RDONLY);
        if writes && let Err(e) = self.writable() {
            return reply.error(e);
        }
        // No FOPEN_KEEP_CACHE: each open drops the kernel's cached pages, so a change made
        // elsewhere is read at the next open.
        reply.opened(FileHandle(0), FopenFlags::empty());
    }

    fn read(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        match self.do_read(ino.0, offset, size) {
            Ok(d) => reply.data(&d),
            Err(e) => reply.error(e),
        }
    }

    fn write(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyWrite,
    ) {
        match self.do_write(ino.0, offset, data) {
            Ok(n) => reply.written(n),
            Err(e) => reply.error(e),
        }
    }

    fn flush(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: LockOwner,
        reply: ReplyEmpty,
    ) {
        // Closing sends what was written, without waiting: `fsync` is the call that waits.
        self.shared.wake.notify_one();
        done(reply, self.take_conflict(ino.0))
    }

    fn fsync(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        done(reply, self.do_fsync(ino.0))
    }

    fn fsyncdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        _datasync: bool,
        reply: ReplyEmpty,
    ) {
        done(reply, self.do_fsync(ino.0))
    }

    fn readdir(
        &self,
        _req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        mut reply: ReplyDirectory,
    ) {
        let entries = {
            let st = self.shared.lock();
            let Some(node) = st.tree.get(ino.0) else {
                return reply.error(Errno::ENOENT);
            };
            if node.kind != EntryKind::Dir {
                return reply.error(Errno::ENOTDIR);
            }
            let mut entries = vec![
                (ino.0, FileType::Directory, ".".to_owned()),
                (node.parent, FileType::Directory, "..".to_owned()),
            ];
            for (name, child) in &node.children {
                if let Some(c) = st.tree.get(*child) {
                    entries.push((*child, kind_of(c.kind), name.clone()));
                }
            }
            entries
        };
        for (i, (child, kind, name)) in entries.into_iter().enumerate().skip(offset as usize) {
            if reply.add(INodeNo(child), (i + 1) as u64, kind, name) {
                break;
            }
        }
        reply.ok();
    }

    fn copy_file_range(
        &self,
        _req: &Request,
        ino_in: INodeNo,
        _fh_in: FileHandle,
        offset_in: u64,
        ino_out: INodeNo,
        _fh_out: FileHandle,
        offset_out: u64,
        len: u64,
        _flags: fuser::CopyFileRangeFlags,
        reply: ReplyWrite,
    ) {
        // Through the local bytes, as a read and a write (the kernel asks again for the rest).
        let len = u32::try_from(len.min(COPY_CHUNK)).unwrap_or(u32::MAX);
        let copied = self
            .do_read(ino_in.0, offset_in, len)
            .and_then(|data| self.do_write(ino_out.0, offset_out, &data));
        match copied {
            Ok(n) => reply.written(n),
            Err(e) => reply.error(e),
        }
    }

    // A session holds no extended attributes: none to read, none to list, none to set.
    fn getxattr(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _name: &OsStr,
        _size: u32,
        reply: ReplyXattr,
    ) {
        reply.error(Errno::NO_XATTR);
    }

    fn listxattr(&self, _req: &Request, _ino: INodeNo, size: u32, reply: ReplyXattr) {
        if size == 0 {
            reply.size(0);
        } else {
            reply.data(&[]);
        }
    }

    fn setxattr(
        &self,
        _req: &Request,
        _ino: INodeNo,
        _name: &OsStr,
        _value: &[u8],
        _flags: i32,
        _position: u32,
        reply: ReplyEmpty,
    ) {
        reply.error(Errno::ENOTSUP);
    }

    fn removexattr(&self, _req: &Request, _ino: INodeNo, _name: &OsStr, reply: ReplyEmpty) {
        reply.error(Errno::NO_XATTR);
    }

    fn statfs(&self, _req: &Request, _ino: INodeNo, reply: ReplyStatfs) {
        let files = self.shared.lock().base.entries.len() as u64;
        // A session's capacity is the server's to bound; report ample room.
        reply.statfs(1 << 30, 1 << 29, 1 << 29, files, 1 << 20, 4096, 255, 4096);
    }

    fn create(
        &self,
        _req: &Request,
        parent: INodeNo,
        name: &OsStr,
        mode: u32,
        umask: u32,
        _flags: i32,
        reply: ReplyCreate,
    ) {
        let made = self
            .do_create(parent.0, name, mode & !umask)
            .and_then(|ino| self.attr(ino));
        match made {
            Ok(a) => reply.created(&TTL, &a, Generation(0), FileHandle(0), FopenFlags::empty()),
            Err(e) => reply.error(e),
        }
    }
}

/// Answers a request that makes or finds a name.
fn entry(reply: ReplyEntry, made: Result<FileAttr>) {
    match made {
        Ok(attr) => reply.entry(&TTL, &attr, Generation(0)),
        Err(e) => reply.error(e),
    }
}

/// Answers a request that has nothing to return but success.
fn done(reply: ReplyEmpty, result: Result<()>) {
    match result {
        Ok(()) => reply.ok(),
        Err(e) => reply.error(e),
    }
}

/// The file-type bits of a mode, and those of a regular file (`stat(2)`).
const S_IFMT: u32 = 0o170000;
const S_IFREG: u32 = 0o100000;
