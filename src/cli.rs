//! The command line, as clap types. Each subcommand's work lives in
//! `commands/`.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};

/// Carry a fix from a newer version of a codebase back onto an older,
/// drifted branch.
///
/// ferry finds where each upstream hunk belongs in the legacy code even when
/// line numbers and context have drifted, says how sure it is and why, and
/// fits the hunk to the place (keeping legacy's own lines, re-indenting,
/// carrying renames over).
///
/// Exit codes: 0 done, 1 a person must decide (unplaced hunks), 2 usage or
/// input error.
#[derive(Debug, Parser)]
#[command(name = "ferry", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show where every hunk of upstream commits would go, changing nothing.
    Plan(PlanArgs),
    /// Port upstream commits onto HEAD of the current repository.
    Pick(PickArgs),
    /// Port a patch or mbox file onto a directory, with or without git.
    Apply(ApplyArgs),
    /// Measure ferry on the backports already made on a branch.
    Eval(EvalArgs),
    /// Build a demo repository whose fix meets every kind of drift and open
    /// the interactive view on it.
    Demo(DemoArgs),
    /// Judge a backport someone made against the upstream commit it carries.
    Review(ReviewArgs),
    /// List the upstream commits the legacy branch (HEAD) does not carry yet.
    Missing(MissingArgs),
    /// Show what a branch carries from upstream, and the CVE ids it names.
    Ledger(LedgerArgs),
    /// Step through a port recorded with `ferry pick --record`, or take it
    /// as a quiz.
    Replay(ReplayArgs),
    /// Port a backport the maintainers already made, as an exercise, and
    /// compare the result with theirs.
    Train(TrainArgs),
    /// Port one file given the upstream file before and after (for benchmarks).
    #[command(hide = true)]
    PortFile(PortFileArgs),
}

/// Options shared by commands that place hunks.
#[derive(Debug, Args)]
pub struct PlaceOpts {
    /// Confidence (0 to 1) a hunk's best placement needs to be taken
    /// without a person.
    #[arg(long, value_name = "X", default_value_t = ferry::place::DEFAULT_MIN_CONFIDENCE, value_parser = confidence)]
    pub min_confidence: f32,
    /// Print the machine-readable report (schema in docs/report.md).
    #[arg(long)]
    pub json: bool,
}

/// Options of the interactive view.
#[derive(Debug, Args, Clone, Default)]
pub struct TuiOpts {
    /// The colour theme: dark, light, high-contrast, a theme of yours in
    /// ~/.config/ferry/themes, or a path to a .toml theme file (default: the
    /// config file's `theme`, else dark). NO_COLOR turns colours off.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Leave the mouse to the terminal (text selection) instead of
    /// scrolling and clicking in the view.
    #[arg(long)]
    pub no_mouse: bool,
}

fn confidence(s: &str) -> Result<f32, String> {
    let v: f32 = s
        .parse()
        .map_err(|_| format!("'{s}' is not a number between 0 and 1"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}

/// `ferry plan`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ferry plan abc1234\n  ferry plan v2.1..v2.2 --json")]
pub struct PlanArgs {
    /// A commit (REV) or a range (A..B, oldest first) of upstream commits.
    #[arg(value_name = "REV|A..B")]
    pub revs: String,
    #[command(flatten)]
    pub place: PlaceOpts,
}

/// `ferry pick`.
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("action").args(["resume", "skip", "abort", "quit"]).conflicts_with_all(["revs", "no_commit"])),
    after_help = "A port stops at the first commit that needs a person; its state is kept \
under .git/ferry/ and survives anything. Then:\n  \
ferry pick --continue   resume (also: ferry pick with no argument)\n  \
ferry pick --skip       leave the current commit out and go on\n  \
ferry pick --abort      put HEAD, the index and the worktree back as before\n  \
ferry pick --quit       forget the port, keep the worktree and index\n\n\
Examples:\n  ferry pick abc1234 --auto\n  ferry pick main~3..main --auto --json\n  \
ferry pick abc1234 --auto --no-commit"
)]
pub struct PickArgs {
    /// A commit (REV) or a range (A..B, oldest first) of upstream commits;
    /// without one, the port in progress is resumed.
    #[arg(value_name = "REV|A..B")]
    pub revs: Option<String>,
    /// Run without the interactive view: take every hunk whose best
    /// placement reaches --min-confidence and commit; stop (exit 1) at the
    /// first commit where any does not.
    #[arg(long)]
    pub auto: bool,
    /// Leave the result in the worktree and index instead of committing.
    #[arg(long)]
    pub no_commit: bool,
    /// A command (build, tests) each ported commit must pass, run with
    /// `sh -c` in the worktree before committing; failing, nothing is
    /// committed and the worktree and index are put back.
    #[arg(long, value_name = "CMD")]
    pub exec: Option<String>,
    /// Resume the port in progress.
    #[arg(long = "continue")]
    pub resume: bool,
    /// Leave the current commit out and resume with the next.
    #[arg(long)]
    pub skip: bool,
    /// Stop the port and put HEAD, the index and every file it wrote back
    /// exactly as they were before it.
    #[arg(long)]
    pub abort: bool,
    /// Forget the port in progress, leaving HEAD, the index and the
    /// worktree as they are.
    #[arg(long)]
    pub quit: bool,
    /// Record every decision made in the interactive view, with what was
    /// on screen for it, as JSON lines appended to FILE (for `ferry replay`).
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    #[command(flatten)]
    pub place: PlaceOpts,
    #[command(flatten)]
    pub tui: TuiOpts,
}

