//! The word diff of an adapted pair: upstream's removed and added lines
//! beside the backport's, each line pair cut into segments tagged same,
//! renamed, re-indented or differs.
//!
//! Lines are aligned first (a best-sum alignment by shared tokens, so a
//! line the backport left out or added does not shift every pair after
//! it), then each pair is diffed token by token. A token substitution is a
//! rename only when it is consistent (upstream's name always becomes the
//! same backport name, the backport never uses upstream's name near the
//! change, upstream never uses the backport's) and legacy confirms it: the
//! placement engine learned it from the hunk's context, or the legacy file
//! already uses the new name. A consistent substitution legacy does not
//! confirm (`kfree` → `vfree`) stays a real difference: it may change what
//! the code does.
//!
//! Rejected: diffing the joined text of all lines at once. One dropped line
//! then shows as a run of differences spanning the lines around it, and
//! side-by-side rendering needs line pairs anyway.

use std::collections::{BTreeMap, HashSet};

use super::model::{LineRole, Rename, Segment, Tag, WordLine};
use crate::text::indentation;

/// Identifiers a legacy file and the region around the change use.
#[derive(Debug, Default, Clone)]
pub struct Names {
    /// Every identifier of the legacy file before the backport.
    pub file: HashSet<Vec<u8>>,
    /// The identifiers of the backport's lines around the change.
    pub region: HashSet<Vec<u8>>,
}

impl Names {
    /// Collects identifiers of `file` and of `region`.
    pub fn new<'a>(
        file: impl IntoIterator<Item = &'a [u8]>,
        region: impl IntoIterator<Item = &'a [u8]>,
    ) -> Names {
        let collect = |lines: &mut dyn Iterator<Item = &'a [u8]>| {
            let mut set = HashSet::new();
            for line in lines {
                for t in tokens(line) {
                    if is_identifier(t) {
                        set.insert(t.to_vec());
                    }
                }
            }
            set
        };
        Names {
            file: collect(&mut file.into_iter()),
            region: collect(&mut region.into_iter()),
        }
    }
}

/// The word diff of one pair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordDiff {
    /// Removed line pairs, then added line pairs.
    pub lines: Vec<WordLine>,
    /// The renames recognised.
    pub renames: Vec<Rename>,
}

/// An upstream line index beside a backport line index; `None` where a
/// side has no line.
pub type LinePair = (Option<usize>, Option<usize>);

/// Lines of one role on both sides.
pub struct Lines<'a> {
    /// Upstream's lines.
    pub upstream: &'a [Vec<u8>],
    /// The backport's lines.
    pub backport: &'a [Vec<u8>],
}

/// Diffs removed against removed and added against added. `known` are
/// renames the placement engine learned from the hunk's context.
pub fn word_diff(
    removed: &Lines<'_>,
    added: &Lines<'_>,
    known: &[(String, String)],
    names: &Names,
) -> WordDiff {
    let sides = [(LineRole::Removed, removed), (LineRole::Added, added)];
    let aligned: Vec<(LineRole, Vec<LinePair>)> = sides
        .iter()
        .map(|(role, l)| (*role, align_lines(l.upstream, l.backport)))
        .collect();
    let renames = learn_renames(&sides, &aligned, known, names);
    let mut lines = Vec::new();
    for ((_, l), (role, pairs)) in sides.iter().zip(&aligned) {
        for &(u, b) in pairs {
            let up = u.and_then(|i| l.upstream.get(i));
            let bp = b.and_then(|i| l.backport.get(i));
            let segments = match (up, bp) {
                (Some(up), Some(bp)) => diff_line(up, bp, &renames),
                (Some(up), None) => vec![segment(Tag::Differs, up, b"")],
                (None, Some(bp)) => vec![segment(Tag::Differs, b"", bp)],
                (None, None) => Vec::new(),
            };
            lines.push(WordLine {
                role: *role,
                upstream_line: u,
                backport_line: b,
                segments,
            });
        }
    }
    let mut renames: Vec<Rename> = renames
        .into_iter()
        .map(|(from, to)| Rename {
            from: String::from_utf8_lossy(&from).into_owned(),
            to: String::from_utf8_lossy(&to).into_owned(),
        })
        .collect();
    renames.sort();
    WordDiff { lines, renames }
}

fn segment(tag: Tag, upstream: &[u8], backport: &[u8]) -> Segment {
    Segment {
        tag,
        upstream: upstream.to_vec(),
        backport: backport.to_vec(),
    }
}

