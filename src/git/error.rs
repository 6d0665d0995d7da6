//! Errors of the git source.
//!
//! Every variant names what it was working on (the revision as the user typed
//! it, the commit id, the path) so the command layer can print it as is. The
//! libgit2 message, where there is one, is part of the text and the
//! `git2::Error` itself is kept in a field named `git` (not `source`): one
//! `to_string()` then says everything, and `error::classify`, which appends
//! every `source()` in a chain, does not print the libgit2 text twice.

use std::path::PathBuf;

/// What went wrong reading from a git repository.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// No repository at the path or any folder above it.
    #[error("not a git repository (nor any parent folder): {}", .path.display())]
    NotARepository {
        /// Where the search started.
        path: PathBuf,
    },

    /// A repository is there but libgit2 could not open it.
    #[error("cannot open the git repository at {}: {}", .path.display(), .git.message())]
    Open {
        /// The path given to open or discover.
        path: PathBuf,
        /// The libgit2 error (ownership checks, corrupt config, ...).
        git: git2::Error,
    },

    /// The revision or range text cannot be read as one.
    #[error("invalid revision '{spec}': {reason}")]
    InvalidSpec {
        /// The whole spec as given.
        spec: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// A revision names no object.
    #[error("unknown revision '{rev}'{}", in_spec(.rev, .spec))]
    UnknownRevision {
        /// The side of the spec that failed (the whole spec for a single revision).
        rev: String,
        /// The whole spec as given.
        spec: String,
        /// The libgit2 error (not found, or a syntax it does not take).
        git: git2::Error,
    },

    /// A short commit id matches several objects.
    #[error("ambiguous revision '{rev}'{}: more than one object starts with it", in_spec(.rev, .spec))]
    AmbiguousRevision {
        /// The side of the spec that failed.
        rev: String,
        /// The whole spec as given.
        spec: String,
        /// The libgit2 error.
        git: git2::Error,
    },

    /// A revision could not be resolved for a reason other than not existing.
    #[error("cannot resolve '{rev}'{}: {}", in_spec(.rev, .spec), .git.message())]
    Revparse {
        /// The side of the spec that failed.
        rev: String,
        /// The whole spec as given.
        spec: String,
        /// The libgit2 error.
        git: git2::Error,
    },

    /// A revision names a tree, blob or a tag of one, not a commit.
    #[error("'{rev}'{} is a {kind}, not a commit", in_spec(.rev, .spec))]
    NotACommit {
        /// The side of the spec that failed.
        rev: String,
        /// The whole spec as given.
        spec: String,
        /// The kind of object it names ("tree", "blob", ...).
        kind: &'static str,
    },

    /// A commit to port has more than one parent.
    #[error(
        "{id} is a merge commit; ferry ports single-parent commits; pick the side you want \
         with A..B (for example {short}^1..{short}^2 for the commits the merge brought in)"
    )]
    MergeCommit {
        /// Full hex id of the merge.
        id: String,
        /// Its abbreviated id.
        short: String,
        /// The spec that selected it.
        spec: String,
    },

    /// A range selects no commit.
    #[error("the range '{spec}' selects no commits")]
    EmptyRange {
        /// The range as given.
        spec: String,
    },

    /// Walking the history of a range failed.
    #[error("cannot list the commits of '{spec}': {}", .git.message())]
    Walk {
        /// The range as given.
        spec: String,
        /// The libgit2 error.
        git: git2::Error,
    },

    /// HEAD points to a branch without commits.
    #[error("HEAD has no commit yet (the current branch is unborn)")]
    UnbornHead,

    /// HEAD cannot be read.
    #[error("cannot read HEAD: {}", .git.message())]
    Head {
        /// The libgit2 error.
        git: git2::Error,
    },

    /// An object the repository should have cannot be read.
    #[error("cannot read {what} {id}: {}", .git.message())]
    Object {
        /// What was being read ("commit", "blob", "tree of commit").
        what: &'static str,
        /// Full hex id of the object.
        id: String,
        /// The libgit2 error (missing object, corrupt pack, ...).
        git: git2::Error,
    },

    /// The names asked of a tree could not be made into one search.
    #[error("cannot search the tree for the names asked: {0}")]
    Search(String),

    /// Computing a diff failed.
    #[error("cannot diff {what}: {}", .git.message())]
    Diff {
        /// What was being diffed (`commit <id> against its parent`, ...).
        what: String,
        /// The libgit2 error.
        git: git2::Error,
    },

    /// A diff holds an entry of a kind a tree-to-tree diff never produces.
    #[error("unexpected {status} entry for '{path}' in the diff of {what}")]
    UnexpectedDelta {
        /// The libgit2 delta status, as its debug name.
        status: String,
        /// The path of the entry, escaped for display.
        path: String,
        /// What was being diffed.
        what: String,
    },

    /// Reading the worktree and index status failed.
    #[error("cannot read the status of the worktree{}: {}", for_path(.path), .git.message())]
    Status {
        /// The path asked about, escaped for display; `None` for the whole worktree.
        path: Option<String>,
        /// The libgit2 error (a bare repository, an unreadable index, ...).
        git: git2::Error,
    },

    /// A name or e-mail address that libgit2 refuses in a signature.
    #[error("cannot use '{name} <{email}>' as a git signature: {}", .git.message())]
    Signature {
        /// The name (lossily decoded).
        name: String,
        /// The e-mail address (lossily decoded).
        email: String,
        /// The libgit2 error (angle brackets, empty name, ...).
        git: git2::Error,
    },
}

/// `" in 'A..B'"` when the failing revision is one side of a range.
fn in_spec(rev: &str, spec: &str) -> String {
    if rev == spec {
        String::new()
    } else {
        format!(" in '{spec}'")
    }
}

/// `" of 'path'"` for errors about one path.
fn for_path(path: &Option<String>) -> String {
    path.as_ref()
        .map(|p| format!(" of '{p}'"))
        .unwrap_or_default()
}

/// Bytes from a repository (paths, names) made safe to print: decoded lossily
/// and with control characters escaped, so a hostile path cannot send escape
/// sequences to the terminal.
pub fn display_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for c in String::from_utf8_lossy(bytes).chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_bytes_escapes_control_characters_and_keeps_text() {
        assert_eq!(display_bytes(b"src/caf\xc3\xa9.rs"), "src/café.rs");
        assert_eq!(display_bytes(b"a\x1b[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(display_bytes(b"lat\xe9"), "lat\u{fffd}");
    }

    #[test]
    fn range_side_is_named_with_its_range() {
        let git = git2::Error::from_str("revspec 'nope' not found");
        let err = GitError::UnknownRevision {
            rev: "nope".into(),
            spec: "nope..main".into(),
            git,
        };
        assert_eq!(err.to_string(), "unknown revision 'nope' in 'nope..main'");
        let git = git2::Error::from_str("revspec 'nope' not found");
        let err = GitError::UnknownRevision {
            rev: "nope".into(),
            spec: "nope".into(),
            git,
        };
        assert_eq!(err.to_string(), "unknown revision 'nope'");
    }
}
