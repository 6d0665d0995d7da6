//! How sure ferry is of a placement.
//!
//! Confidence starts from how much of the pre-image's evidence the alignment
//! found (weighted by how telling each line is) and is then cut for the
//! things that make real backports go wrong: a removed line that is not in
//! legacy, a removed line that legacy has in another form, a line map that
//! puts the hunk's lines elsewhere, and a second place that fits as well.
//! It rises when the 3-way line map agrees. The threshold (`--min-confidence`)
//! decides what `--auto` takes; below it a person confirms.

use std::ops::Range;

use super::align::{Alignment, How};
use super::result::Strategy;
use super::shapes::Shape;
use crate::patch::Hunk;

/// Facts about one alignment that confidence is computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Quality {
    /// Sum of match scores (without the line-map bonus) over the total weight.
    pub ratio: f32,
    /// Informative removed lines.
    pub removed: usize,
    /// Removed lines matched exactly or ignoring whitespace.
    pub removed_sure: usize,
    /// Removed lines matched only fuzzily (legacy has another version).
    pub removed_fuzzy: usize,
    /// Removed lines of a hunk that only deletes, matched nowhere, that the
    /// line map says legacy lacks with nothing in their place: deleted on
    /// both sides, as a 3-way merge sees it, so not missing.
    pub removed_gone: usize,
    /// Informative context lines.
    pub context: usize,
    /// Context lines matched only fuzzily or not at all.
    pub context_drifted: usize,
    /// Pairs the line map confirms.
    pub map_agree: usize,
    /// Evidence weight of the pairs the line map confirms.
    pub map_agree_weight: f32,
    /// Pairs whose pre-image line the line map puts elsewhere.
    pub map_conflict: usize,
    /// Pairs whose pre-image line, removed or next to a change, the line map
    /// finds nowhere in legacy, matched to a legacy line the map gives
    /// another upstream line: a 3-way merge would conflict there.
    pub map_foreign: usize,
    /// Short context lines (a brace, `/*`) the line map finds in legacy and
    /// the alignment leaves out: the map's place reaches further.
    pub map_skipped: usize,
    /// Legacy lines inside the span that match nothing.
    pub extra: usize,
    /// An edit was merged word by word into a line legacy writes otherwise
    /// (`wordmerge.rs`).
    pub merged_words: bool,
    /// Shapes the port leaves that neither side would write, in the order
    /// they are told (`shapes.rs`).
    pub shapes: Vec<Shape>,
    /// Every run of added lines has both its upstream neighbours matched.
    pub anchored: bool,
    /// The alignment lies in the legacy counterpart of the hunk's function.
    pub in_symbol: bool,
    /// Every pre-image line matched exactly, contiguously.
    pub contiguous_exact: bool,
    /// Every pre-image line matched exactly or ignoring whitespace, contiguously.
    pub contiguous: bool,
    /// Measured without a line map (`MapView::mapless`).
    pub mapless: bool,
    /// What the hunk's own lines are, wherever it goes.
    pub form: HunkForm,
}

/// The shape of a hunk's change, which some evidence counts differently.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct HunkForm {
    /// It rewrites one line in place (`Hunk::rewrites_one_line`).
    pub rewrites_one_line: bool,
    /// It adds no line.
    pub only_deletes: bool,
}

impl HunkForm {
    /// The form of `hunk`'s change.
    pub fn of(hunk: &Hunk) -> HunkForm {
        HunkForm {
            rewrites_one_line: hunk.rewrites_one_line(),
            only_deletes: hunk.added().next().is_none(),
        }
    }
}

/// Line-map evidence (in full-weight lines) that counts as confirmation:
/// blank lines and braces alone do not.
const MAP_EVIDENCE: f32 = 0.5;
/// Confidence factor of a line-map placement with more of its context
/// drifted than the map confirms: the hunk's neighbourhood is mostly gone,
/// and a person confirms (session 34, over DEV, five corpora and the 11
/// branches: 12 right HARD files refused and 22 wrong ones).
const NEIGHBOURHOOD_GONE: f32 = 0.8;

