//! The added lines as the port writes them: legacy's own line where legacy
//! has made the edit already, each merged word by word into legacy's
//! version of the line it replaces, when legacy has that line in another
//! form, or else re-indented as its run moves, renamed as legacy names
//! things, and given legacy's line endings.

use std::collections::HashMap;

use super::bumps::{appended_years, bump, Bump};
use super::reindent::{self, Reindent};
use super::removed::one_for_one;
use super::renames::rename;
use super::Adaptation;
use crate::patch::{Hunk, LineKind};
use crate::place::align::How;
use crate::place::{useorder, wordmerge};
use crate::text::{differ_in_quotes_only, indentation, is_blank, squash_whitespace};

/// The added lines as they will be written.
pub(super) struct FittedAdded {
    /// By index in the hunk; `None` for lines that are not added.
    pub texts: Vec<Option<Vec<u8>>>,
    /// The removed lines (by index in the hunk) whose replacement was merged
    /// word by word into legacy's version of them.
    pub merged: Vec<usize>,
    /// The removed lines (by index in the hunk) legacy has already edited
    /// into the line that replaces them.
    pub made: Vec<usize>,
    /// The removed lines (by index in the hunk) legacy has with only other
    /// numbers than the ones upstream raises (`bumps.rs`), and whether its
    /// line stays for being past the bump.
    pub bumped: Vec<(usize, Bump)>,
    /// The merged ones whose merge is no guess: a list of years upstream
    /// appends to (`bumps.rs`), a line upstream only moves.
    pub sure: Vec<usize>,
    /// A prefix change taken from a neighbouring line, when the hunk's
    /// lines agree on none.
    pub local_reindent: Option<Adaptation>,
}

impl FittedAdded {
    /// The added line at `pos` written as `text`, a merge into legacy's
    /// version of removed line `r` that is no guess.
    fn merge_surely(&mut self, r: usize, pos: usize, text: Vec<u8>) {
        self.merged.push(r);
        self.sure.push(r);
        self.texts[pos] = Some(text);
    }
}

