//! `ferry pick`: port upstream commits onto HEAD one by one, committing each,
//! with `--continue`, `--skip`, `--abort` and `--quit` as `git cherry-pick`
//! has them.
//!
//! Each commit is planned on HEAD as the earlier commits left it, decided
//! (by `--auto` or a person), written and committed; the state under
//! `.git/ferry/` is saved after every step (see `ferry::finish`), so any
//! run can pick up where the last one stopped.

use anyhow::{anyhow, Result};
use ferry::decide::{Decider, Decisions, Outcome, Review, SaveError};
use ferry::error::{Failure, EXIT_NEEDS_PERSON};
use ferry::finish::{self, AutoDecider, FinishError, Finished, Resume};
use ferry::git::{Oid, Repo};
use ferry::port::{upstream_texts, PortOptions};
use ferry::report::{commit_report, CommitReport, Report};
use ferry::state::{CommitOutcome, PortState, StateError};
use ferry::text::visible::terminal_safe;
use ferry::ui::app::TourNote;

use super::output::print_report;
use super::series::{open_repo, plan_one, resolve};
use crate::cli::PickArgs;

/// The hint for a port that has stopped.
const WAYS_ON: &str =
    "ferry pick --continue resumes the port, --skip leaves the current commit out, \
                       --abort puts everything back as before, --quit forgets the port";

/// Who decides the hunks: `--auto`, or a person in the TUI (with a tour's
/// notes and a recording, when asked for).
fn decider(args: &PickArgs, repo: &Repo, tour: Vec<TourNote>) -> Result<Box<dyn Decider>> {
    if args.auto {
        if args.record.is_some() {
            return Err(Failure::usage(
                "--record records a person's decisions; --auto makes none",
                "leave out --auto or --record",
            )
            .into());
        }
        return Ok(Box::new(AutoDecider));
    }
    let mut tui = super::tui::tui(&args.tui, repo)?;
    let options = tui.options_mut();
    options.tour = tour;
    options.record = args.record.clone();
    Ok(Box::new(tui))
}

/// `ferry pick`.
pub fn run(args: &PickArgs) -> Result<i32> {
    run_with(args, Vec::new())
}

/// `ferry pick` with a tour's notes on the items of its (single) commit.
pub fn run_with(args: &PickArgs, tour: Vec<TourNote>) -> Result<i32> {
    let repo = open_repo()?;
    let git_dir = repo.git_dir().to_path_buf();
    if args.quit {
        return quit(&git_dir);
    }
    let saved = PortState::load(&git_dir).map_err(state_failure)?;
    if args.abort {
        let state = saved.ok_or_else(nothing_in_progress)?;
        finish::abort(&repo, &state).map_err(|e| finish_failure(e, false))?;
        eprintln!(
            "ferry: port aborted; HEAD is back at {}",
            short(&repo, &state.orig_head)
        );
        return Ok(0);
    }
    refuse_git_operation(&repo)?;
    let mut decider = decider(args, &repo, tour)?;
    let (mut state, started) = match (saved, &args.revs) {
        (Some(state), Some(_)) => {
            return Err(Failure::usage(
                format!(
                    "a ferry port is in progress (commit {} of {})",
                    (state.current + 1).min(state.commits.len()),
                    state.commits.len()
                ),
                WAYS_ON,
            )
            .into())
        }
        (None, None) => return Err(nothing_in_progress().into()),
        (Some(state), None) => (state, false),
        (None, Some(revs)) => (start(&repo, revs, args)?, true),
    };
    if args.skip {
        let skipped = state.current_commit().map(|s| short(&repo, s));
        finish::skip(&repo, &mut state).map_err(|e| finish_failure(e, false))?;
        if let Some(s) = skipped {
            eprintln!("ferry: skipped {s}");
        }
    }
    let result = series(&repo, &mut state, decider.as_mut(), args.place.json);
    if result.is_err() && started && pristine(&state) {
        // Nothing happened: no port to resume or abort.
        PortState::remove(&git_dir).map_err(state_failure)?;
        return result.map_err(|e| match e.downcast::<FinishError>() {
            Ok(f) => finish_failure(f, true).into(),
            Err(e) => e,
        });
    }
    result.map_err(|e| match e.downcast::<FinishError>() {
        Ok(f) => finish_failure(f, false).into(),
        Err(e) => e,
    })
}

