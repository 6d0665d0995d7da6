//! Adapting a hunk to the place it was aligned with.
//!
//! The result keeps the legacy file's own version of every context line and
//! every legacy line the hunk does not touch, drops the legacy lines matched
//! to removed lines, and inserts the added lines changed the way the matched
//! lines show the legacy file differs: re-indented, with consistently renamed
//! identifiers, with the legacy file's line endings. Every such change is
//! recorded so a person can see it.
//!
//! Rejected: applying upstream's context lines verbatim (what a patch tool
//! does) would silently revert the legacy branch's own drift around the hunk.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::Serialize;

use super::align::{Alignment, How, Pair};
use super::lines::{is_identifier, is_word, tokenize};
use super::{reflow, useorder, wordmerge};
use crate::patch::{Hunk, HunkLine, LineKind};
use crate::text::{indentation, is_blank, squash_whitespace};

/// One way the hunk was changed to fit the legacy file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Adaptation {
    /// Context lines that differ in legacy were kept as legacy has them.
    KeptLegacyContext {
        /// How many context lines.
        count: usize,
    },
    /// Lines the legacy file has inside the hunk's span were kept.
    KeptExtraLines {
        /// How many lines.
        count: usize,
    },
    /// Context lines upstream has that legacy lacks were left out.
    MissingContext {
        /// How many lines.
        count: usize,
    },
    /// Removed lines that legacy has in another form were replaced.
    ReplacedDrifted {
        /// How many lines.
        count: usize,
    },
    /// Removed lines that legacy does not have at all.
    MissingRemoved {
        /// How many lines.
        count: usize,
    },
    /// Edited lines that legacy has in another form got upstream's edit
    /// merged word by word into legacy's version of the line.
    MergedWords {
        /// How many lines.
        count: usize,
    },
    /// Added lines legacy already has where they go were not added again.
    AlreadyPresent {
        /// How many lines.
        count: usize,
    },
    /// Added `use` lines had their names put in the order the legacy
    /// file's rustfmt keeps (its style predates rustfmt's 2024 sorting).
    ReorderedUse {
        /// How many lines.
        count: usize,
    },
    /// A blank line upstream puts between the added lines and what
    /// follows them was kept, though legacy's file lacks it there.
    CarriedBlank {
        /// How many lines.
        count: usize,
    },
    /// A blank line upstream removes with the lines above it was kept: in
    /// legacy, lines upstream lacks stand above it, and it still sets them
    /// apart from what follows.
    KeptBlank {
        /// How many lines.
        count: usize,
    },
    /// Lines only legacy has, inside a block the hunk removes (deeper
    /// than the block's first removed line, or closing what legacy's form
    /// of the removed lines opened), were removed with it.
    RemovedWithBlock {
        /// How many lines.
        count: usize,
    },
    /// Import lines only legacy has, right where added import lines go,
    /// were replaced by them: each imports from the same path a part of
    /// what an added line imports (`use a::B;` before `use a::{B, C};`).
    MergedImport {
        /// How many legacy lines.
        count: usize,
    },
    /// Added lines were re-indented.
    Reindented {
        /// Upstream's indentation prefix that was replaced.
        from: String,
        /// The legacy file's prefix put in its place.
        to: String,
    },
    /// An identifier in the added lines was renamed as legacy names it.
    Renamed {
        /// Upstream's name.
        from: String,
        /// Legacy's name.
        to: String,
    },
    /// Added lines were given the legacy file's CRLF or LF endings.
    LineEndings {
        /// True when `\r` was added, false when removed.
        crlf: bool,
    },
}

/// The lines that replace a legacy span, and how they were adapted.
#[derive(Debug, Clone, PartialEq)]
pub struct Replacement {
    /// The legacy lines replaced.
    pub span: Range<usize>,
    /// What takes their place.
    pub lines: Vec<Vec<u8>>,
    /// The changes made to fit the hunk to the place.
    pub adaptations: Vec<Adaptation>,
    /// Added lines were put next to lines only legacy has, in an order
    /// nothing confirms.
    pub uncertain_order: bool,
    /// The added lines as adapted.
    pub added: Vec<Vec<u8>>,
    /// Every run of added lines has its upstream neighbours (the lines right
    /// before and after it) matched in legacy: the insertion point is
    /// confirmed from both sides.
    pub anchored: bool,
    /// Pre-image lines matched only fuzzily that the learned renames make
    /// equal (ignoring whitespace) to their legacy line.
    pub explained_by_renames: Vec<usize>,
    /// Removed pre-image lines legacy lacks because it already has the
    /// lines that replace them.
    pub settled_removed: Vec<usize>,
}

/// Whether the missing context line at `pos` is a blank line that closes a
/// run of added lines: only unmatched lines lie between it and the run,
/// and no added line comes before the next matched line. Upstream set the
/// new code apart with it; maintainers keep that separation.
fn separates_added(hunk: &Hunk, line_of_pre: &HashMap<usize, (usize, How)>, pos: usize) -> bool {
    let lines = &hunk.lines;
    if !lines.get(pos).is_some_and(|l| is_blank(&l.content)) {
        return false;
    }
    let after_added = (0..pos)
        .rev()
        .find(|&k| lines[k].kind == LineKind::Added || line_of_pre.contains_key(&k))
        .is_some_and(|k| lines[k].kind == LineKind::Added);
    let more_added = (pos + 1..lines.len())
        .find(|&k| lines[k].kind == LineKind::Added || line_of_pre.contains_key(&k))
        .is_some_and(|k| lines[k].kind == LineKind::Added);
    after_added && !more_added
}

/// Whether the removed blank line at `pos` still separates something once
/// the lines it followed are gone: upstream removes it with the removed
/// lines above it, before a context line that stays, and in legacy a line
/// of legacy's own (`last`, kept) now stands above it.
fn still_separates(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
    last: Option<&Vec<u8>>,
) -> bool {
    let lines = &hunk.lines;
    is_blank(&lines[pos].content)
        && pos > 0
        && lines[pos - 1].kind == LineKind::Removed
        && lines
            .get(pos + 1)
            .is_some_and(|l| l.kind == LineKind::Context && !is_blank(&l.content))
        && line_of_pre.contains_key(&(pos + 1))
        && last.is_some_and(|l| !is_blank(l))
}