impl PickArgs {
    /// `ferry pick REV` in the view, as another command starts it (the
    /// demo, the missing list, an exercise).
    pub fn of(rev: String, tui: TuiOpts) -> PickArgs {
        PickArgs {
            revs: Some(rev),
            auto: false,
            no_commit: false,
            exec: None,
            resume: false,
            skip: false,
            abort: false,
            quit: false,
            record: None,
            place: PlaceOpts {
                min_confidence: ferry::place::DEFAULT_MIN_CONFIDENCE,
                json: false,
            },
            tui,
        }
    }
}

/// `ferry apply`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ferry apply fix.patch --auto\n  git format-patch -1 --stdout abc | ferry apply - --auto -d ../legacy"
)]
pub struct ApplyArgs {
    /// The patch or mbox file; `-` reads standard input.
    #[arg(value_name = "PATCH|-")]
    pub patch: PathBuf,
    /// Run without the interactive view (required for now): take every hunk
    /// whose best placement reaches --min-confidence; if any does not, write
    /// nothing and exit 1 with the report.
    #[arg(long, required = true)]
    pub auto: bool,
    /// Remove N leading path components from patch paths (like patch -p).
    #[arg(short = 'p', value_name = "N", default_value_t = 1)]
    pub strip: usize,
    /// The directory the patch's paths are relative to.
    #[arg(
        short = 'd',
        long = "directory",
        value_name = "DIR",
        default_value = "."
    )]
    pub dir: PathBuf,
    /// Only plan: write nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub place: PlaceOpts,
}

/// `ferry eval`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ferry eval --branch v252-stable --limit 200\n  ferry eval -C /srv/mirrors/systemd.git --branch v255-stable --json\n  ferry eval --cases ~/ferry-cases --json\n  ferry eval --cases ~/ferry-cases --mirrors ~/mirrors"
)]
pub struct EvalArgs {
    /// The maintenance branch whose backports to re-port (default: HEAD).
    #[arg(long, value_name = "B")]
    pub branch: Option<String>,
    /// Evaluate at most N backport commits (the newest).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// The repository (a worktree or a bare git directory) instead of the
    /// one containing the current folder.
    #[arg(
        short = 'C',
        long = "repo",
        value_name = "DIR",
        conflicts_with = "cases"
    )]
    pub repo: Option<PathBuf>,
    /// The upstream branch: its history is not searched for backports, and
    /// backports that name no commit are paired with its commits by subject
    /// (default: origin/HEAD, else main, else master).
    #[arg(long, value_name = "REF", conflicts_with = "cases")]
    pub upstream: Option<String>,
    /// Pair backports only by the commit their message names, never by
    /// subject.
    #[arg(long, conflicts_with = "cases")]
    pub trailers_only: bool,
    /// Evaluate a folder of mined cases (see the benchmark README) instead
    /// of a branch.
    #[arg(long, value_name = "DIR", conflicts_with = "branch")]
    pub cases: Option<PathBuf>,
    /// With --cases: the folder of the cases' repositories, as the
    /// benchmark's `regen.sh` keeps them (`<owner>+<name>/repo`). Names the
    /// added lines call are then also looked up in the legacy and upstream
    /// trees, as `ferry pick` does.
    #[arg(long, value_name = "DIR", requires = "cases")]
    pub mirrors: Option<PathBuf>,
    #[command(flatten)]
    pub place: PlaceOpts,
}

