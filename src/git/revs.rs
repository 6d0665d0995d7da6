//! Which commits a `REV`, `A..B` or `A...B` names, oldest first.
//!
//! The order is the one a series must be ported in: parents before children
//! (a topological walk, reversed), as `git cherry-pick A..B` applies them.
//! Merge commits are refused rather than ported against their first parent:
//! a merge's diff against one parent is the whole other branch, which is
//! never what a backporter means; naming the side with `A..B` is.
//!
//! The range is split here rather than with libgit2's `revparse`, so an
//! unknown side is reported by itself (`unknown revision 'x' in 'x..main'`).
//! As in git, an empty side means HEAD (`A..` is `A..HEAD`). The split takes
//! the first `..`, so a revision whose own syntax contains `..` (a
//! `:/message..search`) cannot be one side of a range; libgit2 has the same
//! limit.

use git2::{ErrorCode, Oid, Sort};

use super::{GitError, Repo};

/// A spec split into its sides.
#[derive(Debug, PartialEq, Eq)]
enum Spec<'a> {
    /// One revision.
    Single(&'a str),
    /// `A..B`: reachable from B, not from A.
    Range(&'a str, &'a str),
    /// `A...B`: reachable from either, not from both.
    Symmetric(&'a str, &'a str),
}

/// Splits a spec; an empty side is HEAD.
fn split(spec: &str) -> Result<Spec<'_>, GitError> {
    let invalid = |reason| GitError::InvalidSpec {
        spec: spec.to_string(),
        reason,
    };
    if spec.trim().is_empty() {
        return Err(invalid("it is empty"));
    }
    let Some((left, rest)) = spec.split_once("..") else {
        return Ok(Spec::Single(spec));
    };
    let (symmetric, right) = match rest.strip_prefix('.') {
        Some(right) => (true, right),
        None => (false, rest),
    };
    if left.is_empty() && right.is_empty() {
        return Err(invalid("both sides of the range are empty"));
    }
    let (left, right) = (or_head(left), or_head(right));
    Ok(if symmetric {
        Spec::Symmetric(left, right)
    } else {
        Spec::Range(left, right)
    })
}

/// An empty side of a range is HEAD, as in git.
fn or_head(side: &str) -> &str {
    if side.is_empty() {
        "HEAD"
    } else {
        side
    }
}

impl Repo {
    /// The commits `spec` names, oldest first: one for a revision (anything
    /// `git rev-parse` takes), the series for `A..B` (reachable from B and not
    /// from A) and `A...B` (reachable from one side only, as git means it).
    ///
    /// Refused: a spec naming no commit, an empty range, and any merge commit
    /// among those selected (the error names it).
    pub fn resolve(&self, spec: &str) -> Result<Vec<Oid>, GitError> {
        let oids = match split(spec)? {
            Spec::Single(rev) => vec![self.commit_of(rev, spec)?],
            Spec::Range(from, to) => {
                let from = self.commit_of(from, spec)?;
                let to = self.commit_of(to, spec)?;
                self.walk(spec, &[to], &[from])?
            }
            Spec::Symmetric(left, right) => {
                let left = self.commit_of(left, spec)?;
                let right = self.commit_of(right, spec)?;
                let bases = match self.raw.merge_bases(left, right) {
                    Ok(bases) => bases.iter().copied().collect(),
                    Err(git) if git.code() == ErrorCode::NotFound => Vec::new(),
                    Err(git) => {
                        return Err(GitError::Walk {
                            spec: spec.to_string(),
                            git,
                        })
                    }
                };
                self.walk(spec, &[left, right], &bases)?
            }
        };
        if oids.is_empty() {
            return Err(GitError::EmptyRange {
                spec: spec.to_string(),
            });
        }
        for &oid in &oids {
            let commit = self.find_commit(oid)?;
            if commit.parent_count() > 1 {
                return Err(GitError::MergeCommit {
                    id: oid.to_string(),
                    short: self.short_id(&commit),
                    spec: spec.to_string(),
                });
            }
        }
        Ok(oids)
    }

    /// The commit one revision names, peeling tags.
    pub(super) fn commit_of(&self, rev: &str, spec: &str) -> Result<Oid, GitError> {
        let object = self.raw.revparse_single(rev).map_err(|git| {
            let (rev, spec) = (rev.to_string(), spec.to_string());
            match git.code() {
                ErrorCode::NotFound | ErrorCode::InvalidSpec => {
                    GitError::UnknownRevision { rev, spec, git }
                }
                ErrorCode::Ambiguous => GitError::AmbiguousRevision { rev, spec, git },
                _ => GitError::Revparse { rev, spec, git },
            }
        })?;
        let kind = object.kind().map_or("object", |k| k.str());
        object
            .peel_to_commit()
            .map(|commit| commit.id())
            .map_err(|_| GitError::NotACommit {
                rev: rev.to_string(),
                spec: spec.to_string(),
                kind,
            })
    }

    /// Commits reachable from `tips` and not from `hidden`, oldest first.
    fn walk(&self, spec: &str, tips: &[Oid], hidden: &[Oid]) -> Result<Vec<Oid>, GitError> {
        let walk_error = |git| GitError::Walk {
            spec: spec.to_string(),
            git,
        };
        let mut walk = self.raw.revwalk().map_err(walk_error)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
            .map_err(walk_error)?;
        for &tip in tips {
            walk.push(tip).map_err(walk_error)?;
        }
        for &hide in hidden {
            walk.hide(hide).map_err(walk_error)?;
        }
        walk.collect::<Result<Vec<Oid>, _>>().map_err(walk_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_reads_every_form() {
        assert_eq!(split("main").ok(), Some(Spec::Single("main")));
        assert_eq!(split("HEAD~2").ok(), Some(Spec::Single("HEAD~2")));
        assert_eq!(split("a..b").ok(), Some(Spec::Range("a", "b")));
        assert_eq!(split("a~1..").ok(), Some(Spec::Range("a~1", "HEAD")));
        assert_eq!(split("..b").ok(), Some(Spec::Range("HEAD", "b")));
        assert_eq!(split("a...b").ok(), Some(Spec::Symmetric("a", "b")));
        assert_eq!(split("a...").ok(), Some(Spec::Symmetric("a", "HEAD")));
    }

    #[test]
    fn split_refuses_specs_that_name_nothing() {
        for spec in ["", "  ", "..", "..."] {
            let err = split(spec).err().map(|e| e.to_string());
            assert!(
                err.as_deref()
                    .is_some_and(|e| e.starts_with(&format!("invalid revision '{spec}'"))),
                "{spec:?} gave {err:?}"
            );
        }
    }
}
