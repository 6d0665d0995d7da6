//! `ferry port-file`: one file of a benchmark case, as the bench scripts call it.

use anyhow::{Context, Result};
use ferry::port::{plan_file, OneFile, PortOptions};

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
    let path = file
        .old_path_stripped(1)
        .or_else(|| file.new_path_stripped(1))
        .unwrap_or_default();
    let legacy_tree = OneFile {
        path: &path,
        bytes: &legacy,
    };
    let upstream_tree = OneFile {
        path: &path,
        bytes: &before,
    };
    let plan = plan_file(file, &legacy_tree, Some(&upstream_tree), &opts)?;
    if args.report {
        let commit = ferry::patch::CommitPatch {
            files: vec![file.clone()],
            ..Default::default()
        };
        let report = ferry::report::commit_report(None, &commit, std::slice::from_ref(&plan));
        let report = ferry::report::Report {
            version: ferry::report::SCHEMA_VERSION,
            command: "port-file",
            min_confidence: args.min_confidence,
            result: String::new(),
            summary: ferry::report::Summary::of(std::slice::from_ref(&report)),
            commits: vec![report],
        };
        eprint!("{}", report.to_text());
    }
    if !plan.is_certain() {
        return Ok(ferry::error::EXIT_NEEDS_PERSON);
    }
    let result = plan.result()?.unwrap_or(legacy);
    std::fs::write(&args.out, result).context("writing the result")?;
    Ok(0)
}
