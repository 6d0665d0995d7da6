//! A removed line that legacy writes over several lines.
//!
//! Formatters wrap a long call differently on each branch: upstream removes
//! `w.write(x, y).unwrap_err();` where legacy has `w.write(x, y)` and then
//! `.unwrap_err();` on the next line. The aligner pairs the removed line with
//! one legacy line; the rest of the statement would stay behind beside the
//! added lines that replace it (`.unwrap_err();` twice). This finds the
//! legacy lines around the paired one that are part of the same statement,
//! so the removal takes them all.

use super::lines::{brackets, tokenize};

/// The legacy lines `first..=last` that together are the removed line
/// `removed`: the whole statement around `at` (the legacy line it was paired
/// with), when that statement lies within `bounds` (the legacy lines no other
/// pre-image line claims) and is closer to the removed line than `at` alone.
/// Otherwise `(at, at)`.
pub fn extent(
    removed: &[u8],
    legacy: &[Vec<u8>],
    at: usize,
    bounds: std::ops::Range<usize>,
) -> (usize, usize) {
    let mut first = at;
    while first > bounds.start
        && at - first < MAX_LINES
        && continues(&legacy[first - 1..first], &legacy[first])
    {
        first -= 1;
    }
    let mut last = at;
    while last + 1 < bounds.end
        && last - first < MAX_LINES
        && continues(&legacy[first..=last], &legacy[last + 1])
    {
        last += 1;
    }
    // rustfmt puts the `{` after a wrapped condition on a line of its own;
    // it belongs to the removed line that ends with it.
    if removed.trim_ascii_end().ends_with(b"{")
        && last + 1 < bounds.end
        && legacy[last + 1].trim_ascii() == b"{"
        && !legacy[last].trim_ascii_end().ends_with(b"{")
    {
        last += 1;
    }
    let whole = (first, last);
    let ends = |l: usize| {
        !legacy
            .get(l + 1)
            .is_some_and(|n| continues(&legacy[first..=l], n))
    };
    let starts = first == 0 || !continues(&legacy[first - 1..first], &legacy[first]);
    if whole == (at, at) || !starts || !ends(last) {
        return (at, at);
    }
    // Wrapping a statement changes only the whitespace between its tokens.
    let want = tokenize(removed);
    let score = |first: usize, last: usize| {
        let have: Vec<&[u8]> = legacy[first..=last]
            .iter()
            .flat_map(|l| tokenize(l))
            .collect();
        if have.len() + want.len() > MAX_TOKENS {
            return 0.0;
        }
        2.0 * common(&want, &have) as f32 / (want.len() + have.len()) as f32
    };
    if score(first, last) > score(at, at) {
        whole
    } else {
        (at, at)
    }
}

/// A statement wrapped over more lines than this is not unwrapped.
const MAX_LINES: usize = 12;

/// Statements longer than this (in tokens, both sides) are not unwrapped:
/// the comparison is quadratic.
const MAX_TOKENS: usize = 600;

/// Whether the statement begun in `lines` goes on in `next`: the last line
/// does not end it (`;`) nor open or close a block, and either a bracket is
/// still open or `next` carries on a chain (`.method()`, `?`, a closing
/// bracket).
fn continues(lines: &[Vec<u8>], next: &[u8]) -> bool {
    let Some(t) = lines.last().map(|l| l.trim_ascii()) else {
        return false;
    };
    if t.is_empty() || t.ends_with(b";") || t.ends_with(b"{") || t.ends_with(b"}") {
        return false;
    }
    let [round, square, _] = brackets(lines.iter().map(Vec::as_slice));
    let next = next.trim_ascii_start();
    round + square > 0
        || [b".", b"?", b")", b"]"]
            .iter()
            .any(|p| next.starts_with(*p))
}

/// The length of the longest common subsequence of two token lists: unlike
/// shared words, it tells a statement's continuation (the same tokens, in
/// order) from a neighbour that reuses them.
fn common(a: &[&[u8]], b: &[&[u8]]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::extent;

    fn lines(text: &str) -> Vec<Vec<u8>> {
        crate::text::Text::parse(text.as_bytes()).lines
    }

    #[test]
    fn takes_the_continuation_lines_of_a_wrapped_call() {
        let legacy = lines(
            "        // root is not allowed.\n\
             \x20       ls.write(\"/\", &mut contents.clone().as_slice())\n\
             \x20           .unwrap_err();\n\
             \x20   }",
        );
        let removed = b"        ls.write(\"/\", &mut contents.as_slice()).unwrap_err();";
        assert_eq!(extent(removed, &legacy, 1, 1..3), (1, 2));
    }

    #[test]
    fn reaches_back_to_the_start_of_the_statement() {
        let legacy = lines(
            "    let kv = RaftKv::new(\n\
             \x20       SyncBenchRouter::new(region.clone(), db.clone()),\n\
             \x20       RocksEngine::from_db(db),\n\
             \x20   );\n\
             \n\
             \x20   let mut ctx = Context::default();",
        );
        let removed =
            b"    let kv = RaftKv::new(SyncBenchRouter::new(region.clone(), db.clone()), db);";
        assert_eq!(extent(removed, &legacy, 1, 0..6), (0, 3));
    }

    #[test]
    fn leaves_separate_statements_alone() {
        let legacy = lines("    x = f(b);\n    y = f(a);");
        assert_eq!(extent(b"    x = f(a);", &legacy, 0, 0..2), (0, 0));
        // Python has no `;`: only an open bracket carries a statement on.
        let legacy = lines("    x = f(b)\n    y = g(a)");
        assert_eq!(extent(b"    x = f(a, y)", &legacy, 0, 0..2), (0, 0));
    }

    #[test]
    fn takes_the_brace_of_a_wrapped_condition() {
        let legacy = lines(
            "        } else if let Ok(get) = attr\n\
             \x20           .get_type()\n\
             \x20           .getattr(\"__get__\")\n\
             \x20       {\n\
             \x20           get.call1(attr)",
        );
        let removed = b"        } else if let Ok(get) = attr.get_type().getattr(\"__get__\") {";
        assert_eq!(extent(removed, &legacy, 0, 0..4), (0, 3));
        // The removed line leaves its block open elsewhere: the brace stays.
        let removed = b"        } else if let Ok(get) = attr.get_type().getattr(\"__get__\")";
        assert_eq!(extent(removed, &legacy, 0, 0..4), (0, 2));
    }
}
