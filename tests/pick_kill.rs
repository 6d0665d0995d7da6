//! Killing `ferry pick --auto A..B` with SIGKILL at every point where it
//! saves, writes or commits (stopped there by `FERRY_TEST_PAUSE_AT`, see
//! `src/killpoint.rs`) and at times spread over a run: the repository is
//! never half-written, and `ferry pick --continue --auto` finishes the port
//! with the tree an uninterrupted run gives.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

#[path = "support/repo.rs"]
mod repo;

#[path = "support/pick.rs"]
mod pick;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use pick::{ferry, ferry_command, fix_message, said, series, Series, AUTHOR};

/// Every named point, in the order a port reaches them.
const POINTS: &[&str] = &[
    "save-index",
    "save-state",
    "decide",
    "write",
    "stage",
    "commit",
    "advance",
];

/// What an uninterrupted port gives.
struct Expected {
    /// HEAD's tree at the end.
    tree: String,
    /// Per file: (before the port, after it).
    files: Vec<(String, Vec<u8>, Vec<u8>)>,
}

fn expected() -> Expected {
    let s = series(false);
    let before: Vec<Vec<u8>> = ["a", "b", "c"]
        .iter()
        .map(|n| std::fs::read(s.t.path().join(format!("{n}.py"))).unwrap())
        .collect();
    let out = ferry(&s.t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let files = ["a", "b", "c"]
        .iter()
        .zip(before)
        .map(|(n, b)| {
            let name = format!("{n}.py");
            let after = std::fs::read(s.t.path().join(&name)).unwrap();
            (name, b, after)
        })
        .collect();
    Expected {
        tree: tree(&s),
        files,
    }
}

fn tree(s: &Series) -> String {
    String::from_utf8(s.t.git_ok(&["rev-parse", "HEAD^{tree}"]))
        .unwrap()
        .trim()
        .to_string()
}

/// Checks what a killed port left: every commit made is a whole port of its
/// upstream commit, in order, and every file is before or after, whole.
fn check_consistent(s: &Series, want: &Expected, label: &str) {
    let t = &s.t;
    let fsck = t.git(&["fsck", "--no-dangling", "--no-progress"]);
    assert!(fsck.status.success(), "{label}: fsck: {}", said(&fsck));
    let log = String::from_utf8(t.git_ok(&[
        "log",
        "--reverse",
        "--format=%H",
        &format!("{}..HEAD", s.legacy),
    ]))
    .unwrap();
    let made: Vec<&str> = log.lines().collect();
    assert!(made.len() <= 3, "{label}: {made:?}");
    for (i, commit) in made.iter().enumerate() {
        let message = pick::show(t, commit, "%B");
        let fix = s.fixes[i];
        assert_eq!(
            message,
            format!(
                "{}\n(cherry picked from commit {fix})\n\n",
                fix_message(i + 1)
            ),
            "{label}: commit {i}"
        );
        assert_eq!(pick::show(t, commit, "%an").trim(), AUTHOR, "{label}");
        // The commit holds its file after the port and the others before.
        for (j, (name, before, after)) in want.files.iter().enumerate() {
            let content = t.git_ok(&["show", &format!("{commit}:{name}")]);
            let expect = if j <= i { after } else { before };
            assert_eq!(&content, expect, "{label}: {name} in commit {i}");
        }
    }
    for (name, before, after) in &want.files {
        let now = std::fs::read(t.path().join(name)).unwrap();
        assert!(
            now == *before || now == *after,
            "{label}: {name} is half-written:\n{}",
            String::from_utf8_lossy(&now)
        );
    }
}

/// Finishes the port after a kill and checks it ends as an uninterrupted
/// one.
fn resume_and_check(s: &Series, want: &Expected, label: &str) {
    let t = &s.t;
    let done = pick::subjects_since(t, s.legacy).len();
    if t.path().join(".git/ferry/state.json").exists() {
        let out = ferry(t, &["pick", "--continue", "--auto"]);
        assert_eq!(out.status.code(), Some(0), "{label}: {}", said(&out));
        assert!(!t.path().join(".git/ferry").exists(), "{label}");
    } else if done == 0 {
        // Killed before the first state was saved: nothing was done.
        let out = ferry(t, &["pick", &s.range, "--auto"]);
        assert_eq!(out.status.code(), Some(0), "{label}: {}", said(&out));
    } else {
        // Killed after the port was over.
        assert_eq!(done, 3, "{label}: commits made without a state");
    }
    assert_eq!(tree(s), want.tree, "{label}: final tree");
    assert_eq!(pick::subjects_since(t, s.legacy).len(), 3, "{label}");
    let status = t.git_ok(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(
        status.is_empty(),
        "{label}: {}",
        String::from_utf8_lossy(&status)
    );
}

/// Runs the port stopped at `point`; false when it finished without
/// reaching it.
fn run_to(s: &Series, point: &str) -> bool {
    let mut child = ferry_command(&s.t, &["pick", &s.range, "--auto"])
        .env(ferry::killpoint::VAR, point)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut paused = false;
    for line in BufReader::new(stderr).lines() {
        if line.unwrap().starts_with("ferry: paused at") {
            paused = true;
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    paused
}

#[test]
fn sigkill_at_any_point_never_half_writes_and_the_port_resumes() {
    let started = Instant::now();
    let want = expected();
    let mut kills = 0;
    for point in POINTS {
        for n in 1.. {
            let s = series(false);
            let label = format!("{point}#{n}");
            if !run_to(&s, &label) {
                assert!(n > 1, "{point} was never reached");
                break;
            }
            kills += 1;
            check_consistent(&s, &want, &label);
            resume_and_check(&s, &want, &label);
        }
    }
    assert!(kills >= 20, "only {kills} points");

    // And at times nobody chose: spread over one run.
    let runtime = one_run_takes();
    for i in 0..12u32 {
        let delay = runtime * i / 11;
        let (s, _) = kill_after(delay);
        let label = format!("after {delay:?}");
        check_consistent(&s, &want, &label);
        resume_and_check(&s, &want, &label);
    }
    assert!(
        started.elapsed() < Duration::from_secs(120),
        "took {:?}",
        started.elapsed()
    );
}

/// How long one uninterrupted `pick --auto` of the series takes here.
fn one_run_takes() -> Duration {
    let s = series(false);
    let clock = Instant::now();
    let out = ferry(&s.t, &["pick", &s.range, "--auto"]);
    assert_eq!(out.status.code(), Some(0));
    clock.elapsed()
}

/// Starts `pick --auto` on a fresh series and SIGKILLs it after `delay`;
/// whether it was still running then.
fn kill_after(delay: Duration) -> (Series, bool) {
    let s = series(false);
    let mut child = ferry_command(&s.t, &["pick", &s.range, "--auto"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    child.wait().unwrap();
    (s, running)
}

/// SIGKILL at random moments over many runs (`FERRY_KILL_RUNS`, 25 by
/// default; docs/security.md gives the figure of a long run): each run is
/// checked and resumed as above. The seed is printed so a failure can be
/// replayed with `FERRY_KILL_SEED`.
#[test]
fn sigkill_at_random_moments_over_many_runs() {
    let want = expected();
    let runs: u32 = std::env::var("FERRY_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    let mut seed: u64 = std::env::var("FERRY_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("FERRY_KILL_SEED={seed}");
    // The quickest of three runs: a run timed while the other test of this
    // file keeps the machine busy takes longer than the runs killed later,
    // which then all finish before their moment comes.
    let runtime = (0..3).map(|_| one_run_takes()).min().unwrap();
    let mut interrupted = 0;
    for run in 0..runs {
        // xorshift: a delay anywhere in a run, and a little past its end.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = runtime.mul_f64((seed % 1200) as f64 / 1000.0);
        let (s, running) = kill_after(delay);
        if running {
            interrupted += 1;
        }
        let label = format!("run {run}, after {delay:?}");
        check_consistent(&s, &want, &label);
        resume_and_check(&s, &want, &label);
    }
    eprintln!("{interrupted} of {runs} runs killed before they finished");
    assert!(runs < 10 || interrupted > 0, "no run was interrupted");
}
