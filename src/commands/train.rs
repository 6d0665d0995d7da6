//! `ferry train`: a historical backport of this repository as an exercise,
//! ported in a scratch worktree and then compared with what the
//! maintainers committed (the library side is `ferry::teach::train`).

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use ferry::error::{Failure, EXIT_OK};
use ferry::eval::Backport;
use ferry::git::{Oid, Repo};
use ferry::teach::train::{choose, compare, exercises, scratch, TrainError};

use super::output::say;
use crate::cli::{PickArgs, TrainArgs};

fn usage(e: TrainError) -> anyhow::Error {
    let hint = match e {
        TrainError::NoBackports { .. } => {
            "name a maintenance branch with --branch; its commits must name their upstream commit"
        }
        TrainError::NoSuch { .. } => "see the exercises with ferry train --list",
        _ => "see docs/teaching.md",
    };
    Failure::usage(e.to_string(), hint).into()
}

/// Runs `ferry train`.
pub fn run(args: &TrainArgs) -> Result<i32> {
    let cwd = std::env::current_dir()?;
    let repo = Repo::discover(&cwd)
        .map_err(|e| Failure::usage(e.to_string(), "run ferry train inside the repository"))?;
    let branch = args.branch.as_deref().unwrap_or("HEAD");
    let tip = one_commit(&repo, branch)?;
    let upstream = match &args.upstream {
        Some(u) => Some(one_commit(&repo, u)?),
        None => None,
    };
    let found = exercises(&repo, tip, upstream, branch).map_err(usage)?;
    if args.list {
        say!("{} exercise(s) on {branch}, newest first:", found.len());
        for (i, b) in found.iter().enumerate() {
            say!(
                "  {:>3}. {} {} (upstream {})",
                i + 1,
                short(b.commit),
                b.subject,
                short(b.upstream)
            );
        }
        return Ok(EXIT_OK);
    }
    let index = choose(found.len(), args.pick, args.seed).map_err(usage)?;
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !args.auto && !terminal {
        return Err(Failure::usage(
            "the exercise is ported in the interactive view, which needs a terminal",
            "run ferry train in a terminal, or add --auto to see what ferry alone would do",
        )
        .into());
    }
    let Some(b) = found.get(index) else {
        return Err(usage(TrainError::NoSuch {
            n: index + 1,
            of: found.len(),
        }));
    };
    let path = match &args.dir {
        Some(d) => d.clone(),
        None => {
            let tmp = tempfile::Builder::new()
                .prefix("ferry-train-")
                .tempdir()
                .context("creating a folder for the exercise")?
                .keep();
            let name = tmp
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "exercise".into());
            tmp.join(name)
        }
    };
    let scratch = scratch(&repo, b, &path).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "give --dir a path that does not exist (and a name not used by an earlier exercise)",
        )
    })?;
    say!(
        "Exercise {}/{}: port upstream {} onto {} (the maintainers' backport is {} \"{}\").\n\
         Worktree: {} (branch {})",
        index + 1,
        found.len(),
        short(b.upstream),
        short(b.parent),
        short(b.commit),
        b.subject,
        scratch.path.display(),
        scratch.branch
    );
    std::env::set_current_dir(&scratch.path)
        .with_context(|| format!("entering {}", scratch.path.display()))?;
    let pick = PickArgs {
        auto: args.auto,
        ..PickArgs::of(b.upstream.to_string(), args.tui.clone())
    };
    let code = super::pick::run(&pick)?;
    grade(&repo, b, &scratch.path, code)?;
    say!(
        "\nWhen done with it: git worktree remove --force {} && git branch -D {}",
        scratch.path.display(),
        scratch.branch
    );
    Ok(EXIT_OK)
}

/// Prints the trainee's result beside the maintainers'.
fn grade(repo: &Repo, b: &Backport, worktree: &Path, code: i32) -> Result<()> {
    let mine = Repo::open(worktree)
        .and_then(|r| r.head_oid())
        .context("reading the exercise's HEAD")?;
    if mine == b.parent {
        say!(
            "\nThe port is not committed yet (exit {code}). Finish it with:\n  cd {}\n  ferry pick --continue\n\
             then compare with: git diff {} HEAD",
            worktree.display(),
            short(b.commit)
        );
        return Ok(());
    }
    let files = compare(repo, b, mine).map_err(|e| anyhow::anyhow!(e))?;
    let same = files.iter().filter(|f| f.same).count();
    say!(
        "\nYour port beside the maintainers' ({}): {same} of {} file(s) the same.",
        short(b.commit),
        files.len()
    );
    for f in &files {
        say!(
            "  {:<8} {}",
            if f.same { "same" } else { "differs" },
            f.path
        );
    }
    for f in files.iter().filter(|f| !f.same) {
        say!("\n{}", f.diff.trim_end());
    }
    Ok(())
}

fn short(oid: Oid) -> String {
    oid.to_string().chars().take(7).collect()
}

fn one_commit(repo: &Repo, rev: &str) -> Result<Oid> {
    let hint = "name a branch, a tag or a commit";
    let oids = repo
        .resolve(rev)
        .map_err(|e| Failure::usage(e.to_string(), hint))?;
    match oids.as_slice() {
        [one] => Ok(*one),
        _ => Err(Failure::usage(format!("'{rev}' names {} commits", oids.len()), hint).into()),
    }
}