/// The evidence weight (`lines::weight`: length times rarity) a line needs
/// for the line map putting it elsewhere to count against a place: a short
/// or common line (Open vSwitch's `default:` and `OVS_NOT_REACHED();`,
/// which its file has many times) the map pairs with another copy says
/// little (session 34: 2 refused HARD files right and 1 wrong on the
/// corpora, 14 HARD and 14 easy aiohttp branch files right).
const CONFLICT_WEIGHT: f32 = 0.6;

/// What each drifted context line takes off a line-map placement's 0.95.
const DRIFTED_CONTEXT: f32 = 0.065;

/// How much a drifted context line counts, of `DRIFTED_CONTEXT`, for a
/// hunk that rewrites one line legacy has exactly: the edit is sure of its
/// own line, and the lines around it say less of whether the maintainer
/// had to adapt more (session 41: 8 refused HARD files right over DEV and
/// fourteen corpora, none wrong; on the 11 branches 1 right and 2 wrong,
/// one aiohttp requirements pin on two branches).
const ONE_LINE_DRIFT: f32 = 0.5;

/// The weight a blank line carries (`lines::weight`).
const BLANK_WEIGHT: f32 = 0.1;

/// The factor a fuzzy or partial alignment's confidence takes without a
/// line map (`Quality::mapless_factor`): 1.4 puts `ferry apply --auto` from a
/// bare patch past GNU `patch --fuzz=2` on DEV HARD, right and wrong both.
const MAPLESS_GUESS: f32 = 1.4;

/// What the line map says of a hunk's pre-image (all empty without one).
#[derive(Debug, Clone, Copy, Default)]
pub struct MapView<'m> {
    /// The legacy line the map gives each pre-image line.
    pub mapped: &'m [Option<usize>],
    /// Pre-image lines that are removed or stand next to a removed or added
    /// line.
    pub at_change: &'m [bool],
    /// Legacy lines the map gives some upstream line.
    pub kept: &'m [bool],
    /// Pre-image lines legacy lacks with nothing in their place (only for a
    /// hunk that only deletes).
    pub gone: &'m [bool],
    /// There is no line map at all (a bare patch, without upstream's file).
    pub mapless: bool,
}

/// Entry `i` of a per-line flag (false past its end, as for an empty one).
fn flag(v: &[bool], i: usize) -> bool {
    v.get(i).copied().unwrap_or(false)
}