/// Whether legacy's own lines `gap`, right before the hunk line at `pos`,
/// lie inside a block the hunk removes: the matched line before them is
/// removed, and they are indented deeper than the first line of that run of
/// removed lines (the body of a function or struct the hunk deletes, with a
/// line only legacy has).
fn inside_removed(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    pos: usize,
    legacy: &[Vec<u8>],
    gap: Range<usize>,
) -> bool {
    if gap.is_empty() {
        return false;
    }
    let lines = &hunk.lines;
    let Some(prev) = (0..pos).rev().find(|k| line_of_pre.contains_key(k)) else {
        return false;
    };
    if lines[prev].kind != LineKind::Removed {
        return false;
    }
    let head = (0..=prev)
        .rev()
        .take_while(|&k| lines[k].kind == LineKind::Removed)
        .filter(|&k| !is_blank(&lines[k].content))
        .last();
    let Some(head) = head else { return false };
    // As many legacy lines as removed lines legacy lacks, between two
    // removed lines it has: legacy's versions of them, however changed
    // (`except (AttributeError, RuntimeError):` for `except RuntimeError:`).
    if lines.get(pos).is_some_and(|l| l.kind == LineKind::Removed)
        && lines[prev + 1..pos]
            .iter()
            .all(|l| l.kind == LineKind::Removed)
        && pos - prev - 1 == gap.len()
    {
        return true;
    }
    let depth = indentation(&lines[head].content).len();
    if legacy[gap.clone()]
        .iter()
        .all(|l| !is_blank(l) && indentation(l).len() > depth)
    {
        return true;
    }
    // The rest of a statement the removed lines open in legacy's form and
    // close in upstream's (`assert!(match … {` … `});` against upstream's
    // `assert!(matches!(` … `));`): the lines that close it go too.
    let end = (prev..lines.len())
        .take_while(|&k| lines[k].kind == LineKind::Removed)
        .last()
        .unwrap_or(prev);
    let run = (head..=end).filter(|&k| lines[k].kind == LineKind::Removed);
    let Some(start) = run
        .clone()
        .find_map(|k| line_of_pre.get(&k).map(|&(l, _)| l))
    else {
        return false;
    };
    let (Some(taken), Some(with_gap)) = (legacy.get(start..gap.start), legacy.get(start..gap.end))
    else {
        return false;
    };
    let removed = brackets(run.map(|k| lines[k].content.as_slice()));
    removed == [0; 3]
        && brackets(taken.iter().map(Vec::as_slice)) != [0; 3]
        && brackets(with_gap.iter().map(Vec::as_slice)) == [0; 3]
        && legacy[gap].iter().all(|l| !is_blank(l))
}

/// How many `(`, `[` and `{` the lines leave open (negative: close).
fn brackets<'a>(lines: impl Iterator<Item = &'a [u8]>) -> [i64; 3] {
    let mut open = [0i64; 3];
    for &b in lines.flatten() {
        match b {
            b'(' => open[0] += 1,
            b')' => open[0] -= 1,
            b'[' => open[1] += 1,
            b']' => open[1] -= 1,
            b'{' => open[2] += 1,
            b'}' => open[2] -= 1,
            _ => {}
        }
    }
    open
}

/// Whether a line imports (`use`, `import`, `from … import`, `#include`):
/// such lines are often kept sorted.
fn is_import(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    ["use ", "pub use ", "import ", "from ", "#include "]
        .iter()
        .any(|p| t.starts_with(p.as_bytes()))
}

/// Whether `line` imports from some path only names that one of `run`
/// imports from the same path.
fn imported_by(line: &[u8], run: &[&[u8]]) -> bool {
    let Some((path, names)) = imports(line) else {
        return false;
    };
    run.iter().any(|added| {
        imports(added).is_some_and(|(p, wider)| {
            p == path && names.len() < wider.len() && names.iter().all(|n| wider.contains(n))
        })
    })
}

/// The path and names of a one-line Rust `use` (`use a::b::{C, D};`,
/// `use a::b::C;`) or Python `from a.b import c, d`; `None` for any other
/// line, and for nested lists.
fn imports(line: &[u8]) -> Option<(&[u8], Vec<&[u8]>)> {
    let t = line.trim_ascii();
    if let Some(rest) = t.strip_prefix(b"from ") {
        let at = rest.windows(8).position(|w| w == b" import ")?;
        let list = &rest[at + 8..];
        if list
            .iter()
            .any(|&b| matches!(b, b'(' | b')' | b'\\' | b'#'))
        {
            return None;
        }
        return Some((rest[..at].trim_ascii(), names(list)));
    }
    let rest = t.strip_prefix(b"pub ").unwrap_or(t).strip_prefix(b"use ")?;
    let rest = rest.strip_suffix(b";")?;
    if let Some(open) = rest.iter().position(|&b| b == b'{') {
        let path = rest[..open].strip_suffix(b"::")?;
        let list = rest[open + 1..].strip_suffix(b"}")?;
        if list.iter().any(|&b| matches!(b, b'{' | b'}')) {
            return None;
        }
        return Some((path, names(list)));
    }
    let at = rest.windows(2).rposition(|w| w == b"::")?;
    Some((&rest[..at], vec![&rest[at + 2..]]))
}

/// The comma-separated names of an import list.
fn names(list: &[u8]) -> Vec<&[u8]> {
    list.split(|&b| b == b',')
        .map(<[u8]>::trim_ascii)
        .filter(|n| !n.is_empty())
        .collect()
}

/// Where added import lines go among legacy's own imports between the line
/// before them (`last`) and the next matched line: how many of `gap` come
/// first. Only when all are imports and in sorted order with the added ones
/// in it, so the order is the file's, not a guess.
fn sorted_slot(last: Option<&Vec<u8>>, gap: &[Vec<u8>], run: &[&[u8]]) -> Option<usize> {
    let last = last?;
    if gap.is_empty() || run.is_empty() || !is_import(last) {
        return None;
    }
    if !(gap.iter().all(|l| is_import(l)) && run.iter().all(|l| is_import(l))) {
        return None;
    }
    let key = <[u8]>::trim_ascii;
    let before = gap.iter().take_while(|l| key(l) < key(run[0])).count();
    let block: Vec<&[u8]> = std::iter::once(last.as_slice())
        .chain(gap[..before].iter().map(Vec::as_slice))
        .chain(run.iter().copied())
        .chain(gap[before..].iter().map(Vec::as_slice))
        .map(key)
        .collect();
    block.windows(2).all(|w| w[0] <= w[1]).then_some(before)
}

