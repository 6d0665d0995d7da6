//! Planning a file: windows to look in, alignments in them, candidates out.
//! Whether a hunk is applied already (`applied.rs`) and hunks at an end of
//! the file (`ends.rs`) are told apart in modules of their own.

mod applied;
mod ends;

use std::cell::OnceCell;
use std::ops::Range;

use applied::already_applied;
use ends::{at_file_end, file_ends, final_newline, insertion, plan_insertion, AT_FILE_END};

use super::adapt::{replaced_lines, replacement, Adaptation, BranchStyle, Placing};
use super::align::{align, Alignment, How, Pair, Pre};
use super::braces::foreign_brace;
use super::callspacing::{foreign_call_spacing, spaces_every_call};
use super::columns::breaks_columns;
use super::confidence::{HunkForm, MapView, Quality};
use super::idioms::Idioms;
use super::linemap::LineMap;
use super::lines::{weight, Keys, LineKey, Occurrences};
use super::locals::left_unbound;
use super::missing::MissingApi;
use super::result::{Candidate, HunkPlan, Status, Strategy};
use super::seams::Seam;
use super::shapes::Shape;
use super::structural::Outlines;
use super::visual_indent::ContinuationLint;
use crate::patch::{Hunk, HunkLine, LineKind};
use crate::syntax::Lang;
use crate::text::Text;

/// Everything known about one file of a port.
pub struct FileInput<'a> {
    /// The file's path (for the language and for messages).
    pub path: &'a [u8],
    /// The legacy file the hunks go into.
    pub legacy: &'a Text,
    /// The whole upstream file before the change, when known (enables the line map).
    pub upstream_before: Option<&'a Text>,
    /// The hunks, in patch order.
    pub hunks: &'a [Hunk],
    /// Names upstream's tree had before the commit and no file of legacy's
    /// tree in this language has, when both trees are at hand
    /// ([`super::used_names`] says which names to look up), and calls the
    /// branch's signature does not take, written as [`super::with_arguments`]
    /// names them (`f with 2 arguments`, which no name can equal).
    pub tree_lacks: Option<&'a std::collections::HashSet<Vec<u8>>>,
    /// Of the names [`super::used_names`] looks up, those some file of
    /// legacy's tree in this language has, when the trees are at hand.
    pub tree_has: Option<&'a std::collections::HashSet<Vec<u8>>>,
    /// What the legacy tree's packaging and lint settings say of its
    /// Python, when the tree is at hand.
    pub python: PythonBranch,
}

/// What a legacy tree says of its Python where its files only suggest it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PythonBranch {
    /// The oldest Python (`major`, `minor`) its packaging requires: it
    /// settles what the legacy file's habits only suggest (`python2.rs`,
    /// `unions.rs`).
    pub floor: Option<(u32, u32)>,
    /// Which continuation lines its flake8 settings have moved
    /// (`visual_indent.rs`), when it has such settings.
    pub continuation_lint: Option<ContinuationLint>,
}

/// How many candidates a hunk keeps for a person to cycle through.
const KEEP: usize = 3;
/// Legacy lines of slack around a window.
const SLACK: usize = 8;
/// A legacy line shared by more places than this is no seed.
const MAX_SEED_OCCURRENCES: usize = 8;
/// Confidence factor when added lines use names legacy lacks.
const MISSING_NAMES: f32 = 0.5;
/// A second place scoring this close to the best makes a placement ambiguous.
const AMBIGUOUS: f32 = 0.92;
/// Cut for a replacement that keeps legacy's uses of a local whose binding
/// the hunk removes (`locals.rs`): the port would not build.
const LEFT_UNBOUND: f32 = 0.5;
/// Which windows that name a strategy found a candidate (the expected-line
/// and rare-line windows need no mark: the evidence names those).
#[derive(Debug, Clone, Copy, Default)]
struct Origins {
    line_map: bool,
    structural: bool,
}

/// Shared, per-file state of planning.
struct FileContext<'a> {
    input: &'a FileInput<'a>,
    keys: Keys<'a>,
    legacy: Vec<LineKey>,
    /// Exact ids of the upstream file's lines: all the line map and
    /// locating a hunk upstream compare.
    base: Option<Vec<u32>>,
    occurrences: Occurrences,
    map: Option<LineMap>,
    /// What the branch lacks of the API the added lines use.
    missing: MissingApi,
    outlines: Outlines,
    /// How the branch writes what the port adds.
    style: BranchStyle,
    /// Legacy's file spaces its calls, `f (x)` (`callspacing.rs`); read
    /// only for a hunk whose calls legacy spaces otherwise.
    spaces_calls: OnceCell<bool>,
}

