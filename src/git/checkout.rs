//! HEAD's files read from the checkout instead of the object database.
//!
//! Searching every file of a large tree for a name means inflating every
//! blob from its pack: about a second on tikv, before `ferry pick` can show
//! its first frame. `pick` and `plan` ask about the tree HEAD points to, and
//! its files are usually on disk and in the page cache. A file is read from
//! disk only when git's own stat check says it still holds the blob the
//! index recorded: same blob id, same size, same modification time, written
//! before the index was (git calls a newer file "racily clean" and re-reads
//! it; here it is read from the pack instead).

use std::collections::HashMap;
use std::path::PathBuf;

use git2::Oid;

use super::{path_from_bytes, Repo};

/// The checkout of HEAD, when the tree asked about is HEAD's. Plain data,
/// so threads searching a tree share it.
pub(super) struct Checkout {
    root: PathBuf,
    /// What the index recorded of each file, by path.
    index: HashMap<Vec<u8>, Recorded>,
    /// When the index was written; files changed since may be racily clean.
    written: std::time::SystemTime,
}

/// A file as the index last saw it.
struct Recorded {
    id: Oid,
    size: u32,
    seconds: i32,
    nanoseconds: u32,
}

impl Checkout {
    /// The checkout, when `commit` is HEAD's commit and the repository has a
    /// worktree and a readable index.
    pub(super) fn of_head(repo: &Repo, commit: Oid) -> Option<Checkout> {
        let root = repo.workdir()?.to_path_buf();
        if repo.head_oid().ok()? != commit {
            return None;
        }
        let index = repo.raw().index().ok()?;
        let written = std::fs::metadata(index.path()?).ok()?.modified().ok()?;
        let index = index
            .iter()
            .map(|e| {
                let recorded = Recorded {
                    id: e.id,
                    size: e.file_size,
                    seconds: e.mtime.seconds(),
                    nanoseconds: e.mtime.nanoseconds(),
                };
                (e.path, recorded)
            })
            .collect();
        Some(Checkout {
            root,
            index,
            written,
        })
    }

    /// The file at `path` when it still holds blob `id`; `None` when it may
    /// not (the caller reads the blob).
    pub(super) fn read(&self, path: &[u8], id: Oid) -> Option<Vec<u8>> {
        let entry = self.index.get(path)?;
        if entry.id != id {
            return None;
        }
        let full = self.root.join(path_from_bytes(path));
        let meta = std::fs::symlink_metadata(&full).ok()?;
        let same = meta.is_file()
            && meta.len() == u64::from(entry.size)
            && same_mtime(&meta, entry.seconds, entry.nanoseconds)
            && meta.modified().ok()? < self.written;
        if !same {
            return None;
        }
        let bytes = std::fs::read(&full).ok()?;
        (bytes.len() as u64 == meta.len()).then_some(bytes)
    }
}

/// Whether a file's modification time is the one the index recorded. An
/// index written without nanoseconds compares seconds only, as git does.
#[cfg(unix)]
fn same_mtime(meta: &std::fs::Metadata, seconds: i32, nanoseconds: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.mtime() == i64::from(seconds)
        && (nanoseconds == 0 || meta.mtime_nsec() == i64::from(nanoseconds))
}

/// Elsewhere the index's times are not compared: every blob is read from
/// the pack.
#[cfg(not(unix))]
fn same_mtime(_meta: &std::fs::Metadata, _seconds: i32, _nanoseconds: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::Checkout;
    use crate::git::tests::git;
    use crate::git::Repo;
    use std::process::Command;

    #[test]
    fn reads_unchanged_files_and_leaves_edited_ones_to_the_pack() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        git(root, &["init", "-q"]);
        std::fs::write(root.join("a.c"), "int kept(void);\n").expect("write");
        std::fs::write(root.join("b.c"), "int edited(void);\n").expect("write");
        // Files older than the index, so neither is racily clean however
        // coarse the file system's clock.
        let old = Command::new("touch")
            .args(["-d", "2020-01-01", "a.c", "b.c"])
            .current_dir(root)
            .status()
            .expect("touch runs");
        assert!(old.success());
        git(root, &["add", "."]);
        git(root, &["commit", "-q", "-m", "one"]);
        let repo = Repo::open(root).expect("repo");
        let head = repo.head_oid().expect("head");
        let blob = |p: &str| {
            repo.raw()
                .revparse_single(&format!("HEAD:{p}"))
                .expect("blob")
                .id()
        };
        let (a, b) = (blob("a.c"), blob("b.c"));
        std::fs::write(root.join("b.c"), "int edited(void); /* more */\n").expect("write");

        let checkout = Checkout::of_head(&repo, head).expect("HEAD has a checkout");
        assert_eq!(
            checkout.read(b"a.c", a).as_deref(),
            Some(&b"int kept(void);\n"[..])
        );
        assert_eq!(
            checkout.read(b"b.c", b),
            None,
            "an edited file is read from the pack"
        );
        assert_eq!(
            checkout.read(b"a.c", b),
            None,
            "another blob than the index's"
        );

        std::fs::write(root.join("c.c"), "x\n").expect("write");
        git(root, &["add", "c.c"]);
        git(root, &["commit", "-q", "-m", "two"]);
        assert!(
            Checkout::of_head(&repo, head).is_none(),
            "an older commit than HEAD is not on disk"
        );
    }
}
