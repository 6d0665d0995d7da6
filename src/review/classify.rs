//! One pair's sides and class: identical, relocated, adapted, missing or
//! already present; and the side of an extra change.
//!
//! A change counts as the same when the backport removed and added exactly
//! upstream's lines, or, when the diff of the backport cut the lines
//! differently (a `}` taken from before a block rather than after it), when
//! the legacy lines around it turned into exactly what upstream's hunk
//! makes of them. The same change is identical where upstream's line
//! numbers put it and relocated anywhere else.

use std::ops::Range;

use super::changes::{map_line, BackportFile, Change};
use super::model::{Class, LineRole, Planned, Rename, ReviewPair, Side, SideLine, Tag, WordLine};
use super::pairing::{touches, PairedBy};
use super::words::{tokens, word_diff, Lines, Names};
use crate::patch::{Hunk, LineKind, CONTEXT};
use crate::place::{Adaptation, HunkPlan, Status};

/// Everything known about one upstream hunk.
pub struct HunkInput<'a> {
    /// The upstream path.
    pub path: &'a [u8],
    /// The hunk's index in its file.
    pub index: usize,
    /// The hunk.
    pub hunk: &'a Hunk,
    /// The engine's plan for it, when the file was planned hunk by hunk.
    pub plan: Option<&'a HunkPlan>,
    /// The legacy span it belongs on, when known.
    pub span: Option<Range<usize>>,
    /// Legacy had the change already.
    pub already_present: bool,
    /// Why the engine could not plan the file, if it could not.
    pub blocked: Option<&'a str>,
    /// The backport file and changes paired with it, in file order.
    pub changes: Option<(&'a BackportFile, Vec<&'a Change>)>,
    /// How they were paired.
    pub paired_by: PairedBy,
    /// The legacy file the hunk belongs to, if known.
    pub key: Option<&'a [u8]>,
}

/// The upstream hunk as a side.
pub fn upstream_side(path: &[u8], hunk: &Hunk) -> Side {
    let mut old = hunk.old_start.max(1);
    let mut new = hunk.new_start.max(1);
    let lines = hunk
        .lines
        .iter()
        .map(|l| {
            let (role, o, n) = match l.kind {
                LineKind::Context => (LineRole::Context, Some(old), Some(new)),
                LineKind::Removed => (LineRole::Removed, Some(old), None),
                LineKind::Added => (LineRole::Added, None, Some(new)),
            };
            if o.is_some() {
                old += 1;
            }
            if n.is_some() {
                new += 1;
            }
            SideLine {
                role,
                text: l.content.clone(),
                old_line: o,
                new_line: n,
            }
        })
        .collect();
    let header = hunk.header.strip_suffix(b"\n").unwrap_or(&hunk.header);
    Side {
        path: path.to_vec(),
        old_start: hunk.old_start,
        old_len: hunk.old_len,
        new_start: hunk.new_start,
        new_len: hunk.new_len,
        header: String::from_utf8_lossy(header).into_owned(),
        lines,
    }
}