/// One hunk prepared for alignment.
struct Prepared {
    pre_pos: Vec<usize>,
    pre: Vec<LineKey>,
    post: Vec<LineKey>,
    weights: Vec<f32>,
    post_weights: Vec<f32>,
    removed: Vec<bool>,
    informative: Vec<bool>,
    base_start: Option<usize>,
    /// The legacy line the line map gives each pre-image line.
    mapped: Vec<Option<usize>>,
    /// Pre-image lines that are removed or stand next to a removed or added
    /// line (empty without a line map, and for a hunk reaching the end of
    /// upstream's file).
    at_change: Vec<bool>,
    /// For a hunk that only deletes, the pre-image lines legacy lacks with
    /// nothing in their place (empty without a line map, and for a hunk
    /// that adds lines: legacy lacking the lines it rewrites is a sign its
    /// neighbourhood is gone).
    gone: Vec<bool>,
    /// The removed line each added line replaces.
    replaced: Vec<Option<usize>>,
    /// The hunk reaches the end of upstream's file.
    at_end: bool,
    /// Shapes the hunk's own lines leave wherever it goes: a lone `{`
    /// braced otherwise than legacy's file (`braces.rs`, told only where the
    /// lines did not all match exactly), a re-stamped keyword (`keywords.rs`).
    foreign_brace: bool,
    restamps: bool,
    form: HunkForm,
}

impl<'a> FileContext<'a> {
    fn new(input: &'a FileInput<'a>) -> Self {
        let mut keys = Keys::default();
        let legacy: Vec<LineKey> = input
            .legacy
            .lines
            .iter()
            .map(|l| keys.key_without_tokens(l))
            .collect();
        let occurrences = Occurrences::new(&legacy, keys.distinct_squashed());
        let base = input.upstream_before.map(|b| {
            b.lines
                .iter()
                .map(|l| keys.key_without_tokens(l).exact)
                .collect::<Vec<_>>()
        });
        let map = base.as_ref().zip(input.upstream_before).map(|(b, before)| {
            let texts = (b.iter().zip(&before.lines))
                .chain(legacy.iter().map(|k| &k.exact).zip(&input.legacy.lines))
                .map(|(&id, l)| (id, l.as_slice()));
            LineMap::new(b, &legacy, keys.distinct_exact(), texts)
        });
        let idioms = match (&map, input.upstream_before) {
            (Some(map), Some(before)) => {
                let lines = || input.hunks.iter().flat_map(|h| &h.lines);
                let trimmed = |l: &'a HunkLine| l.content.trim_ascii();
                let added: Vec<&[u8]> = (lines().filter(|l| l.kind == LineKind::Added))
                    .map(trimmed)
                    .collect();
                let pre: Vec<&[u8]> = (lines().filter(|l| l.kind != LineKind::Added))
                    .map(trimmed)
                    .collect();
                let branch_has = |w: &[u8]| input.tree_has.is_some_and(|t| t.contains(w));
                Idioms::learn(
                    &before.lines,
                    &input.legacy.lines,
                    map.rewritten(),
                    &added,
                    &pre,
                    &branch_has,
                )
            }
            _ => Idioms::default(),
        };
        FileContext {
            input,
            keys,
            legacy,
            base,
            occurrences,
            map,
            missing: MissingApi::default(),
            outlines: Outlines::new(input.path),
            style: BranchStyle {
                uses: super::useorder::style(input.path, input.hunks, &input.legacy.lines),
                idioms,
                braces: (Lang::from_path(input.path) == Some(Lang::C))
                    .then(|| super::braces::file_offset(&input.legacy.lines))
                    .flatten(),
            },
            spaces_calls: OnceCell::new(),
        }
    }
}

/// Plans every hunk of one file. `min_confidence` decides which hunks count
/// as placed.
pub fn plan_file(input: &FileInput<'_>, min_confidence: f32) -> Vec<HunkPlan> {
    let mut ctx = FileContext::new(input);
    let mut plans = Vec::with_capacity(input.hunks.len());
    let mut delta: isize = 0;
    let mut taken: Vec<Range<usize>> = Vec::new();
    for (index, hunk) in input.hunks.iter().enumerate() {
        let plan = plan_hunk(&mut ctx, index, hunk, delta, &taken, min_confidence);
        if let Some(best) = plan.best() {
            if plan.status == Status::Placed {
                taken.push(best.span.clone());
                let start = hunk.old_start.saturating_sub(1) as isize;
                // Where the pre-image starts in legacy: the replaced span
                // leaves out context kept on both sides.
                let at = (best.evidence.first()).map_or(best.span.start as isize, |p| {
                    p.legacy as isize - p.pre as isize
                });
                delta = at - start;
            }
        }
        plans.push(plan);
    }
    super::visual_indent::align(input, &mut plans);
    super::bindings::check(input, &mut plans, min_confidence);
    super::indentation::check(input, &mut plans, min_confidence);
    super::parses::check(input, &mut plans, min_confidence);
    plans
}

