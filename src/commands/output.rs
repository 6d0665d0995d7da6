//! Printing reports and reading patch input, shared by the commands.

use std::io::Read;
use std::path::Path;

use anyhow::Result;
use ferry::error::Failure;
use ferry::patch::Patch;
use ferry::report::Report;
use ferry::text::visible::{json_safe, terminal_safe};

/// Prints the report as JSON or text on standard output.
pub fn print_report(report: &Report, json: bool) -> Result<()> {
    if json {
        println!("{}", json_safe(&serde_json::to_string_pretty(report)?));
    } else {
        print!("{}", terminal_safe(&report.to_text()));
    }
    Ok(())
}

/// Reads and parses a patch file, `-` for standard input.
pub fn read_patch(path: &Path) -> Result<Patch> {
    let shown = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b)?;
        b
    } else {
        std::fs::read(path).map_err(|e| {
            Failure::usage(
                format!("cannot read {shown}: {e}"),
                "give the path of a patch or mbox file, or - for standard input",
            )
        })?
    };
    ferry::patch::parse(&bytes).map_err(|e| {
        Failure::input(
            format!("{shown}: {e}"),
            "is this a unified diff, git format-patch or mbox file?",
        )
        .into()
    })
}
