//! The repository's `commit-msg` hook, run the way `git commit` runs it
//! (Gerrit's Change-Id and many projects' message checks depend on it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::FinishError;
use crate::git::Repo;
use crate::worktree::write_atomic;

/// Writes the message to `COMMIT_EDITMSG`, runs the hook on it when one is
/// installed, and returns the message as the hook left it.
pub(super) fn commit_msg(
    repo: &Repo,
    workdir: &Path,
    message: &str,
) -> Result<String, FinishError> {
    let path = repo.git_dir().join("COMMIT_EDITMSG");
    write_atomic(&path, message.as_bytes())?;
    let Some(hook) = find(repo, workdir) else {
        return Ok(message.to_string());
    };
    let out = Command::new(&hook)
        .arg(&path)
        .current_dir(workdir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| FinishError::Hook {
            hook: hook.clone(),
            status: format!("it cannot be run: {e}"),
            output: String::new(),
        })?;
    if !out.status.success() {
        let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
        output.push_str(&String::from_utf8_lossy(&out.stderr));
        return Err(FinishError::Hook {
            hook,
            status: out.status.to_string(),
            output: crate::git::display_bytes(output.as_bytes()).replace("\\n", "\n"),
        });
    }
    let back = std::fs::read(&path).map_err(|source| FinishError::Io {
        what: "read",
        path: path.clone(),
        source,
    })?;
    Ok(String::from_utf8_lossy(&back).into_owned())
}

/// The hook, when it exists and may be run: `core.hooksPath` (relative to
/// the worktree root) or the repository's `hooks/`.
fn find(repo: &Repo, workdir: &Path) -> Option<PathBuf> {
    let configured = repo
        .raw()
        .config()
        .ok()
        .and_then(|c| c.get_path("core.hooksPath").ok());
    let dir = match configured {
        Some(p) if p.is_absolute() => p,
        Some(p) => workdir.join(p),
        None => repo.raw().commondir().join("hooks"),
    };
    let hook = dir.join("commit-msg");
    is_executable(&hook).then_some(hook)
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}
