//! `ferry eval --cases DIR`: score ferry on a folder of mined backport cases
//! (the layout of the benchmark's `mine.py`: `<repo>/<case>/{upstream.patch,
//! legacy_before, upstream_before, expected, meta.json}`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ferry::place::Adaptation;
use ferry::port::{port_bytes, PortOptions};
use serde::Serialize;

use crate::cli::EvalArgs;

/// What ferry did on one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Outcome {
    Correct,
    Wrong,
    Refused,
}

#[derive(Debug, Serialize)]
struct CaseResult {
    repo: String,
    case: String,
    hard: bool,
    outcome: Outcome,
    detail: String,
}

fn case_dirs(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if dir.join("meta.json").is_file() {
            out.push(dir);
            continue;
        }
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let p = entry?.path();
            if p.is_dir()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
            {
                stack.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn run_case(dir: &Path, opts: &PortOptions) -> Result<(Outcome, String, bool, String)> {
    let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("meta.json"))?)?;
    let hard = !meta["strict_apply_exact"].as_bool().unwrap_or(false);
    let repo = meta["name"].as_str().unwrap_or("?").to_string();
    let patch = ferry::patch::parse(&std::fs::read(dir.join("upstream.patch"))?)?;
    let legacy = std::fs::read(dir.join("legacy_before"))?;
    let before = std::fs::read(dir.join("upstream_before"))?;
    let expected = std::fs::read(dir.join("expected"))?;
    let Some(file) = patch.commits.first().and_then(|c| c.files.first()) else {
        return Ok((Outcome::Refused, "no file in patch".into(), hard, repo));
    };
    let (plan, written) = port_bytes(file, &legacy, Some(&before), opts)?;
    let expected_text = ferry::text::Text::parse(&expected);
    let detail: Vec<String> = plan
        .hunks
        .iter()
        .map(|h| match h.best() {
            Some(c) => {
                let q = &c.quality;
                format!(
                    "{}:{}:{:.2}:r{:.2}:rf{}:rm{}:cd{}:x{}:ma{}:mc{}:mn{}:a{}:ok{}:u{}:mw{}:ap{}",
                    h.status.name(),
                    c.strategy.name(),
                    c.confidence,
                    q.ratio,
                    q.removed_fuzzy,
                    q.removed_missing(),
                    q.context_drifted,
                    q.extra,
                    q.map_agree,
                    q.map_conflict,
                    c.missing_names.len(),
                    u8::from(c.ambiguous),
                    u8::from(lands_in(&plan.legacy, c, &expected_text)),
                    u8::from(q.uncertain_order),
                    adapted(c, |a| matches!(a, Adaptation::MergedWords { .. })),
                    adapted(c, |a| matches!(a, Adaptation::AlreadyPresent { .. })),
                )
            }
            None => h.status.name().to_string(),
        })
        .collect();
    let detail = detail.join(" ");
    let outcome = match written {
        None => Outcome::Refused,
        Some(w) if w == expected => Outcome::Correct,
        Some(_) => Outcome::Wrong,
    };
    Ok((outcome, detail, hard, repo))
}

/// Whether a candidate made an adaptation of some kind (0 or 1).
fn adapted(c: &ferry::place::Candidate, kind: impl Fn(&Adaptation) -> bool) -> u8 {
    u8::from(c.adaptations.iter().any(kind))
}

/// Whether a candidate's result, with two legacy lines around it, occurs
/// in the maintainer's file: a per-hunk view of correctness.
fn lands_in(
    legacy: &ferry::text::Text,
    c: &ferry::place::Candidate,
    expected: &ferry::text::Text,
) -> bool {
    let before = &legacy.lines[c.span.start.saturating_sub(2)..c.span.start];
    let after = &legacy.lines[c.span.end..(c.span.end + 2).min(legacy.lines.len())];
    let needle: Vec<&Vec<u8>> = before.iter().chain(&c.lines).chain(after).collect();
    if needle.is_empty() {
        return true;
    }
    expected
        .lines
        .windows(needle.len())
        .any(|w| w.iter().zip(&needle).all(|(a, b)| a == *b))
}

#[derive(Default)]
struct Tally {
    n: usize,
    correct: usize,
    wrong: usize,
}

impl Tally {
    fn add(&mut self, o: Outcome) {
        self.n += 1;
        match o {
            Outcome::Correct => self.correct += 1,
            Outcome::Wrong => self.wrong += 1,
            Outcome::Refused => {}
        }
    }

    fn line(&self) -> String {
        let pct = |x: usize| 100.0 * x as f64 / self.n.max(1) as f64;
        format!(
            "n={:<4} correct {:5.1}%  wrong {:5.1}%  refused {:5.1}%",
            self.n,
            pct(self.correct),
            pct(self.wrong),
            pct(self.n - self.correct - self.wrong)
        )
    }
}

/// Scores every case under `root`.
pub fn run(root: &Path, args: &EvalArgs) -> Result<i32> {
    let opts = PortOptions {
        strip: 1,
        min_confidence: args.place.min_confidence,
    };
    let mut results = Vec::new();
    for dir in case_dirs(root)?
        .into_iter()
        .take(args.limit.unwrap_or(usize::MAX))
    {
        let case = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (outcome, detail, hard, repo) = match run_case(&dir, &opts) {
            Ok(r) => r,
            Err(e) => (Outcome::Refused, format!("error: {e:#}"), true, "?".into()),
        };
        results.push(CaseResult {
            repo,
            case,
            hard,
            outcome,
            detail,
        });
    }
    if args.place.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(0);
    }
    let mut by: BTreeMap<(String, &str), Tally> = BTreeMap::new();
    for r in &results {
        for repo in [r.repo.clone(), "ALL".to_string()] {
            by.entry((repo.clone(), "all")).or_default().add(r.outcome);
            if r.hard {
                by.entry((repo, "hard")).or_default().add(r.outcome);
            }
        }
    }
    for ((repo, set), t) in &by {
        println!("{repo:<16} {set:<4} {}", t.line());
    }
    Ok(0)
}