/// Fits each added line to legacy: merged word by word into legacy's version
/// of the line it replaces when legacy has that line in another form, else
/// re-indented and renamed (the replacement gives every line legacy's
/// endings at the end, `endings.rs`).
pub(super) fn fit_added(
    hunk: &Hunk,
    replaced_by: &[Option<usize>],
    line_of_pre: &HashMap<usize, (usize, How)>,
    legacy: &[Vec<u8>],
    reindent: &Reindent,
    renames: &[(Vec<u8>, Vec<u8>)],
) -> FittedAdded {
    let mut fitted = FittedAdded {
        texts: vec![None; hunk.lines.len()],
        merged: Vec::new(),
        made: Vec::new(),
        bumped: Vec::new(),
        sure: Vec::new(),
        local_reindent: None,
    };
    let mut run_reindent: Option<Reindent> = None;
    let mut run_first = 0;
    let continuing = reindent::continuations(hunk);
    let moves = moved_lines(hunk);
    for (pos, &replaced) in replaced_by.iter().enumerate() {
        let Some(line) = hunk.lines.get(pos).filter(|l| l.kind == LineKind::Added) else {
            continue;
        };
        // A run of added lines moves as one block, by the change of its
        // first line's nearest neighbour: lines taken one by one could
        // follow different neighbours and tear the block apart (an `if`
        // kept where it was and its closing brace pushed a level deeper).
        let run_start = pos == 0 || hunk.lines[pos - 1].kind != LineKind::Added;
        if run_start {
            let first = (pos..hunk.lines.len())
                .take_while(|&k| hunk.lines[k].kind == LineKind::Added)
                .find(|&k| !is_blank(&hunk.lines[k].content))
                .unwrap_or(pos);
            run_first = first;
            run_reindent = if reindent.split {
                Reindent::nearest(hunk, first, line_of_pre, legacy)
            } else {
                Reindent::same_depth(hunk, first, line_of_pre, legacy, None)
            };
            // Where the hunk's lines convert spaces to tabs and that gives
            // the run's first line the indentation its neighbours do, the
            // deeper lines of the run convert too (NetworkManager's four
            // spaces a step, a tab in the branch): a prefix change would
            // leave them a tab and four spaces.
            let head = &hunk.lines[first].content;
            if run_reindent
                .as_ref()
                .is_some_and(|r| reindent.converts() && r.apply(head) == reindent.apply(head))
            {
                run_reindent = None;
            }
        }
        // A continuation follows the continuations legacy aligns otherwise
        // (OpenVPN's branch indents them one step, upstream under the
        // string they continue), not the block it stands in.
        let continued = continuing[pos]
            .then(|| Reindent::same_depth(hunk, pos, line_of_pre, legacy, Some(&continuing)))
            .flatten();
        let moved = continued
            .as_ref()
            .or(run_reindent.as_ref())
            .unwrap_or(reindent);
        let ours = moved.apply(&line.content);
        // A line upstream only moves (re-indented, elsewhere in the hunk)
        // that legacy writes otherwise goes as legacy writes it, at the new
        // indentation: psycopg's branch calls `_start_copy_gen(statement)`
        // where upstream moves `_start_copy_gen(statement, params)` into a
        // `try`.
        let carried = (moves.get(&pos).filter(|_| replaced.is_none()))
            .and_then(|&r| Some(r).zip(moved_form(hunk, r, pos, line_of_pre, legacy)));
        if let Some((r, text)) = carried {
            fitted.merge_surely(r, pos, text);
            continue;
        }
        // Legacy's version of the line this one replaces, where it differs.
        let drifted = replaced.and_then(|r| {
            let &(l, how) = line_of_pre.get(&r)?;
            (how != How::Exact).then_some((r, legacy.get(l)?))
        });
        if let Some((r, leg)) = drifted {
            // The branch made this edit already (ansible's
            // `new_ir.get_block_list(` where upstream's line still called
            // `included_file._task`): its line stays, and the removed line's
            // drift is explained. Only where lines are replaced one for one
            // (a line split in two is not made by legacy having one of the
            // halves), and at the indentation the line would get (a line
            // moved into a block is an edit legacy has not made).
            let one = one_for_one(hunk, r);
            if one && leg.trim_ascii_end() == ours.trim_ascii_end() {
                fitted.made.push(r);
                fitted.texts[pos] = Some(leg.clone());
                continue;
            }
            let base = hunk.lines.get(r).map(|b| b.content.as_slice());
            // Legacy writes the replaced line's lists in rustfmt's older
            // order: the added line is written so too, not merged word by
            // word (tikv's `sync::{atomic::Ordering, Arc, Mutex, Weak}`).
            let old_order = base
                .filter(|b| useorder::same_in_old_order(b, leg))
                .and_then(|_| useorder::to_old_order(&ours));
            if let Some(text) = old_order {
                fitted.texts[pos] = Some(rename(&text, renames));
                continue;
            }
            // A line only its numbers set apart is the branch's already
            // (past upstream's bump) or upstream's, as it is; not merged.
            let numbered = base.filter(|_| one);
            let bumped = numbered.and_then(|b| bump(b, leg, &line.content));
            if let Some(text) = numbered.and_then(|b| appended_years(b, leg, &line.content)) {
                fitted.merge_surely(r, pos, text);
                continue;
            }
            if let Some(how) = bumped {
                fitted.bumped.push((r, how));
                if how == Bump::Past {
                    fitted.texts[pos] = Some(leg.clone());
                    continue;
                }
            } else if let Some(text) = base
                // Legacy's line is the replaced one re-indented as the
                // hunk is: the added line re-indented so is the port.
                // Merged word by word, it kept legacy's depth where
                // upstream moves the line a step deeper (Open vSwitch's
                // `nl_msg_put_flag` into a new `else`, in a branch that
                // indents the whole block a step deeper).
                .filter(|b| moved.apply(b).trim_ascii_end() != leg.trim_ascii_end())
                .and_then(|b| wordmerge::merge(b, leg, &line.content))
            {
                // The run's first line merged into legacy's line at another
                // depth: the rest of the run follows it (qiskit's branch
                // sets `_opt` inside an `else:`, and upstream's continuation
                // line goes under it, not at the depth of the lines around).
                let (from, to) = (indentation(&line.content), indentation(&text));
                if pos == run_first && indentation(&moved.apply(&line.content)) != to {
                    run_reindent = Reindent::between(from, to).or(run_reindent);
                }
                fitted.merged.push(r);
                fitted.texts[pos] = Some(text);
                continue;
            }
        }
        if let Some(r) = run_reindent.as_ref().and_then(Reindent::adaptation) {
            fitted.local_reindent.get_or_insert(r);
        }
        let text = rename(&ours, renames);
        fitted.texts[pos] = Some(text);
    }
    fitted
}

/// Added lines that are a removed line of the hunk moved: the same but
/// for indentation, and the only line of either kind with that text. By
/// added line, the removed one.
fn moved_lines(hunk: &Hunk) -> HashMap<usize, usize> {
    if !hunk.lines.iter().any(|l| l.kind == LineKind::Removed) {
        return HashMap::new();
    }
    let mut seen: HashMap<Vec<u8>, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (k, l) in hunk.lines.iter().enumerate() {
        if l.kind == LineKind::Context || is_blank(&l.content) {
            continue;
        }
        let (removed, added) = seen.entry(squash_whitespace(&l.content)).or_default();
        if l.kind == LineKind::Removed {
            removed
        } else {
            added
        }
        .push(k);
    }
    let once = |(removed, added): (Vec<usize>, Vec<usize>)| match (&removed[..], &added[..]) {
        (&[r], &[a]) => Some((a, r)),
        _ => None,
    };
    seen.into_values().filter_map(once).collect()
}

/// The removed line `r`, moved to the added line at `pos`, where legacy has
/// it at the removed line's indentation in another form: that form at the
/// added line's indentation.
fn moved_form(
    hunk: &Hunk,
    r: usize,
    pos: usize,
    line_of_pre: &HashMap<usize, (usize, How)>,
    legacy: &[Vec<u8>],
) -> Option<Vec<u8>> {
    let &(l, how) = line_of_pre.get(&r)?;
    let leg = legacy.get(l)?;
    let removed = &hunk.lines.get(r)?.content;
    // Quotes alone are a formatter's: maintainers who move such a line
    // take upstream's (aiohttp's tests), so the drift stays a person's call.
    let quotes = differ_in_quotes_only(leg.trim_ascii(), removed.trim_ascii());
    (how != How::Exact && !quotes && indentation(leg) == indentation(removed)).then(|| {
        let mut text = indentation(&hunk.lines.get(pos)?.content).to_vec();
        text.extend_from_slice(leg.trim_ascii_start());
        Some(text)
    })?
}
