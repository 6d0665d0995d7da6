//! A 3-way merge of one line at the level of words.
//!
//! When the line a hunk edits already differs in legacy (`copy(a, 0, 0, F)`
//! upstream, `copy(a, F)` in legacy), putting upstream's new line in its
//! place reverts the branch's own change. If upstream's edit and the
//! branch's difference touch different words, both can be kept, as a person
//! (or wiggle) would. Where they touch the same words, there is no merge and
//! the caller falls back to upstream's line.

use super::lines::common_subsequence;

/// Lines longer than this (in tokens) are not merged: the quadratic
/// alignment is for source lines, not minified blobs.
const MAX_TOKENS: usize = 400;

/// Splits a line into words, runs of whitespace and single other bytes; the
/// tokens concatenate back to the line.
fn tokens(line: &[u8]) -> Vec<&[u8]> {
    let class = |b: u8| {
        if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
            0
        } else if b == b' ' || b == b'\t' {
            1
        } else {
            2
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let c = class(line[i]);
        let mut j = i + 1;
        if c != 2 {
            while j < line.len() && class(line[j]) == c {
                j += 1;
            }
        }
        out.push(&line[i..j]);
        i = j;
    }
    out
}

/// For each token of `base`, the index of the token of `other` a longest
/// common subsequence pairs it with.
fn lcs(base: &[&[u8]], other: &[&[u8]]) -> Vec<Option<usize>> {
    common_subsequence(base.len(), other.len(), |i, j| base[i] == other[j])
}

fn is_space(tok: &[u8]) -> bool {
    tok.first().is_some_and(|b| *b == b' ' || *b == b'\t')
}

/// A conflict where ours only respaced the words (a column re-aligned):
/// theirs' words, with ours' spacing widened or narrowed as much as theirs
/// changed it, so legacy's columns stay aligned. At the line's start the
/// space is indentation: where theirs keeps base's, it stays ours
/// (NetworkManager's tab where upstream indents four spaces).
fn respaced(base: &[&[u8]], ours: &[&[u8]], theirs: &[&[u8]], at_start: bool) -> Option<Vec<u8>> {
    let words = |c: &[&[u8]]| -> Vec<Vec<u8>> {
        c.iter()
            .filter(|t| !is_space(t))
            .map(|t| t.to_vec())
            .collect()
    };
    let width = |c: &[&[u8]]| -> isize {
        c.iter()
            .filter(|t| is_space(t))
            .map(|t| t.len() as isize)
            .sum()
    };
    if words(base) != words(ours) || !ours.first().is_some_and(|t| is_space(t)) {
        return None;
    }
    if !theirs.first().is_some_and(|t| is_space(t)) || theirs.iter().skip(1).any(|t| is_space(t)) {
        return None;
    }
    let spaces = (width(ours) + width(theirs) - width(base)).max(1) as usize;
    let mut out = match ours.first() {
        Some(indent) if at_start && theirs.first() == base.first() => indent.to_vec(),
        _ => vec![b' '; spaces],
    };
    theirs.iter().skip(1).for_each(|t| out.extend_from_slice(t));
    Some(out)
}

/// One side's edit of a stretch of base tokens: the range it replaces and
/// what it puts there.
struct Edit<'a> {
    range: std::ops::Range<usize>,
    with: &'a [&'a [u8]],
}

/// The edits that turn `base` into `other`, from their common subsequence.
fn edits<'a>(base: &[&[u8]], other: &'a [&'a [u8]]) -> Vec<Edit<'a>> {
    let pairs = lcs(base, other);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    // Each base token the other side kept, then the end of both.
    let kept = pairs.iter().copied().chain([Some(other.len())]).enumerate();
    for (k, next) in kept {
        let Some(l) = next else { continue };
        if k > i || l > j {
            out.push(Edit {
                range: i..k,
                with: &other[j..l],
            });
        }
        (i, j) = (k + 1, l + 1);
    }
    out
}

/// The first token of `toks` that is not whitespace.
fn first_word<'t>(toks: &[&'t [u8]]) -> Option<&'t [u8]> {
    toks.iter().map(|t| t.trim_ascii()).find(|t| !t.is_empty())
}

