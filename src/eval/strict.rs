//! What plain `git apply` (no `-C`, no `--3way`, no whitespace options)
//! would make of a file's hunks: the yardstick that tells an easy backport
//! from a hard one.
//!
//! The benchmark calls a file HARD when strict `git apply` refuses the patch
//! or applies it and the maintainer committed something else; ferry's eval
//! uses the same line so its numbers sit next to the benchmark's. The rule is
//! re-implemented here on bytes (git's `apply.c`, `find_pos` and
//! `match_fragment`): each hunk's pre-image must occur byte for byte, tried
//! at the line the hunk names and then nearest first (one after, one before,
//! two after, ...); a hunk that starts at line 1 must match at the top, a
//! hunk without trailing context at the end; later hunks search the file as
//! earlier ones left it.
//!
//! Rejected: running `git apply --check` on a temporary file per case (a
//! process and a scratch folder for each of thousands of files), and reading
//! the answer off ferry's own plan ("every hunk placed by the `exact`
//! strategy"): the plan is what is being measured and is tuned often, its
//! `exact` means the expected line only while git also accepts the exact
//! pre-image at an offset, and it cannot say what the strict result would
//! be, which HARD needs.

use crate::patch::{Hunk, HunkLine, LineKind};

/// Applies the hunks to `file` the way `git apply` does without options;
/// `None` when a hunk's pre-image is not found.
pub fn git_apply(file: &[u8], hunks: &[Hunk]) -> Option<Vec<u8>> {
    let mut image: Vec<&[u8]> = file.split_inclusive(|&b| b == b'\n').collect();
    let sides: Vec<(Lines, Lines)> = hunks
        .iter()
        .map(|h| (side(h, LineKind::Added), side(h, LineKind::Removed)))
        .collect();
    for (hunk, (pre, post)) in hunks.iter().zip(&sides) {
        let trailing = hunk
            .lines
            .iter()
            .rev()
            .take_while(|l| l.kind == LineKind::Context)
            .count();
        // git: "a hunk that is (frag->oldpos <= 1) with or without leading
        // context must match at the beginning"; one without trailing
        // context must match at the end.
        let rule = Anchors {
            beginning: hunk.old_start <= 1,
            end: trailing == 0,
        };
        let at = find(&image, pre, hunk.new_start.saturating_sub(1), rule)?;
        image.splice(at..at + pre.len(), post.iter().map(Vec::as_slice));
    }
    Some(image.concat())
}

/// Lines with their line ends.
type Lines = Vec<Vec<u8>>;

/// Where a hunk is pinned.
#[derive(Clone, Copy)]
struct Anchors {
    /// It must match at the first line.
    beginning: bool,
    /// It must end at the last line.
    end: bool,
}

/// The lines of one side of a hunk with their line ends: the pre-image
/// leaves out `skip = Added`, the post-image `skip = Removed`.
fn side(hunk: &Hunk, skip: LineKind) -> Lines {
    hunk.lines
        .iter()
        .filter(|l| l.kind != skip)
        .map(with_end)
        .collect()
}

fn with_end(line: &HunkLine) -> Vec<u8> {
    let mut bytes = line.content.clone();
    if line.no_newline.is_none() {
        bytes.push(b'\n');
    }
    bytes
}

/// git's `find_pos`: the expected line first, then alternately one further
/// after and before it.
fn find(image: &[&[u8]], pre: &[Vec<u8>], expected: usize, rule: Anchors) -> Option<usize> {
    if pre.len() > image.len() {
        return None;
    }
    let line = if rule.beginning {
        0
    } else if rule.end {
        image.len() - pre.len()
    } else {
        expected.min(image.len())
    };
    let fits = |at: usize| matches_at(image, pre, at, rule);
    if fits(line) {
        return Some(line);
    }
    for d in 1..=image.len() {
        let forward = (line + d <= image.len()).then_some(line + d);
        let back = line.checked_sub(d);
        if forward.is_none() && back.is_none() {
            break;
        }
        if let Some(at) = forward.into_iter().chain(back).find(|&at| fits(at)) {
            return Some(at);
        }
    }
    None
}