/// Whether a blank line between the last added line and the next line
/// would set the new code apart: both are code, and the next line is no
/// less indented and no closing bracket (no blank line precedes the end of
/// a block: `}`, `</listitem>`, a dedent).
fn sets_apart(last: &[u8], next: &[u8]) -> bool {
    let t = next.trim_ascii_start();
    !is_blank(last)
        && !t.is_empty()
        && !matches!(t[0], b'}' | b')' | b']')
        && !t.starts_with(b"</")
        && indentation(next).len() >= indentation(last).len()
}

/// A blank line with the ending legacy's lines have.
fn blank_like(upstream: &[u8], crlf: Option<bool>) -> Vec<u8> {
    match crlf {
        Some(true) => b"\r".to_vec(),
        Some(false) => Vec::new(),
        None => upstream.iter().copied().filter(|&b| b == b'\r').collect(),
    }
}

/// Builds the replacement for `hunk` aligned by `alignment` with `legacy`.
/// `pre_pos[i]` is the index in `hunk.lines` of pre-image line `i`.
/// `old_use_order` says the legacy file sorts `use` lists as rustfmt did
/// before its 2024 style.
pub fn replacement(
    hunk: &Hunk,
    pre_pos: &[usize],
    alignment: &Alignment,
    legacy: &[Vec<u8>],
    old_use_order: bool,
) -> Option<Replacement> {
    let span = alignment.span()?;
    let reindent = Reindent::learn(hunk, pre_pos, alignment, legacy);
    let renames = learn_renames(hunk, pre_pos, alignment, legacy, &span);
    let crlf = legacy_crlf(hunk, pre_pos, alignment, legacy);
    let mut explained_by_renames: Vec<usize> = if renames.is_empty() {
        Vec::new()
    } else {
        alignment
            .pairs
            .iter()
            .filter(|p| matches!(p.how, How::Fuzzy(_)))
            .filter(|p| {
                matched_lines(hunk, pre_pos, p, legacy).is_some_and(|(up, leg)| {
                    squash_whitespace(&rename(&up.content, &renames)) == squash_whitespace(leg)
                })
            })
            .map(|p| p.pre)
            .collect()
    };
    // A rename only one removed line shows is the branch's own wording of
    // the line being replaced: carrying it over is a word merge, which a
    // person confirms, not a rename the context or a second line proves.
    let shown_by_context = explained_by_renames.iter().any(|&pre| {
        pre_pos
            .get(pre)
            .and_then(|&pos| hunk.lines.get(pos))
            .is_some_and(|l| l.kind == LineKind::Context)
    });
    if !shown_by_context && explained_by_renames.len() < 2 {
        explained_by_renames.clear();
    }
    let mut line_of_pre: HashMap<usize, (usize, How)> = HashMap::new();
    for p in &alignment.pairs {
        if let Some(&pos) = pre_pos.get(p.pre) {
            line_of_pre.insert(pos, (p.legacy, p.how));
        }
    }
    let wrapped = wrapped_removed(hunk, &line_of_pre, legacy, &span);
    let mut replaced_by = replaced_lines(hunk);
    // A wrapped statement is replaced whole, not merged word by word with
    // the one line of it the aligner paired.
    for r in replaced_by.iter_mut() {
        if r.is_some_and(|r| wrapped.contains_key(&r)) {
            *r = None;
        }
    }
    let fitted = fit_added(
        hunk,
        &replaced_by,
        &line_of_pre,
        legacy,
        &reindent,
        &renames,
        crlf,
    );
    let FittedAdded {
        mut texts,
        merged,
        endings_changed,
        local_reindent,
    } = fitted;
    let mut reordered = 0;
    if old_use_order {
        for text in texts.iter_mut().flatten() {
            if let Some(line) = useorder::to_old_order(text) {
                *text = line;
                reordered += 1;
            }
        }
    }
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut cursor = span.start;
    let (mut kept_context, mut missing_context, mut drifted, mut missing_removed) = (0, 0, 0, 0);
    let (mut extra, mut present, mut carried_blank, mut kept_blank) = (0, 0, 0, 0);
    let (mut dropped, mut merged_imports) = (0, 0);
    let mut uncertain_order = false;
    let mut added = Vec::new();
    let mut skip_run = false;
    let mut anchored = true;
    let mut settled_removed = Vec::new();
    for (pos, line) in hunk.lines.iter().enumerate() {
        match line.kind {
            LineKind::Context | LineKind::Removed => {
                let Some(&(l, how)) = line_of_pre.get(&pos) else {
                    if line.kind == LineKind::Context
                        && !skip_run
                        && separates_added(hunk, &line_of_pre, pos)
                        && out
                            .last()
                            .zip(legacy.get(cursor))
                            .is_some_and(|(last, next)| sets_apart(last, next))
                    {
                        out.push(blank_like(&line.content, crlf));
                        carried_blank += 1;
                    } else if line.kind == LineKind::Context {
                        missing_context += 1;
                    } else if !is_blank(&line.content) {
                        missing_removed += 1;
                    }
                    continue;
                };
                let (first, last) = wrapped.get(&pos).copied().unwrap_or((l, l));
                drifted += last - first;
                let inside = inside_removed(hunk, &line_of_pre, pos, legacy, cursor..first);
                let kept_before = cursor < first && !inside;
                while cursor < first {
                    if inside {
                        dropped += 1;
                    } else {
                        out.push(legacy.get(cursor)?.clone());
                        extra += 1;
                    }
                    cursor += 1;
                }
                if line.kind == LineKind::Removed
                    && kept_before
                    && still_separates(hunk, &line_of_pre, pos, out.last())
                {
                    out.push(legacy.get(l)?.clone());
                    kept_blank += 1;
                } else if line.kind == LineKind::Context {
                    out.push(legacy.get(l)?.clone());
                    if how != How::Exact {
                        kept_context += 1;
                    }
                } else if matches!(how, How::Fuzzy(_)) && !merged.contains(&pos) {
                    // A drifted line whose edit was merged is told as merged.
                    drifted += 1;
                }
                cursor = last + 1;
            }
            LineKind::Added => {
                let run_start = pos == 0 || hunk.lines[pos - 1].kind != LineKind::Added;
                if run_start {
                    let run_end = (pos..hunk.lines.len())
                        .find(|&k| hunk.lines[k].kind != LineKind::Added)
                        .unwrap_or(hunk.lines.len());
                    let run: Vec<&[u8]> = texts[pos..run_end]
                        .iter()
                        .flatten()
                        .map(Vec::as_slice)
                        .collect();
                    let next = (run_end..hunk.lines.len())
                        .find_map(|k| line_of_pre.get(&k).map(|&(l, _)| l));
                    let gap = next
                        .filter(|&n| n > cursor)
                        .and_then(|n| legacy.get(cursor..n))
                        .unwrap_or_default();
                    skip_run = contains_run(gap, &run);
                    let gap = if skip_run || gap.is_empty() {
                        gap
                    } else if gap.iter().all(|l| imported_by(l, &run)) {
                        // Legacy's narrower imports of the same paths give
                        // way to the added ones, rather than importing twice.
                        merged_imports += gap.len();
                        cursor += gap.len();
                        &[]
                    } else if inside_removed(
                        hunk,
                        &line_of_pre,
                        pos,
                        legacy,
                        cursor..cursor + gap.len(),
                    ) {
                        dropped += gap.len();
                        cursor += gap.len();
                        &[]
                    } else {
                        gap
                    };
                    let before_gone = pos > 0 && !line_of_pre.contains_key(&(pos - 1));
                    let after_kept = line_of_pre.contains_key(&run_end);
                    anchored &= !before_gone && (run_end == hunk.lines.len() || after_kept);
                    if skip_run {
                        present += run.len();
                        // A removed line legacy lacks because legacy already
                        // has what replaced it: that edit is made, not missing.
                        settled_removed.extend(
                            replaced_by[pos..run_end]
                                .iter()
                                .flatten()
                                .filter(|r| !line_of_pre.contains_key(r))
                                .filter_map(|&r| pre_pos.iter().position(|&p| p == r)),
                        );
                    } else if !gap.is_empty() && before_gone && after_kept {
                        // The line the added lines followed is gone; they
                        // precede the line after them, which is still there.
                        for l in gap {
                            out.push(l.clone());
                            extra += 1;
                        }
                        cursor += gap.len();
                        uncertain_order = true;
                    } else if let Some(before) = sorted_slot(out.last(), gap, &run) {
                        // Imports kept sorted: the added ones go where the
                        // order puts them among legacy's own. The order is
                        // still one no line confirms (maintainers append
                        // as often as they sort).
                        uncertain_order |= cursor > span.start;
                        for l in &gap[..before] {
                            out.push(l.clone());
                            extra += 1;
                        }
                        cursor += before;
                    } else if !gap.is_empty() && cursor > span.start {
                        // Added lines follow the line before them. When legacy
                        // has lines of its own between that line and the next,
                        // the order is a guess (a 3-way merge would conflict).
                        uncertain_order = true;
                    }
                }
                if skip_run {
                    continue;
                }
                let text = texts.get(pos)?.clone()?;
                added.push(text.clone());
                out.push(text);
            }
        }
    }
    let mut adaptations = Vec::new();
    let counted = [
        (
            kept_context,
            Adaptation::KeptLegacyContext {
                count: kept_context,
            },
        ),
        (extra, Adaptation::KeptExtraLines { count: extra }),
        (
            missing_context,
            Adaptation::MissingContext {
                count: missing_context,
            },
        ),
        (drifted, Adaptation::ReplacedDrifted { count: drifted }),
        (
            missing_removed,
            Adaptation::MissingRemoved {
                count: missing_removed,
            },
        ),
        (
            merged.len(),
            Adaptation::MergedWords {
                count: merged.len(),
            },
        ),
        (present, Adaptation::AlreadyPresent { count: present }),
        (reordered, Adaptation::ReorderedUse { count: reordered }),
        (
            carried_blank,
            Adaptation::CarriedBlank {
                count: carried_blank,
            },
        ),
        (kept_blank, Adaptation::KeptBlank { count: kept_blank }),
        (dropped, Adaptation::RemovedWithBlock { count: dropped }),
        (
            merged_imports,
            Adaptation::MergedImport {
                count: merged_imports,
            },
        ),
    ];
    adaptations.extend(counted.into_iter().filter(|(n, _)| *n > 0).map(|(_, a)| a));
    if let Some(r) = reindent.adaptation().or(local_reindent) {
        adaptations.push(r);
    }
    for (from, to) in &renames {
        adaptations.push(Adaptation::Renamed {
            from: String::from_utf8_lossy(from).into_owned(),
            to: String::from_utf8_lossy(to).into_owned(),
        });
    }
    if let Some(crlf) = endings_changed {
        adaptations.push(Adaptation::LineEndings { crlf });
    }
    Some(Replacement {
        span,
        lines: out,
        adaptations,
        uncertain_order,
        added,
        anchored,
        explained_by_renames,
        settled_removed,
    })
}

