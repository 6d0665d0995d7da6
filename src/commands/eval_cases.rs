//! `ferry eval --cases DIR`: score ferry on a folder of mined backport cases
//! (the layout of the benchmark's `mine.py`: `<repo>/<case>/{upstream.patch,
//! legacy_before, upstream_before, upstream_after, expected, meta.json}`),
//! next to a 3-way merge of the same change (what `git cherry-pick` does).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ferry::eval::{within, Counts, Outcome};
use ferry::place::{Adaptation, Shape};
use ferry::port::PortOptions;
use serde::Serialize;

use super::case_trees::{port_case, read_meta, MirrorError, Mirrors};
use crate::cli::EvalArgs;

/// What ferry and a 3-way merge did on one case.
#[derive(Debug, Serialize)]
struct CaseResult {
    repo: String,
    case: String,
    hard: bool,
    /// Strict `git apply` takes the patch: a hard case where it does is one
    /// the maintainer changed after applying, and every tool that applies
    /// the patch writes a wrong file there.
    applies: bool,
    outcome: Outcome,
    /// What a 3-way merge of upstream's change made of the same file.
    merge: Outcome,
    /// For a wrong file: whether the maintainer's file has every change
    /// ferry's makes, so that the maintainer changed more than the patch
    /// did (lines no hunk has) rather than otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    within: Option<bool>,
    /// The same for the 3-way merge's wrong file.
    #[serde(skip_serializing_if = "Option::is_none")]
    merge_within: Option<bool>,
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

fn run_case(
    dir: &Path,
    case: String,
    mirrors: Option<&mut Mirrors>,
    opts: &PortOptions,
) -> Result<CaseResult> {
    let meta = read_meta(&dir.join("meta.json"))?;
    let hard = !meta["strict_apply_exact"].as_bool().unwrap_or(false);
    let applies = meta["strict_apply_ok"].as_bool().unwrap_or(false);
    let repo = meta["name"].as_str().unwrap_or("?").to_string();
    let mut patch = ferry::patch::parse(&std::fs::read(dir.join("upstream.patch"))?)?;
    patch.recut();
    let legacy = std::fs::read(dir.join("legacy_before"))?;
    let before = std::fs::read(dir.join("upstream_before"))?;
    let after = std::fs::read(dir.join("upstream_after"))?;
    let expected = std::fs::read(dir.join("expected"))?;
    let merged = ferry::eval::merge_file(&before, &legacy, &after)?;
    let merge = Outcome::of(merged.as_deref(), &expected);
    let merge_within = within(&legacy, merged.as_deref(), &expected);
    let Some(file) = patch.commits.first().and_then(|c| c.files.first()) else {
        return Ok(CaseResult {
            repo,
            case,
            hard,
            applies,
            outcome: Outcome::Refused,
            merge_within,
            merge,
            within: None,
            detail: "no file in patch".into(),
        });
    };
    let (plan, written) = port_case(file, &legacy, &before, &meta, mirrors, opts)?;
    let expected_text = ferry::text::Text::parse(&expected);
    let detail: Vec<String> = plan
        .hunks
        .iter()
        .map(|h| match h.best() {
            Some(c) => {
                let q = &c.quality;
                format!(
                    "{}:{}:{:.2}:r{:.2}:rf{}:rm{}:cd{}:x{}:ma{}:mc{}:mn{}:a{}:ok{}:u{}:mw{}:ap{}:ad={}:mz{}:rs{}/{}:cx{}:in{}:ol{}:an{}:na{}",
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
                    u8::from(q.shapes.contains(&Shape::UncertainOrder)),
                    adapted(c, |a| matches!(a, Adaptation::MergedWords { .. })),
                    adapted(c, |a| matches!(a, Adaptation::AlreadyPresent { .. })),
                    adaptation_kinds(c),
                    q.map_foreign,
                    q.removed_sure,
                    q.removed,
                    q.context,
                    u8::from(q.in_symbol),
                    u8::from(q.form.rewrites_one_line),
                    u8::from(q.anchored),
                    file.hunks.get(h.index).map_or(0, |k| k.added().count()),
                ) + &missing(c)
            }
            None => h.status.name().to_string(),
        })
        .collect();
    let outcome = Outcome::of(written.as_deref(), &expected);
    Ok(CaseResult {
        repo,
        case,
        hard,
        applies,
        outcome,
        within: within(&legacy, written.as_deref(), &expected),
        merge_within,
        merge,
        detail: detail.join(" "),
    })
}

/// `:missing=` and the names the candidate's added lines lack on the
/// branch, when there are any.
fn missing(c: &ferry::place::Candidate) -> String {
    if c.missing_names.is_empty() {
        return String::new();
    }
    format!(":missing={}", c.missing_names.join(",").replace(' ', "_"))
}

/// Whether a candidate made an adaptation of some kind (0 or 1).
fn adapted(c: &ferry::place::Candidate, kind: impl Fn(&Adaptation) -> bool) -> u8 {
    u8::from(c.adaptations.iter().any(kind))
}

/// The kinds of the candidate's adaptations, as `+`-joined report names.
fn adaptation_kinds(c: &ferry::place::Candidate) -> String {
    let kinds: Vec<String> = c
        .adaptations
        .iter()
        .filter_map(|a| {
            let v = serde_json::to_value(a).ok()?;
            Some(v.get("kind")?.as_str()?.to_string())
        })
        .collect();
    kinds.join("+")
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

/// The rows of the table for one repository, in their order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Set {
    All,
    Hard,
    /// Hard, and strict `git apply` refuses the patch (the benchmark's H1).
    Refused,
    /// Hard, and the patch applies, but the maintainer committed something
    /// else (H2): where a 3-way merge's wrong files mostly come from.
    Changed,
}

impl Set {
    fn label(self) -> &'static str {
        match self {
            Set::All => "all",
            Set::Hard => "hard",
            Set::Refused => "h1",
            Set::Changed => "h2",
        }
    }
}

