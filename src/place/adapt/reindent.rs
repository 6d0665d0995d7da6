//! Re-indenting added lines as the matched lines show legacy indents.
//!
//! Most lines agree on one prefix change (upstream's four spaces are
//! legacy's tab); where branches indent with different characters, tabs and
//! runs of spaces are converted; where the lines agree on nothing, an added
//! line follows its nearest neighbour.

use std::collections::{BTreeMap, HashMap};

use super::{matched_lines, Adaptation};
use crate::patch::{Hunk, LineKind};
use crate::place::align::{Alignment, How};
use crate::text::{indentation, is_blank};

/// A change of indentation: upstream's prefix `from` becomes legacy's `to`,
/// or, when the branches indent with different characters, tabs and runs of
/// `width` spaces are converted.
#[derive(Debug, Default)]
pub(super) struct Reindent {
    from: Vec<u8>,
    to: Vec<u8>,
    /// `Some((true, w))`: tabs become `w` spaces; `Some((false, w))`: runs of
    /// `w` spaces become tabs.
    convert: Option<(bool, usize)>,
    /// The hunk's matched lines agree on no prefix change, not even on none.
    pub(super) split: bool,
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
    pub(super) fn learn(
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
    /// Nearest in legacy, where the line goes: a context line legacy moved
    /// into a block further up says nothing of the line the added one goes
    /// right before (aiohttp's branch sets `self._timeout` inside an
    /// `else:`, and upstream's new `if` after it stays at the method's
    /// depth). `None` when that line kept its indentation, or when the
    /// nearest lines before and after disagree and one of them kept it.
    pub(super) fn nearest(
        hunk: &Hunk,
        pos: usize,
        line_of_pre: &HashMap<usize, (usize, How)>,
        legacy: &[Vec<u8>],
    ) -> Option<Reindent> {
        let own = indentation(&hunk.lines[pos].content);
        let n = hunk.lines.len();
        // Where the line goes in legacy: after the last line before it
        // that found a place.
        let at = (0..pos)
            .rev()
            .find_map(|k| line_of_pre.get(&k).map(|&(l, _)| l + 1))
            .or_else(|| (pos..n).find_map(|k| line_of_pre.get(&k).map(|&(l, _)| l)))?;
        let near = |side: bool| {
            (0..n)
                .filter(|&k| (k > pos) == side)
                .filter_map(|k| {
                    let indent = legacy_indent(hunk, k, own, line_of_pre, legacy)?;
                    let l = line_of_pre.get(&k)?.0;
                    let apart = if k < pos {
                        at.saturating_sub(l + 1)
                    } else {
                        l.saturating_sub(at)
                    };
                    Some(((apart, k.abs_diff(pos), k > pos), indent))
                })
                .min_by_key(|(key, _)| *key)
        };
        let (before, after) = (near(false), near(true));
        // Between two blocks legacy indents differently, one of them as
        // upstream does, the new block keeps upstream's indentation: krb5's
        // branch mixes a newer block in upstream's style with older ones
        // indented a step less, and the maintainer left the new `if` as
        // upstream wrote it.
        if let (Some((_, b)), Some((_, a))) = (&before, &after) {
            if b != a && (*b == own || *a == own) {
                return None;
            }
        }
        let (_, to) = before
            .into_iter()
            .chain(after)
            .min_by_key(|(key, _)| *key)?;
        Reindent::between(own, to)
    }

    /// The prefix change most matched lines of the hunk indented as the
    /// added line at `pos` is upstream agree on, when more agree on it than
    /// on any other: a continuation aligned under a parenthesis legacy
    /// opens further right moves with its own column, whatever the lines
    /// around it do. `None` without such a change.
    /// With `only`, just the lines it marks vote.
    pub(super) fn same_depth(
        hunk: &Hunk,
        pos: usize,
        line_of_pre: &HashMap<usize, (usize, How)>,
        legacy: &[Vec<u8>],
        only: Option<&[bool]>,
    ) -> Option<Reindent> {
        let own = indentation(&hunk.lines[pos].content);
        let mut votes: BTreeMap<&[u8], usize> = BTreeMap::new();
        (0..hunk.lines.len())
            .filter(|&k| only.is_none_or(|o| o.get(k).copied().unwrap_or(false)))
            .filter_map(|k| legacy_indent(hunk, k, own, line_of_pre, legacy))
            .for_each(|to| *votes.entry(to).or_insert(0) += 1);
        let total: usize = votes.values().sum();
        let (to, n) = votes.into_iter().max_by_key(|(_, n)| *n)?;
        (n * 2 > total)
            .then(|| Reindent::between(own, to))
            .flatten()
    }

    /// `from` becoming `to`; `None` when they are the same. Only the part
    /// before their common tail changes, so the lines of a run shallower
    /// than the one it was learned from move with it (borg's help text
    /// legacy indents a step deeper: its paragraphs as well as its
    /// examples).
    pub(super) fn between(from: &[u8], to: &[u8]) -> Option<Reindent> {
        let common = (from.iter().rev().zip(to.iter().rev()))
            .take_while(|(a, b)| a == b)
            .count();
        (to != from).then(|| Reindent {
            from: from[..from.len() - common].to_vec(),
            to: to[..to.len() - common].to_vec(),
            ..Reindent::default()
        })
    }

    /// Tabs and runs of spaces are converted, not a prefix changed.
    pub(super) fn converts(&self) -> bool {
        self.convert.is_some()
    }

    pub(super) fn apply(&self, line: &[u8]) -> Vec<u8> {
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

    pub(super) fn adaptation(&self) -> Option<Adaptation> {
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

/// Legacy's indentation of the hunk line at `k` when upstream indents it
/// as `own` and it is matched surely (not fuzzily) and not blank: evidence
/// of where lines at that depth go.
fn legacy_indent<'l>(
    hunk: &Hunk,
    k: usize,
    own: &[u8],
    line_of_pre: &HashMap<usize, (usize, How)>,
    legacy: &'l [Vec<u8>],
) -> Option<&'l [u8]> {
    let line = &hunk.lines[k];
    let &(l, how) = line_of_pre.get(&k)?;
    if matches!(how, How::Fuzzy(_)) || is_blank(&line.content) || indentation(&line.content) != own
    {
        return None;
    }
    legacy.get(l).map(|leg| indentation(leg))
}

/// Which of the hunk's lines continue a statement an earlier line opened
/// (inside its parentheses or brackets), read along the pre-image for
/// context and removed lines and along the post-image for added ones.
/// Continuations are aligned by a project's own rule (under an opening
/// parenthesis, or one step in) rather than by depth.
pub(super) fn continuations(hunk: &Hunk) -> Vec<bool> {
    let mut out = vec![false; hunk.lines.len()];
    for side in [LineKind::Removed, LineKind::Added] {
        let mut open = 0usize;
        for (k, line) in hunk.lines.iter().enumerate() {
            if line.kind != LineKind::Context && line.kind != side {
                continue;
            }
            // A line closing what no line of the hunk opened continues a
            // statement opened before the hunk; a line starting with the
            // closing bracket lines up with its opener instead.
            let mut depth = open as isize;
            let mut closes_earlier = false;
            for &b in &line.content {
                match b {
                    b'(' | b'[' => depth += 1,
                    b')' | b']' => depth -= 1,
                    _ => {}
                }
                closes_earlier |= depth < 0;
            }
            if line.kind == side || side == LineKind::Removed {
                let text = line.content.trim_ascii_start();
                out[k] = (open > 0 || closes_earlier)
                    && !text.is_empty()
                    && !matches!(text[0], b')' | b']' | b'}');
            }
            open = depth.max(0) as usize;
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn marks_lines_continuing_a_statement() {
        let hunk = crate::patch::test_hunk(
            1,
            &[
                (LineKind::Context, "        \"still in use\");"),
                (LineKind::Removed, "    f(a,"),
                (LineKind::Removed, "      b);"),
                (LineKind::Added, "    g(a,"),
                (LineKind::Added, "      b,"),
                (LineKind::Added, "    );"),
                (LineKind::Context, "    h();"),
            ],
        );
        let got = continuations(&hunk);
        assert_eq!(got, [true, false, true, false, true, false, false]);
    }
}