/// Drifted removed lines (by index in the hunk) that legacy wraps over
/// several lines, with the first and last of those legacy lines. Each stays
/// between the legacy lines of its matched neighbours.
fn wrapped_removed(
    hunk: &Hunk,
    line_of_pre: &HashMap<usize, (usize, How)>,
    legacy: &[Vec<u8>],
    span: &Range<usize>,
) -> HashMap<usize, (usize, usize)> {
    let mut out = HashMap::new();
    let mut free_from = span.start;
    for (pos, line) in hunk.lines.iter().enumerate() {
        let Some(&(l, how)) = line_of_pre.get(&pos) else {
            continue;
        };
        if line.kind == LineKind::Removed && matches!(how, How::Fuzzy(_)) {
            let next = (pos + 1..hunk.lines.len())
                .find_map(|k| line_of_pre.get(&k).map(|&(n, _)| n))
                .unwrap_or(span.end);
            let extent = reflow::extent(&line.content, legacy, l, free_from.min(l)..next);
            if extent != (l, l) {
                out.insert(pos, extent);
            }
        }
        free_from = l + 1;
    }
    out
}

/// The added lines as they will be written.
struct FittedAdded {
    /// By index in the hunk; `None` for lines that are not added.
    texts: Vec<Option<Vec<u8>>>,
    /// The removed lines (by index in the hunk) whose replacement was merged
    /// word by word into legacy's version of them.
    merged: Vec<usize>,
    endings_changed: Option<bool>,
    /// A prefix change taken from a neighbouring line, when the hunk's
    /// lines agree on none.
    local_reindent: Option<Adaptation>,
}