/// Tokens: runs of word bytes, runs of whitespace, single other bytes.
pub fn tokens(line: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let start = i;
        let class = byte_class(line[i]);
        i += 1;
        if class != 2 {
            while i < line.len() && byte_class(line[i]) == class {
                i += 1;
            }
        }
        out.push(&line[start..i]);
    }
    out
}

/// 0 word, 1 whitespace, 2 other.
fn byte_class(b: u8) -> u8 {
    if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
        0
    } else if b.is_ascii_whitespace() {
        1
    } else {
        2
    }
}

fn is_identifier(t: &[u8]) -> bool {
    t.first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_' || b >= 0x80)
}

fn is_space(t: &[u8]) -> bool {
    t.iter().all(u8::is_ascii_whitespace)
}

/// Dice coefficient of the two lines' non-whitespace token multisets.
pub fn similarity(a: &[u8], b: &[u8]) -> f32 {
    dice(&counts(a), &counts(b))
}

type Counts<'a> = BTreeMap<&'a [u8], usize>;

fn counts(line: &[u8]) -> Counts<'_> {
    let mut m = Counts::new();
    for t in tokens(line).into_iter().filter(|t| !is_space(t)) {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

fn dice(ca: &Counts<'_>, cb: &Counts<'_>) -> f32 {
    let (na, nb): (usize, usize) = (ca.values().sum(), cb.values().sum());
    if na + nb == 0 {
        return 1.0;
    }
    let common: usize = ca
        .iter()
        .map(|(t, n)| (*n).min(cb.get(t).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f32 / (na + nb) as f32
}

/// Lines this alike may be shown as one changed line.
const MIN_LINE_SIMILARITY: f32 = 0.4;
/// Larger alignments are made position by position.
const MAX_ALIGN_CELLS: usize = 40_000;

/// Pairs upstream lines with backport lines in order, maximising the sum of
/// similarities; lines left alone get `None` on the other side.
pub fn align_lines(up: &[Vec<u8>], bp: &[Vec<u8>]) -> Vec<LinePair> {
    let (n, m) = (up.len(), bp.len());
    if n * m > MAX_ALIGN_CELLS {
        return (0..n.max(m))
            .map(|i| ((i < n).then_some(i), (i < m).then_some(i)))
            .collect();
    }
    let bp_counts: Vec<Counts<'_>> = bp.iter().map(|b| counts(b)).collect();
    let sim: Vec<Vec<f32>> = up
        .iter()
        .map(|u| {
            let cu = counts(u);
            bp_counts.iter().map(|cb| dice(&cu, cb)).collect()
        })
        .collect();
    // best[i][j]: best score aligning up[i..] with bp[j..].
    let mut best = vec![vec![0.0f32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = sim[i][j];
            let take = if s >= MIN_LINE_SIMILARITY {
                s + best[i + 1][j + 1]
            } else {
                f32::MIN
            };
            best[i][j] = take.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let s = sim[i][j];
        if s >= MIN_LINE_SIMILARITY && best[i][j] == s + best[i + 1][j + 1] {
            out.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if best[i][j] == best[i + 1][j] {
            out.push((Some(i), None));
            i += 1;
        } else {
            out.push((None, Some(j)));
            j += 1;
        }
    }
    out.extend((i..n).map(|i| (Some(i), None)));
    out.extend((j..m).map(|j| (None, Some(j))));
    out
}

/// One step of a token diff: a shared token, or a run replaced by another.
enum Op<'a> {
    Same(&'a [u8]),
    Change(Vec<&'a [u8]>, Vec<&'a [u8]>),
}

/// Longest-common-subsequence diff of two token lists.
fn diff_tokens<'a>(a: &[&'a [u8]], b: &[&'a [u8]]) -> Vec<Op<'a>> {
    let (n, m) = (a.len(), b.len());
    if n * m > MAX_ALIGN_CELLS {
        return vec![Op::Change(a.to_vec(), b.to_vec())];
    }
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut dels, mut ins): (Vec<&[u8]>, Vec<&[u8]>) = (Vec::new(), Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            if !dels.is_empty() || !ins.is_empty() {
                ops.push(Op::Change(
                    std::mem::take(&mut dels),
                    std::mem::take(&mut ins),
                ));
            }
            ops.push(Op::Same(a[i]));
            i += 1;
            j += 1;
        } else if j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1]) {
            dels.push(a[i]);
            i += 1;
        } else {
            ins.push(b[j]);
            j += 1;
        }
    }
    if !dels.is_empty() || !ins.is_empty() {
        ops.push(Op::Change(dels, ins));
    }
    ops
}

type RenameMap = Vec<(Vec<u8>, Vec<u8>)>;

/// Token substitutions (upstream, backport) of equal-length changed runs.
fn substitutions<'a>(up: &'a [u8], bp: &'a [u8]) -> Vec<(&'a [u8], &'a [u8])> {
    let (ut, bt) = (tokens(up), tokens(bp));
    let mut out = Vec::new();
    for op in diff_tokens(&ut, &bt) {
        if let Op::Change(d, i) = op {
            if d.len() == i.len() {
                out.extend(d.into_iter().zip(i).filter(|(x, y)| x != y));
            }
        }
    }
    out
}