/// Fits hunk `index` where a person put it: the pre-image aligned in a
/// window starting at legacy line `line` (0-based), or, when none of it is
/// there, the added lines inserted at `line`. A person's choice needs no
/// confidence: the candidate has 1.0.
pub fn fit_at(input: &FileInput<'_>, index: usize, line: usize) -> Option<Candidate> {
    let hunk = input.hunks.get(index)?;
    let mut ctx = FileContext::new(input);
    let n = input.legacy.lines.len();
    let line = line.min(n);
    let prep = prepare(&mut ctx, hunk);
    let window = line..(line + prep.pre.len() + SLACK).min(n);
    fill_tokens(
        &mut ctx.keys,
        &mut ctx.legacy,
        &input.legacy.lines,
        window.clone(),
    );
    // A person chose the place: the line map has no say.
    let pre = Pre {
        keys: &prep.pre,
        weights: &prep.weights,
        mapped: &[],
        near: None,
    };
    let at = line + 1;
    let fitted = align(&pre, &ctx.legacy, window).and_then(|alignment| {
        let found = Found {
            quality: Quality::measure(
                &alignment,
                &prep.weights,
                &prep.removed,
                &prep.informative,
                prep.form,
                MapView::default(),
            ),
            alignment,
            origins: Origins::default(),
        };
        let site = Site {
            expected: line,
            ambiguous: false,
            legacy_symbol: None,
            after_legacy: false,
        };
        candidate(&ctx, hunk, &prep, &found, site)
    });
    let candidate = match fitted {
        Some(c) => Candidate {
            explanation: format!("placed by hand at line {at}; {}", c.explanation),
            ..c
        },
        None => insertion(
            hunk,
            line,
            ctx.input.legacy,
            Strategy::Manual,
            1.0,
            format!(
                "placed by hand at line {at}; the pre-image is not there, so only the added lines go in"
            ),
        ),
    };
    Some(Candidate {
        strategy: Strategy::Manual,
        confidence: 1.0,
        ambiguous: false,
        ..candidate
    })
}

fn added_lines(hunk: &Hunk) -> Vec<Vec<u8>> {
    hunk.lines
        .iter()
        .filter(|l| l.kind == LineKind::Added)
        .map(|l| l.content.clone())
        .collect()
}

fn prepare<'a>(ctx: &mut FileContext<'a>, hunk: &'a Hunk) -> Prepared {
    let mut pre_pos = Vec::new();
    let mut pre_lines: Vec<&'a [u8]> = Vec::new();
    let mut post_lines: Vec<&'a [u8]> = Vec::new();
    let mut removed = Vec::new();
    for (i, l) in hunk.lines.iter().enumerate() {
        if l.kind != LineKind::Added {
            pre_pos.push(i);
            pre_lines.push(&l.content);
            removed.push(l.kind == LineKind::Removed);
        }
        if l.kind != LineKind::Removed {
            post_lines.push(&l.content);
        }
    }
    let pre = ctx.keys.keys(pre_lines.iter().copied());
    let post = ctx.keys.keys(post_lines.iter().copied());
    let w = |k: &LineKey| weight(k, ctx.occurrences.count(k.squashed));
    let weights: Vec<f32> = pre.iter().map(w).collect();
    let post_weights: Vec<f32> = post.iter().map(w).collect();
    // A removed line the hunk adds again elsewhere is moved, not removed:
    // legacy lacking it at the old place says nothing against the hunk.
    let moved = |i: usize| {
        removed[i]
            && hunk.lines.iter().any(|l| {
                l.kind == LineKind::Added
                    && pre_lines.get(i).is_some_and(|p| *p == l.content.as_slice())
            })
    };
    let informative = pre
        .iter()
        .enumerate()
        .map(|(i, k)| !k.blank && k.len > 2 && !moved(i))
        .collect();
    let base_start = ctx
        .base
        .as_ref()
        .and_then(|base| locate_in_base(base, &pre, hunk));
    let (mapped, gone): (Vec<_>, Vec<_>) = match (base_start, ctx.map.as_ref()) {
        (Some(b), Some(map)) => (0..pre.len())
            .map(|i| {
                let pure = pre_pos.get(i).is_some_and(|&at| hunk.in_pure_deletion(at));
                (map.get(b + i), pure && map.deleted(b + i))
            })
            .unzip(),
        _ => Default::default(),
    };
    // What ends upstream's file before lines appended there is whatever
    // ends legacy's: no line there needs to be upstream's own.
    let at_end = file_ends(hunk, ctx.base.as_ref().map(Vec::len)).1;
    let at_change = if mapped.is_empty() || at_end {
        Vec::new()
    } else {
        pre_pos.iter().map(|&i| hunk.at_change(i)).collect()
    };
    Prepared {
        mapped,
        at_change,
        gone,
        replaced: replaced_lines(hunk),
        at_end,
        foreign_brace: foreign_brace(hunk, ctx.style.braces),
        restamps: super::keywords::restamps(hunk),
        form: HunkForm::of(hunk),
        pre_pos,
        pre,
        post,
        weights,
        post_weights,
        removed,
        informative,
        base_start,
    }
}

