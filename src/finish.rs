//! Finishing a port: writing the decided files, committing them, and moving
//! through a series with a state that survives a kill at any moment.
//!
//! One commit is finished in steps, each leaving something a later run can
//! recognise. (1) Every target is checked (paths, uncommitted changes) before
//! anything is written. (2) Every target's content before and after is put in
//! the object database and recorded in the state with the message, and the
//! state is saved. (3) Files are written atomically, one by one, and staged.
//! (4) The commit object is created, then HEAD's branch moved to it. (5) The
//! state moves on to the next commit. A run that finds step (2)'s record
//! either sees HEAD already on the new commit (the kill came after (4)) and
//! moves on, or puts the recorded files back and does (3) and (4) again.
//!
//! Rejected: writing into a temporary worktree and swapping it in. A worktree
//! is not one file, so the swap could not be atomic either, and the user's
//! own untracked files would have to be carried over.
//!
//! - `write.rs`: checking targets and writing them.
//! - `restore.rs`: putting files back (for a retry, `--skip`, `--abort`).
//! - `commit.rs`: the commit through git2.
//! - `hook.rs`: the `commit-msg` hook.
//! - `message.rs`: the commit message and its note on adapted hunks.
//! - `auto.rs`: the `--auto` decider.

mod auto;
pub mod check;
mod commit;
mod hook;
pub mod message;
mod restore;
mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::Oid;

pub use auto::AutoDecider;
pub use message::compose;

use crate::decide::{self, DecideError, Decisions, Review};
use crate::git::{display_bytes, GitError, Person, Repo};
use crate::killpoint;
use crate::state::{self, CommitOutcome, Finishing, PortState, StateError, STATE_VERSION};
use crate::worktree::TreeError;

