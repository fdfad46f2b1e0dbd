//! Replacing a file's contents without ever leaving it half-written: a temporary file beside
//! it, written, flushed and synced, given the original's permissions, then renamed over it.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Replaces the contents of the file at `path` (following symbolic links) with `contents`.
///
/// Refuses, leaving the file untouched, when the file or its directory has no write
/// permission bits at all, even for a user (root) whom the system would let write: a
/// read-only file is a request not to change it, and the rename would otherwise replace it.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
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
    let mut tmp = tempfile::Builder::new()
        .prefix(".topomaid-fmt-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.flush()?;
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    // The rename is durable once the directory is synced; not every system allows that.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
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
        replace_file(&link, b"new").unwrap();
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
        let err = replace_file(&file, b"new").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read_to_string(&file).unwrap(), "old");
    }
}