/// `ferry demo`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  ferry demo\n  ferry demo --setup-only --dir /tmp/ferry-demo")]
pub struct DemoArgs {
    /// Where to build the repository (must not exist or be empty);
    /// default: a new folder in the system's temporary directory.
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Only build the repository and print the command that ports the fix.
    #[arg(long)]
    pub setup_only: bool,
    /// A guided tour: each hunk opens with the explain view and a note on
    /// the kind of drift it meets and what to look for.
    #[arg(long)]
    pub tour: bool,
    /// Record every decision, with what was on screen for it, as JSON lines
    /// appended to FILE (for `ferry replay`).
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    #[command(flatten)]
    pub tui: TuiOpts,
}

/// `ferry review`.
#[derive(Debug, Args)]
#[command(
    after_help = "Every upstream hunk is paired with what the backport did at the matching place \
and classified identical, relocated, adapted, missing or already-present; changes only the \
backport has are extra (docs/review.md).\n\nExit codes: 0 reviewed, 1 with --strict when \
anything is missing or extra, 2 usage error.\n\nExamples:\n  ferry review HEAD\n  \
ferry review v2.1-stable~3 --upstream abc1234 --json\n  ferry review HEAD --strict"
)]
pub struct ReviewArgs {
    /// The backport commit.
    #[arg(value_name = "BACKPORT-REV")]
    pub backport: String,
    /// The upstream commit it carries (default: the one its message names:
    /// `(cherry picked from commit X)`, `Backport of X`, `Upstream commit X`).
    #[arg(long, value_name = "REV")]
    pub upstream: Option<String>,
    /// Print the machine-readable review (schema in docs/review.md).
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when an upstream change is missing or the backport has extra
    /// changes.
    #[arg(long)]
    pub strict: bool,
    /// Confidence (0 to 1) the placement engine needs to call a place found.
    #[arg(long, value_name = "X", default_value_t = ferry::place::DEFAULT_MIN_CONFIDENCE, value_parser = confidence)]
    pub min_confidence: f32,
    /// Print the plain-text report even in a terminal (the interactive
    /// view opens only in a terminal and without --json, --text or --strict).
    #[arg(long, alias = "no-tui")]
    pub text: bool,
    /// Also write the review comment (the verdicts and notes given in the
    /// interactive view) to FILE.
    #[arg(long, value_name = "FILE")]
    pub comment: Option<PathBuf>,
    #[command(flatten)]
    pub tui: TuiOpts,
}

/// `ferry replay`.
#[derive(Debug, Args)]
#[command(
    after_help = "Record a port with `ferry pick REV --record FILE` (or `ferry demo --record FILE`), \
then replay it. In a quiz each recorded decision is hidden until you give yours with the keys \
of ferry pick (y accept, n skip, e edit, p place by hand); the score is printed at the end \
(docs/teaching.md).\n\nExamples:\n  ferry replay port.jsonl\n  ferry replay --quiz port.jsonl"
)]
pub struct ReplayArgs {
    /// The recording (JSON lines written by --record).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Hide each recorded decision until you have made yours, then compare.
    #[arg(long)]
    pub quiz: bool,
    #[command(flatten)]
    pub tui: TuiOpts,
}

/// `ferry train`.
#[derive(Debug, Args)]
#[command(
    after_help = "The backports on the branch are found as `ferry eval` finds them (their messages \
name the upstream commit). The exercise is set up in a new git worktree at the backport's parent, \
on a branch ferry-train/NAME, so your checkout is not touched; you port the upstream commit there \
in the interactive view, then ferry shows, file by file, whether your result is what the \
maintainers committed, with the diff where it is not (docs/teaching.md).\n\nExamples:\n  \
ferry train --list\n  ferry train --branch v2.1-stable --pick 3\n  ferry train --seed 7"
)]
pub struct TrainArgs {
    /// The maintenance branch whose backports become exercises (default: HEAD).
    #[arg(long, value_name = "B")]
    pub branch: Option<String>,
    /// The upstream branch: its history is not searched for backports.
    #[arg(long, value_name = "U")]
    pub upstream: Option<String>,
    /// List the exercises (newest first) and stop.
    #[arg(long)]
    pub list: bool,
    /// Take exercise N of the list (1 is the newest).
    #[arg(long, value_name = "N", conflicts_with = "seed")]
    pub pick: Option<usize>,
    /// Take an exercise chosen from this number (the same number, the same
    /// exercise); default: the newest.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Where to make the exercise's worktree (must not exist); default: a
    /// new folder in the system's temporary directory.
    #[arg(long, value_name = "PATH")]
    pub dir: Option<PathBuf>,
    /// Let ferry port it without the interactive view (what ferry alone
    /// would have committed), then compare.
    #[arg(long)]
    pub auto: bool,
    #[command(flatten)]
    pub tui: TuiOpts,
}

