//! `ferry demo`: build the demo repository and open the interactive view on
//! its fix, through the same path as `ferry pick`, so a newcomer meets every
//! kind of drift in the first minute.

use std::io::IsTerminal;

use anyhow::{Context, Result};
use ferry::demo::DemoRepo;
use ferry::error::Failure;

use crate::cli::{DemoArgs, PickArgs};

/// Builds the repository; in a terminal opens the view on the fix (as
/// `ferry pick <fix>` in the repository would), else (or with
/// `--setup-only`) prints where it is and the command that ports the fix.
pub fn run(args: &DemoArgs) -> Result<i32> {
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => tempfile::Builder::new()
            .prefix("ferry-demo-")
            .tempdir()
            .context("creating a folder for the demo")?
            .keep(),
    };
    let demo = ferry::demo::build(&dir).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "give --dir a path that does not exist or is empty",
        )
    })?;
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if args.setup_only || !interactive {
        return describe(&demo, args.setup_only);
    }
    give_identity(&demo)?;
    std::env::set_current_dir(&demo.path)
        .with_context(|| format!("entering {}", demo.path.display()))?;
    let pick = PickArgs {
        record: args.record.clone(),
        ..PickArgs::of(demo.fix_commit.clone(), args.tui.clone())
    };
    let tour = if args.tour { demo.tour() } else { Vec::new() };
    let code = super::pick::run_with(&pick, tour)?;
    println!(
        "\nThe demo repository is {} (branch {}).",
        demo.path.display(),
        demo.legacy_branch
    );
    if code == 0 {
        println!(
            "See the backport with:\n  cd {}\n  git show",
            demo.path.display()
        );
    } else {
        println!(
            "Your decisions are kept. To go on:\n  cd {}\n  ferry pick --continue",
            demo.path.display()
        );
    }
    Ok(code)
}

/// The demo commits as its own committer when the user has no git identity
/// (a fresh machine, a container): the repository is a throwaway.
fn give_identity(demo: &DemoRepo) -> Result<()> {
    let repo = git2::Repository::open(&demo.path).context("opening the demo repository")?;
    if repo.signature().is_ok() {
        return Ok(());
    }
    let mut config = repo
        .config()
        .and_then(|c| c.open_level(git2::ConfigLevel::Local))
        .context("configuring the demo repository")?;
    config.set_str("user.name", "ferry demo")?;
    config.set_str("user.email", "demo@ferry.invalid")?;
    Ok(())
}

/// Prints where the repository is and how to port the fix; without
/// `setup_only` also the plan (for a run without a terminal).
fn describe(demo: &DemoRepo, setup_only: bool) -> Result<i32> {
    let command = ferry::demo::pick_command(demo);
    println!(
        "Built the demo repository in {} (branch {} checked out; the fix is on {}).",
        demo.path.display(),
        demo.legacy_branch,
        demo.upstream_branch
    );
    if !setup_only {
        println!(
            "\nThe fix has {} hunks, one for each kind of drift:",
            demo.hunks.len()
        );
        for (i, h) in demo.hunks.iter().enumerate() {
            println!(
                "  {:>2}. {:<18} {} ({})",
                i + 1,
                h.drift.label(),
                h.path_upstream,
                h.function
            );
        }
        println!("\nWhat ferry plans for it:\n");
        let exe = std::env::current_exe().context("finding the ferry executable")?;
        let status = std::process::Command::new(exe)
            .args(["plan", &demo.fix_commit])
            .current_dir(&demo.path)
            .status()
            .context("running ferry plan in the demo repository")?;
        if !status.success() {
            println!("\n(Hunks below the confidence threshold wait for a person.)");
        }
    }
    println!(
        "\nTo port the fix:\n  cd {}\n  {}\n(or add --auto to take only what ferry is sure of)",
        demo.path.display(),
        command
    );
    Ok(0)
}