/// Fits each added line to legacy: merged word by word into legacy's version
/// of the line it replaces when legacy has that line in another form, else
/// re-indented, renamed and given legacy's line endings.
fn fit_added(
    hunk: &Hunk,
    replaced_by: &[Option<usize>],
    line_of_pre: &HashMap<usize, (usize, How)>,
    legacy: &[Vec<u8>],
    reindent: &Reindent,
    renames: &[(Vec<u8>, Vec<u8>)],
    crlf: Option<bool>,
) -> FittedAdded {
    let mut fitted = FittedAdded {
        texts: vec![None; hunk.lines.len()],
        merged: Vec::new(),
        endings_changed: None,
        local_reindent: None,
    };
    for (pos, &replaced) in replaced_by.iter().enumerate() {
        let Some(line) = hunk.lines.get(pos).filter(|l| l.kind == LineKind::Added) else {
            continue;
        };
        let word_merged = replaced.and_then(|r| {
            let &(l, how) = line_of_pre.get(&r)?;
            if how == How::Exact {
                return None;
            }
            let text =
                wordmerge::merge(&hunk.lines.get(r)?.content, legacy.get(l)?, &line.content)?;
            Some((r, text))
        });
        if let Some((r, text)) = word_merged {
            fitted.merged.push(r);
            fitted.texts[pos] = Some(text);
            continue;
        }
        let local = reindent
            .split
            .then(|| Reindent::nearest(hunk, pos, line_of_pre, legacy))
            .flatten();
        if let Some(r) = local.as_ref().and_then(Reindent::adaptation) {
            fitted.local_reindent.get_or_insert(r);
        }
        let reindent = local.as_ref().unwrap_or(reindent);
        let mut text = rename(&reindent.apply(&line.content), renames);
        match (crlf, text.ends_with(b"\r")) {
            (Some(true), false) => {
                text.push(b'\r');
                fitted.endings_changed = Some(true);
            }
            (Some(false), true) => {
                text.pop();
                fitted.endings_changed = Some(false);
            }
            _ => {}
        }
        fitted.texts[pos] = Some(text);
    }
    fitted
}

/// For each added line of the hunk, the removed line it replaces: in a block
/// of removed lines followed by as many added lines, the k-th of each;
/// otherwise, for one or two removed lines, each one's most similar added
/// line (by shared words, at least half), most similar pairs first.
fn replaced_lines(hunk: &Hunk) -> Vec<Option<usize>> {
    let mut out = vec![None; hunk.lines.len()];
    let mut i = 0;
    while i < hunk.lines.len() {
        let removed = i;
        while i < hunk.lines.len() && hunk.lines[i].kind == LineKind::Removed {
            i += 1;
        }
        let added = i;
        while i < hunk.lines.len() && hunk.lines[i].kind == LineKind::Added {
            i += 1;
        }
        if added - removed == i - added {
            for k in 0..(i - added) {
                out[added + k] = Some(removed + k);
            }
        } else if added - removed <= 2 {
            // A line or two rewritten into more: a bigger block is a
            // rewrite whose lines do not pair up.
            let words = |k: usize| -> Vec<&[u8]> {
                let mut w = tokenize(&hunk.lines[k].content);
                w.retain(|t| is_identifier(t));
                w.sort_unstable();
                w.dedup();
                w
            };
            let added_words: Vec<Vec<&[u8]>> = (added..i).map(words).collect();
            let mut pairs = Vec::new();
            for r in removed..added {
                let wr = words(r);
                for (a, wa) in (added..i).zip(&added_words) {
                    let shared = wr.iter().filter(|t| wa.binary_search(t).is_ok()).count();
                    let union = wr.len() + wa.len() - shared;
                    if union > 0 && shared * 2 >= union {
                        pairs.push((shared * 1000 / union, r, a));
                    }
                }
            }
            pairs.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            let mut used = Vec::new();
            for (_, r, a) in pairs {
                if out[a].is_none() && !used.contains(&r) {
                    out[a] = Some(r);
                    used.push(r);
                }
            }
        } else {
            // A block rewritten into another, such as code wrapped in a new
            // `if`: lines it carries over re-indented still pair up.
            for (r, a) in same_lines(&hunk.lines[removed..added], &hunk.lines[added..i]) {
                out[added + a] = Some(removed + r);
            }
        }
        if i == removed {
            i += 1;
        }
    }
    out
}