/// The backport's changes `chosen` (and `span`, when given) with up to
/// [`CONTEXT`] lines around them that no other change touches.
pub fn backport_side(file: &BackportFile, chosen: &[&Change], span: Option<&Range<usize>>) -> Side {
    let before = &file.before.lines;
    let mut hull = chosen
        .iter()
        .map(|c| c.old.clone())
        .chain(span.cloned())
        .reduce(|a, b| a.start.min(b.start)..a.end.max(b.end))
        .unwrap_or_default();
    hull.end = hull.end.min(before.len());
    hull.start = hull.start.min(hull.end);
    let is_chosen = |c: &Change| chosen.iter().any(|x| std::ptr::eq(*x, c));
    let mut start = hull.start.saturating_sub(CONTEXT);
    let mut end = (hull.end + CONTEXT).min(before.len());
    for c in file.changes.iter().filter(|c| !is_chosen(c)) {
        if c.old.end <= hull.start && c.old.start < hull.start {
            start = start.max(c.old.end);
        }
        if c.old.start >= hull.end && c.old.end > hull.end {
            end = end.min(c.old.start);
        }
    }
    let mut shown: Vec<&Change> = file
        .changes
        .iter()
        .filter(|c| {
            is_chosen(c) || (touches(&c.old, &hull) && c.old.start > start && c.old.end < end)
        })
        .collect();
    shown.sort_by_key(|c| (c.old.start, c.old.end));
    let context = |i: usize| SideLine {
        role: LineRole::Context,
        text: before.get(i).cloned().unwrap_or_default(),
        old_line: Some(i + 1),
        new_line: Some(map_line(&file.changes, i) + 1),
    };
    let mut lines = Vec::new();
    let mut i = start;
    for c in shown {
        while i < c.old.start.min(end) {
            lines.push(context(i));
            i += 1;
        }
        for (k, text) in c.removed.iter().enumerate() {
            lines.push(SideLine {
                role: LineRole::Removed,
                text: text.clone(),
                old_line: Some(c.old.start + k + 1),
                new_line: None,
            });
        }
        for (k, text) in c.added.iter().enumerate() {
            lines.push(SideLine {
                role: LineRole::Added,
                text: text.clone(),
                old_line: None,
                new_line: Some(c.new.start + k + 1),
            });
        }
        i = i.max(c.old.end);
    }
    while i < end {
        lines.push(context(i));
        i += 1;
    }
    let old_start = lines.iter().find_map(|l| l.old_line).unwrap_or(start);
    let new_start = lines
        .iter()
        .find_map(|l| l.new_line)
        .unwrap_or_else(|| map_line(&file.changes, start));
    Side {
        path: file.shown_path().to_vec(),
        old_start,
        old_len: lines.iter().filter(|l| l.old_line.is_some()).count(),
        new_start,
        new_len: lines.iter().filter(|l| l.new_line.is_some()).count(),
        header: String::new(),
        lines,
    }
}

fn planned(plan: &HunkPlan) -> Option<Planned> {
    let c = plan.best()?;
    Some(Planned {
        status: plan.status.name(),
        strategy: c.strategy.name(),
        confidence: (c.confidence * 1000.0).round() / 1000.0,
        legacy_line: c.span.start + 1,
        legacy_lines: c.span.len(),
        adaptations: c.adaptations.clone(),
    })
}

fn kind_lines(hunk: &Hunk, kind: LineKind) -> Vec<Vec<u8>> {
    hunk.lines
        .iter()
        .filter(|l| l.kind == kind)
        .map(|l| l.content.clone())
        .collect()
}

/// Where upstream's first changed line is in its file before (0-based).
fn upstream_first(hunk: &Hunk) -> usize {
    if hunk.old_len == 0 {
        return hunk.old_start;
    }
    let lead = hunk
        .lines
        .iter()
        .take_while(|l| l.kind == LineKind::Context)
        .count();
    hunk.old_start.saturating_sub(1) + lead
}