impl Quality {
    /// Measures an alignment. `weights` and `removed` describe the pre-image,
    /// `informative` says which lines carry evidence, `form` the hunk.
    pub fn measure(
        a: &Alignment,
        weights: &[f32],
        removed: &[bool],
        informative: &[bool],
        form: HunkForm,
        view: MapView<'_>,
    ) -> Quality {
        let map = view.mapped;
        let total: f32 = weights.iter().sum();
        let mut q = Quality {
            mapless: view.mapless,
            form,
            ..Quality::default()
        };
        let mut got = 0.0;
        let mut matched = vec![None; weights.len()];
        for p in &a.pairs {
            let w = weights.get(p.pre).copied().unwrap_or(0.0);
            got += match p.how {
                How::Exact => w,
                How::Whitespace => 0.85 * w,
                How::Fuzzy(s) => 0.5 * s * w,
            };
            if let Some(slot) = matched.get_mut(p.pre) {
                *slot = Some(p.how);
            }
            let telling = flag(informative, p.pre);
            match map.get(p.pre).copied().flatten() {
                Some(l) if l == p.legacy => {
                    q.map_agree += 1;
                    q.map_agree_weight += w;
                }
                Some(_) if telling && w >= CONFLICT_WEIGHT => q.map_conflict += 1,
                None if flag(view.at_change, p.pre) && flag(view.kept, p.legacy) => {
                    q.map_foreign += 1;
                }
                _ => {}
            }
        }
        q.ratio = if total > 0.0 { got / total } else { 0.0 };
        for (i, how) in matched.iter().enumerate() {
            if !flag(informative, i) {
                continue;
            }
            if flag(removed, i) {
                q.removed += 1;
                match how {
                    Some(How::Exact | How::Whitespace) => q.removed_sure += 1,
                    Some(How::Fuzzy(_)) => q.removed_fuzzy += 1,
                    None if flag(view.gone, i) => q.removed_gone += 1,
                    None => {}
                }
            } else {
                q.context += 1;
                if !matches!(how, Some(How::Exact | How::Whitespace)) {
                    q.context_drifted += 1;
                }
            }
        }
        q.map_skipped = (0..weights.len())
            .filter(|&i| matched[i].is_none() && map.get(i).copied().flatten().is_some())
            .filter(|&i| !flag(informative, i))
            .filter(|&i| !flag(removed, i) && weights[i] > BLANK_WEIGHT)
            .count();
        if let Some(span) = a.span() {
            q.extra = span.len() - a.pairs.len();
            let all = a.pairs.len() == weights.len() && q.extra == 0;
            q.contiguous = all && a.pairs.iter().all(|p| !matches!(p.how, How::Fuzzy(_)));
            q.contiguous_exact = all && a.pairs.iter().all(|p| p.how == How::Exact);
        }
        q
    }

    /// How much more a guess weighs without a line map. With one, a place
    /// the map does not confirm has the map's silence against it; from a
    /// bare patch there is no map to be silent, and a fuzzy alignment
    /// inside the hunk's function is right about as often as what ferry
    /// writes with the map (on the benchmark's HARD files, 167 of 188 on
    /// DEV between 0.5 and 0.65 before this factor).
    fn mapless_factor(&self) -> f32 {
        if self.mapless {
            MAPLESS_GUESS
        } else {
            1.0
        }
    }

    /// Whether the line map confirms some pair and contradicts none.
    pub fn map_confirms(&self) -> bool {
        self.map_agree > 0 && self.map_conflict == 0
    }

    /// An exact match of lines the line map says legacy lacks: generic
    /// lines (`}`, `Ok(())`) that close a block the branch never got,
    /// matched where legacy's own block ends with the same text.
    fn coincidental(&self) -> bool {
        self.contiguous_exact && self.map_foreign > 0
    }

    /// Removed lines legacy does not have in any form, and has not deleted
    /// too.
    pub fn removed_missing(&self) -> usize {
        self.removed
            .saturating_sub(self.removed_sure + self.removed_fuzzy + self.removed_gone)
    }

    /// The one-line explanation of a placement found by `strategy` at
    /// `span` (`expected` is where the hunk's header puts it): where it
    /// matched, and each thing that cut its confidence.
    pub fn explain(
        &self,
        strategy: Strategy,
        span: &Range<usize>,
        expected: usize,
        ambiguous: bool,
    ) -> String {
        let at = if span.len() <= 1 {
            format!("line {}", span.start + 1)
        } else {
            format!("lines {}-{}", span.start + 1, span.end)
        };
        let mut s = match strategy {
            Strategy::Exact => format!("the pre-image matches exactly at {at}"),
            Strategy::Offset => {
                let off = span.start as isize - expected as isize;
                format!(
                    "the pre-image matches exactly at {at}, {off:+} lines from the expected place"
                )
            }
            Strategy::Whitespace => format!("the pre-image matches at {at} ignoring whitespace"),
            Strategy::LineMap => format!(
                "the 3-way line map puts the hunk at {at} ({} lines confirmed)",
                self.map_agree
            ),
            _ => format!(
                "best alignment at {at}: {:.0}% of the pre-image's evidence found",
                self.ratio * 100.0
            ),
        };
        if self.removed_fuzzy > 0 {
            s.push_str(&format!(
                "; {} removed line(s) differ in legacy",
                self.removed_fuzzy
            ));
        }
        if self.merged_in_drift() {
            s.push_str(
                "; an edit was merged into a line legacy writes otherwise, among lines that drifted or only legacy has",
            );
        }
        if self.removed_missing() > 0 {
            s.push_str(&format!(
                "; {} removed line(s) are missing in legacy",
                self.removed_missing()
            ));
        }
        if self.context_drifted > 0 {
            s.push_str(&format!(
                "; {} context line(s) drifted",
                self.context_drifted
            ));
        }
        if self.map_conflict > 0 {
            s.push_str("; the line map puts some of these lines elsewhere");
        }
        if self.map_placed() && self.neighbourhood_gone() {
            s.push_str("; more of its context drifted than the line map confirms");
        }
        if self.coincidental() {
            s.push_str(&format!(
                "; the line map finds {} of these lines nowhere in legacy, and legacy's copies are other lines",
                self.map_foreign
            ));
        }
        if ambiguous {
            s.push_str("; another place fits about as well");
        }
        for shape in &self.shapes {
            s.push_str("; ");
            s.push_str(shape.told());
        }
        s
    }