/// Where the pre-image sits in the upstream file: at the header's line if it
/// is there, else the nearest exact occurrence.
fn locate_in_base(base: &[u32], pre: &[LineKey], hunk: &Hunk) -> Option<usize> {
    if pre.is_empty() {
        return Some(hunk.old_start.min(base.len()));
    }
    let at = |s: usize| {
        base.get(s..s + pre.len())
            .is_some_and(|w| w.iter().zip(pre).all(|(&a, b)| a == b.exact))
    };
    let expected = hunk.old_start.saturating_sub(1);
    if at(expected) {
        return Some(expected);
    }
    (0..base.len())
        .filter(|&s| at(s))
        .min_by_key(|&s| s.abs_diff(expected))
}

/// One alignment found, with where it came from.
struct Found {
    alignment: Alignment,
    origins: Origins,
    quality: Quality,
}

fn plan_hunk<'a>(
    ctx: &mut FileContext<'a>,
    index: usize,
    hunk: &'a Hunk,
    delta: isize,
    taken: &[Range<usize>],
    min_confidence: f32,
) -> HunkPlan {
    let prep = prepare(ctx, hunk);
    let mut plan = HunkPlan {
        index,
        status: Status::Unplaced,
        candidates: Vec::new(),
        // git's hunk header names the function; the outline, when parsed, knows better.
        upstream_symbol: super::structural::section_name(&hunk.section),
        note: String::new(),
    };
    if prep.pre.is_empty() {
        plan_insertion(ctx, hunk, &prep, delta, &mut plan, min_confidence);
        return plan;
    }
    let expected = (prep.base_start.unwrap_or(hunk.old_start.saturating_sub(1)) as isize + delta)
        .max(0) as usize;
    let windows = windows(ctx, &prep, expected);
    for (window, _) in &windows {
        fill_tokens(
            &mut ctx.keys,
            &mut ctx.legacy,
            &ctx.input.legacy.lines,
            window.clone(),
        );
    }
    let pre = Pre {
        keys: &prep.pre,
        weights: &prep.weights,
        mapped: &prep.mapped,
        near: Some(expected),
    };
    let mut found: Vec<Found> = Vec::new();
    for (window, origins) in &windows {
        if let Some(alignment) = align(&pre, &ctx.legacy, window.clone()) {
            record(&mut found, alignment, *origins, &prep, ctx.map.as_ref());
        }
    }
    rank(&mut found, expected);
    // Parsing is the dearest step: only when no place is already good enough.
    let settled = found.first().is_some_and(|f| {
        f.quality.contiguous_exact
            || f.quality.map_confirms()
            || f.quality.confidence(false) >= min_confidence
    });
    let mut legacy_symbol = None;
    if !settled {
        let base_line = prep.base_start.map(|b| b + first_change(&prep));
        let symbol = ctx.outlines.find(
            ctx.input.upstream_before,
            base_line,
            &hunk.section,
            ctx.input.legacy,
            expected,
        );
        if let Some(sym) = symbol {
            plan.upstream_symbol = Some(sym.upstream.clone());
            legacy_symbol = Some(sym.legacy.clone());
            let window = sym.window.start.saturating_sub(SLACK)..sym.window.end + SLACK;
            fill_tokens(
                &mut ctx.keys,
                &mut ctx.legacy,
                &ctx.input.legacy.lines,
                window.clone(),
            );
            if let Some(alignment) = align(&pre, &ctx.legacy, window) {
                let origins = Origins {
                    structural: true,
                    ..Origins::default()
                };
                record(&mut found, alignment, origins, &prep, ctx.map.as_ref());
                rank(&mut found, expected);
            }
        }
    }
    if let Some(applied) = already_applied(ctx, hunk, &prep, &windows, found.first()) {
        plan.status = Status::AlreadyApplied;
        plan.note = applied;
        return plan;
    }
    // Context that fits where none of the removed lines are is no place
    // when legacy has every one of them, verbatim, in the same windows (a
    // `use` list re-sorted by another rustfmt): the change goes where they are.
    // Unless the line map says legacy deleted them there and the hunk adds
    // lines too: mpv's `vo_event` never had the `wakeup_locked(vo);` upstream
    // moves into an `if`, which other functions call.
    let adds = hunk.lines.iter().any(HunkLine::adds_code);
    if found.first().is_some_and(|f| {
        let q = &f.quality;
        q.removed > 0 && q.removed_sure == 0 && !(adds && q.removed_gone == q.removed)
    }) {
        if let Some(moved) = removed_lines_place(ctx, &prep, &windows) {
            record(
                &mut found,
                moved,
                Origins::default(),
                &prep,
                ctx.map.as_ref(),
            );
            found.retain(|f| f.quality.removed_sure > 0);
        }
    }
    let best_score = found.first().map_or(0.0, |best| best.alignment.score);
    if let Some(q) = found.first().map(|best| &best.quality) {
        if q.removed > 0 && q.removed_gone == q.removed && !adds {
            // Upstream deletes lines legacy never had or deleted too, as a
            // 3-way merge sees it: nothing is left to do.
            plan.status = Status::AlreadyApplied;
            plan.note = format!(
                "legacy lacks the {} line(s) the hunk removes, with nothing in their place",
                q.removed
            );
            return plan;
        }
        if q.removed > 0 && q.removed_sure + q.removed_fuzzy + q.removed_gone == 0 {
            plan.status = Status::NotApplicable;
            plan.note = format!(
                "the {} line(s) the hunk removes exist nowhere in the legacy file",
                q.removed
            );
        }
    }
    for (place, f) in found.iter().take(KEEP).enumerate() {
        let rival = found
            .iter()
            .enumerate()
            .find(|(i, g)| *i != place && !overlaps(&g.alignment, &f.alignment))
            .map(|(_, g)| g.alignment.score);
        let ambiguous = place == 0
            && rival.is_some_and(|s| s >= AMBIGUOUS * best_score)
            && !f.quality.contiguous_exact
            && f.quality.map_agree == 0;
        let ambiguous = ambiguous || (place > 0 && f.alignment.score >= AMBIGUOUS * best_score);
        let site = Site {
            expected,
            ambiguous,
            legacy_symbol: legacy_symbol.as_deref(),
            after_legacy: false,
        };
        let Some(best) = candidate(ctx, hunk, &prep, f, site) else {
            continue;
        };
        let other_order = other_order(ctx, hunk, &prep, f, site, &best);
        plan.candidates.push(best);
        plan.candidates.extend(other_order);
    }
    // Lines added at the end of upstream's file, whose context fits
    // nowhere well, go at the end of legacy's rather than wherever the
    // context half fits.
    if plan.candidates.iter().all(|c| c.confidence < AT_FILE_END) {
        plan.candidates.extend(at_file_end(ctx, hunk));
    }
    if found.is_empty() && plan.candidates.is_empty() {
        plan.status = Status::NotApplicable;
        plan.note = "none of the hunk's lines occur in the legacy file".into();
        return plan;
    }
    // Earlier hunks' changes are fixed; a place that changes their lines is no place.
    plan.candidates.retain(|c| {
        !taken
            .iter()
            .any(|t| c.span.start < t.end && t.start < c.span.end)
    });
    // Between equally sure places, the one where the added lines sit between
    // their own upstream neighbours.
    plan.candidates.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.quality.anchored.cmp(&a.quality.anchored))
    });
    settle(&mut plan, min_confidence);
    plan
}

