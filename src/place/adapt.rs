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

mod adaptation;
mod blank_runs;
mod bumps;
mod edges;
mod endings;
mod fit;
mod imports;
mod lists;
mod pairing;
mod present;
mod reindent;
mod removed;
mod renames;
mod unmatched;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::align::{Alignment, How, Pair};
use super::idioms::Idioms;
use super::keywords;
use super::useorder::{self, UseStyle};
use crate::patch::{Hunk, HunkLine, LineKind};
use crate::text::{indentation, is_blank, is_whitespace_only, squash_whitespace, without_cr};
pub use adaptation::Adaptation;
use blank_runs::kept_blanks_first;
use bumps::Bump;
use edges::{
    annotated_header, blank_after_gone, blank_before_closer, blank_before_gone, blank_like,
    collapses_blanks, continues_added, inside_added, keeps_legacys_names, legacy_has_names,
    moved_context_before, opens_added, opens_bracket, same_brackets, separates_added, sets_apart,
    sets_apart_from, still_separates,
};
use endings::legacy_crlf;
pub(in crate::place) use endings::{endings_to_give, give_endings};
use fit::{fit_added, FittedAdded};
use imports::{
    after_drifted, between_blank_lines, imported_by, relay_use_list, sorted_block, sorted_slot,
};
pub(super) use imports::{import_bindings, imported_names, is_include};
use lists::{closed_as_upstream, ends_block, ends_list, list_items, members, Appended};
pub(in crate::place) use lists::{closes_something, closing_lines_kept};
pub use pairing::replaced_lines;
use present::{contains_run, without_added_twins};
use reindent::Reindent;
use removed::{inside_removed, nests_removed, one_for_one, same_statement, wrapped_removed};
use renames::{learn_renames, rename, Renames};
use unmatched::{twin_behind, unmatched_words, written_otherwise};

/// How the branch writes what a port adds, learnt from the legacy file.
pub struct BranchStyle {
    /// How `use` lists are sorted and laid out (`useorder.rs`).
    pub uses: UseStyle,
    /// Lines upstream's file has that legacy writes another way.
    pub idioms: Idioms,
    /// Where the branch puts a block's lone `{` (`braces.rs`).
    pub braces: Option<isize>,
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
    /// The added lines as adapted, in upstream's form where they were
    /// written the branch's way (`Adaptation::BranchIdiom`).
    pub added: Vec<Vec<u8>>,
    /// Every run of added lines has its upstream neighbours (the lines right
    /// before and after it) matched in legacy: the insertion point is
    /// confirmed from both sides.
    pub anchored: bool,
    /// Pre-image lines matched only fuzzily that the learned renames, or a
    /// template of the branch's calls (`templates.rs`), make equal
    /// (ignoring whitespace) to their legacy line.
    pub explained: Vec<usize>,
    /// Removed pre-image lines legacy lacks because it already has the
    /// lines that replace them.
    pub settled_removed: Vec<usize>,
}

/// Where a replacement's added lines go when the place alone does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placing {
    /// The hunk reaches the end of upstream's file.
    pub at_upstream_end: bool,
    /// Added lines whose order among legacy's own lines is a guess go after
    /// those lines rather than before them: the other guess, for a person.
    pub after_legacy: bool,
}