    /// The line map, not the whole pre-image in one piece, vouches for the
    /// place.
    fn map_placed(&self) -> bool {
        !self.contiguous_exact && self.map_agree_weight >= MAP_EVIDENCE && self.map_conflict == 0
    }

    /// A word merge in a hunk whose context also drifted (or whose span
    /// holds lines only legacy has): the merge is sure of the line alone.
    fn merged_in_drift(&self) -> bool {
        self.merged_words && (self.context_drifted + self.map_skipped > 0 || self.extra > 0)
    }

    /// More context lines drifted than the line map confirms lines (a
    /// neighbourhood a one-line rewrite does not need).
    fn neighbourhood_gone(&self) -> bool {
        self.context_drifted > self.map_agree && !self.sure_one_line()
    }

    /// The hunk only deletes, where the line map vouches for the place, and
    /// legacy has at least two of its removed lines as upstream wrote them
    /// for each it writes otherwise or lacks. No added line needs legacy's
    /// version of a drifted one, deleting the block deletes that version
    /// too, and a line legacy never had needs no deleting (session 41: 25
    /// refused HARD files right over DEV and fifteen corpora, 2 wrong; on
    /// the 11 branches 46 right and 11 wrong, most of them files whose
    /// maintainers also dropped what the deletion left unused, or edited
    /// more).
    fn deletes_drifted_block(&self) -> bool {
        self.form.only_deletes
            && self.map_placed()
            && self.removed_sure >= 2 * (self.removed_fuzzy + self.removed_missing())
    }

    /// The hunk rewrites one line in place and legacy has that line as
    /// upstream wrote it, with nothing of its own among the lines matched.
    fn sure_one_line(&self) -> bool {
        self.form.rewrites_one_line
            && self.removed == 1
            && self.removed_sure == 1
            && self.extra == 0
    }