/// Places an unplaced hunk whose best candidate reaches the threshold, or
/// says why not.
pub(super) fn settle(plan: &mut HunkPlan, min_confidence: f32) {
    if plan.status != Status::Unplaced {
        return;
    }
    match plan.best() {
        Some(c) if c.confidence >= min_confidence => plan.status = Status::Placed,
        Some(c) => {
            plan.note = format!(
                "best candidate has confidence {:.2}, below {:.2}",
                c.confidence, min_confidence
            )
        }
        None => plan.note = "no candidate could be fitted".into(),
    }
}

/// Cuts every candidate of a hunk by `factor`, for what the port as a
/// whole shows once each hunk has its place (`bindings.rs`,
/// `indentation.rs`), and settles the hunk again.
pub(super) fn cut_placed(plan: &mut HunkPlan, factor: f32, why: &str, min_confidence: f32) {
    for c in &mut plan.candidates {
        c.confidence *= factor;
        c.explanation.push_str("; ");
        c.explanation.push_str(why);
    }
    if plan.status == Status::Placed {
        plan.status = Status::Unplaced;
    }
    settle(plan, min_confidence);
}

/// Adds an alignment to those found, or notes another origin of one found
/// already.
fn record(
    found: &mut Vec<Found>,
    alignment: Alignment,
    origins: Origins,
    prep: &Prepared,
    map: Option<&LineMap>,
) {
    if let Some(f) = found
        .iter_mut()
        .find(|f| f.alignment.pairs == alignment.pairs)
    {
        f.origins.line_map |= origins.line_map;
        f.origins.structural |= origins.structural;
        return;
    }
    let quality = Quality::measure(
        &alignment,
        &prep.weights,
        &prep.removed,
        &prep.informative,
        prep.form,
        MapView {
            mapped: &prep.mapped,
            at_change: &prep.at_change,
            kept: map.map_or(&[], LineMap::kept),
            gone: &prep.gone,
            mapless: map.is_none(),
        },
    );
    found.push(Found {
        alignment,
        origins,
        quality,
    });
}

