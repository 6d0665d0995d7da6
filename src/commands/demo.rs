//! `ferry demo`: build the demo repository and show what ferry makes of its fix.

use anyhow::{Context, Result};
use ferry::error::Failure;

use crate::cli::DemoArgs;

/// Builds the repository, prints where it is and the command that ports the
/// fix; without `--setup-only` also prints the plan for the fix.
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
    let command = ferry::demo::pick_command(&demo);
    println!(
        "Built the demo repository in {} (branch {} checked out; the fix is on {}).",
        demo.path.display(),
        demo.legacy_branch,
        demo.upstream_branch
    );
    if !args.setup_only {
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
        "\nTo port the fix:\n  cd {}\n  {} --auto",
        demo.path.display(),
        command
    );
    Ok(0)
}