/// Correct, wrong and refused, in % of the files.
fn cells(c: &Counts) -> String {
    let n = (c.correct + c.wrong + c.refused).max(1) as f64;
    let pct = |x: usize| 100.0 * x as f64 / n;
    format!(
        "{:7.1} {:6.1} {:8.1}",
        pct(c.correct),
        pct(c.wrong),
        pct(c.refused)
    )
}

/// Scores every case under `root`.
pub fn run(root: &Path, args: &EvalArgs) -> Result<i32> {
    let opts = PortOptions {
        strip: 1,
        min_confidence: args.place.min_confidence,
    };
    let mut mirrors = args.mirrors.clone().map(Mirrors::new);
    let mut results = Vec::new();
    for dir in case_dirs(root)?
        .into_iter()
        .take(args.limit.unwrap_or(usize::MAX))
    {
        let case = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let result = match run_case(&dir, case.clone(), mirrors.as_mut(), &opts) {
            Err(e) if e.downcast_ref::<MirrorError>().is_some() => {
                return Err(e.context(format!("case {}", dir.display())));
            }
            result => result,
        };
        let result = result.unwrap_or_else(|e| CaseResult {
            repo: "?".into(),
            case,
            hard: true,
            applies: false,
            outcome: Outcome::Refused,
            merge: Outcome::Refused,
            within: None,
            merge_within: None,
            detail: format!("error: {e:#}"),
        });
        results.push(result);
    }
    if args.place.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(0);
    }
    let mut by: BTreeMap<(String, Set), (Counts, Counts)> = BTreeMap::new();
    for r in &results {
        for repo in [r.repo.clone(), "ALL".to_string()] {
            let sets: &[Set] = match (r.hard, r.applies) {
                (false, _) => &[Set::All],
                (true, false) => &[Set::All, Set::Hard, Set::Refused],
                (true, true) => &[Set::All, Set::Hard, Set::Changed],
            };
            for &set in sets {
                let (ferry, merge) = by.entry((repo.clone(), set)).or_default();
                ferry.add_within(r.outcome, r.within);
                merge.add_within(r.merge, r.merge_within);
            }
        }
    }
    let labels = format!("{:>7} {:>6} {:>8}", "correct", "wrong", "refused");
    println!(
        "{:31}{:<26}3-way merge (cherry-pick)",
        "", "ferry (% of files)"
    );
    println!(
        "{:<16} {:<4} {:>5}   {labels}   {labels}",
        "repository", "set", "n"
    );
    for ((repo, set), (ferry, merge)) in &by {
        println!(
            "{repo:<16} {:<4} {:>5}   {}   {}",
            set.label(),
            ferry.correct + ferry.wrong + ferry.refused,
            cells(ferry),
            cells(merge)
        );
    }
    println!(
        "\nh1: hard, strict `git apply` refuses the patch; h2: hard, it applies and the \
         maintainer committed something else"
    );
    let (ferry, merge) = by
        .get(&("ALL".to_string(), Set::Hard))
        .copied()
        .unwrap_or_default();
    println!(
        "wrong hard files the maintainer's file contains (the maintainer changed more than \
         the patch): ferry {}, 3-way merge {}",
        ferry.within_of_wrong(),
        merge.within_of_wrong()
    );
    Ok(0)
}
