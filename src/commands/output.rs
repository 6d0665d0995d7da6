//! Printing reports and reading patch input, shared by the commands.

use std::io::Read;
use std::path::Path;

use anyhow::Result;
use ferry::error::Failure;
use ferry::patch::Patch;
use ferry::report::Report;
use ferry::text::visible::{json_safe, terminal_safe};

/// `println!` for text holding what a repository or a file said (subjects,
/// paths, diffs): control and bidi characters are shown, never sent.
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", ferry::text::visible::terminal_safe(&format!($($arg)*)))
    };
}
pub(crate) use say;

/// The abbreviation of a commit id in text reports.
pub fn short(id: &str) -> &str {
    id.get(..10).unwrap_or(id)
}

/// Prints text for a person on standard output, made terminal-safe.
pub fn print_text(text: &str) {
    print!("{}", terminal_safe(text));
}

/// Prints a value as JSON on standard output, with C1 and bidi characters
/// escaped (a `jq` piped to a terminal would send them raw).
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<()> {
    println!("{}", json_safe(&serde_json::to_string_pretty(value)?));
    Ok(())
}

/// Prints the report as JSON or text on standard output.
pub fn print_report(report: &Report, json: bool) -> Result<()> {
    if json {
        print_json(report)
    } else {
        print_text(&report.to_text());
        Ok(())
    }
}

/// Reads and parses a patch file, `-` for standard input, its hunks re-cut as
/// `git diff` writes them.
pub fn read_patch(path: &Path) -> Result<Patch> {
    let shown = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    // Read one byte past the limit, never more: a huge input is refused
    // without being held.
    let limit = ferry::limits::max_input_bytes();
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
    };
    read.map_err(|e| {
        Failure::usage(
            format!("cannot read {shown}: {e}"),
            "give the path of a patch or mbox file, or - for standard input",
        )
    })?;
    if bytes.len() as u64 > limit {
        return Err(Failure::input(
            format!(
                "{shown}: the patch is larger than the limit of {} MiB (set {} to raise it)",
                limit / (1024 * 1024),
                ferry::limits::VAR
            ),
            "split the patch, or raise the limit if the machine has the memory",
        )
        .into());
    }
    let mut patch = ferry::patch::parse(&bytes).map_err(|e| {
        Failure::input(
            format!("{shown}: {e}"),
            "is this a unified diff, git format-patch or mbox file?",
        )
    })?;
    // Placed as `git diff` would have cut it (`patch/recut.rs`).
    patch.recut();
    Ok(patch)
}
