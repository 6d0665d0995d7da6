//! Legacy's lines a hunk's alignment leaves unmatched, and what they say
//! about where the added lines go.

use std::collections::HashSet;
use std::ops::Range;

use crate::patch::{Hunk, LineKind};
use crate::place::align::Alignment;
use crate::place::lines::common_subsequence;
use crate::place::reflow;
use crate::text::{is_blank, is_word, squash_whitespace};

/// How far back from the place a twin is looked for.
const REACH: usize = 12;

/// Whether the missing context line at `pos` follows added lines and has a
/// twin among legacy's lines before `cursor`, where they would go: the
/// added lines came before it upstream, and here they would come after it
/// (libc's `_ALIGNBYTES`, which the branch still defines inside a
/// `cfg_if!` the new items would follow). The order is a person's call.
/// The twin is a line the alignment leaves unmatched, and not a line of
/// the hunk's own pre-image (a neighbouring declaration of the same shape).
pub(super) fn twin_behind(
    hunk: &Hunk,
    pos: usize,
    legacy: &[Vec<u8>],
    alignment: &Alignment,
    cursor: usize,
) -> bool {
    let follows_added = pos
        .checked_sub(1)
        .and_then(|p| hunk.lines.get(p))
        .is_some_and(|l| l.kind == LineKind::Added);
    let Some(line) = hunk.lines.get(pos).filter(|_| follows_added) else {
        return false;
    };
    let words = words(&line.content);
    if words.len() < 3 {
        return false;
    }
    let own = |l: &[u8]| {
        let l = l.trim_ascii();
        (hunk.lines.iter()).any(|h| h.kind != LineKind::Added && h.content.trim_ascii() == l)
    };
    let paired = |i: usize| alignment.pairs.iter().any(|p| p.legacy == i);
    let start = cursor.saturating_sub(REACH);
    (start..cursor).any(|i| {
        !paired(i)
            && legacy
                .get(i)
                .is_some_and(|l| !own(l) && alike(&words, &self::words(l)))
    })
}

/// A line's identifiers and numbers.
fn words(line: &[u8]) -> Vec<&[u8]> {
    crate::text::words(line).map(|r| &line[r]).collect()
}

/// Whether two lines share at least four in five of their words, in order.
fn alike(a: &[&[u8]], b: &[&[u8]]) -> bool {
    shared(a, b) * 5 >= a.len().max(b.len()) * 4
}

/// How many words two lines share, in order.
fn shared(a: &[&[u8]], b: &[&[u8]]) -> usize {
    let pairs = common_subsequence(a.len(), b.len(), |i, j| a[i] == b[j]);
    pairs.iter().flatten().count()
}

/// The legacy lines of the alignment's span it leaves unmatched, ignoring
/// whitespace; lines without a letter or digit (`};`) say nothing.
pub(super) fn unmatched_words(alignment: &Alignment, legacy: &[Vec<u8>]) -> HashSet<Vec<u8>> {
    let matched: HashSet<usize> = alignment.pairs.iter().map(|p| p.legacy).collect();
    alignment
        .span()
        .unwrap_or_default()
        .filter(|l| !matched.contains(l))
        .filter_map(|l| legacy.get(l))
        .filter(|l| l.iter().any(u8::is_ascii_alphanumeric))
        .map(|l| squash_whitespace(l))
        .collect()
}

/// Whether legacy's lines `gap` (unmatched, right where added lines go) end
/// with upstream's `line`, the one the added lines follow, written
/// otherwise: wrapped over all of them (firecracker's `.add_used(index,
/// 0)` chained on a line of its own, with a `.map_err(…)` upstream
/// dropped), or its last one setting the same key (wgpu's `copy_size:`
/// computed another way). The added lines then follow it, as upstream's
/// follow `line`.
pub(super) fn written_otherwise(line: &[u8], legacy: &[Vec<u8>], gap: Range<usize>) -> bool {
    let wrapped = gap.len() > 1
        && reflow::extent(line, legacy, gap.start, gap.clone()) == (gap.start, gap.end - 1);
    let last = (legacy.get(gap).unwrap_or_default().iter().rev()).find(|l| !is_blank(l));
    wrapped || last.is_some_and(|l| same_key(line, l))
}

/// Whether `b` is `a` written otherwise: both set the same key (a field, a
/// keyword argument, a dictionary key or a variable, before `:` or `=`),
/// and `b` has at least half of `a`'s words in order (`state =
/// DEVICE_TENTATIVE;` with a comment after it; not `r = f(x);` for `r =
/// g(y);`).
fn same_key(a: &[u8], b: &[u8]) -> bool {
    let words_a = words(a);
    key(a).is_some_and(|k| key(b) == Some(k)) && shared(&words_a, &words(b)) * 2 >= words_a.len()
}

/// What a line sets: the name before its `:` or `=`.
fn key(line: &[u8]) -> Option<&[u8]> {
    let t = line.trim_ascii_start();
    let t = t.strip_prefix(b".").unwrap_or(t);
    let quoted = t.first().filter(|&&q| q == b'"' || q == b'\'');
    let t = if quoted.is_some() { &t[1..] } else { t };
    let end = t.iter().position(|&b| !is_word(b))?;
    let (name, rest) = t.split_at(end);
    let rest = if quoted.is_some() {
        rest.strip_prefix(&[quoted.copied()?][..])?
    } else {
        rest
    };
    let rest = rest.trim_ascii_start();
    let sets = (rest.starts_with(b":") && !rest.starts_with(b"::"))
        || (rest.starts_with(b"=") && !rest.starts_with(b"=="));
    (end > 0 && sets).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_what_a_line_sets() {
        assert_eq!(
            key(b"    copy_size: desc.copy_extent(),"),
            Some(&b"copy_size"[..])
        );
        assert_eq!(key(b"  .inode = netns_inode,"), Some(&b"inode"[..]));
        assert_eq!(key(b"    \"timeout\": 10,"), Some(&b"timeout"[..]));
        assert_eq!(key(b"ignore:The loop argument"), Some(&b"ignore"[..]));
        assert_eq!(key(b"    if a == b {"), None);
        assert_eq!(key(b"    a == b"), None);
        assert_eq!(key(b"    Type::new()"), None);
    }

    #[test]
    fn the_same_key_with_half_the_words_is_the_line_written_otherwise() {
        let up = b"                        state = DEVICE_TENTATIVE;";
        let legacy = b"                        state = DEVICE_TENTATIVE; /* downgrade state */";
        assert!(same_key(up, legacy));
        assert!(!same_key(b"        r = f(x);", b"        r = g(y);"));
        assert!(!same_key(b"    a: 1,", b"    b: 1,"));
    }

    #[test]
    fn a_statement_wrapped_over_the_gap_is_written_otherwise() {
        let legacy: Vec<Vec<u8>> = [
            "        if let Some(index) = self.stats_desc_index.take() {",
            "            self.queues[STATS_INDEX]",
            "                .add_used(index, 0)",
            "                .map_err(BalloonError::Queue)?;",
        ]
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
        let line = b"            self.queues[STATS_INDEX].add_used(index, 0)?;";
        assert!(written_otherwise(line, &legacy, 1..4));
        // Part of the statement is not all of it.
        assert!(!written_otherwise(line, &legacy, 1..3));
    }
}