/// Best first: the aligner's score (which includes the line-map bonus),
/// then closeness to the expected line.
fn rank(found: &mut [Found], expected: usize) {
    found.sort_by(|a, b| {
        b.alignment
            .score
            .total_cmp(&a.alignment.score)
            .then_with(|| distance(&a.alignment, expected).cmp(&distance(&b.alignment, expected)))
    });
}

fn distance(a: &Alignment, expected: usize) -> usize {
    a.span().map_or(usize::MAX, |s| s.start.abs_diff(expected))
}

fn overlaps(a: &Alignment, b: &Alignment) -> bool {
    match (a.span(), b.span()) {
        (Some(x), Some(y)) => x.start < y.end && y.start < x.end,
        _ => false,
    }
}

/// Tokens for the legacy lines of a window, before it is aligned.
fn fill_tokens<'a>(
    keys: &mut Keys<'a>,
    legacy: &mut [LineKey],
    lines: &'a [Vec<u8>],
    window: Range<usize>,
) {
    let end = window.end.min(legacy.len()).min(lines.len());
    for i in window.start.min(end)..end {
        if let (Some(key), Some(line)) = (legacy.get_mut(i), lines.get(i)) {
            keys.fill_tokens(key, line);
        }
    }
}

/// Index in the pre-image of the first line the hunk changes (for a pure
/// addition, the line before the first added one).
fn first_change(prep: &Prepared) -> usize {
    if let Some(i) = prep.removed.iter().position(|&r| r) {
        return i;
    }
    let first_added = prep
        .pre_pos
        .iter()
        .enumerate()
        .find(|(i, &pos)| pos != *i)
        .map_or(prep.pre_pos.len(), |(i, _)| i);
    first_added.saturating_sub(1)
}

/// The windows of the legacy file worth aligning the hunk in.
fn windows(
    ctx: &FileContext<'_>,
    prep: &Prepared,
    expected: usize,
) -> Vec<(Range<usize>, Origins)> {
    let m = prep.pre.len();
    let n = ctx.legacy.len();
    let mut out: Vec<(Range<usize>, Origins)> = Vec::new();
    let clamp = |start: isize, end: isize| -> Range<usize> {
        let s = start.clamp(0, n as isize) as usize;
        let e = end.clamp(0, n as isize) as usize;
        s..e.max(s)
    };
    out.push((
        clamp(
            expected as isize - (m + SLACK) as isize,
            (expected + 2 * m + SLACK) as isize,
        ),
        Origins::default(),
    ));
    if let (Some(map), Some(b)) = (ctx.map.as_ref(), prep.base_start) {
        let mapped: Vec<(usize, usize)> = (0..m)
            .filter_map(|i| map.get(b + i).map(|l| (i, l)))
            .collect();
        let window = match (mapped.first(), mapped.last()) {
            (Some(&(fi, fl)), Some(&(li, ll))) => clamp(
                fl as isize - (fi + SLACK) as isize,
                (ll + (m - li) + SLACK) as isize,
            ),
            _ => {
                let (before, after) = (map.around(b), map.around(b + m));
                let s = before.0.map_or(0, |(_, l)| l);
                let e = after.1.map_or(n, |(_, l)| l + 1);
                clamp(s as isize - SLACK as isize, (e + SLACK) as isize)
            }
        };
        out.push((
            window,
            Origins {
                line_map: true,
                ..Origins::default()
            },
        ));
    }
    let mut diagonals: Vec<isize> = Vec::new();
    for (i, k) in prep.pre.iter().enumerate() {
        if prep.weights.get(i).copied().unwrap_or(0.0) < 0.4 {
            continue;
        }
        if k.blank {
            continue;
        }
        let at = ctx.occurrences.of(k.squashed);
        if at.len() > MAX_SEED_OCCURRENCES {
            continue;
        }
        diagonals.extend(at.iter().map(|&l| l as isize - i as isize));
    }
    diagonals.sort_unstable();
    diagonals.dedup();
    let mut seeds: Vec<Range<usize>> = Vec::new();
    for d in diagonals {
        let w = clamp(d - SLACK as isize, d + (m + SLACK) as isize);
        match seeds.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => seeds.push(w),
        }
    }
    out.extend(seeds.into_iter().map(|w| (w, Origins::default())));
    out.retain(|(w, _)| !w.is_empty());
    out
}