/// git's `match_fragment` without whitespace options.
fn matches_at(image: &[&[u8]], pre: &[Vec<u8>], at: usize, rule: Anchors) -> bool {
    if at + pre.len() > image.len() {
        return false;
    }
    if rule.end && at + pre.len() != image.len() {
        return false;
    }
    if rule.beginning && at != 0 {
        return false;
    }
    image
        .get(at..at + pre.len())
        .is_some_and(|window| window.iter().zip(pre).all(|(a, b)| *a == b.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunks(patch: &str) -> Vec<Hunk> {
        let full = format!("--- a/f\n+++ b/f\n{patch}");
        let parsed = crate::patch::parse(full.as_bytes()).unwrap();
        parsed.commits[0].files[0].hunks.clone()
    }

    fn apply(file: &str, patch: &str) -> Option<String> {
        git_apply(file.as_bytes(), &hunks(patch)).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn applies_at_the_named_line() {
        let got = apply("a\nb\nc\nd\n", "@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n");
        assert_eq!(got.as_deref(), Some("a\nb\nC\nd\n"));
    }

    #[test]
    fn finds_the_pre_image_at_an_offset_nearest_first() {
        // The pre-image occurs twice; the copy one line after the named one
        // wins over the one three lines before.
        let file = "x\nb\nc\ny\nz\nb\nc\nw\n";
        let got = apply(file, "@@ -5,2 +5,2 @@\n b\n-c\n+C\n");
        assert_eq!(got, None, "no trailing context: must match at the end");
        let got = apply(file, "@@ -5,3 +5,3 @@\n b\n-c\n+C\n w\n");
        assert_eq!(got.as_deref(), Some("x\nb\nc\ny\nz\nb\nC\nw\n"));
        let got = apply(file, "@@ -5,3 +5,3 @@\n b\n-c\n+C\n y\n");
        assert_eq!(got.as_deref(), Some("x\nb\nC\ny\nz\nb\nc\nw\n"));
    }

    #[test]
    fn breaks_a_tie_towards_the_later_copy_as_git_does() {
        // Checked with git 2.43: `x b x` one line before and one line after
        // the named line 3; git changes the later one.
        let got = apply(
            "q\nx\nb\nx\nb\nx\nb\nx\nq\n",
            "@@ -3,3 +3,3 @@\n x\n-b\n+B\n x\n",
        );
        assert_eq!(got.as_deref(), Some("q\nx\nb\nx\nB\nx\nb\nx\nq\n"));
    }

    #[test]
    fn refuses_a_changed_context_line() {
        assert_eq!(
            apply("a\nB\nc\nd\n", "@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n"),
            None
        );
    }

    #[test]
    fn a_hunk_at_line_one_must_match_at_the_top() {
        let patch = "@@ -1,2 +1,3 @@\n a\n+new\n b\n";
        assert_eq!(apply("a\nb\nc\n", patch).as_deref(), Some("a\nnew\nb\nc\n"));
        assert_eq!(apply("top\na\nb\nc\n", patch), None);
    }

    #[test]
    fn later_hunks_search_the_file_as_earlier_ones_left_it() {
        let file = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let patch = "@@ -2,2 +2,4 @@\n 2\n+2a\n+2b\n 3\n@@ -8,2 +10,3 @@\n 8\n+8a\n 9\n";
        assert_eq!(
            apply(file, patch).as_deref(),
            Some("1\n2\n2a\n2b\n3\n4\n5\n6\n7\n8\n8a\n9\n")
        );
    }

    #[test]
    fn keeps_a_missing_final_newline() {
        let patch = "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n";
        assert_eq!(apply("a\nb", patch).as_deref(), Some("a\nc"));
        assert_eq!(apply("a\nb\n", patch), None, "the file has a newline");
    }
}