/// Classifies one upstream hunk.
pub fn classify(input: &HunkInput<'_>) -> ReviewPair {
    let hunk = input.hunk;
    let mut pair = ReviewPair {
        class: Class::Missing,
        file: input.path.to_vec(),
        hunk: Some(input.index),
        upstream: Some(upstream_side(input.path, hunk)),
        backport: None,
        planned: input.plan.and_then(planned),
        offset: None,
        renames: Vec::new(),
        unapplied_renames: Vec::new(),
        words: Vec::new(),
        note: String::new(),
        verdict: None,
    };
    let Some((file, chosen)) = input.changes.as_ref().filter(|(_, c)| !c.is_empty()) else {
        pair.class = if input.already_present {
            Class::AlreadyPresent
        } else {
            Class::Missing
        };
        pair.note = missing_note(input, &pair);
        return pair;
    };
    let by_place = input.paired_by == PairedBy::Place;
    let side = backport_side(file, chosen, input.span.as_ref().filter(|_| by_place));
    let (up_removed, up_added) = (
        kind_lines(hunk, LineKind::Removed),
        kind_lines(hunk, LineKind::Added),
    );
    let bp_removed: Vec<Vec<u8>> = chosen
        .iter()
        .flat_map(|c| c.removed.iter().cloned())
        .collect();
    let bp_added: Vec<Vec<u8>> = chosen
        .iter()
        .flat_map(|c| c.added.iter().cloned())
        .collect();
    let first = chosen.first().map_or(0, |c| c.old.start);
    let mut offset = first as i64 - upstream_first(hunk) as i64;
    let mut same = up_removed == bp_removed && up_added == bp_added;
    if !same && by_place {
        if let Some(start) = same_region(input, file, &side) {
            same = true;
            offset = start as i64 - hunk.old_start.saturating_sub(1) as i64;
        }
    }
    let known = known_renames(input.plan);
    pair.unapplied_renames = unapplied(&known, &bp_added);
    let still = still_note(&pair.unapplied_renames);
    let other_file = input.key != Some(file.key());
    pair.offset = Some(offset);
    pair.backport = Some(side);
    let moved = match (other_file, offset) {
        (true, _) => format!(", in {}", String::from_utf8_lossy(file.shown_path())),
        (false, 0) => String::new(),
        (false, n) => format!(", moved {n:+} line{}", if n.abs() == 1 { "" } else { "s" }),
    };
    let away = match (&pair.planned, by_place) {
        (Some(p), false) => format!(" (ferry would put it at line {})", p.legacy_line),
        _ => String::new(),
    };
    if same {
        pair.class = if other_file || offset != 0 {
            Class::Relocated
        } else {
            Class::Identical
        };
        pair.note = format!("same change{moved}{away}{still}");
        return pair;
    }
    pair.class = Class::Adapted;
    let region: Vec<&[u8]> = pair
        .backport
        .as_ref()
        .map(|s| s.lines.iter().map(|l| l.text.as_slice()).collect())
        .unwrap_or_default();
    let names = Names::new(file.before.lines.iter().map(Vec::as_slice), region);
    let diff = word_diff(
        &Lines {
            upstream: &up_removed,
            backport: &bp_removed,
        },
        &Lines {
            upstream: &up_added,
            backport: &bp_added,
        },
        &known,
        &names,
    );
    pair.renames = diff.renames;
    pair.words = diff.lines;
    pair.note = format!("{}{still}", adapted_note(&pair, &moved, &away));
    pair
}

