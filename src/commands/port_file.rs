//! `ferry port-file`: one file of a benchmark case, as the bench scripts call it.

use anyhow::{Context, Result};
use ferry::port::PortOptions;

use super::case_trees::{port_case, read_meta, Mirrors};
use super::output::read_patch;
use crate::cli::PortFileArgs;

/// Runs the port and writes `out` when every hunk is certain.
pub fn run(args: &PortFileArgs) -> Result<i32> {
    let patch = read_patch(&args.patch)?;
    let legacy = std::fs::read(&args.legacy).context("reading the legacy file")?;
    let before = std::fs::read(&args.upstream_before).context("reading the upstream file")?;
    let Some(file) = patch.commits.first().and_then(|c| c.files.first()) else {
        anyhow::bail!("the patch changes no file");
    };
    let opts = PortOptions {
        strip: 1,
        min_confidence: args.min_confidence,
    };
    // Without `--mirrors` the case's files are all there is: no meta.json
    // is read, and `port_case` plans as `port_bytes` does.
    let mut mirrors = args.mirrors.clone().map(Mirrors::new);
    let meta = match &mirrors {
        None => serde_json::Value::Null,
        Some(_) => read_meta(&args.meta.clone().unwrap_or_else(|| {
            (args.legacy.parent())
                .unwrap_or(std::path::Path::new("."))
                .join("meta.json")
        }))?,
    };
    let (plan, written) = port_case(file, &legacy, &before, &meta, mirrors.as_mut(), &opts)?;
    if args.report {
        let commit = ferry::patch::CommitPatch {
            files: vec![file.clone()],
            ..Default::default()
        };
        let report = ferry::report::commit_report(None, &commit, std::slice::from_ref(&plan));
        let report = ferry::report::Report::new("port-file", args.min_confidence, "", vec![report]);
        eprint!("{}", ferry::text::visible::terminal_safe(&report.to_text()));
    }
    let Some(written) = written else {
        return Ok(ferry::error::EXIT_NEEDS_PERSON);
    };
    std::fs::write(&args.out, written).context("writing the result")?;
    Ok(0)
}