/// Builds the replacement for `hunk` aligned by `alignment` with `legacy`.
/// `pre_pos[i]` is the index in `hunk.lines` of pre-image line `i`;
/// `replaced` is [`replaced_lines`] of the hunk, the same for every place.
/// `style` is how the branch writes what the port adds.
pub fn replacement(
    hunk: &Hunk,
    pre_pos: &[usize],
    replaced: &[Option<usize>],
    alignment: &Alignment,
    legacy: &[Vec<u8>],
    style: &BranchStyle,
    placing: Placing,
) -> Option<Replacement> {
    let use_style = style.uses;
    let alignment = &without_added_twins(hunk, pre_pos, alignment, legacy);
    let alignment = &kept_blanks_first(hunk, pre_pos, alignment);
    let mut span = alignment.span()?;
    let reindent = Reindent::learn(hunk, pre_pos, alignment, legacy);
    // Every rename explains drift; the added lines take only those seen at
    // the change (`renames.rs`).
    let Renames {
        all: renames,
        at_change: applied,
    } = learn_renames(hunk, pre_pos, alignment, legacy, &span);
    let crlf = legacy_crlf(hunk, pre_pos, alignment, legacy);
    let drifted = || drifted_lines(hunk, pre_pos, alignment, legacy);
    let mut explained: Vec<usize> = if renames.is_empty() {
        Vec::new()
    } else {
        drifted()
            .filter(|(_, up, leg)| {
                squash_whitespace(&rename(&up.content, &renames)) == squash_whitespace(leg)
            })
            .map(|(pre, ..)| pre)
            .collect()
    };
    // A drifted line that is only the branch's way of making a call
    // (`templates.rs`) is no drift either.
    let shapes = style.idioms.shapes();
    let mut local_shapes: Vec<usize> = Vec::new();
    // Without a template, no pair needs looking at.
    for (pre, up, leg) in drifted().take_while(|_| !shapes.is_empty()) {
        if explained.contains(&pre) {
            continue;
        }
        if let Some(shape) = shapes.explaining(&up.content, leg) {
            explained.push(pre);
            if !local_shapes.contains(&shape) {
                local_shapes.push(shape);
            }
        }
    }
    // A rename only one removed line shows is the branch's own wording of
    // the line being replaced: carrying it over is a word merge, which a
    // person confirms, not a rename the context or a second line proves.
    let shown_by_context = explained.iter().any(|&pre| {
        pre_pos
            .get(pre)
            .and_then(|&pos| hunk.lines.get(pos))
            .is_some_and(|l| l.kind == LineKind::Context)
    });
    if !shown_by_context && explained.len() < 2 {
        explained.clear();
    }
    let mut line_of_pre: HashMap<usize, (usize, How)> = HashMap::new();
    for p in &alignment.pairs {
        if let Some(&pos) = pre_pos.get(p.pre) {
            line_of_pre.insert(pos, (p.legacy, p.how));
        }
    }
    let wrapped = wrapped_removed(hunk, &line_of_pre, legacy, &span);
    let mut replaced_by = replaced.to_vec();
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
        &applied,
    );
    let FittedAdded {
        mut texts,
        merged,
        made,
        bumped,
        sure,
        local_reindent,
    } = fitted;
    let settled = (made.iter().chain(&sure)).chain(bumped.iter().map(|(r, _)| r));
    explained.extend(settled.filter_map(|r| pre_pos.binary_search(r).ok()));
    // A `use` line legacy writes in the old rustfmt order is the same line.
    let restyled = drifted().filter(|(_, up, leg)| useorder::same_in_old_order(&up.content, leg));
    explained.extend(restyled.map(|(pre, ..)| pre));
    // Each line once: an entry explains one drifted line, and a line both a
    // rename and the branch's own edit explain would explain another too.
    explained.sort_unstable();
    explained.dedup();
    let newer = bumped.iter().filter(|(_, how)| *how == Bump::Past).count();
    let kept_keywords = keywords::keep_legacy(hunk, replaced, &line_of_pre, legacy, &mut texts);
    // Upstream's form of each line written the branch's way: what the
    // branch lacks is judged on it, so a line the branch writes otherwise
    // still says what it needs (maintainers often bring that over instead).
    // Not so for a call a template rewrote: the branch's file makes that
    // call its own way on several lines, so its form is what it needs.
    let mut upstream_form: HashMap<usize, Vec<u8>> = HashMap::new();
    let (mut idioms, mut calls) = (0, 0);
    for (pos, (text, line)) in texts.iter_mut().zip(&hunk.lines).enumerate() {
        let Some(text) = text else {
            continue;
        };
        // A template the hunk's own drifted lines show is the branch's way
        // here, even where the branch's file also calls upstream's way.
        let local = (line.kind == LineKind::Added)
            .then(|| (local_shapes.iter()).find_map(|&s| shapes.rewrite_with(s, &line.content)))
            .flatten();
        let Some((form, call)) =
            (local.as_deref().map(|f| (f, true))).or_else(|| style.idioms.form(&line.content))
        else {
            continue;
        };
        // The hunk's own lines write the branch's form as another line
        // (SDL tries the `"default"` cursor, then the `"left_ptr"` the
        // branch has): upstream's line is not that line written otherwise.
        if (hunk.lines.iter().enumerate())
            .any(|(k, l)| k != pos && l.content.trim_ascii() == form.trim_ascii())
        {
            continue;
        }
        let cr = text.ends_with(b"\r");
        let branch = [indentation(text), form, if cr { b"\r" } else { b"" }].concat();
        let upstream = std::mem::replace(text, branch);
        if call {
            calls += 1;
        } else {
            idioms += 1;
            upstream_form.insert(pos, upstream);
        }
    }
    let mut reordered = 0;
    if use_style != UseStyle::AsUpstream {
        for text in texts.iter_mut().flatten() {
            if let Some(line) = useorder::to_old_order(text) {
                *text = line;
                reordered += 1;
            }
        }
    }
    // Built when a replacement's order is in question, which is rare.
    let mut unmatched: Option<HashSet<Vec<u8>>> = None;
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut cursor = span.start;
    let (mut kept_context, mut missing_context, mut drifted, mut missing_removed) = (0, 0, 0, 0);
    let (mut extra, mut present, mut carried_blank, mut kept_blank) = (0, 0, 0, 0);
    let (mut dropped, mut merged_imports, mut appended_after) = (0, 0, 0);
    let (mut carried_context, mut dropped_blank) = (0, 0);
    let mut uncertain_order = false;
    let mut added = Vec::new();
    let mut skip_run = false;
    let mut anchored = true;
    let mut settled_removed = Vec::new();
    // Where in `out` the added lines went.
    let mut added_at = Vec::new();
    // Legacy's lines to write right after an added line (by its hunk line).
    let mut deferred: HashMap<usize, Vec<Vec<u8>>> = HashMap::new();
    // A drifted import written before the added ones it sorts ahead of.
    let mut written_early = None;
    for (pos, line) in hunk.lines.iter().enumerate() {
        match line.kind {
            LineKind::Context | LineKind::Removed if written_early == Some(pos) => {}
            LineKind::Context | LineKind::Removed => {
                let Some(&(l, how)) = line_of_pre.get(&pos) else {
                    // A blank line upstream sets its new code apart with,
                    // after it or before it.
                    let closes_run = || {
                        if !separates_added(hunk, &line_of_pre, pos) {
                            return false;
                        }
                        // How deep the run of added lines it closes starts.
                        let depth = (0..pos)
                            .rev()
                            .skip_while(|&k| hunk.lines[k].kind != LineKind::Added)
                            .take_while(|&k| hunk.lines[k].kind == LineKind::Added)
                            .filter_map(|k| texts.get(k)?.as_deref())
                            .filter(|t| !is_blank(t))
                            .map(|t| indentation(t).len())
                            .min();
                        (out.last().zip(legacy.get(cursor)).zip(depth))
                            .is_some_and(|((last, next), depth)| sets_apart_from(last, depth, next))
                    };
                    let opens_run = || {
                        opens_added(hunk, &line_of_pre, pos)
                            && texts
                                .get(pos + 1)
                                .and_then(Option::as_ref)
                                .zip(out.last())
                                .is_some_and(|(first, last)| {
                                    sets_apart(last, first) && !opens_bracket(last)
                                })
                    };
                    if line.kind == LineKind::Context && !skip_run && (closes_run() || opens_run())
                    {
                        out.push(blank_like(&line.content, crlf));
                        carried_blank += 1;
                    } else if line.kind == LineKind::Context
                        && !skip_run
                        && inside_added(hunk, &texts, pos)
                    {
                        // Between added lines, a line of upstream's context
                        // legacy lacks is part of the new code (an argument
                        // of a new call): it goes with it.
                        out.push(line.content.clone());
                        carried_context += 1;
                    } else if line.kind == LineKind::Context {
                        missing_context += 1;
                        uncertain_order |= twin_behind(hunk, pos, legacy, alignment, cursor);
                    } else if !is_blank(&line.content) {
                        missing_removed += 1;
                    }
                    continue;
                };
                let (first, last) = wrapped.get(&pos).copied().unwrap_or((l, l));
                drifted += last - first;
                let inside = inside_removed(hunk, &line_of_pre, pos, legacy, cursor..first);
                let kept_before = cursor < first && !inside;
                // Legacy's own lines between two removed lines of a block
                // that added lines replace one for one (a table of constants
                // rewritten, with an entry only legacy has) go after the
                // line that replaces the first of the two, where they were.
                let after_replacing = (cursor < first && !inside && line.kind == LineKind::Removed)
                    .then(|| (0..pos).rev().find(|k| line_of_pre.contains_key(k)))
                    .flatten()
                    .filter(|&k| hunk.lines[k].kind == LineKind::Removed)
                    .and_then(|k| {
                        let a = replaced_by.iter().position(|&r| r == Some(k))?;
                        (one_for_one(hunk, k)
                            && same_statement(&hunk.lines[k].content, &hunk.lines.get(a)?.content))
                        .then_some(a)
                    });
                if let Some(a) = after_replacing {
                    let kept = legacy.get(cursor..first)?;
                    extra += kept.len();
                    deferred.entry(a).or_default().extend(kept.iter().cloned());
                    cursor = first;
                }
                let gap = legacy.get(cursor..first).unwrap_or_default();
                uncertain_order |= !inside
                    && (legacy.get(first))
                        .is_some_and(|r| nests_removed(hunk, &line_of_pre, pos, gap, r));
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
                    && (still_separates(hunk, &line_of_pre, pos, out.last())
                        || collapses_blanks(hunk, pos, out.last(), legacy.get(l + 1)))
                {
                    out.push(legacy.get(l)?.clone());
                    kept_blank += 1;
                } else if line.kind == LineKind::Context
                    && how != How::Exact
                    && (continues_added(hunk, pos) || annotated_header(hunk, pos, legacy.get(l)?))
                    && legacy_has_names(&line.content, legacy)
                    && same_brackets(&line.content, legacy.get(l)?)
                    && keeps_legacys_names(&line.content, legacy.get(l)?)
                {
                    // The rest of a statement an added line begins is new
                    // code, and so is an annotated header right after new
                    // code: upstream's form, at legacy's indentation.
                    let leg = legacy.get(l)?;
                    let mut text = indentation(leg).to_vec();
                    text.extend_from_slice(line.content.trim_ascii_start());
                    out.push(text);
                    carried_context += 1;
                } else if line.kind == LineKind::Context
                    && without_cr(&line.content).is_empty()
                    && legacy
                        .get(l)
                        .is_some_and(|leg| is_whitespace_only(without_cr(leg)))
                {
                    // Legacy's blank line keeps whitespace upstream has
                    // since cleaned away: the hunk's lines come as upstream
                    // has them, and maintainers take this one too.
                    out.push(line.content.clone());
                    carried_context += 1;
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
                    // The hunk line before the run: kept, or replaced by it.
                    let prev = pos.checked_sub(1).map(|p| hunk.lines[p].kind);
                    // Upstream appended at the end of its file, after a line
                    // it keeps: what follows the run there is the file's
                    // end, so legacy's own last lines are the gap.
                    let at_file_end = placing.at_upstream_end
                        && prev == Some(LineKind::Context)
                        && run_end == hunk.lines.len()
                        && next.is_none();
                    let gap = match next {
                        Some(n) => legacy.get(cursor..n),
                        None if at_file_end => legacy
                            .get(cursor..)
                            .filter(|tail| tail.iter().any(|l| !is_blank(l))),
                        None => None,
                    }
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
                    // Upstream's next line, where legacy has it at the cursor.
                    let next_here = line_of_pre.get(&run_end).copied().filter(|&(l, _)| {
                        gap.is_empty()
                            && !skip_run
                            && l == cursor
                            && hunk.lines[run_end].kind == LineKind::Context
                    });
                    // Imports upstream put before a line legacy writes
                    // otherwise go where legacy's sorted order puts them.
                    let drifted_import = next_here.filter(|&(l, how)| {
                        how != How::Exact && after_drifted(out.last(), legacy, l, &run)
                    });
                    // Imports after lines legacy lacks, anchored by a blank
                    // line where legacy has blank lines on both sides: they
                    // may go between them or after both (the other order).
                    let between_blanks = next_here.filter(|&(l, _)| {
                        is_blank(&hunk.lines[run_end].content)
                            && pos.checked_sub(1).is_some_and(|p| {
                                !line_of_pre.contains_key(&p) && !is_blank(&hunk.lines[p].content)
                            })
                            && between_blank_lines(out.last(), legacy, l, &run)
                    });
                    if let Some((l, _)) = between_blanks {
                        uncertain_order = true;
                        if placing.after_legacy {
                            out.push(legacy[l].clone());
                            appended_after += 1;
                            cursor = l + 1;
                        }
                    }
                    if let Some((l, _)) = drifted_import {
                        out.push(legacy[l].clone());
                        kept_context += 1;
                        cursor = l + 1;
                        written_early = Some(run_end);
                    }
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
                    } else if !gap.is_empty() && at_file_end {
                        // Legacy's file goes on after the matched lines: the
                        // appended lines go at its end, but both sides add at
                        // the same end (a 3-way merge conflicts), so the
                        // order is a guess.
                        out.extend(gap.iter().cloned());
                        appended_after += gap.len();
                        cursor += gap.len();
                        uncertain_order = true;
                    } else if !gap.is_empty() && before_gone && after_kept {
                        // The line the added lines followed is gone; they
                        // precede the line after them, which is still there.
                        let own = cursor..cursor + gap.len();
                        out.extend(gap.iter().cloned());
                        extra += gap.len();
                        cursor += gap.len();
                        // Unless legacy's lines there are the one they
                        // followed, written otherwise, or they close a block
                        // of one-line members after legacy's own.
                        let follows = prev == Some(LineKind::Context)
                            && written_otherwise(&hunk.lines[pos - 1].content, legacy, own);
                        let closes =
                            ends_block(hunk.lines.get(run_end), &run) && members(gap, &run);
                        uncertain_order |= !(follows || closes);
                    } else if let Some(before) = sorted_slot(out.last(), gap, &run) {
                        // Imports kept sorted: the added ones go where the
                        // order puts them among legacy's own. The order is
                        // still one no line confirms (maintainers append
                        // as often as they sort), unless legacy keeps its
                        // whole block of such imports sorted (borg's
                        // `import shlex` between `os` and `subprocess`).
                        uncertain_order |=
                            cursor > span.start && !sorted_block(legacy, cursor + before, &run);
                        out.extend(gap[..before].iter().cloned());
                        extra += before;
                        cursor += before;
                    } else if let Some(appended) = (!gap.is_empty()
                        && cursor > span.start
                        && after_kept
                        && prev != Some(LineKind::Removed)
                        && ends_list(hunk.lines.get(run_end)))
                    .then(|| {
                        list_items(
                            legacy.get(..cursor).unwrap_or_default(),
                            out.last(),
                            gap,
                            &run,
                            prev == Some(LineKind::Context)
                                && ends_block(hunk.lines.get(run_end), &run),
                        )
                    })
                    .flatten()
                    {
                        // Upstream appended to a list (after its last item,
                        // before its end); legacy's list has items of its
                        // own after that one, so the end of legacy's list is
                        // where the appended items go. A list of one-line
                        // items settles the order; a block's does not. Lines
                        // that replace an item take its place instead
                        // (varnish's `size_t len = 0;` for `ssize_t len`).
                        uncertain_order |= appended == Appended::Block;
                        out.extend(gap.iter().cloned());
                        appended_after += gap.len();
                        cursor += gap.len();
                    } else if let Some(twins) = (cursor > span.start)
                        .then(|| moved_context_before(hunk, pos, gap))
                        .filter(|&t| t > 0)
                    {
                        // Legacy's own lines here that are context lines
                        // upstream has before the run, in another order
                        // (redis swapped two calls the new one follows):
                        // the run follows them too.
                        out.extend(gap[..twins].iter().cloned());
                        extra += twins;
                        cursor += twins;
                        uncertain_order |= twins < gap.len();
                    } else if !gap.is_empty() && cursor > span.start {
                        // Added lines follow the line before them. When legacy
                        // has lines of its own between that line and the next,
                        // the order is a guess (a 3-way merge would conflict),
                        // unless that line is one the run replaces, and legacy
                        // has it as it was: the new lines take the old one's
                        // place, and legacy's own lines stay after it (a line
                        // legacy has in another form is a person's call in any
                        // case). Not when legacy has some of the run's lines
                        // nearby already: then the hunk is partly applied, and
                        // which to keep is a person's call.
                        let replaces = prev == Some(LineKind::Removed)
                            && line_of_pre
                                .get(&(pos - 1))
                                .is_some_and(|&(_, how)| !matches!(how, How::Fuzzy(_)));
                        let settled = replaces && {
                            let unmatched =
                                unmatched.get_or_insert_with(|| unmatched_words(alignment, legacy));
                            !run.iter()
                                .any(|l| unmatched.contains(&squash_whitespace(l)))
                        };
                        // Or legacy's first line there closes the block the
                        // run ends, as upstream's next line did, otherwise.
                        let settled = settled
                            || (!line_of_pre.contains_key(&run_end)
                                && closed_as_upstream(hunk.lines.get(run_end), gap, &run));
                        // Or the run comes right before the lines that end
                        // both files (NetworkManager's header `#endif`): it is
                        // appended, after legacy's own lines, unless those
                        // close a block of their own (OpenVPN's `#endif /*
                        // ENABLE_CRYPTO */`), or the run takes a replaced
                        // line's place (firecracker's last test's
                        // `assert_eq!`, legacy's own asserts after it).
                        let rest = hunk.lines.len() - run_end;
                        let closing = !settled
                            && placing.at_upstream_end
                            && rest > 0
                            && cursor + gap.len() + rest == legacy.len()
                            && closing_lines_kept(legacy, hunk) == rest
                            && !gap.iter().any(|l| closes_something(l));
                        uncertain_order |= !(settled || closing);
                        // Appended, or the other guess, after legacy's own.
                        if closing || (!settled && placing.after_legacy) {
                            out.extend(gap.iter().cloned());
                            appended_after += gap.len();
                            cursor += gap.len();
                        }
                    }
                }
                if skip_run {
                    // The line is there already: legacy's lines after it
                    // follow where it would have gone.
                    if let Some(kept) = deferred.remove(&pos) {
                        out.extend(kept);
                    }
                    continue;
                }
                if blank_before_gone(hunk, &line_of_pre, pos)
                    || blank_after_gone(hunk, &line_of_pre, pos, out.last())
                {
                    dropped_blank += 1;
                } else {
                    let text = texts.get(pos)?.clone()?;
                    added.push(upstream_form.remove(&pos).unwrap_or_else(|| text.clone()));
                    added_at.push(out.len());
                    out.push(text);
                }
                if let Some(kept) = deferred.remove(&pos) {
                    out.extend(kept);
                }
            }
        }
    }
    // The lines the run consumed past the matched ones (legacy's own last
    // lines) are replaced too.
    span.end = span.end.max(cursor);
    if blank_before_closer(hunk, &out, legacy, &span) {
        out.pop();
        dropped_blank += 1;
    }
    if use_style == (UseStyle::OldOrder { lists: true }) {
        reordered += relay_use_list(&mut out, &mut span, &added_at, legacy);
    }
    // Every line from upstream (added, context carried with new code, lines
    // put back in upstream's form) ends as legacy's lines do.
    let endings_changed = crlf
        .filter(|&crlf| give_endings(&mut out, crlf, legacy.get(span.clone()).unwrap_or_default()));
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
        (newer, Adaptation::KeptNewerNumbers { count: newer }),
        (reordered, Adaptation::ReorderedUse { count: reordered }),
        (idioms, Adaptation::BranchIdiom { count: idioms }),
        (calls, Adaptation::BranchCall { count: calls }),
        (
            carried_blank,
            Adaptation::CarriedBlank {
                count: carried_blank,
            },
        ),
        (
            carried_context,
            Adaptation::CarriedContext {
                count: carried_context,
            },
        ),
        (kept_blank, Adaptation::KeptBlank { count: kept_blank }),
        (dropped, Adaptation::RemovedWithBlock { count: dropped }),
        (
            kept_keywords,
            Adaptation::KeptKeyword {
                count: kept_keywords,
            },
        ),
        (
            dropped_blank,
            Adaptation::DroppedBlank {
                count: dropped_blank,
            },
        ),
        (
            merged_imports,
            Adaptation::MergedImport {
                count: merged_imports,
            },
        ),
        (
            appended_after,
            Adaptation::AppendedAfterLegacy {
                count: appended_after,
            },
        ),
    ];
    adaptations.extend(counted.into_iter().filter(|(n, _)| *n > 0).map(|(_, a)| a));
    if let Some(r) = reindent.adaptation().or(local_reindent) {
        adaptations.push(r);
    }
    for (from, to) in &applied {
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
        explained,
        settled_removed,
    })
}

/// The pre-image lines matched only fuzzily, each with its legacy line.
fn drifted_lines<'a>(
    hunk: &'a Hunk,
    pre_pos: &'a [usize],
    alignment: &'a Alignment,
    legacy: &'a [Vec<u8>],
) -> impl Iterator<Item = (usize, &'a HunkLine, &'a [u8])> {
    (alignment.pairs.iter())
        .filter(|p| matches!(p.how, How::Fuzzy(_)))
        .filter_map(move |p| {
            matched_lines(hunk, pre_pos, p, legacy).map(|(up, leg)| (p.pre, up, leg))
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