/// What is known of a place besides its alignment.
#[derive(Clone, Copy)]
struct Site<'s> {
    /// Where the hunk's header (and earlier hunks' offset) puts it.
    expected: usize,
    /// Another place fits about as well.
    ambiguous: bool,
    /// The legacy symbol the structural step found it in.
    legacy_symbol: Option<&'s str>,
    /// Added lines go after legacy's own where their order is a guess.
    after_legacy: bool,
}

fn candidate(
    ctx: &FileContext<'_>,
    hunk: &Hunk,
    prep: &Prepared,
    f: &Found,
    site: Site<'_>,
) -> Option<Candidate> {
    let Site {
        expected,
        ambiguous,
        legacy_symbol,
        after_legacy,
    } = site;
    let placing = Placing {
        at_upstream_end: prep.at_end,
        after_legacy,
    };
    let rep = replacement(
        hunk,
        &prep.pre_pos,
        &prep.replaced,
        &f.alignment,
        &ctx.input.legacy.lines,
        &ctx.style,
        placing,
    )?;
    let q = &f.quality;
    let strategy = if q.contiguous_exact && f.alignment.span().is_some_and(|s| s.start == expected)
    {
        Strategy::Exact
    } else if q.contiguous_exact {
        Strategy::Offset
    } else if q.contiguous {
        Strategy::Whitespace
    } else if f.origins.line_map && q.map_confirms() {
        Strategy::LineMap
    } else if f.origins.structural {
        Strategy::Structural
    } else {
        Strategy::Fuzzy
    };
    let missing_names = ctx.missing.of(ctx.input, hunk, &rep.added);
    let legacy_symbol = legacy_symbol
        .filter(|_| f.origins.structural)
        .map(str::to_string);
    let mut q = q.clone();
    for &pre in &rep.explained {
        if prep.informative.get(pre).copied().unwrap_or(false) {
            if prep.removed.get(pre).copied().unwrap_or(false) {
                if q.removed_fuzzy > 0 {
                    q.removed_fuzzy -= 1;
                    q.removed_sure += 1;
                }
            } else {
                q.context_drifted = q.context_drifted.saturating_sub(1);
            }
        }
    }
    for &pre in &rep.settled_removed {
        if prep.informative.get(pre).copied().unwrap_or(false) && q.removed_missing() > 0 {
            q.removed_sure += 1;
        }
    }
    q.merged_words = (rep.adaptations.iter()).any(|a| matches!(a, Adaptation::MergedWords { .. }));
    q.anchored = rep.anchored;
    q.in_symbol = f.origins.structural;
    let seam = Seam {
        lang: Lang::from_path(ctx.input.path),
        hunk,
        legacy: &ctx.input.legacy.lines,
        span: &rep.span,
        lines: &rep.lines,
    };
    q.shapes = [
        (rep.uncertain_order, Shape::UncertainOrder),
        (seam.piles_blank_lines(), Shape::PiledBlankLines),
        (
            !q.contiguous_exact && seam.duplicates_added_line(),
            Shape::DuplicatedLine,
        ),
        (seam.empties_block(), Shape::EmptiedBlock),
        (seam.strands_item(), Shape::StrandedItem),
        (
            !q.contiguous_exact && prep.foreign_brace,
            Shape::ForeignBrace,
        ),
        (prep.restamps, Shape::VcsKeyword),
        (
            !q.contiguous_exact && breaks_columns(hunk, &rep.lines),
            Shape::BrokenColumn,
        ),
        (
            !q.contiguous_exact
                && foreign_call_spacing(hunk, &rep.lines)
                && *ctx
                    .spaces_calls
                    .get_or_init(|| spaces_every_call(&ctx.input.legacy.lines)),
            Shape::ForeignCallSpacing,
        ),
        (!q.contiguous_exact && seam.follows_jump(), Shape::AfterJump),
        (
            !q.contiguous_exact && seam.unpairs_markers(),
            Shape::UnpairedMarker,
        ),
    ]
    .into_iter()
    .filter_map(|(found, shape)| found.then_some(shape))
    .collect();
    let q = &q;
    let mut confidence = q.confidence(ambiguous);
    for shape in &q.shapes {
        confidence *= shape.cut();
    }
    let unbound = left_unbound(hunk, &rep.lines);
    if !unbound.is_empty() {
        confidence *= LEFT_UNBOUND;
    }
    // Where the pre-image matched; the replacement may reach further (lines
    // appended at upstream's end go after legacy's own last lines).
    let matched = f.alignment.span().unwrap_or_else(|| rep.span.clone());
    let mut explanation = q.explain(strategy, &matched, expected, ambiguous);
    cut_for_missing(&mut confidence, &mut explanation, &missing_names);
    if !unbound.is_empty() {
        let names: Vec<_> = unbound.iter().map(|n| String::from_utf8_lossy(n)).collect();
        explanation.push_str(&format!(
            "; legacy's own lines here still use {}, whose binding the hunk removes",
            names.join(", ")
        ));
    }
    let final_newline = final_newline(hunk, &rep.span, &rep.lines, ctx.input.legacy);
    let (span, lines) = trim(
        rep.span,
        rep.lines,
        &ctx.input.legacy.lines,
        final_newline.is_some(),
    );
    Some(Candidate {
        strategy,
        confidence,
        span,
        lines,
        evidence: f.alignment.pairs.clone(),
        adaptations: rep.adaptations,
        explanation,
        legacy_symbol,
        final_newline,
        quality: q.clone(),
        ambiguous,
        missing_names,
    })
}