/// The longest run, in order, of non-blank lines two blocks share when
/// whitespace is ignored, as (index in `a`, index in `b`) pairs.
fn same_lines(a: &[HunkLine], b: &[HunkLine]) -> Vec<(usize, usize)> {
    const MAX: usize = 200;
    if a.len() > MAX || b.len() > MAX {
        return Vec::new();
    }
    let key = |l: &HunkLine| (!is_blank(&l.content)).then(|| squash_whitespace(&l.content));
    let (ka, kb): (Vec<_>, Vec<_>) = (a.iter().map(key).collect(), b.iter().map(key).collect());
    let same = |i: usize, j: usize| ka[i].is_some() && ka[i] == kb[j];
    // lcs[i][j]: the longest shared run of a[i..] and b[j..].
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if same(i, j) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if same(i, j) {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Whether `run` occurs in `lines` in one piece (ignoring whitespace).
fn contains_run(lines: &[Vec<u8>], run: &[&[u8]]) -> bool {
    !run.is_empty()
        && lines.windows(run.len()).any(|w| {
            w.iter().zip(run).all(|(a, b)| {
                squash_whitespace(a) == squash_whitespace(b) && is_blank(a) == is_blank(b)
            })
        })
}

/// The upstream hunk line and the legacy line a pair matched.
fn matched_lines<'a>(
    hunk: &'a Hunk,
    pre_pos: &[usize],
    pair: &Pair,
    legacy: &'a [Vec<u8>],
) -> Option<(&'a HunkLine, &'a [u8])> {
    let up = pre_pos.get(pair.pre).and_then(|&i| hunk.lines.get(i))?;
    Some((up, legacy.get(pair.legacy)?.as_slice()))
}

/// Whether the matched legacy lines end in `\r` where upstream's do not
/// (`Some(true)`), the other way round (`Some(false)`), or agree (`None`).
///
/// Only pairs that differ count: in a file of mixed endings where upstream
/// and legacy agree line by line, the added lines keep upstream's endings.
fn legacy_crlf(
    hunk: &Hunk,
    pre_pos: &[usize],
    alignment: &Alignment,
    legacy: &[Vec<u8>],
) -> Option<bool> {
    let total = alignment.pairs.len();
    let (mut gained, mut lost) = (0, 0);
    for p in &alignment.pairs {
        if let Some((up, leg)) = matched_lines(hunk, pre_pos, p, legacy) {
            match (up.content.ends_with(b"\r"), leg.ends_with(b"\r")) {
                (false, true) => gained += 1,
                (true, false) => lost += 1,
                _ => {}
            }
        }
    }
    if gained * 2 > total {
        Some(true)
    } else if lost * 2 > total {
        Some(false)
    } else {
        None
    }
}

/// A change of indentation: upstream's prefix `from` becomes legacy's `to`,
/// or, when the branches indent with different characters, tabs and runs of
/// `width` spaces are converted.
#[derive(Debug, Default)]
struct Reindent {
    from: Vec<u8>,
    to: Vec<u8>,
    /// `Some((true, w))`: tabs become `w` spaces; `Some((false, w))`: runs of
    /// `w` spaces become tabs.
    convert: Option<(bool, usize)>,
    /// The hunk's matched lines agree on no prefix change, not even on none.
    split: bool,
}

/// The indentation with every tab replaced by `width` spaces.
fn expand(ind: &[u8], width: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(ind.len());
    for &b in ind {
        if b == b'\t' {
            out.extend(std::iter::repeat_n(b' ', width));
        } else {
            out.push(b);
        }
    }
    out
}

/// The indentation with leading runs of `width` spaces replaced by tabs.
fn compress(ind: &[u8], width: usize) -> Vec<u8> {
    let expanded = expand(ind, width);
    let tabs = expanded.len() / width;
    let mut out = vec![b'\t'; tabs];
    out.extend(std::iter::repeat_n(b' ', expanded.len() - tabs * width));
    out
}

impl Reindent {
    /// Learns the prefix change most matched non-blank lines agree on.
    fn learn(
        hunk: &Hunk,
        pre_pos: &[usize],
        alignment: &Alignment,
        legacy: &[Vec<u8>],
    ) -> Reindent {
        let mut votes: BTreeMap<(Vec<u8>, Vec<u8>), usize> = BTreeMap::new();
        let mut total = 0;
        let mut indents: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        for p in &alignment.pairs {
            if matches!(p.how, How::Fuzzy(_)) {
                continue;
            }
            let Some((up, leg)) = matched_lines(hunk, pre_pos, p, legacy) else {
                continue;
            };
            if is_blank(&up.content) {
                continue;
            }
            let (ui, li) = (indentation(&up.content), indentation(leg));
            indents.push((ui.to_vec(), li.to_vec()));
            let common = ui
                .iter()
                .rev()
                .zip(li.iter().rev())
                .take_while(|(a, b)| a == b)
                .count();
            let key = (
                ui[..ui.len() - common].to_vec(),
                li[..li.len() - common].to_vec(),
            );
            *votes.entry(key).or_insert(0) += 1;
            total += 1;
        }
        if let Some(convert) = learn_conversion(&indents) {
            return Reindent {
                convert: Some(convert),
                ..Reindent::default()
            };
        }
        let Some(((from, to), n)) = votes.into_iter().max_by_key(|(_, n)| *n) else {
            return Reindent::default();
        };
        if n * 3 < total * 2 {
            return Reindent {
                split: true,
                ..Reindent::default()
            };
        }
        if from == to {
            return Reindent::default();
        }
        Reindent {
            from,
            to,
            convert: None,
            split: false,
        }
    }

    /// The prefix change of the nearest matched line of the hunk indented
    /// as the added line at `pos` is upstream: lines at one depth upstream
    /// stay at one depth in legacy (a list legacy nests one level deeper).
    /// `None` when that line kept its indentation.
    fn nearest(
        hunk: &Hunk,
        pos: usize,
        line_of_pre: &HashMap<usize, (usize, How)>,
        legacy: &[Vec<u8>],
    ) -> Option<Reindent> {
        let own = indentation(&hunk.lines[pos].content);
        let n = hunk.lines.len();
        let nearest = (1..n).flat_map(|d| [pos.checked_sub(d), Some(pos + d)]);
        let to = nearest.flatten().filter(|&k| k < n).find_map(|k| {
            let line = &hunk.lines[k];
            let &(l, how) = line_of_pre.get(&k)?;
            if matches!(how, How::Fuzzy(_)) || is_blank(&line.content) {
                return None;
            }
            let leg = legacy.get(l)?;
            (indentation(&line.content) == own).then(|| indentation(leg))
        })?;
        (to != own).then(|| Reindent {
            from: own.to_vec(),
            to: to.to_vec(),
            ..Reindent::default()
        })
    }

    fn apply(&self, line: &[u8]) -> Vec<u8> {
        if is_blank(line) {
            return line.to_vec();
        }
        let ind = indentation(line);
        if let Some((to_spaces, width)) = self.convert {
            let mut out = if to_spaces {
                expand(ind, width)
            } else {
                compress(ind, width)
            };
            out.extend_from_slice(&line[ind.len()..]);
            return out;
        }
        if self.from == self.to {
            return line.to_vec();
        }
        // The changed part of the prefix sits before the common tail, so the
        // added line must start with `from` (or have no indentation to give).
        if let Some(rest) = line.strip_prefix(self.from.as_slice()) {
            let mut out = self.to.clone();
            out.extend_from_slice(rest);
            return out;
        }
        if ind.len() < self.from.len() && self.from.starts_with(ind) && self.to.is_empty() {
            return line[ind.len()..].to_vec();
        }
        line.to_vec()
    }

    fn adaptation(&self) -> Option<Adaptation> {
        if let Some((to_spaces, width)) = self.convert {
            let spaces = " ".repeat(width);
            let (from, to) = if to_spaces {
                ("\t".to_string(), spaces)
            } else {
                (spaces, "\t".to_string())
            };
            return Some(Adaptation::Reindented { from, to });
        }
        (self.from != self.to).then(|| Adaptation::Reindented {
            from: String::from_utf8_lossy(&self.from).into_owned(),
            to: String::from_utf8_lossy(&self.to).into_owned(),
        })
    }
}

/// Tabs-versus-spaces: the width (8, 4 or 2) that turns upstream's
/// indentation into legacy's for at least two thirds of the matched lines,
/// with at least one line where it made a difference.
fn learn_conversion(indents: &[(Vec<u8>, Vec<u8>)]) -> Option<(bool, usize)> {
    let differing = indents.iter().filter(|(u, l)| u != l).count();
    if differing == 0 {
        return None;
    }
    for to_spaces in [true, false] {
        for width in [8, 4, 2] {
            let fits = indents
                .iter()
                .filter(|(u, l)| {
                    if to_spaces {
                        expand(u, width) == *l
                    } else {
                        expand(l, width) == *u && compress(u, width) == *l
                    }
                })
                .count();
            let converted = indents
                .iter()
                .filter(|(u, l)| {
                    u != l
                        && (if to_spaces {
                            expand(u, width) == *l
                        } else {
                            compress(u, width) == *l
                        })
                })
                .count();
            if converted > 0 && fits * 3 >= indents.len() * 2 {
                return Some((to_spaces, width));
            }
        }
    }
    None
}

/// Identifier renames seen consistently in matched lines whose tokens differ
/// only in identifiers, where the upstream name never occurs in the legacy
/// span (so legacy really calls it something else).
fn learn_renames(
    hunk: &Hunk,
    pre_pos: &[usize],
    alignment: &Alignment,
    legacy: &[Vec<u8>],
    span: &Range<usize>,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut seen: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
    for p in &alignment.pairs {
        if p.how == How::Exact {
            continue;
        }
        let Some((up, leg)) = matched_lines(hunk, pre_pos, p, legacy) else {
            continue;
        };
        let (ut, lt) = (tokenize(&up.content), tokenize(leg));
        if ut.len() != lt.len() {
            if let Some((a, b)) = path_change(&ut, &lt) {
                let entry = seen.entry(a).or_insert_with(|| Some(b.clone()));
                if entry.as_ref() != Some(&b) {
                    *entry = None;
                }
            }
            continue;
        }
        // Evidence only from lines that differ in exactly one name (wherever
        // it occurs): anything more is a rewrite, not a rename.
        let mut diffs = ut.iter().zip(&lt).filter(|(a, b)| a != b);
        let Some((a, b)) = diffs.next() else {
            continue;
        };
        if !diffs.all(|(x, y)| x == a && y == b) || !is_identifier(a) || !is_identifier(b) {
            continue;
        }
        let entry = seen.entry(a.to_vec()).or_insert_with(|| Some(b.to_vec()));
        if entry.as_deref() != Some(*b) {
            *entry = None;
        }
    }
    let in_span = |name: &[u8]| {
        legacy
            .get(span.clone())
            .unwrap_or_default()
            .iter()
            .any(|l| {
                if name.iter().all(|&b| is_word(b)) {
                    tokenize(l).contains(&name)
                } else {
                    fragment_at(l, name, 0).is_some()
                }
            })
    };
    seen.into_iter()
        .filter_map(|(a, b)| Some((a, b?)))
        .filter(|(a, _)| !in_span(a))
        .collect()
}

/// A module path one side spells with more segments than the other
/// (`crate::devices::virtio::Queue` upstream, `crate::virtio::Queue` in
/// legacy; `a.b.c` and `a.c` in Python): the path from the name before the
/// difference to the name after it, as upstream and legacy write it.
fn path_change(ut: &[&[u8]], lt: &[&[u8]]) -> Option<(Vec<u8>, Vec<u8>)> {
    let p = ut.iter().zip(lt).take_while(|(a, b)| a == b).count();
    let s = ut[p..]
        .iter()
        .rev()
        .zip(lt[p..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (&ut[p..ut.len() - s], &lt[p..lt.len() - s]);
    let sep: &[&[u8]] = if ut[..p].ends_with(&[b":", b":"]) {
        &[b":", b":"]
    } else if ut[..p].ends_with(&[b"."]) {
        &[b"."]
    } else {
        return None;
    };
    // Whole segments (a name and its separator), on one side only.
    let segments = |t: &[&[u8]]| {
        t.chunks(sep.len() + 1)
            .all(|c| c.len() == sep.len() + 1 && is_identifier(c[0]) && &c[1..] == sep)
    };
    if a.is_empty() == b.is_empty() || !segments(a) || !segments(b) {
        return None;
    }
    let before = *ut.get(p.checked_sub(sep.len() + 1)?)?;
    let after = *ut.get(ut.len() - s)?;
    if !before.iter().all(|&c| is_word(c)) || !is_identifier(after) {
        return None;
    }
    let path = |middle: &[&[u8]]| -> Vec<u8> {
        let mut out = before.to_vec();
        sep.iter().for_each(|t| out.extend_from_slice(t));
        middle.iter().for_each(|t| out.extend_from_slice(t));
        out.extend_from_slice(after);
        out
    };
    Some((path(a), path(b)))
}

/// Where `fragment` occurs in `line` from `from` on, not inside a longer
/// word on either side.
fn fragment_at(line: &[u8], fragment: &[u8], from: usize) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(fragment);
    let mut at = from;
    while let Some(i) = line.get(at..).and_then(|rest| finder.find(rest)) {
        let start = at + i;
        let end = start + fragment.len();
        let bounded = |k: Option<&u8>| !k.is_some_and(|&b| is_word(b));
        if bounded(start.checked_sub(1).and_then(|k| line.get(k))) && bounded(line.get(end)) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// Replaces whole identifier tokens per `renames`, and module paths spelled
/// otherwise (entries that are not one word).
fn rename(line: &[u8], renames: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    if renames.is_empty() {
        return line.to_vec();
    }
    let mut line = line.to_vec();
    for (from, to) in renames
        .iter()
        .filter(|(f, _)| !f.iter().all(|&b| is_word(b)))
    {
        let mut at = 0;
        while let Some(start) = fragment_at(&line, from, at) {
            line.splice(start..start + from.len(), to.iter().copied());
            at = start + to.len();
        }
    }
    let line = line.as_slice();
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        if is_word(line[i]) {
            let start = i;
            while i < line.len() && is_word(line[i]) {
                i += 1;
            }
            let word = &line[start..i];
            match renames.iter().find(|(from, _)| from.as_slice() == word) {
                Some((_, to)) => out.extend_from_slice(to),
                None => out.extend_from_slice(word),
            }
        } else {
            out.push(line[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_replaces_whole_words_only() {
        let r = vec![(b"buf".to_vec(), b"buffer".to_vec())];
        assert_eq!(
            rename(b"buf[0] = buf_len(buf);", &r),
            b"buffer[0] = buf_len(buffer);"
        );
    }

    #[test]
    fn converts_tabs_and_spaces() {
        let pairs = vec![
            (b"\t".to_vec(), b"    ".to_vec()),
            (b"\t\t".to_vec(), b"        ".to_vec()),
            (Vec::new(), Vec::new()),
        ];
        assert_eq!(learn_conversion(&pairs), Some((true, 4)));
        let back: Vec<_> = pairs.iter().map(|(u, l)| (l.clone(), u.clone())).collect();
        assert_eq!(learn_conversion(&back), Some((false, 4)));
        let r = Reindent {
            convert: Some((true, 4)),
            ..Reindent::default()
        };
        assert_eq!(r.apply(b"\t\tx;"), b"        x;");
        assert_eq!(compress(b"      ", 4), b"\t  ");
    }

    #[test]
    fn reindent_swaps_prefix() {
        let r = Reindent {
            from: b"    ".to_vec(),
            to: b"\t".to_vec(),
            ..Reindent::default()
        };
        assert_eq!(r.apply(b"        x();"), b"\t    x();");
        assert_eq!(r.apply(b""), b"");
        let out = Reindent {
            from: b"    ".to_vec(),
            to: Vec::new(),
            ..Reindent::default()
        };
        assert_eq!(out.apply(b"  y"), b"y");
    }

    #[test]
    fn lines_a_rewrite_carries_over_reindented_pair_up() {
        let line = |kind, text: &str| HunkLine::new(kind, text.as_bytes().to_vec());
        let (r, a) = (LineKind::Removed, LineKind::Added);
        let removed = [line(r, "  f(x,"), line(r, "    y);"), line(r, "")];
        let added = [
            line(a, "  if (c)"),
            line(a, "    f(x,"),
            line(a, "      y);"),
            line(a, ""),
            line(a, "  else"),
            line(a, "    f(x,"),
        ];
        assert_eq!(same_lines(&removed, &added), vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn reads_one_line_imports() {
        let names = |l: &str| imports(l.as_bytes()).map(|(p, n)| (p.to_vec(), n.len()));
        assert_eq!(
            names("use std::sync::Arc;"),
            Some((b"std::sync".to_vec(), 1))
        );
        assert_eq!(
            names("    pub use crate::{err, ffi as sys, Py};"),
            Some((b"crate".to_vec(), 3))
        );
        assert_eq!(
            names("from typing import Any, List"),
            Some((b"typing".to_vec(), 2))
        );
        assert_eq!(names("use a::{b::{C, D}, E};"), None);
        assert_eq!(names("from x import (a,"), None);
        assert_eq!(names("import os"), None);
        let wider: [&[u8]; 1] = [b"use std::sync::{Arc, RwLock};"];
        assert!(imported_by(b"use std::sync::Arc;", &wider));
        assert!(!imported_by(b"use std::sync::Mutex;", &wider));
        assert!(!imported_by(b"use std::sync::{Arc, RwLock};", &wider));
    }

    #[test]
    fn learns_a_module_path_one_side_spells_longer() {
        let change = |up: &str, leg: &str| {
            path_change(&tokenize(up.as_bytes()), &tokenize(leg.as_bytes()))
                .map(|(a, b)| (String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap()))
        };
        assert_eq!(
            change(
                "    use crate::devices::virtio::queue::tests::*;",
                "    use crate::virtio::queue::tests::*;"
            ),
            Some(("crate::devices::virtio".into(), "crate::virtio".into()))
        );
        assert_eq!(
            change(
                "from aiohttp.web import ETag",
                "from aiohttp.web.helpers import ETag"
            ),
            None
        );
        assert_eq!(
            change("x = urllib.quote_plus(s)", "x = urllib.parse.quote_plus(s)"),
            Some(("urllib.quote_plus".into(), "urllib.parse.quote_plus".into()))
        );
        assert_eq!(change("f(a, b)", "f(a)"), None);
        let renames = vec![(
            b"crate::devices::virtio".to_vec(),
            b"crate::virtio".to_vec(),
        )];
        assert_eq!(
            rename(b"use crate::devices::virtio::VIRTQ_DESC_F_NEXT;", &renames),
            b"use crate::virtio::VIRTQ_DESC_F_NEXT;"
        );
        assert_eq!(
            rename(b"use my_crate::devices::virtio::X;", &renames),
            b"use my_crate::devices::virtio::X;"
        );
    }

    #[test]
    fn counts_open_brackets() {
        let lines: [&[u8]; 2] = [b"assert!(match f(x) {", b"    A => true,"];
        assert_eq!(brackets(lines.into_iter()), [1, 0, 1]);
        let closed: [&[u8]; 1] = [b"});"];
        assert_eq!(brackets(closed.into_iter()), [-1, 0, -1]);
    }
}
