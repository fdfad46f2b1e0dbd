//! Replacing a file's contents without ever leaving it half-written and without losing
//! anything the file had: a temporary file beside it, written, flushed and synced, given the
//! original's permissions, owner, group and extended attributes, then renamed over it; or, for
//! a file with several hard links (or whose owner or attributes cannot be given to a new file),
//! the file itself rewritten in place so that every name keeps seeing it. Either way the file
//! is first checked to still hold what was read: an edit saved meanwhile is never overwritten.

use std::fs;
use std::io::{self, Read, Seek, Write};
use std::path::Path;

use crate::input::is_fmt_temp_name as is_temp_name;
use crate::input::{FMT_TEMP_PREFIX as TEMP_PREFIX, FMT_TEMP_SUFFIX as TEMP_SUFFIX};

/// Replaces the contents of the file at `path` (following symbolic links), which held
/// `original` when it was read, with `contents`.
///
/// Refuses, leaving the file untouched, when the file or its directory has no write
/// permission bits at all, even for a user (root) whom the system would let write: a
/// read-only file is a request not to change it, and the rename would otherwise replace it.
/// Refuses too when the file no longer holds `original` (it was edited meanwhile). Removes
/// the temporary files an earlier, interrupted run left beside it.
pub fn replace_file(path: &Path, original: &[u8], contents: &[u8]) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if meta.permissions().readonly() {
        return Err(denied("the file is read-only"));
    }
    // Opening for writing (without truncating) asks the system whether we may write it.
    fs::OpenOptions::new().write(true).open(&target)?;
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::other("the file has no directory"))?;
    if fs::metadata(dir)?.permissions().readonly() {
        return Err(denied("its directory is read-only"));
    }
    remove_stale_temporaries(dir);
    if links(&meta) > 1 {
        return rewrite_in_place(&target, original, contents);
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.flush()?;
    tmp.as_file().set_permissions(meta.permissions())?;
    if keep_owner_and_attributes(&target, &meta, tmp.as_file()).is_err() {
        // The new file cannot be made the same as the old one (another owner, attributes the
        // file system will not copy): the old one is rewritten instead.
        drop(tmp);
        return rewrite_in_place(&target, original, contents);
    }
    tmp.as_file().sync_all()?;
    ensure_unchanged(&mut fs::File::open(&target)?, original)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    // The rename is durable once the directory is synced; not every system allows that.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `contents` over the file itself (same inode: hard links, owner and attributes stay),
/// once it is checked to still hold `original`.
fn rewrite_in_place(target: &Path, original: &[u8], contents: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().read(true).write(true).open(target)?;
    ensure_unchanged(&mut file, original)?;
    file.rewind()?;
    file.write_all(contents)?;
    file.set_len(contents.len() as u64)?;
    file.sync_all()
}

/// Fails when `file` no longer holds `original`.
fn ensure_unchanged(file: &mut fs::File, original: &[u8]) -> io::Result<()> {
    let mut now = Vec::with_capacity(original.len() + 1);
    file.take(original.len() as u64 + 1).read_to_end(&mut now)?;
    if now != original {
        return Err(io::Error::other(
            "the file changed while it was being formatted (an edit was saved meanwhile)",
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn links(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn links(_: &fs::Metadata) -> u64 {
    1
}

/// Gives `new` the owner, group and extended attributes of the file at `target`.
#[cfg(unix)]
fn keep_owner_and_attributes(target: &Path, meta: &fs::Metadata, new: &fs::File) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mine = new.metadata()?;
    if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
        std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid()))?;
    }
    copy_attributes(target, new)
}

#[cfg(not(unix))]
fn keep_owner_and_attributes(_: &Path, _: &fs::Metadata, _: &fs::File) -> io::Result<()> {
    Ok(())
}

/// Copies every extended attribute of the file at `target` to `new`.
#[cfg(target_os = "linux")]
fn copy_attributes(target: &Path, new: &fs::File) -> io::Result<()> {
    use rustix::fs::{XattrFlags, fgetxattr, flistxattr, fsetxattr};
    let old = fs::File::open(target)?;
    let mut names = vec![0u8; 1024];
    let n = loop {
        match flistxattr(&old, &mut names[..]) {
            Ok(n) => break n,
            Err(rustix::io::Errno::RANGE) => names.resize(names.len() * 4, 0),
            Err(rustix::io::Errno::NOTSUP) => return Ok(()),
            Err(e) => return Err(e.into()),
        }
    };
    for name in names[..n].split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = std::ffi::CStr::from_bytes_with_nul(&[name, b"\0"].concat())
            .map_err(io::Error::other)?
            .to_owned();
        let mut value = vec![0u8; 256];
        let len = loop {
            match fgetxattr(&old, name.as_c_str(), &mut value[..]) {
                Ok(len) => break len,
                Err(rustix::io::Errno::RANGE) => value.resize(value.len() * 4, 0),
                Err(e) => return Err(e.into()),
            }
        };
        fsetxattr(new, name.as_c_str(), &value[..len], XattrFlags::empty())?;
    }
    Ok(())
}

#[cfg(all(unix, not(target_os = "linux")))]
fn copy_attributes(_: &Path, _: &fs::File) -> io::Result<()> {
    Ok(())
}

/// Removes, from `dir`, the temporary files of runs that were killed while writing: ours by
/// name, of a process that is gone (on Linux), or older than an hour (elsewhere).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str().filter(|n| is_temp_name(n)) else {
            continue;
        };
        if entry.file_type().is_ok_and(|t| t.is_file()) && is_stale(&entry, name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn is_stale(entry: &fs::DirEntry, name: &str) -> bool {
    let pid = name[TEMP_PREFIX.len()..]
        .split('-')
        .next()
        .and_then(|p| p.parse::<u32>().ok());
    if cfg!(target_os = "linux")
        && let Some(pid) = pid
    {
        return pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

fn denied(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::PermissionDenied, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_and_follows_symlinks() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.mmd");
        fs::write(&file, "old").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.mmd");
        symlink(&file, &link).unwrap();
        replace_file(&link, b"old", b"new").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 2, "no temporary file is left behind");
    }

    #[test]
    fn read_only_file_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.mmd");
        fs::write(&file, "old").unwrap();
        let mut p = fs::metadata(&file).unwrap().permissions();
        p.set_readonly(true);
        fs::set_permissions(&file, p).unwrap();
        let err = replace_file(&file, b"old", b"new").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read_to_string(&file).unwrap(), "old");
    }

    /// An edit saved after the file was read is kept: the formatted text is not written, and
    /// no temporary file stays.
    #[test]
    fn a_file_edited_meanwhile_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.mmd");
        fs::write(&file, "edited by the user").unwrap();
        let err = replace_file(&file, b"as read", b"formatted").unwrap_err();
        assert!(err.to_string().contains("changed while"), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "edited by the user");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // Longer than what was read, starting the same: changed too.
        fs::write(&file, "as read, and more").unwrap();
        assert!(replace_file(&file, b"as read", b"formatted").is_err());
    }

    /// Every name of a hard-linked file sees the new text: it is rewritten in place.
    #[cfg(unix)]
    #[test]
    fn hard_links_stay_one_file() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.mmd");
        let b = dir.path().join("b.mmd");
        fs::write(&a, "old text that is longer").unwrap();
        fs::hard_link(&a, &b).unwrap();
        let inode = fs::metadata(&a).unwrap().ino();
        replace_file(&a, b"old text that is longer", b"new").unwrap();
        assert_eq!(fs::read_to_string(&b).unwrap(), "new");
        assert_eq!(fs::metadata(&a).unwrap().ino(), inode);
        assert_eq!(fs::metadata(&b).unwrap().nlink(), 2);
    }

    /// Owner and group stay (when we may set them: as root), and so do extended attributes
    /// (where the file system keeps user attributes).
    #[cfg(target_os = "linux")]
    #[test]
    fn owner_group_and_extended_attributes_stay() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.mmd");
        fs::write(&file, "old").unwrap();
        let f = fs::File::open(&file).unwrap();
        let has_xattr = rustix::fs::fsetxattr(
            &f,
            c"user.topomaid-test",
            b"kept",
            rustix::fs::XattrFlags::empty(),
        )
        .is_ok();
        let as_root = std::os::unix::fs::fchown(&f, Some(1234), Some(2345)).is_ok();
        drop(f);
        replace_file(&file, b"old", b"new").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new");
        let meta = fs::metadata(&file).unwrap();
        if as_root {
            assert_eq!((meta.uid(), meta.gid()), (1234, 2345));
        }
        if has_xattr {
            let mut value = [0u8; 16];
            let f = fs::File::open(&file).unwrap();
            let n = rustix::fs::fgetxattr(&f, c"user.topomaid-test", &mut value[..]).unwrap();
            assert_eq!(&value[..n], b"kept");
        }
    }

    /// A temporary file a killed run left is removed by the next; one of a live process (this
    /// one) and files of other names stay.
    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.mmd");
        fs::write(&file, "old").unwrap();
        let stale = dir.path().join(".topomaid-fmt-4000000000-abc123.tmp");
        let live = dir
            .path()
            .join(format!(".topomaid-fmt-{}-abc123.tmp", std::process::id()));
        let other = dir.path().join(".other-4000000000.tmp");
        for f in [&stale, &live, &other] {
            fs::write(f, "half").unwrap();
        }
        replace_file(&file, b"old", b"new").unwrap();
        assert!(!stale.exists());
        assert!(live.exists() && other.exists());
        assert!(is_temp_name(".topomaid-fmt-1-x.tmp") && !is_temp_name("a.mmd"));
    }
}