/// The renames that explain substitutions consistently and that legacy
/// confirms (see the module docs).
fn learn_renames(
    sides: &[(LineRole, &Lines<'_>); 2],
    aligned: &[(LineRole, Vec<LinePair>)],
    known: &[(String, String)],
    names: &Names,
) -> RenameMap {
    let mut seen: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
    let mut targets: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
    let mut up_names: HashSet<&[u8]> = HashSet::new();
    let mut bp_names: HashSet<&[u8]> = HashSet::new();
    for ((_, l), (_, pairs)) in sides.iter().zip(aligned) {
        for line in l.upstream {
            up_names.extend(tokens(line).into_iter().filter(|t| is_identifier(t)));
        }
        for line in l.backport {
            bp_names.extend(tokens(line).into_iter().filter(|t| is_identifier(t)));
        }
        for &(u, b) in pairs {
            let (Some(up), Some(bp)) = (
                u.and_then(|i| l.upstream.get(i)),
                b.and_then(|i| l.backport.get(i)),
            ) else {
                continue;
            };
            for (a, b) in substitutions(up, bp) {
                if !is_identifier(a) || !is_identifier(b) {
                    continue;
                }
                let e = seen.entry(a.to_vec()).or_insert_with(|| Some(b.to_vec()));
                if e.as_deref() != Some(b) {
                    *e = None;
                }
                let t = targets
                    .entry(b.to_vec())
                    .or_insert_with(|| Some(a.to_vec()));
                if t.as_deref() != Some(a) {
                    *t = None;
                }
            }
        }
    }
    let is_known = |a: &[u8], b: &[u8]| {
        known
            .iter()
            .any(|(f, t)| f.as_bytes() == a && t.as_bytes() == b)
    };
    seen.into_iter()
        .filter_map(|(a, b)| Some((a, b?)))
        .filter(|(a, b)| targets.get(b).is_some_and(|t| t.as_deref() == Some(a)))
        .filter(|(a, b)| !bp_names.contains(a.as_slice()) && !up_names.contains(b.as_slice()))
        .filter(|(a, b)| {
            is_known(a, b)
                || (names.file.contains(b) && !names.region.contains(a) && !names.file.contains(a))
        })
        .collect()
}

/// The segments of one line pair.
fn diff_line(up: &[u8], bp: &[u8], renames: &RenameMap) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let (ui, bi) = (indentation(up), indentation(bp));
    if ui != bi {
        push(&mut out, Tag::Reindented, ui, bi);
    } else {
        push(&mut out, Tag::Same, ui, bi);
    }
    let (ut, bt) = (tokens(&up[ui.len()..]), tokens(&bp[bi.len()..]));
    for op in diff_tokens(&ut, &bt) {
        match op {
            Op::Same(t) => push(&mut out, Tag::Same, t, t),
            Op::Change(d, i) => {
                let explained = |x: &[u8], y: &[u8]| {
                    if x == y {
                        Some(Tag::Same)
                    } else if is_space(x) && is_space(y) {
                        Some(Tag::Reindented)
                    } else if renames.iter().any(|(a, b)| a == x && b == y) {
                        Some(Tag::Renamed)
                    } else {
                        None
                    }
                };
                let tags: Option<Vec<Tag>> = if d.len() == i.len() {
                    d.iter().zip(&i).map(|(x, y)| explained(x, y)).collect()
                } else {
                    None
                };
                match tags {
                    Some(tags) => {
                        for ((x, y), tag) in d.iter().zip(&i).zip(tags) {
                            push(&mut out, tag, x, y);
                        }
                    }
                    None => {
                        let (x, y) = (d.concat(), i.concat());
                        let tag = if is_space(&x) && is_space(&y) {
                            Tag::Reindented
                        } else {
                            Tag::Differs
                        };
                        push(&mut out, tag, &x, &y);
                    }
                }
            }
        }
    }
    out
}

/// Appends a segment, joining it to the last one when both are `same` or
/// both `differs`.
fn push(out: &mut Vec<Segment>, tag: Tag, up: &[u8], bp: &[u8]) {
    if up.is_empty() && bp.is_empty() {
        return;
    }
    if let Some(last) = out.last_mut() {
        if last.tag == tag && matches!(tag, Tag::Same | Tag::Differs) {
            last.upstream.extend_from_slice(up);
            last.backport.extend_from_slice(bp);
            return;
        }
    }
    out.push(segment(tag, up, bp));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(lines: &[&str]) -> Vec<Vec<u8>> {
        lines.iter().map(|l| l.as_bytes().to_vec()).collect()
    }

    fn tags(line: &WordLine) -> Vec<(Tag, String, String)> {
        line.segments
            .iter()
            .map(|s| {
                (
                    s.tag,
                    String::from_utf8_lossy(&s.upstream).into_owned(),
                    String::from_utf8_lossy(&s.backport).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn tags_a_rename_legacy_confirms_and_reindentation() {
        let up = v(&["    if (len > buf_size(buf))", "        return -1;"]);
        let bp = v(&["\tif (len > buf_size(buffer))", "\t\treturn -1;"]);
        let names = Names::new([&b"char *buffer;"[..]], [&b"\tfoo(buffer);"[..]]);
        let d = word_diff(
            &Lines {
                upstream: &[],
                backport: &[],
            },
            &Lines {
                upstream: &up,
                backport: &bp,
            },
            &[],
            &names,
        );
        assert_eq!(
            d.renames,
            vec![Rename {
                from: "buf".into(),
                to: "buffer".into()
            }]
        );
        assert_eq!(
            tags(&d.lines[0]),
            vec![
                (Tag::Reindented, "    ".into(), "\t".into()),
                (
                    Tag::Same,
                    "if (len > buf_size(".into(),
                    "if (len > buf_size(".into()
                ),
                (Tag::Renamed, "buf".into(), "buffer".into()),
                (Tag::Same, "))".into(), "))".into()),
            ]
        );
        assert!(d.lines.iter().all(WordLine::explained));
    }

    #[test]
    fn an_unconfirmed_substitution_is_a_difference() {
        let up = v(&["kfree(p);"]);
        let bp = v(&["vfree(p);"]);
        let names = Names::new([&b"kfree(q);"[..]], []);
        let d = word_diff(
            &Lines {
                upstream: &[],
                backport: &[],
            },
            &Lines {
                upstream: &up,
                backport: &bp,
            },
            &[],
            &names,
        );
        assert!(d.renames.is_empty());
        assert_eq!(
            tags(&d.lines[0]),
            vec![
                (Tag::Differs, "kfree".into(), "vfree".into()),
                (Tag::Same, "(p);".into(), "(p);".into()),
            ]
        );
        // The engine's own rename from context is trusted.
        let known = [("kfree".to_string(), "vfree".to_string())];
        let d = word_diff(
            &Lines {
                upstream: &[],
                backport: &[],
            },
            &Lines {
                upstream: &up,
                backport: &bp,
            },
            &known,
            &names,
        );
        assert_eq!(d.lines[0].segments[0].tag, Tag::Renamed);
    }

    #[test]
    fn aligns_around_a_dropped_line() {
        let up = v(&["a = 1;", "log(\"x\");", "b = 2;"]);
        let bp = v(&["a = 1;", "b = 3;"]);
        let pairs = align_lines(&up, &bp);
        assert_eq!(
            pairs,
            vec![(Some(0), Some(0)), (Some(1), None), (Some(2), Some(1))]
        );
    }

    #[test]
    fn segments_give_back_both_lines() {
        let up = b"  x = foo(a,  b) + 1;";
        let bp = b"\tx = bar(a, b) - 1; // note";
        let segs = diff_line(up, bp, &Vec::new());
        let (u, b): (Vec<u8>, Vec<u8>) = segs.iter().fold((vec![], vec![]), |(mut u, mut b), s| {
            u.extend_from_slice(&s.upstream);
            b.extend_from_slice(&s.backport);
            (u, b)
        });
        assert_eq!(u, up);
        assert_eq!(b, bp);
    }
}