/// The same place with the added lines after legacy's own where their order
/// is a guess: a person choosing between the two orders sees both. Never
/// surer than the order ferry proposes: over nine corpora, maintainers
/// outside libc put the added lines first 25 times against 14 (libc's put
/// them after its own items 14 times against 6).
fn other_order(
    ctx: &FileContext<'_>,
    hunk: &Hunk,
    prep: &Prepared,
    f: &Found,
    site: Site<'_>,
    proposed: &Candidate,
) -> Option<Candidate> {
    if !proposed.quality.shapes.contains(&Shape::UncertainOrder) {
        return None;
    }
    let site = Site {
        after_legacy: true,
        ..site
    };
    let other = candidate(ctx, hunk, prep, f, site)?;
    let differs = other.lines != proposed.lines || other.span != proposed.span;
    // Both orders leave the same runs anchored, so no surer means ranked
    // right after the first (the sort is stable).
    differs.then(|| Candidate {
        confidence: other.confidence.min(proposed.confidence),
        explanation: format!(
            "{}; the added lines after legacy's own, the other order",
            other.explanation
        ),
        ..other
    })
}

/// Narrows a replacement to the lines it changes: leading and trailing lines
/// equal to the legacy lines they replace stay out of the span, so hunks
/// whose contexts share legacy lines do not collide. The last line stays when
/// the hunk sets the final newline.
fn trim(
    span: Range<usize>,
    mut lines: Vec<Vec<u8>>,
    legacy: &[Vec<u8>],
    keep_last: bool,
) -> (Range<usize>, Vec<Vec<u8>>) {
    let old = &legacy[span.clone()];
    let prefix = old.iter().zip(&lines).take_while(|(a, b)| a == b).count();
    let room = old.len().min(lines.len()) - prefix;
    let mut suffix = old
        .iter()
        .rev()
        .zip(lines.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    if keep_last && span.end == legacy.len() {
        suffix = 0;
    }
    lines.truncate(lines.len() - suffix);
    lines.drain(..prefix);
    (span.start + prefix..span.end - suffix, lines)
}

/// The alignment of a hunk's removed lines alone, when every informative
/// one of them is in legacy exactly, in one window.
fn removed_lines_place(
    ctx: &FileContext<'_>,
    prep: &Prepared,
    windows: &[(Range<usize>, Origins)],
) -> Option<Alignment> {
    let weights: Vec<f32> = (prep.weights.iter().zip(&prep.removed))
        .map(|(&w, &r)| if r { w } else { 0.0 })
        .collect();
    let only_removed = Pre {
        keys: &prep.pre,
        weights: &weights,
        mapped: &[],
        near: None,
    };
    let wanted = (prep.removed.iter().zip(&prep.informative))
        .filter(|(&r, &i)| r && i)
        .count();
    windows
        .iter()
        .filter_map(|(w, _)| align(&only_removed, &ctx.legacy, w.clone()))
        .map(|a| {
            let pairs: Vec<_> = a
                .pairs
                .iter()
                .filter(|p| prep.removed.get(p.pre).copied().unwrap_or(false))
                .copied()
                .collect();
            Alignment { pairs, ..a }
        })
        .filter(|a| {
            let exact = a.pairs.iter().filter(|p| p.how == How::Exact);
            let telling = |p: &&Pair| prep.informative.get(p.pre).copied().unwrap_or(false);
            wanted > 0 && exact.filter(telling).count() == wanted
        })
        .max_by(|a, b| a.score.total_cmp(&b.score))
}

/// Upstream's file knows these names and legacy's does not: the API the
/// added lines rely on is likely missing on this branch.
fn cut_for_missing(confidence: &mut f32, explanation: &mut String, missing: &[String]) {
    if !missing.is_empty() {
        *confidence *= MISSING_NAMES;
        explanation.push_str(&format!(
            "; the added lines use {} which upstream has and legacy lacks",
            missing.join(", ")
        ));
    }
}