/// Whether the port has changed nothing yet.
fn pristine(state: &PortState) -> bool {
    state.outcomes.is_empty() && state.touched.is_empty() && state.finishing.is_none()
}

/// Starts a new port of `revs`.
fn start(repo: &Repo, revs: &str, args: &PickArgs) -> Result<PortState> {
    let commits = resolve(repo, revs)?;
    repo.head_oid()
        .map_err(|e| Failure::usage(e.to_string(), "check out the legacy branch first"))?;
    if repo.workdir().is_none() {
        return Err(Failure::usage(
            "this repository has no worktree",
            "run ferry pick in a checkout of the legacy branch",
        )
        .into());
    }
    if !args.no_commit {
        finish::check_identity(repo).map_err(|e| finish_failure(e, true))?;
    }
    Ok(finish::start(
        repo,
        &commits,
        args.no_commit,
        args.place.min_confidence,
        args.exec.clone(),
    )?)
}

/// Ports the commits from the current one on; 0 when all are done, 1 when
/// one needs a person.
fn series(
    repo: &Repo,
    state: &mut PortState,
    decider: &mut dyn Decider,
    json: bool,
) -> Result<i32> {
    let git_dir = repo.git_dir().to_path_buf();
    let opts = PortOptions {
        strip: 1,
        min_confidence: state.min_confidence,
    };
    let mut reports: Vec<CommitReport> = Vec::new();
    loop {
        let resume = finish::recover(repo, state)?;
        let Some(upstream) = state.current_commit().map(str::to_string) else {
            break;
        };
        if !state.no_commit {
            finish::check_identity(repo)?;
        }
        let oid = Oid::from_str(&upstream)?;
        let head = Oid::from_str(state.head())?;
        let overlay = finish::overlay(repo, state)?;
        let planned = plan_one(repo, oid, head, &overlay, &opts)?;
        let upstream_texts = upstream_texts(repo, &planned.commit, planned.info.parent, opts.strip);
        let review = Review {
            id: Some(planned.info.id.clone()),
            upstream: upstream_texts,
            position: (state.current + 1, state.commits.len()),
            commit: planned.commit,
            plans: planned.plans,
        };
        reports.push(commit_report(
            Some(upstream.clone()),
            &review.commit,
            &review.plans,
        ));
        let mut decisions = match state.decisions.take() {
            Some(d) if d.check(&review.plans).is_ok() => d,
            Some(_) => {
                eprintln!(
                    "ferry: the decisions saved for {} no longer fit its plan; starting it over",
                    planned.info.short
                );
                Decisions::new(&review.plans)
            }
            None => Decisions::new(&review.plans),
        };
        let info = &planned.info;
        let compose = |d: &Decisions| finish::compose(&info.message, &info.id, &review, d);
        let outcome = match resume {
            Resume::Redo { message } => Outcome::Commit { message },
            Resume::Decide | Resume::Advanced => {
                let mut save = |d: &Decisions| -> Result<(), SaveError> {
                    state.decisions = Some(d.clone());
                    state.save(&git_dir).map_err(|e| Box::new(e) as SaveError)
                };
                decider
                    .decide(&review, &mut decisions, &mut save, &compose)
                    .map_err(|e| anyhow!("{e}"))?
            }
        };
        state.decisions = Some(decisions.clone());
        let message = match outcome {
            Outcome::Pause => {
                state.save(&git_dir)?;
                let report = Report::new("pick", state.min_confidence, "needs-person", reports);
                print_report(&report, json)?;
                eprintln!(
                    "ferry: {} {} needs a person (commit {} of {}); the port is saved",
                    info.short,
                    terminal_safe(&info.summary()),
                    state.current + 1,
                    state.commits.len()
                );
                eprintln!("hint: {WAYS_ON}");
                return Ok(EXIT_NEEDS_PERSON);
            }
            Outcome::Commit { message } => message,
        };
        let finished =
            match finish::finish(repo, state, &review, &decisions, &message, &info.author) {
                Ok(finished) => finished,
                Err(FinishError::CheckFailed(check)) => {
                    // The files, index and state are as before the commit: a
                    // person goes back to the hunks, `--auto` stops.
                    let last = check.output.lines().last().unwrap_or("").to_string();
                    let told = decider.notice(&format!(
                        "check {}: {last} (all of it: {})",
                        check.summary(),
                        check.log.display()
                    ));
                    if told {
                        continue;
                    }
                    let mut report =
                        Report::new("pick", state.min_confidence, "check-failed", reports);
                    report.check = Some(*check.clone());
                    print_report(&report, json)?;
                    eprintln!(
                        "ferry: {} {}: the check {}; nothing was committed",
                        info.short,
                        terminal_safe(&info.summary()),
                        check.summary()
                    );
                    eprintln!("hint: {WAYS_ON}");
                    return Ok(EXIT_NEEDS_PERSON);
                }
                Err(e) => return Err(e.into()),
            };
        if !json {
            match finished {
                Finished::Committed(new) => {
                    println!(
                        "[{}] {}",
                        short(repo, &new.to_string()),
                        terminal_safe(&info.summary())
                    )
                }
                Finished::Staged => {
                    println!("staged {} {}", info.short, terminal_safe(&info.summary()))
                }
                Finished::Empty => println!(
                    "{} {}: nothing to commit, the branch has it already",
                    info.short,
                    terminal_safe(&info.summary())
                ),
            }
        }
    }
    let staged = state
        .outcomes
        .iter()
        .any(|o| matches!(o, CommitOutcome::Staged { .. }));
    PortState::remove(&git_dir)?;
    let result = if staged { "applied" } else { "committed" };
    if json {
        let report = Report::new("pick", state.min_confidence, result, reports);
        print_report(&report, true)?;
    }
    Ok(0)
}

