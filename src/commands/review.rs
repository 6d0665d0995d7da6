//! `ferry review`: a backport beside the upstream commit it carries, as a
//! text report, JSON, or in a terminal the interactive view where each
//! pair gets a verdict; the verdicts are printed as a review comment.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use ferry::error::{Failure, EXIT_NEEDS_PERSON, EXIT_OK};
use ferry::git::{Oid, Repo};
use ferry::review::{comment, review, to_text, ReviewError, ReviewOptions};

use super::output::{print_json, print_text};
use crate::cli::ReviewArgs;

/// Runs `ferry review`.
pub fn run(args: &ReviewArgs) -> Result<i32> {
    let cwd = std::env::current_dir()?;
    run_in(&cwd, args)
}

fn run_in(dir: &Path, args: &ReviewArgs) -> Result<i32> {
    let repo = Repo::discover(dir).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "run ferry review inside the repository that holds the backport",
        )
    })?;
    let backport = one_commit(&repo, &args.backport, "the backport commit")?;
    let upstream = match &args.upstream {
        Some(rev) => Some(one_commit(&repo, rev, "the upstream commit")?),
        None => None,
    };
    let opts = ReviewOptions {
        min_confidence: args.min_confidence,
    };
    let done = review(&repo, backport, upstream, &opts).map_err(|e| match e {
        ReviewError::NoTrailer { .. } | ReviewError::UnknownUpstream { .. } => {
            anyhow::Error::new(Failure::usage(
                e.to_string(),
                "name the upstream commit with --upstream REV (fetch it first if it is not here)",
            ))
        }
        ReviewError::NoParent { .. } | ReviewError::SameCommit { .. } => {
            anyhow::Error::new(Failure::usage(
                e.to_string(),
                "name the backport commit, then its upstream commit",
            ))
        }
        other => anyhow::Error::new(other),
    })?;
    let interactive = !args.json
        && !args.text
        && !args.strict
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal();
    if interactive {
        let tui = super::tui::tui(&args.tui, &repo)?;
        let judged = ferry::ui::review::run(done, tui.options())?;
        match comment(&judged) {
            Some(text) => {
                print_text(&text);
                if let Some(path) = &args.comment {
                    std::fs::write(path, &text)
                        .with_context(|| format!("writing {}", path.display()))?;
                }
            }
            None => println!("No pair got a verdict; nothing to comment."),
        }
        return Ok(EXIT_OK);
    }
    if args.json {
        print_json(&done)?;
    } else {
        print_text(&to_text(&done));
    }
    Ok(if args.strict && done.summary.incomplete() {
        EXIT_NEEDS_PERSON
    } else {
        EXIT_OK
    })
}

/// The one commit `rev` names.
fn one_commit(repo: &Repo, rev: &str, what: &str) -> Result<Oid> {
    let hint = format!("name {what} by its id, a branch or a tag");
    let oids = repo
        .resolve(rev)
        .map_err(|e| Failure::usage(e.to_string(), hint.clone()))?;
    match oids.as_slice() {
        [one] => Ok(*one),
        _ => Err(Failure::usage(
            format!("'{rev}' names {} commits; {what} must be one", oids.len()),
            hint,
        )
        .into()),
    }
}
