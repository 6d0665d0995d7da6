//! `ferry port-file`: one file of a benchmark case, as the bench scripts call it.

use anyhow::{Context, Result};
use ferry::port::{port_bytes, PortOptions};

use super::case_trees::{port_case, Mirrors};
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
    let (plan, written) = match &args.mirrors {
        None => port_bytes(file, &legacy, Some(&before), &opts)?,
        Some(root) => {
            let meta_path = args.meta.clone().unwrap_or_else(|| {
                (args.legacy.parent())
                    .unwrap_or(std::path::Path::new("."))
                    .join("meta.json")
            });
            let meta: serde_json::Value = serde_json::from_slice(
                &std::fs::read(&meta_path)
                    .with_context(|| format!("reading the case's {}", meta_path.display()))?,
            )
            .with_context(|| format!("{} is not JSON", meta_path.display()))?;
            let mut mirrors = Mirrors::new(root.clone());
            port_case(file, &legacy, &before, &meta, Some(&mut mirrors), &opts)?
        }
    };
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
