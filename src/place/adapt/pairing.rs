//! Which removed line each added line replaces, for word merges.

use crate::patch::{Hunk, HunkLine, LineKind};
use crate::place::lines::{common_subsequence, is_identifier, tokenize};
use crate::text::{is_blank, squash_whitespace};

/// For each added line of the hunk, the removed line it replaces: in a block
/// of removed lines followed by as many added lines, the k-th of each;
/// where either side is one or two lines, each removed line's most similar
/// added line (by shared words, at least half), most similar pairs first;
/// in a bigger block rewritten into one of another size, the lines it
/// repeats re-indented.
pub fn replaced_lines(hunk: &Hunk) -> Vec<Option<usize>> {
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
        } else if added - removed <= 2 || i - added <= 2 {
            // A line or two rewritten into more, or a block folded into a
            // line or two (a `where` clause into the signature): each line
            // of the smaller side still pairs with its likeness. Bigger
            // blocks on both sides are a rewrite whose lines do not pair up.
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
    common_subsequence(a.len(), b.len(), |i, j| ka[i].is_some() && ka[i] == kb[j])
        .into_iter()
        .enumerate()
        .filter_map(|(i, j)| Some((i, j?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_block_folded_into_one_line_pairs_it_with_its_likeness() {
        let (r, a) = (LineKind::Removed, LineKind::Added);
        let hunk = crate::patch::test_hunk(
            1,
            &[
                (
                    r,
                    "    pub(super) fn new(stream: St, n: Option<usize>) -> Self",
                ),
                (r, "    where"),
                (r, "        St: Stream,"),
                (r, "        St::Item: Future,"),
                (r, "    {"),
                (
                    a,
                    "    pub(super) fn new(stream: St, n: Option<usize>) -> Self {",
                ),
            ],
        );
        assert_eq!(
            replaced_lines(&hunk),
            vec![None, None, None, None, None, Some(0)]
        );
    }
}