/// The last token of `toks` that is not whitespace.
fn last_word<'t>(toks: &[&'t [u8]]) -> Option<&'t [u8]> {
    toks.iter()
        .rev()
        .map(|t| t.trim_ascii())
        .find(|t| !t.is_empty())
}

/// Which side of the other side's insertion at the same point an inserted
/// term goes.
#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

/// A whole term with its operator after it (`tt->ipv6 && `, `x, `) goes
/// before what the other side inserts at the same point: that insertion
/// (`GET_VER(`) starts the operand the operator joins. One with its
/// operator first (` && b`) goes after. Anything else has no side.
fn term_side(toks: &[&[u8]]) -> Option<Side> {
    const ENDS: [&[u8]; 5] = [b"&&", b"||", b" and", b" or", b","];
    const STARTS: [&[u8]; 5] = [b"&&", b"||", b"and ", b"or ", b","];
    let text = toks.concat();
    let term = text.trim_ascii();
    let depth = term.iter().fold(0i32, |d, c| match c {
        b'(' | b'[' | b'{' => d + 1,
        b')' | b']' | b'}' => d - 1,
        _ => d,
    });
    let joins = |ops: &[&[u8]], at_end: bool| {
        ops.iter().any(|op| {
            term.len() > op.len()
                && if at_end {
                    term.ends_with(op)
                } else {
                    term.starts_with(op)
                }
        })
    };
    if depth != 0 {
        None
    } else if joins(&ENDS, true) {
        Some(Side::Before)
    } else if joins(&STARTS, false) {
        Some(Side::After)
    } else {
        None
    }
}