    /// The confidence of a placement with this quality; `ambiguous` when
    /// another place fits about as well.
    ///
    /// The base reflects the kind of evidence: the whole pre-image in one
    /// piece is certain; a place the 3-way line map confirms is nearly so
    /// (less the more of its context drifted); a whitespace-only or fuzzy
    /// match is a guess. The cuts are the ways real backports go wrong.
    pub fn confidence(&self, ambiguous: bool) -> f32 {
        let mut c = if self.contiguous_exact {
            1.0
        } else if self.map_placed() {
            // Each drifted context line is a sign the maintainer may have
            // had to adapt more than the lines the hunk names.
            let drift = if self.sure_one_line() {
                DRIFTED_CONTEXT * ONE_LINE_DRIFT
            } else {
                DRIFTED_CONTEXT
            };
            (0.95
                - drift * (self.context_drifted + self.map_skipped) as f32
                - if self.extra > 0 { 0.03 } else { 0.0 })
                * if self.neighbourhood_gone() {
                    NEIGHBOURHOOD_GONE
                } else {
                    1.0
                }
        } else if self.contiguous {
            0.7
        } else if self.in_symbol {
            0.8 * self.ratio * self.mapless_factor()
        } else {
            0.6 * self.ratio * self.mapless_factor()
        };
        // A deletion that takes legacy's version of its lines with it is
        // not cut for them.
        let deletion = self.deletes_drifted_block();
        if self.removed_missing() > 0 && !deletion {
            c *= 0.3;
        } else if (self.removed_fuzzy > 0 && !deletion) || self.merged_in_drift() {
            // A word merge is sure of the line alone: with the lines
            // around it drifted as well, the branch's version of the change
            // is more than the line, and a person writes it (session 39:
            // 10 wrong HARD files refused, no right one, on twelve corpora).
            c *= 0.65;
        }
        if self.map_conflict > 0 || self.coincidental() {
            c *= 0.6;
        }
        if ambiguous {
            c *= 0.5;
        }
        c.clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line-map placement of one removed line found exactly, with four
    /// of its context lines drifted and three lines confirmed.
    fn drifted_one_line() -> Quality {
        Quality {
            removed: 1,
            removed_sure: 1,
            context: 5,
            context_drifted: 4,
            map_agree: 3,
            map_agree_weight: 2.0,
            form: HunkForm {
                rewrites_one_line: true,
                only_deletes: false,
            },
            ..Quality::default()
        }
    }

    #[test]
    fn a_one_line_rewrite_needs_less_of_its_neighbourhood() {
        let q = drifted_one_line();
        assert!(q.confidence(false) >= 0.8, "{}", q.confidence(false));
        let several = Quality {
            form: HunkForm::default(),
            ..drifted_one_line()
        };
        assert!(
            several.confidence(false) < 0.6,
            "{}",
            several.confidence(false)
        );
        let with_own_lines = Quality {
            extra: 1,
            ..drifted_one_line()
        };
        assert!(with_own_lines.confidence(false) < 0.6);
        let line_drifted = Quality {
            removed_sure: 0,
            removed_fuzzy: 1,
            ..drifted_one_line()
        };
        assert!(line_drifted.confidence(false) < 0.6);
    }

    /// A line-map placement of a hunk that only deletes four lines, three
    /// found exactly and one legacy writes otherwise.
    fn drifted_deletion() -> Quality {
        Quality {
            removed: 4,
            removed_sure: 3,
            removed_fuzzy: 1,
            context: 4,
            map_agree: 7,
            map_agree_weight: 5.0,
            form: HunkForm {
                rewrites_one_line: false,
                only_deletes: true,
            },
            ..Quality::default()
        }
    }

    #[test]
    fn a_deletion_takes_legacys_version_of_a_drifted_line_with_it() {
        let q = drifted_deletion();
        assert!(q.confidence(false) >= 0.9, "{}", q.confidence(false));
        let replacing = Quality {
            form: HunkForm::default(),
            ..drifted_deletion()
        };
        assert!(replacing.confidence(false) < 0.7);
        let mostly_drifted = Quality {
            removed_sure: 1,
            removed_fuzzy: 3,
            ..drifted_deletion()
        };
        assert!(mostly_drifted.confidence(false) < 0.7);
        let one_missing_too = Quality {
            removed: 5,
            ..drifted_deletion()
        };
        assert!(one_missing_too.confidence(false) < 0.7, "3 exact for 2 off");
        let one_missing = Quality {
            removed_fuzzy: 0,
            ..drifted_deletion()
        };
        assert!(one_missing.confidence(false) >= 0.9, "a line legacy lacks");
        let unconfirmed = Quality {
            map_agree: 0,
            map_agree_weight: 0.0,
            ..drifted_deletion()
        };
        assert!(unconfirmed.confidence(false) < 0.7);
    }
}
