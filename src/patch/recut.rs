//! Hunks as `git diff` writes them, with three lines of context.
//!
//! A patch made with more context (`diff -U10`, `git diff -W`, a review
//! tool's full-context upload) carries lines far from the change, and hunks
//! git would have written apart come as one. ferry counts every context line
//! that drifted against a placement, so the same change would be left to a
//! person from a wide patch and taken from its three-line form. Re-cutting
//! gives every patch the hunks the placement engine is measured on.

use super::model::{Hunk, LineKind, Patch};

/// The context git writes on each side of a change (and the review shows
/// around a backport's changes).
pub const CONTEXT: usize = 3;

/// How many bytes of a function line git keeps for a hunk's section.
const SECTION_MAX: usize = 80;

impl Patch {
    /// Re-cuts every hunk to at most [`CONTEXT`] lines of context on each
    /// side of its changes, splitting it where more than twice that many
    /// context lines separate two changes. A hunk already so cut stays as it
    /// was read, byte for byte.
    pub fn recut(&mut self) {
        for file in self.commits.iter_mut().flat_map(|c| c.files.iter_mut()) {
            file.hunks = file.hunks.iter().flat_map(recut).collect();
        }
    }
}

/// The hunks `hunk` is as git writes them.
fn recut(hunk: &Hunk) -> Vec<Hunk> {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let changes = (hunk.lines.iter().enumerate()).filter(|(_, l)| l.kind != LineKind::Context);
    for (i, _) in changes {
        match groups.last_mut() {
            Some((_, last)) if i - *last - 1 <= 2 * CONTEXT => *last = i,
            _ => groups.push((i, i)),
        }
    }
    let n = hunk.lines.len();
    let cut = |&(first, last): &(usize, usize)| {
        (first.saturating_sub(CONTEXT), (last + CONTEXT).min(n - 1))
    };
    match groups.as_slice() {
        [] => return vec![hunk.clone()],
        [one] if cut(one) == (0, n - 1) => return vec![hunk.clone()],
        _ => {}
    }
    groups.iter().map(|g| part(hunk, cut(g))).collect()
}

/// Lines `start..=end` of `hunk` as a hunk of their own.
fn part(hunk: &Hunk, (start, end): (usize, usize)) -> Hunk {
    let (before, lines) = (&hunk.lines[..start], hunk.lines[start..=end].to_vec());
    let count = |ls: &[_], side_without: LineKind| {
        ls.iter()
            .filter(|l: &&super::model::HunkLine| l.kind != side_without)
            .count()
    };
    // An empty side starts at the line it follows, one before the first
    // line of a side that has lines.
    let start_of = |first: usize, skipped: usize, len: usize| match (first, len) {
        (0, _) => 0,
        (_, 0) => first + skipped - 1,
        _ => first + skipped,
    };
    let (old_len, new_len) = (
        count(&lines, LineKind::Added),
        count(&lines, LineKind::Removed),
    );
    let old_start = start_of(hunk.old_start, count(before, LineKind::Added), old_len);
    let new_start = start_of(hunk.new_start, count(before, LineKind::Removed), new_len);
    let section = (before.iter().rev())
        .filter(|l| l.kind != LineKind::Added)
        .find(|l| is_function_line(&l.content))
        .map(|l| function_line(&l.content))
        .unwrap_or_else(|| hunk.section.clone());
    Hunk::from_lines(old_start, new_start, section, lines, true)
}

/// git's default function line: one that starts with a letter, `_` or `$`.
fn is_function_line(line: &[u8]) -> bool {
    line.first()
        .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'_' || b == b'$')
}

/// The section git writes for a function line: its first bytes, without
/// trailing whitespace.
fn function_line(line: &[u8]) -> Vec<u8> {
    line[..line.len().min(SECTION_MAX)]
        .trim_ascii_end()
        .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(patch: &str) -> Patch {
        crate::patch::parse(patch.as_bytes()).expect("patch")
    }

    fn headers(p: &Patch) -> Vec<String> {
        p.commits[0].files[0]
            .hunks
            .iter()
            .map(|h| String::from_utf8_lossy(&h.header).trim_end().to_string())
            .collect()
    }

    #[test]
    fn a_wide_hunk_becomes_the_hunks_git_writes_with_three_lines() {
        // Two changes eleven lines apart with five lines of context around:
        // `git diff -U3` writes two hunks, the second naming `fn b`.
        let mut body = String::new();
        for i in 1..=5 {
            body.push_str(&format!("     c{i}\n"));
        }
        body.push_str("-    old1\n+    new1\n");
        for i in 6..=10 {
            body.push_str(&format!("     c{i}\n"));
        }
        body.push_str(" fn b() {\n");
        for i in 11..=15 {
            body.push_str(&format!("     c{i}\n"));
        }
        body.push_str("+    added\n");
        for i in 16..=20 {
            body.push_str(&format!("     c{i}\n"));
        }
        let mut p = parsed(&format!(
            "--- a/x.rs\n+++ b/x.rs\n@@ -1,22 +1,23 @@ fn a() {{\n{body}"
        ));
        p.recut();
        assert_eq!(
            headers(&p),
            ["@@ -3,7 +3,7 @@ fn a() {", "@@ -15,6 +15,7 @@ fn b() {"]
        );
        let hunks = &p.commits[0].files[0].hunks;
        assert_eq!(hunks[0].lines.first().unwrap().content, b"    c3");
        assert_eq!(hunks[1].lines.first().unwrap().content, b"    c13");
        assert_eq!(hunks[1].lines.last().unwrap().content, b"    c18");
    }

    #[test]
    fn hunks_already_cut_stay_as_read() {
        let text = "--- a/x.c\n+++ b/x.c\n@@ -4,7 +4,7 @@ int f(void)\n a\n b\n c\n-d\n+e\n f\n g\n h\n@@ -20,2 +20,3 @@\n x\n+y\n z\n";
        let mut p = parsed(text);
        let before = p.clone();
        p.recut();
        assert_eq!(p, before);
        // Six context lines between two changes keep them in one hunk.
        let text =
            "--- a/x.c\n+++ b/x.c\n@@ -1,8 +1,8 @@\n-a\n+A\n 1\n 2\n 3\n 4\n 5\n 6\n-b\n+B\n";
        let mut p = parsed(text);
        let before = p.clone();
        p.recut();
        assert_eq!(p, before);
    }

    #[test]
    fn a_no_newline_marker_stays_with_its_line() {
        let mut p = parsed(
            "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n 1\n 2\n 3\n 4\n-a\n+b\n\\ No newline at end of file\n",
        );
        p.recut();
        let h = &p.commits[0].files[0].hunks[0];
        assert_eq!(String::from_utf8_lossy(&h.header), "@@ -2,4 +2,4 @@\n");
        assert!(h.lines.last().unwrap().no_newline.is_some());
    }
}
