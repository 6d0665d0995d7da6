//! `ferry apply`: port a patch or mbox file onto a directory.

use anyhow::Result;
use ferry::error::{Failure, EXIT_NEEDS_PERSON};
use ferry::port::{plan_commit, FileOutcome, FilePlan, PortOptions};
use ferry::report::{commit_report, Report};
use ferry::worktree::{safe_join, DirTree, Staged};

use super::output::{print_report, read_patch};
use crate::cli::ApplyArgs;

/// Plans every commit of the patch and, when all is certain, writes the files.
pub fn run(args: &ApplyArgs) -> Result<i32> {
    let patch = read_patch(&args.patch)?;
    if !args.dir.is_dir() {
        anyhow::bail!(Failure::usage(
            format!("{} is not a directory", args.dir.display()),
            "give the folder the patch's paths are relative to with -d"
        ));
    }
    let tree = DirTree::new(&args.dir);
    let opts = PortOptions {
        strip: args.strip,
        min_confidence: args.place.min_confidence,
    };
    let mut plans: Vec<Vec<FilePlan>> = Vec::new();
    let mut commits = Vec::new();
    for commit in &patch.commits {
        let files = plan_commit(commit, &tree, None, &opts)?;
        let id = commit.meta.as_ref().and_then(|m| m.id.clone());
        commits.push(commit_report(id, commit, &files));
        plans.push(files);
    }
    let certain = plans.iter().flatten().all(FilePlan::is_certain);
    let result = if !certain {
        "needs-person"
    } else if args.dry_run {
        "planned"
    } else {
        "applied"
    };
    if certain && !args.dry_run {
        write_all(&tree, plans.iter().flatten())?;
    }
    let report = Report::new("apply", args.place.min_confidence, result, commits);
    print_report(&report, args.place.json)?;
    Ok(if certain { 0 } else { EXIT_NEEDS_PERSON })
}

/// Computes every file's result and writes each to a temporary file beside
/// it first; only when all are written do they replace the files (renames),
/// so a failed write (full disk, read-only folder) leaves the tree as it was.
fn write_all<'a>(tree: &DirTree, plans: impl Iterator<Item = &'a FilePlan>) -> Result<()> {
    let mut writes = Vec::new();
    for plan in plans {
        let Some(path) = &plan.legacy_path else {
            continue;
        };
        let full = safe_join(tree.root(), path)?;
        match &plan.outcome {
            FileOutcome::Delete => writes.push((full, None)),
            _ => {
                if let Some(bytes) = plan.result()? {
                    writes.push((full, Some(bytes)));
                }
            }
        }
    }
    let mut staged = Vec::new();
    let mut deletes = Vec::new();
    for (path, bytes) in writes {
        match bytes {
            Some(b) => staged.push(Staged::new(&path, &b).map_err(|e| {
                Failure::input(
                    e.to_string(),
                    "nothing was changed; free some space or fix the permissions and run again",
                )
            })?),
            None => deletes.push(path),
        }
    }
    for s in staged {
        s.commit()?;
    }
    for path in deletes {
        std::fs::remove_file(&path)?;
    }
    Ok(())
}