/// `--quit`: forgets the port, even one whose state cannot be read.
fn quit(git_dir: &std::path::Path) -> Result<i32> {
    if !PortState::dir(git_dir).exists() {
        return Err(nothing_in_progress().into());
    }
    PortState::remove(git_dir).map_err(state_failure)?;
    eprintln!("ferry: port forgotten; HEAD, the index and the worktree are left as they are");
    Ok(0)
}

/// A merge, rebase or cherry-pick in progress: ferry's state would tangle
/// with git's.
fn refuse_git_operation(repo: &Repo) -> Result<()> {
    let state = repo.state();
    if state.is_clean() {
        return Ok(());
    }
    Err(Failure::usage(
        format!(
            "{} is in progress; ferry will not start in the middle of it",
            state.describe()
        ),
        state.way_out().unwrap_or("finish it first"),
    )
    .into())
}

fn nothing_in_progress() -> Failure {
    Failure::usage(
        "no ferry port is in progress",
        "start one with ferry pick <REV|A..B>",
    )
}

fn state_failure(e: StateError) -> Failure {
    Failure::input(e.to_string(), "ferry pick --quit forgets the saved port")
}

/// A finishing error as the user should see it; `fresh`: nothing of the
/// port is kept, so the way on is to run the command again.
fn finish_failure(e: FinishError, fresh: bool) -> Failure {
    let again = if fresh {
        "run ferry pick again"
    } else {
        "ferry pick --continue"
    };
    let hint = match &e {
        FinishError::Dirty { .. } => format!("commit or stash your changes, then {again}"),
        FinishError::Untracked { .. } => format!("move the file away, then {again}"),
        FinishError::NoIdentity => format!("then {again}"),
        FinishError::Hook { .. } => {
            "fix what the hook says, then ferry pick --continue (or --abort)".to_string()
        }
        FinishError::HeadMoved { .. } => {
            "ferry pick --abort puts HEAD back where the port started, --quit forgets the port"
                .to_string()
        }
        _ => WAYS_ON.to_string(),
    };
    let message = e.to_string();
    match e {
        FinishError::Hook { .. } => Failure {
            kind: ferry::error::FailureKind::NeedsPerson,
            message,
            hint: Some(hint),
        },
        FinishError::Git { .. } | FinishError::Io { .. } | FinishError::State(_) => {
            Failure::input(message, hint)
        }
        _ => Failure::usage(message, hint),
    }
}

/// A commit's short id, or the id itself when it cannot be read.
fn short(repo: &Repo, id: &str) -> String {
    Oid::from_str(id)
        .ok()
        .and_then(|oid| repo.commit_info(oid).ok())
        .map_or_else(|| id.chars().take(12).collect(), |i| i.short)
}
