//! `--exec CMD`: the command a port must pass (build, tests) before ferry
//! commits it, run on the written worktree.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::Serialize;

/// The most of a check's output kept in the state, the report and the TUI;
/// the whole of it is in the log file.
const TAIL: usize = 16 * 1024;

/// How a check went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// The command, as given.
    pub command: String,
    /// Whether it exited 0.
    pub passed: bool,
    /// Its exit code; `None` when a signal ended it.
    pub status: Option<i32>,
    /// How long it ran, in seconds.
    pub seconds: f64,
    /// The end of its output (standard output and error together).
    pub output: String,
    /// Where the whole output is.
    pub log: PathBuf,
}

impl Check {
    /// One line for a person and for the commit note.
    pub fn summary(&self) -> String {
        let how = match (self.passed, self.status) {
            (true, _) => "passed".to_string(),
            (false, Some(code)) => format!("failed (exit {code})"),
            (false, None) => "was killed".to_string(),
        };
        format!("`{}` {how} in {:.1} s", self.command, self.seconds)
    }
}

/// Runs `command` with `sh -c` in `workdir`, its output (standard output
/// and error, interleaved) written to `log`.
pub fn run(workdir: &Path, command: &str, log: &Path) -> std::io::Result<Check> {
    let out = std::fs::File::create(log)?;
    let err = out.try_clone()?;
    let started = Instant::now();
    let status = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(workdir)
        .stdin(std::process::Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()?;
    let seconds = started.elapsed().as_secs_f64();
    let bytes = std::fs::read(log)?;
    let tail = &bytes[bytes.len().saturating_sub(TAIL)..];
    Ok(Check {
        command: command.to_string(),
        passed: status.success(),
        status: status.code(),
        seconds,
        output: String::from_utf8_lossy(tail).into_owned(),
        log: log.to_path_buf(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_check_passes_or_fails_with_its_output_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("f"), "x").unwrap();
        let log = dir.path().join("log");
        let ok = run(dir.path(), "test -f f && echo fine", &log).unwrap();
        assert!(ok.passed);
        assert_eq!(ok.output, "fine\n");
        assert!(ok
            .summary()
            .starts_with("`test -f f && echo fine` passed in "));
        let bad = run(dir.path(), "echo out; echo err >&2; exit 3", &log).unwrap();
        assert!(!bad.passed);
        assert_eq!(bad.status, Some(3));
        assert_eq!(bad.output, "out\nerr\n");
        assert!(bad.summary().contains("failed (exit 3)"));
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "out\nerr\n");
    }
}