/// Both sides' edits of a stretch where they disagree, when they touch
/// different tokens of it (legacy drops `: Any` after `parser`, upstream
/// renames `parser`): `None` when two edits overlap, or insert at one
/// point where neither is a term with its side ([`term_side`]).
fn apart(base: &[&[u8]], ours: &[&[u8]], theirs: &[&[u8]]) -> Option<Vec<u8>> {
    let mut all: Vec<Edit<'_>> = edits(base, ours);
    all.extend(edits(base, theirs));
    all.sort_by_key(|e| (e.range.start, e.range.end));
    for k in 1..all.len() {
        let (a, b) = (&all[k - 1], &all[k]);
        if a.range.is_empty() && b.range == a.range {
            match (term_side(a.with), term_side(b.with)) {
                (Some(Side::Before), None) | (None, Some(Side::After)) => {}
                (None, Some(Side::Before)) | (Some(Side::After), None) => all.swap(k - 1, k),
                _ => return None,
            }
        }
    }
    for w in all.windows(2) {
        let (a, b) = (&w[0].range, &w[1].range);
        // An insertion right after tokens the other side deletes has lost
        // what it followed (`new(n)` → `new(n + 1)` against legacy's
        // `new()`), unless what was deleted is a list item (`A, ` or
        // `, int dbid`) and so is what is inserted (`, int *error`).
        let after_deleted = !a.is_empty()
            && w[0].with.is_empty()
            && b.is_empty()
            && b.start == a.end
            && !matches!(last_word(&base[a.clone()]), Some(b"," | b";"))
            && !(first_word(&base[a.clone()]) == Some(b",") && first_word(w[1].with) == Some(b","));
        let ordered = a.is_empty() && b == a;
        if b.start < a.end || (a.is_empty() && b.start == a.start && !ordered) || after_deleted {
            return None;
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for e in &all {
        base[at..e.range.start]
            .iter()
            .for_each(|t| out.extend_from_slice(t));
        e.with.iter().for_each(|t| out.extend_from_slice(t));
        at = e.range.end;
    }
    base[at..].iter().for_each(|t| out.extend_from_slice(t));
    Some(out)
}

/// Merges the change `base` → `theirs` into `ours`. `None` when both change
/// the same words differently, or a line is too long to merge.
pub fn merge(base: &[u8], ours: &[u8], theirs: &[u8]) -> Option<Vec<u8>> {
    let (b, o, t) = (tokens(base), tokens(ours), tokens(theirs));
    if b.len().max(o.len()).max(t.len()) > MAX_TOKENS {
        return None;
    }
    let (mo, mt) = (lcs(&b, &o), lcs(&b, &t));
    let mut out = Vec::with_capacity(ours.len() + theirs.len());
    let (mut i, mut io, mut it) = (0, 0, 0);
    loop {
        // The next base token both sides kept is a point where they agree.
        let sync = (i..b.len()).find(|&k| mo[k].is_some() && mt[k].is_some());
        let (eo, et) = match sync {
            Some(k) => (mo[k]?, mt[k]?),
            None => (o.len(), t.len()),
        };
        let end = sync.unwrap_or(b.len());
        let (cb, co, ct) = (&b[i..end], &o[io..eo], &t[it..et]);
        if co == cb || co == ct {
            ct.iter().for_each(|tok| out.extend_from_slice(tok));
        } else if ct == cb {
            co.iter().for_each(|tok| out.extend_from_slice(tok));
        } else if sync.is_none() && !co.is_empty() && co.iter().all(|tok| is_space(tok)) {
            // Ours only trails whitespace at the line's end: no column
            // to keep, and theirs' words there stand as theirs wrote them
            // (qiskit's branch had `///     ` where upstream's doc line
            // `///` became `/// ```c`, which came out six spaces in and
            // no longer a code fence).
            ct.iter().for_each(|tok| out.extend_from_slice(tok));
        } else if let Some(both) = apart(cb, co, ct) {
            out.extend(both);
        } else {
            out.extend(respaced(cb, co, ct, i == 0)?);
        }
        let Some(k) = sync else { break };
        out.extend_from_slice(b[k]);
        (i, io, it) = (k + 1, eo + 1, et + 1);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::merge;

    fn m(b: &str, o: &str, t: &str) -> Option<String> {
        merge(b.as_bytes(), o.as_bytes(), t.as_bytes()).map(|v| String::from_utf8(v).unwrap())
    }

    #[test]
    fn trailing_whitespace_legacy_adds_gives_way_to_upstreams_words() {
        assert_eq!(
            m("///", "///     ", "/// ```c").as_deref(),
            Some("/// ```c")
        );
        // Words legacy dropped at the end are no whitespace: they stay
        // dropped.
        let dropped = m(
            "from q import Qubit, Measure",
            "from q import Qubit",
            "from q import Qubit, Measure, Parameter",
        );
        assert!(dropped.is_none_or(|l| !l.contains("Measure")));
    }

    #[test]
    fn keeps_both_changes_when_they_touch_different_words() {
        assert_eq!(
            m(
                "r = copy(from, to, 0644, 0, 0, COPY_REFLINK);",
                "r = copy(from, to, 0644, COPY_REFLINK);",
                "r = copy(from, to, 0644, 0, 0, COPY_REFLINK|COPY_FSYNC);",
            )
            .as_deref(),
            Some("r = copy(from, to, 0644, COPY_REFLINK|COPY_FSYNC);")
        );
    }

    #[test]
    fn a_rewritten_line_keeps_legacys_indentation() {
        assert_eq!(
            m(
                "    gboolean          found = FALSE;",
                "\tgboolean found = FALSE;",
                "    GHashTable *wildcard = NULL;",
            )
            .as_deref(),
            Some("\tGHashTable *wildcard = NULL;")
        );
    }

    #[test]
    fn one_side_unchanged_takes_the_other() {
        assert_eq!(m("a(b)", "a(b)", "a(c)").as_deref(), Some("a(c)"));
        assert_eq!(m("a(b)", "x(b)", "a(b)").as_deref(), Some("x(b)"));
        assert_eq!(m("f(x);", "g(x);", "g(x);").as_deref(), Some("g(x);"));
    }

    #[test]
    fn keeps_legacy_columns_when_upstream_realigns() {
        assert_eq!(
            m(
                "{ \"Size\",          parse_size,      1, &p->min },",
                "{ \"Size\",    parse_size,    1, &p->min },",
                "{ \"Size\",          parse_size,     -1, &p->min },",
            )
            .as_deref(),
            Some("{ \"Size\",    parse_size,   -1, &p->min },")
        );
    }

    #[test]
    fn keeps_both_changes_when_they_touch_neighbouring_words() {
        assert_eq!(
            m(
                "def test_size(parser: Any, size: Any) -> None:",
                "def test_size(parser, size) -> None:",
                "def test_size(response: Any, size: Any) -> None:",
            )
            .as_deref(),
            Some("def test_size(response, size) -> None:")
        );
    }

    #[test]
    fn refuses_when_both_insert_at_one_point() {
        assert_eq!(m("f(a)", "f(a, b)", "f(a, c)"), None);
    }

    #[test]
    fn a_term_inserted_where_the_other_side_wraps_the_operand_goes_outside() {
        // OpenVPN's branch tests `tt->ipv6` first; upstream wraps the
        // version field in a macro.
        assert_eq!(
            m(
                "if (iph->ip_v == 6)",
                "if (tt->ipv6 && iph->ip_v == 6)",
                "if (GET_VER(iph->version_len) == 6)",
            )
            .as_deref(),
            Some("if (tt->ipv6 && GET_VER(iph->version_len) == 6)")
        );
        assert_eq!(
            m("f(a)", "f(g(a))", "f(x, a)").as_deref(),
            Some("f(x, g(a))")
        );
        assert_eq!(
            m("if (a)", "if (a && b)", "if (a.x)").as_deref(),
            Some("if (a.x && b)")
        );
        // Two terms, or no term, at one point: no side to take.
        assert_eq!(m("f(a)", "f(x, a)", "f(y, a)"), None);
        assert_eq!(m("f(a)", "f(g(a))", "f(h(a))"), None);
    }

    #[test]
    fn refuses_when_both_change_the_same_word() {
        assert_eq!(m("v = 1;", "v = 2;", "v = 3;"), None);
    }

    #[test]
    fn tokens_rebuild_the_line() {
        let line = b"  foo_bar(x, \"y\") \t// z\r";
        let joined: Vec<u8> = super::tokens(line).concat();
        assert_eq!(joined, line);
    }

    #[test]
    fn refuses_an_insertion_after_tokens_the_other_side_deletes() {
        assert_eq!(
            m(
                "let v: Vec<Msrs> = Vec::with_capacity(n);",
                "let v: Vec<Msrs> = Vec::new();",
                "let v: Vec<Msrs> = Vec::with_capacity(n + 1);",
            ),
            None
        );
        // After tokens the other side replaces, or a whole list item it
        // deletes, the insertion still has something to follow.
        assert_eq!(
            m("f(foo);", "f(bar);", "f(foo, x);").as_deref(),
            Some("f(bar, x);")
        );
        assert_eq!(
            m(
                "use config::{LogFormat, Duration, Size};",
                "use config::{Duration, Size};",
                "use config::{LogFormat, OptionSize, Duration, Size};"
            )
            .as_deref(),
            Some("use config::{OptionSize, Duration, Size};")
        );
        // An item appended after the last one, which legacy lacks: the new
        // item still ends the list (redis's `rdbLoadObject` prototype).
        assert_eq!(
            m(
                "robj *rdbLoadObject(int type, rio *rdb, sds key, int dbid);",
                "robj *rdbLoadObject(int type, rio *rdb, sds key);",
                "robj *rdbLoadObject(int type, rio *rdb, sds key, int dbid, int *error);",
            )
            .as_deref(),
            Some("robj *rdbLoadObject(int type, rio *rdb, sds key, int *error);")
        );
        // Not when the insertion is no list item of its own.
        assert_eq!(m("f(a, n);", "f(a);", "f(a, n + 1);"), None);
    }
}