/// The renames the engine learned from the hunk's context.
fn known_renames(plan: Option<&HunkPlan>) -> Vec<(String, String)> {
    plan.and_then(HunkPlan::best)
        .map(|c| {
            c.adaptations
                .iter()
                .filter_map(|a| match a {
                    Adaptation::Renamed { from, to } => Some((from.clone(), to.clone())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Known renames whose upstream name the backport's added lines still use.
fn unapplied(known: &[(String, String)], added: &[Vec<u8>]) -> Vec<Rename> {
    let used: std::collections::HashSet<&[u8]> = added.iter().flat_map(|l| tokens(l)).collect();
    let mut out: Vec<Rename> = known
        .iter()
        .filter(|(from, _)| used.contains(from.as_bytes()))
        .map(|(from, to)| Rename {
            from: from.clone(),
            to: to.clone(),
        })
        .collect();
    out.sort();
    out
}

fn still_note(unapplied: &[Rename]) -> String {
    if unapplied.is_empty() {
        return String::new();
    }
    let list: Vec<String> = unapplied
        .iter()
        .map(|r| format!("{} (legacy calls it {})", r.from, r.to))
        .collect();
    format!("; the added lines still use {}", list.join(", "))
}

/// The start of the legacy span when the legacy lines there are exactly
/// upstream's pre-image and the backport turned them into exactly its
/// post-image.
fn same_region(input: &HunkInput<'_>, file: &BackportFile, side: &Side) -> Option<usize> {
    let span = input.span.as_ref()?;
    let before = &file.before.lines;
    let pre: Vec<&[u8]> = input
        .hunk
        .pre_image()
        .map(|l| l.content.as_slice())
        .collect();
    let at: Vec<&[u8]> = before
        .get(span.clone())?
        .iter()
        .map(Vec::as_slice)
        .collect();
    if pre != at {
        return None;
    }
    let first = side.lines.iter().find_map(|l| l.old_line)?.checked_sub(1)?;
    let shown_old: Vec<&[u8]> = side
        .lines
        .iter()
        .filter(|l| l.role != LineRole::Added)
        .map(|l| l.text.as_slice())
        .collect();
    let last = first + shown_old.len();
    if span.start < first || span.end > last {
        return None;
    }
    let mut expected: Vec<&[u8]> = before
        .get(first..span.start)?
        .iter()
        .map(Vec::as_slice)
        .collect();
    expected.extend(input.hunk.post_image().map(|l| l.content.as_slice()));
    expected.extend(before.get(span.end..last)?.iter().map(Vec::as_slice));
    let actual: Vec<&[u8]> = side
        .lines
        .iter()
        .filter(|l| l.role != LineRole::Removed)
        .map(|l| l.text.as_slice())
        .collect();
    (expected == actual).then_some(span.start)
}

fn missing_note(input: &HunkInput<'_>, pair: &ReviewPair) -> String {
    if input.already_present {
        return "legacy had this change before the backport".into();
    }
    match (&pair.planned, input.blocked) {
        (Some(p), _) => format!(
            "not in the backport; ferry would put it at line {} ({}, {:.2})",
            p.legacy_line, p.strategy, p.confidence
        ),
        (None, Some(why)) => format!("not in the backport; {why}"),
        (None, None) => match input.plan.map(|p| p.note.as_str()) {
            Some(note) if !note.is_empty() => format!("not in the backport; {note}"),
            _ => "not in the backport".into(),
        },
    }
}

fn adapted_note(pair: &ReviewPair, moved: &str, away: &str) -> String {
    let mut parts = Vec::new();
    if !pair.renames.is_empty() {
        let list: Vec<String> = pair
            .renames
            .iter()
            .map(|r| format!("{} -> {}", r.from, r.to))
            .collect();
        parts.push(format!("renamed {}", list.join(", ")));
    }
    let has = |tag: Tag| {
        pair.words
            .iter()
            .flat_map(|w| &w.segments)
            .any(|s| s.tag == tag)
    };
    if has(Tag::Reindented) {
        parts.push("re-indented".into());
    }
    let differing = pair.words.iter().filter(|w| !w.explained()).count();
    if differing > 0 {
        parts.push(format!(
            "{differing} line{} differ{}",
            if differing == 1 { "" } else { "s" },
            if differing == 1 { "s" } else { "" }
        ));
    }
    let what = if parts.is_empty() {
        "changed differently".to_string()
    } else {
        parts.join("; ")
    };
    let only = if differing == 0 && !parts.is_empty() {
        " only"
    } else {
        ""
    };
    format!("{what}{only}{moved}{away}")
}

/// A group of changes only the backport has.
pub fn extra_pair(file: &BackportFile, changes: &[&Change]) -> ReviewPair {
    let side = backport_side(file, changes, None);
    let added: usize = changes.iter().map(|c| c.added.len()).sum();
    let removed: usize = changes.iter().map(|c| c.removed.len()).sum();
    let note = if file.binary {
        "binary file changed; upstream has no such change".to_string()
    } else {
        format!("upstream has no such change (+{added} -{removed})")
    };
    ReviewPair {
        class: Class::Extra,
        file: file.shown_path().to_vec(),
        hunk: None,
        upstream: None,
        backport: Some(side),
        planned: None,
        offset: None,
        renames: Vec::new(),
        unapplied_renames: Vec::new(),
        words: Vec::<WordLine>::new(),
        note,
        verdict: None,
    }
}

/// The status a plan gives a hunk that legacy already has.
pub fn is_already_applied(plan: Option<&HunkPlan>) -> bool {
    plan.is_some_and(|p| p.status == Status::AlreadyApplied)
}