/// Finishing a port failed.
#[derive(Debug, thiserror::Error)]
pub enum FinishError {
    /// Files the user changed and did not commit are in the way.
    #[error("{} uncommitted changes; ferry will not overwrite {}", names(.paths), if .paths.len() == 1 { "it" } else { "them" })]
    Dirty {
        /// The files, escaped for display.
        paths: Vec<String>,
    },
    /// A file the commit creates exists, untracked.
    #[error("{path} exists and is not tracked; ferry will not overwrite it")]
    Untracked {
        /// The file, escaped for display.
        path: String,
    },
    /// A path that leaves the worktree.
    #[error(transparent)]
    Path(#[from] TreeError),
    /// The repository has no worktree to write to.
    #[error("this repository has no worktree")]
    NoWorktree,
    /// git does not know who commits.
    #[error(
        "git does not know who you are: set `git config user.name \"Your Name\"` and \
         `git config user.email you@example.com`"
    )]
    NoIdentity,
    /// The `commit-msg` hook refused the message.
    #[error("the commit-msg hook {} refused the commit ({status}){}", .hook.display(), shown(.output))]
    Hook {
        /// The hook.
        hook: PathBuf,
        /// How it ended.
        status: String,
        /// What it printed.
        output: String,
    },
    /// HEAD is not where the port left it.
    #[error("the check {} (its output: {})", .0.summary(), .0.log.display())]
    CheckFailed(Box<check::Check>),
    /// The check could not be started.
    #[error("cannot run the check `{command}`: {source}")]
    CheckStart {
        /// The command.
        command: String,
        /// Why.
        source: std::io::Error,
    },
    /// HEAD moved while the port was stopped.
    #[error(
        "HEAD moved while the port was stopped: ferry left it at {expected}, it is now at {found}"
    )]
    HeadMoved {
        /// Where ferry left it.
        expected: String,
        /// Where it is.
        found: String,
    },
    /// A file could not be read or written.
    #[error("cannot {what} {}: {source}", .path.display())]
    Io {
        /// What was being done ("write", "remove").
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A git operation failed.
    #[error("cannot {what}: {}", .git.message())]
    Git {
        /// What was being done.
        what: String,
        /// The libgit2 error.
        git: git2::Error,
    },
    /// Reading from the repository failed.
    #[error(transparent)]
    Repo(#[from] GitError),
    /// Saving or reading the state failed.
    #[error(transparent)]
    State(#[from] StateError),
    /// The decisions do not fit the plans.
    #[error(transparent)]
    Decide(#[from] DecideError),
}

fn names(paths: &[String]) -> String {
    match paths {
        [one] => format!("{one} has"),
        _ => format!("{} have", paths.join(", ")),
    }
}

fn shown(output: &str) -> String {
    let output = output.trim_end();
    if output.is_empty() {
        String::new()
    } else {
        format!(":\n{output}")
    }
}

/// `map_err` for a git2 call: what was being done.
fn git(what: impl Into<String>) -> impl FnOnce(git2::Error) -> FinishError {
    let what = what.into();
    move |git| FinishError::Git { what, git }
}

/// What finishing one commit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finished {
    /// Committed as this commit.
    Committed(Oid),
    /// Written and staged (`--no-commit`).
    Staged,
    /// Nothing to commit: the branch has every change already.
    Empty,
}

/// Where a resumed port stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    /// The current commit is to be decided (or the series is done).
    Decide,
    /// The current commit was being written: its files are back as they
    /// were; finish it again with this message.
    Redo {
        /// The message it was being committed with.
        message: String,
    },
    /// The current commit had been committed; the state now points past it.
    Advanced,
}

/// The worktree root.
fn workdir(repo: &Repo) -> Result<PathBuf, FinishError> {
    repo.workdir()
        .map(Path::to_path_buf)
        .ok_or(FinishError::NoWorktree)
}

/// Starts a port of `commits` onto HEAD: saves the index as it is and the
/// first state. The caller has checked that no port is in progress.
pub fn start(
    repo: &Repo,
    commits: &[Oid],
    no_commit: bool,
    min_confidence: f32,
    exec: Option<String>,
) -> Result<PortState, FinishError> {
    workdir(repo)?;
    let head = repo.head_oid()?;
    let raw = repo.raw();
    let head_ref = raw.find_reference("HEAD").map_err(git("read HEAD"))?;
    let orig_branch = head_ref
        .symbolic_target()
        .map_err(git("read HEAD"))?
        .map(str::to_string);
    let git_dir = repo.git_dir();
    state::save_index(git_dir)?;
    let state = PortState {
        version: STATE_VERSION,
        commits: commits.iter().map(Oid::to_string).collect(),
        current: 0,
        orig_head: head.to_string(),
        orig_branch,
        no_commit,
        min_confidence,
        decisions: None,
        finishing: None,
        touched: Vec::new(),
        outcomes: Vec::new(),
        exec,
    };
    state.save(git_dir)?;
    Ok(state)
}

/// Fails early, before anything is written, when git does not know who
/// commits.
pub fn check_identity(repo: &Repo) -> Result<(), FinishError> {
    commit::committer(repo).map(|_| ())
}

/// The files the port has written, for planning the next commit on top of
/// them (`None`: deleted). Empty unless the port leaves its results
/// uncommitted: committed results are in HEAD.
pub fn overlay(
    repo: &Repo,
    state: &PortState,
) -> Result<HashMap<Vec<u8>, Option<Vec<u8>>>, FinishError> {
    let mut out = HashMap::new();
    if !state.no_commit {
        return Ok(out);
    }
    for t in &state.touched {
        let content = match &t.written {
            Some(b) => Some(restore::blob_bytes(repo, b)?),
            None => None,
        };
        out.insert(t.path.clone(), content);
    }
    Ok(out)
}

/// Checks HEAD and picks up a commit that was being finished when ferry
/// stopped: done (HEAD is on it) or put back to be done again.
pub fn recover(repo: &Repo, state: &mut PortState) -> Result<Resume, FinishError> {
    let head = repo.head_oid()?.to_string();
    let git_dir = repo.git_dir().to_path_buf();
    if head != state.head() {
        let committed = state.finishing.is_some()
            && state
                .current_commit()
                .is_some_and(|up| commit::is_port_of(repo, &head, state.head(), up));
        if !committed {
            return Err(FinishError::HeadMoved {
                expected: state.head().to_string(),
                found: head,
            });
        }
        if let Some(f) = state.finishing.clone() {
            restore::record_written(state, &f.files);
        }
        let upstream = state.current_commit().unwrap_or_default().to_string();
        state.advance(CommitOutcome::Committed {
            upstream,
            commit: head,
        });
        state.save(&git_dir)?;
        return Ok(Resume::Advanced);
    }
    let Some(finishing) = state.finishing.clone() else {
        return Ok(Resume::Decide);
    };
    clear_own_locks(repo, state);
    restore::rollback(repo, &workdir(repo)?, state, &finishing.files)?;
    Ok(Resume::Redo {
        message: finishing.message,
    })
}

/// Removes the lock files a port killed while staging or committing left
/// behind (`index.lock`, the branch's `.lock`): those created after the
/// state recorded that the commit was being finished. Older ones belong to
/// someone else and are left for git to report.
fn clear_own_locks(repo: &Repo, state: &PortState) {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(saved) = modified(&PortState::path(repo.git_dir())) else {
        return;
    };
    let mut locks = vec![
        repo.git_dir().join("index.lock"),
        repo.git_dir().join("HEAD.lock"),
    ];
    if let Some(branch) = &state.orig_branch {
        locks.push(repo.raw().commondir().join(format!("{branch}.lock")));
    }
    for lock in locks {
        if modified(&lock).is_some_and(|m| m >= saved) {
            eprintln!(
                "ferry: removing {}, left when the port was interrupted",
                lock.display()
            );
            let _ = std::fs::remove_file(&lock);
        }
    }
}

/// Writes the current commit's decided files and commits them (or only
/// stages them with `--no-commit`), then moves the state to the next commit.
pub fn finish(
    repo: &Repo,
    state: &mut PortState,
    review: &Review,
    decisions: &Decisions,
    message: &str,
    author: &Person,
) -> Result<Finished, FinishError> {
    let workdir = workdir(repo)?;
    let git_dir = repo.git_dir().to_path_buf();
    let upstream = state.current_commit().unwrap_or_default().to_string();
    let writes = decide::writes(&review.plans, decisions)?;
    let targets = write::check(repo, &workdir, state, review, writes)?;
    let parent = Oid::from_str(state.head()).map_err(git("read the saved HEAD"))?;
    if !state.no_commit {
        commit::committer(repo)?;
    }
    let before = state.clone();
    // The check (`--exec`) runs on the written files; failing, it counts as
    // a failed write: nothing stays written.
    let written = write_targets(repo, state, &workdir, &targets, message)
        .and_then(|()| check(&git_dir, &workdir, state.exec.as_deref()));
    let checked = match written {
        Ok(checked) => checked,
        Err(e) => {
            // A failed write (read-only file, full disk) or check: the files,
            // the index and the saved state go back to how they were. Should
            // that fail too, the state still says the commit was being
            // finished, and the next run rolls back.
            if let Some(f) = state.finishing.clone() {
                if restore::rollback(repo, &workdir, state, &f.files).is_ok() {
                    *state = before;
                    let _ = state.save(&git_dir);
                }
            } else {
                *state = before;
            }
            return Err(e);
        }
    };
    let message = match &checked {
        Some(c) => {
            let with = format!(
                "{}\n[ ferry: checked: {} ]\n",
                message.trim_end(),
                c.summary()
            );
            if let Some(f) = state.finishing.as_mut() {
                f.message = with.clone();
                state.save(&git_dir)?;
            }
            with
        }
        None => message.to_string(),
    };
    let message = message.as_str();
    // A commit that fails (a refusing hook, a full disk) leaves the files
    // written and staged and the state saying so: `--continue` commits, and
    // a run after a kill rolls back and redoes.
    let finished = if state.no_commit {
        Finished::Staged
    } else {
        match commit::commit(repo, &workdir, author, message, parent)? {
            Some(oid) => Finished::Committed(oid),
            None => Finished::Empty,
        }
    };
    killpoint::reached("advance");
    let outcome = match finished {
        Finished::Committed(oid) => CommitOutcome::Committed {
            upstream,
            commit: oid.to_string(),
        },
        Finished::Staged => CommitOutcome::Staged {
            upstream,
            message: message.to_string(),
        },
        Finished::Empty => CommitOutcome::Empty { upstream },
    };
    state.advance(outcome);
    state.save(&git_dir)?;
    if state.no_commit {
        write_merge_msg(&git_dir, state)?;
    }
    Ok(finished)
}

/// Runs the `--exec` command, if any, on the written worktree; a failing
/// one is an error.
fn check(
    git_dir: &Path,
    workdir: &Path,
    command: Option<&str>,
) -> Result<Option<check::Check>, FinishError> {
    let Some(command) = command else {
        return Ok(None);
    };
    let log = PortState::dir(git_dir).join("check.log");
    let c = check::run(workdir, command, &log).map_err(|source| FinishError::CheckStart {
        command: command.to_string(),
        source,
    })?;
    if c.passed {
        Ok(Some(c))
    } else {
        Err(FinishError::CheckFailed(Box::new(c)))
    }
}

/// Records the targets in the state, saves it, then writes and stages them.
fn write_targets(
    repo: &Repo,
    state: &mut PortState,
    workdir: &Path,
    targets: &[write::Target],
    message: &str,
) -> Result<(), FinishError> {
    if targets.is_empty() {
        return Ok(());
    }
    let files = write::record(repo, state, targets)?;
    state.finishing = Some(Finishing {
        message: message.to_string(),
        files: files.clone(),
    });
    state.save(repo.git_dir())?;
    write::write(repo, workdir, targets)?;
    restore::record_written(state, &files);
    Ok(())
}

/// With `--no-commit`, the messages of the staged commits go where `git
/// commit` finds them (`.git/MERGE_MSG`), as `git cherry-pick -n` does.
fn write_merge_msg(git_dir: &Path, state: &PortState) -> Result<(), FinishError> {
    let messages: Vec<&str> = state
        .outcomes
        .iter()
        .filter_map(|o| match o {
            CommitOutcome::Staged { message, .. } => Some(message.trim_end()),
            _ => None,
        })
        .collect();
    if messages.is_empty() {
        return Ok(());
    }
    let path = git_dir.join("MERGE_MSG");
    let mut text = messages.join("\n\n");
    text.push('\n');
    crate::worktree::write_atomic(&path, text.as_bytes())?;
    Ok(())
}

/// `--skip`: drops the current commit (putting back any of its files already
/// written) and moves on.
pub fn skip(repo: &Repo, state: &mut PortState) -> Result<(), FinishError> {
    let head = repo.head_oid()?.to_string();
    if head != state.head() {
        // The commit may have been made just before ferry stopped.
        if recover(repo, state)? == Resume::Advanced {
            return Ok(());
        }
    }
    if let Some(f) = state.finishing.clone() {
        restore::rollback(repo, &workdir(repo)?, state, &f.files)?;
    }
    let upstream = state.current_commit().unwrap_or_default().to_string();
    if state.current < state.commits.len() {
        state.advance(CommitOutcome::Skipped { upstream });
    }
    state.save(repo.git_dir())?;
    Ok(())
}

/// `--abort`: HEAD, the index and every file the port wrote back exactly as
/// they were before it, and the state removed.
pub fn abort(repo: &Repo, state: &PortState) -> Result<(), FinishError> {
    let workdir = workdir(repo)?;
    let git_dir = repo.git_dir().to_path_buf();
    for t in &state.touched {
        restore::put_file(repo, &workdir, &t.path, t.original.as_ref())?;
    }
    let orig = Oid::from_str(&state.orig_head).map_err(git("read the saved HEAD"))?;
    let raw = repo.raw();
    match &state.orig_branch {
        Some(branch) => {
            raw.reference(branch, orig, true, "ferry pick --abort")
                .map_err(git(format!("move {branch} back")))?;
            raw.set_head(branch)
                .map_err(git("point HEAD at the branch"))?;
        }
        None => raw.set_head_detached(orig).map_err(git("move HEAD back"))?,
    }
    state::restore_index(&git_dir)?;
    if state.no_commit {
        let _ = std::fs::remove_file(git_dir.join("MERGE_MSG"));
    }
    PortState::remove(&git_dir)?;
    Ok(())
}

/// A path for messages.
fn shown_path(path: &[u8]) -> String {
    display_bytes(path)
}