/// `ferry port-file`.
#[derive(Debug, Args)]
pub struct PortFileArgs {
    /// The upstream patch for this file.
    pub patch: PathBuf,
    /// The legacy file.
    pub legacy: PathBuf,
    /// The upstream file before the commit.
    pub upstream_before: PathBuf,
    /// The upstream file after the commit.
    pub upstream_after: PathBuf,
    /// The file's path in the repository.
    pub path: String,
    /// Where to write the result.
    pub out: PathBuf,
    /// Confidence a hunk needs.
    #[arg(long, default_value_t = ferry::place::DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f32,
    /// Print the plan as text on standard error.
    #[arg(long)]
    pub report: bool,
    /// Folder of the cases' repositories as the benchmark keeps them
    /// (`<owner>+<name>/repo`): check the names the added lines call
    /// against the branch's and upstream's trees, as `ferry eval --cases
    /// --mirrors` does.
    #[arg(long, value_name = "DIR")]
    pub mirrors: Option<PathBuf>,
    /// The case's `meta.json` (which repository and commits), for
    /// `--mirrors` [default: meta.json beside LEGACY].
    #[arg(long, value_name = "FILE", requires = "mirrors")]
    pub meta: Option<PathBuf>,
}

/// `ferry missing`.
#[derive(Debug, Args)]
#[command(
    after_help = "A commit is carried when a legacy commit names it in a trailer ((cherry picked from commit X), Backport of X, [ Upstream commit X ]) or has the same patch id.\n\nExamples:\n  ferry missing main\n  ferry missing origin/main --fixes --limit 20\n  ferry missing main --path src/net --since v2.1 --json"
)]
pub struct MissingArgs {
    /// The upstream branch or ref (default: git config ferry.upstream, else
    /// origin/HEAD, main, master).
    #[arg(value_name = "UPSTREAM")]
    pub upstream: Option<String>,
    /// Only upstream commits made after REV (not reachable from it).
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
    /// Only commits whose message contains TEXT (ignoring case).
    #[arg(long, value_name = "TEXT")]
    pub grep: Option<String>,
    /// Only fixes: a Fixes: trailer or revert naming a commit legacy has,
    /// or a CVE id.
    #[arg(long)]
    pub fixes: bool,
    /// Only commits touching PATH (a file or folder); repeatable.
    #[arg(long, value_name = "PATH")]
    pub path: Vec<String>,
    /// List at most N commits, the newest that match (0: all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
    /// Skip placing the listed commits (no verdicts, series or
    /// prerequisites): only what is missing.
    #[arg(long)]
    pub no_verdicts: bool,
    /// Skip looking for the prerequisites of commits that do not land
    /// cleanly.
    #[arg(long)]
    pub no_prereqs: bool,
    /// The repository instead of the one containing the current folder.
    #[arg(short = 'C', long = "repo", value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Print the text report even on a terminal (instead of the list
    /// view); a pipe always gets text.
    #[arg(long, conflicts_with = "json")]
    pub text: bool,
    #[command(flatten)]
    pub place: PlaceOpts,
    #[command(flatten)]
    pub tui: TuiOpts,
}

/// `ferry ledger`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ferry ledger\n  ferry ledger v2.1.4 --upstream main --missing\n  ferry ledger --json | jq '.cves'"
)]
pub struct LedgerArgs {
    /// The branch or release to examine (default: HEAD).
    #[arg(value_name = "REV")]
    pub rev: Option<String>,
    /// The upstream branch (default: git config ferry.upstream, else
    /// origin/HEAD, main, master).
    #[arg(long, value_name = "REF")]
    pub upstream: Option<String>,
    /// Also list the upstream fixes the branch does not carry.
    #[arg(long)]
    pub missing: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// The repository instead of the one containing the current folder.
    #[arg(short = 'C', long = "repo", value_name = "DIR")]
    pub repo: Option<PathBuf>,
}
