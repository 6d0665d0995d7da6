//! Types of the patch model.

/// A parsed patch file: one or more commits (an mbox holds several; a plain
/// `diff -u` is one commit without metadata).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Patch {
    /// The commits in the order they appear.
    pub commits: Vec<CommitPatch>,
}

/// One commit's worth of a patch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommitPatch {
    /// Author, date and message when the patch carries them (mbox, `git show`).
    pub meta: Option<CommitMeta>,
    /// Raw bytes before the first file diff: mail headers, message, diffstat.
    pub preamble: Vec<u8>,
    /// The files the commit changes.
    pub files: Vec<FilePatch>,
    /// Raw bytes after the last hunk (an mbox signature such as `-- \n2.43.0\n`).
    pub epilogue: Vec<u8>,
}

/// What a commit's headers say about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommitMeta {
    /// The upstream commit id (`From <sha> Mon Sep 17 ...` or `commit <sha>`).
    pub id: Option<String>,
    /// Author name.
    pub author_name: String,
    /// Author e-mail address.
    pub author_email: String,
    /// Author date as written (RFC 2822 in mail, git's default format in `git show`).
    pub date: Option<String>,
    /// Subject with any `[PATCH n/m]` prefix removed; for git's log format the
    /// message's first paragraph joined by spaces, as git makes a subject.
    pub subject: String,
    /// Message body after the subject, without the diffstat: no leading or
    /// trailing blank lines, every line ending in `\n` (empty if there is none).
    pub body: String,
}

/// How a file is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Content or mode change of an existing file.
    Modified,
    /// The file is created.
    Added,
    /// The file is removed.
    Deleted,
    /// The file is renamed (maybe with changes); similarity in percent if given.
    Renamed(Option<u8>),
    /// The file is copied from another (maybe with changes).
    Copied(Option<u8>),
}

/// The changes to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePatch {
    /// Raw header bytes: from `diff --git` (or `---` for plain diffs) up to the
    /// first hunk, including `---`/`+++` lines and any `GIT binary patch` data.
    /// Stray lines between two file diffs (`Only in ...`, `Index: ...`) open
    /// the header of the file after them.
    pub header: Vec<u8>,
    /// Path before, as written (with any `a/` prefix, unquoted); `None` for
    /// `/dev/null` and for any created file (`diff -N` writes its old side as
    /// an empty file dated at the epoch).
    pub old_path: Option<Vec<u8>>,
    /// Path after, as written (with any `b/` prefix, unquoted); `None` for
    /// `/dev/null` and for any deleted file.
    pub new_path: Option<Vec<u8>>,
    /// What kind of change this is.
    pub kind: ChangeKind,
    /// Mode before (`old mode`, `deleted file mode`, `index .. mode`).
    pub old_mode: Option<u32>,
    /// Mode after (`new mode`, `new file mode`, `index .. mode`).
    pub new_mode: Option<u32>,
    /// `Binary files ... differ` or `GIT binary patch`: never applied as text.
    pub binary: bool,
    /// The text hunks, in order.
    pub hunks: Vec<Hunk>,
}

impl FilePatch {
    /// The path before the change with `strip` leading components removed
    /// (as `patch -p`); `None` for a created file or if too few components.
    pub fn old_path_stripped(&self, strip: usize) -> Option<Vec<u8>> {
        self.old_path.as_deref().and_then(|p| strip_path(p, strip))
    }

    /// The path after the change with `strip` leading components removed.
    pub fn new_path_stripped(&self, strip: usize) -> Option<Vec<u8>> {
        self.new_path.as_deref().and_then(|p| strip_path(p, strip))
    }

    /// The path a person would name this file by: the new path, else the old.
    pub fn display_path(&self, strip: usize) -> String {
        let p = self
            .new_path_stripped(strip)
            .or_else(|| self.old_path_stripped(strip))
            .unwrap_or_default();
        String::from_utf8_lossy(&p).into_owned()
    }
}

/// Removes `n` leading path components, as `patch -pN` does.
pub fn strip_path(path: &[u8], n: usize) -> Option<Vec<u8>> {
    let mut rest = path;
    for _ in 0..n {
        let slash = rest.iter().position(|&b| b == b'/')?;
        rest = &rest[slash + 1..];
        while rest.first() == Some(&b'/') {
            rest = &rest[1..];
        }
    }
    if rest.is_empty() {
        None
    } else {
        Some(rest.to_vec())
    }
}

/// One `@@ -a,b +c,d @@` hunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The raw `@@ ... @@ section` line, including its `\n`.
    pub header: Vec<u8>,
    /// First line of the pre-image, 1-based (0 when the pre-image is empty).
    pub old_start: usize,
    /// Number of pre-image lines.
    pub old_len: usize,
    /// First line of the post-image, 1-based (0 when the post-image is empty).
    pub new_start: usize,
    /// Number of post-image lines.
    pub new_len: usize,
    /// The function context git writes after the second `@@` (may be empty).
    pub section: Vec<u8>,
    /// The hunk's lines in order.
    pub lines: Vec<HunkLine>,
}

/// The role of a hunk line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// ` ` both before and after.
    Context,
    /// `-` only before.
    Removed,
    /// `+` only after.
    Added,
}

/// One line of a hunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HunkLine {
    /// Context, removed or added.
    pub kind: LineKind,
    /// The line's bytes without the leading marker and without `\n` (a `\r`
    /// of a CRLF file stays).
    pub content: Vec<u8>,
    /// The raw `\ No newline at end of file` line that followed, if any: the
    /// line has no `\n` on its side of the diff.
    pub no_newline: Option<Vec<u8>>,
    /// The line was written without its ` ` marker: a bare empty line where a
    /// context line was due, which GNU patch reads as an empty context line
    /// (mailers and editors strip the trailing space). Kept so rendering gives
    /// back the bytes that were read.
    pub marker_missing: bool,
}

impl HunkLine {
    /// Whether the line is added and not blank: code the hunk brings.
    pub fn adds_code(&self) -> bool {
        self.kind == LineKind::Added && !crate::text::is_blank(&self.content)
    }

    /// A line written the ordinary way: marker, content, `\n`.
    pub fn new(kind: LineKind, content: Vec<u8>) -> HunkLine {
        HunkLine {
            kind,
            content,
            no_newline: None,
            marker_missing: false,
        }
    }
}

impl LineKind {
    /// The byte that starts such a line in a hunk.
    pub fn marker(self) -> u8 {
        match self {
            LineKind::Context => b' ',
            LineKind::Removed => b'-',
            LineKind::Added => b'+',
        }
    }
}

impl Hunk {
    /// A hunk of `lines` whose sides start at `old_start` and `new_start`,
    /// with the `@@` line git writes for it: a count of 1 left out when
    /// `short` (as git does), written out otherwise (as some tools do).
    pub fn from_lines(
        old_start: usize,
        new_start: usize,
        section: Vec<u8>,
        lines: Vec<HunkLine>,
        short: bool,
    ) -> Hunk {
        let old_len = lines.iter().filter(|l| l.kind != LineKind::Added).count();
        let new_len = lines.iter().filter(|l| l.kind != LineKind::Removed).count();
        let range = |start: usize, len: usize| {
            if short && len == 1 {
                start.to_string()
            } else {
                format!("{start},{len}")
            }
        };
        let mut header = format!(
            "@@ -{} +{} @@",
            range(old_start, old_len),
            range(new_start, new_len)
        )
        .into_bytes();
        if !section.is_empty() {
            header.push(b' ');
            header.extend_from_slice(&section);
        }
        header.push(b'\n');
        Hunk {
            header,
            old_start,
            old_len,
            new_start,
            new_len,
            section,
            lines,
        }
    }

    /// The lines the hunk expects to find (context and removed).
    pub fn pre_image(&self) -> impl Iterator<Item = &HunkLine> {
        self.lines.iter().filter(|l| l.kind != LineKind::Added)
    }

    /// The lines the hunk adds.
    pub fn added(&self) -> impl Iterator<Item = &HunkLine> {
        self.lines.iter().filter(|l| l.kind == LineKind::Added)
    }

    /// The lines the hunk leaves (context and added).
    pub fn post_image(&self) -> impl Iterator<Item = &HunkLine> {
        self.lines.iter().filter(|l| l.kind != LineKind::Removed)
    }

    /// Whether line `i` is a change (removed or added) or stands next to
    /// one: where a 3-way merge would conflict if legacy's line differs.
    pub fn at_change(&self, i: usize) -> bool {
        let changed = |i: usize| {
            self.lines
                .get(i)
                .is_some_and(|l| l.kind != LineKind::Context)
        };
        changed(i) || changed(i + 1) || i.checked_sub(1).is_some_and(changed)
    }

    /// Whether line `i` is removed in a run of changes that adds nothing but
    /// blank lines: legacy lacking such a line is the deletion already
    /// made, as a 3-way merge sees it, however much the rest of the hunk adds.
    pub fn in_pure_deletion(&self, i: usize) -> bool {
        let changed = |l: &&HunkLine| l.kind != LineKind::Context;
        let Some(line) = self.lines.get(i) else {
            return false;
        };
        line.kind == LineKind::Removed
            && !self.lines[i..]
                .iter()
                .take_while(changed)
                .any(HunkLine::adds_code)
            && !(self.lines[..i].iter().rev())
                .take_while(changed)
                .any(HunkLine::adds_code)
    }

    /// Whether the hunk's one change is a single removed line and the lines
    /// (if any) that take its place right after it.
    pub fn rewrites_one_line(&self) -> bool {
        let mut kinds = (self.lines.iter().map(|l| l.kind)).skip_while(|&k| k == LineKind::Context);
        kinds.next() == Some(LineKind::Removed)
            && (kinds.by_ref())
                .take_while(|&k| k != LineKind::Context)
                .all(|k| k == LineKind::Added)
            && kinds.all(|k| k == LineKind::Context)
    }

    /// Whether the hunk only adds or removes blank lines and whitespace.
    pub fn changes_only_whitespace(&self) -> bool {
        let squash = |k: LineKind| -> Vec<Vec<u8>> {
            self.lines
                .iter()
                .filter(|l| l.kind == k)
                .map(|l| crate::text::squash_whitespace(&l.content))
                .filter(|l| !l.is_empty())
                .collect()
        };
        squash(LineKind::Removed) == squash(LineKind::Added)
    }
}

/// A hunk of `lines` whose pre-image starts at `old_start`, for tests.
#[cfg(test)]
pub fn test_hunk(old_start: usize, lines: &[(LineKind, &str)]) -> Hunk {
    let lines: Vec<HunkLine> = lines
        .iter()
        .map(|(k, t)| HunkLine::new(*k, t.as_bytes().to_vec()))
        .collect();
    let old_len = lines.iter().filter(|l| l.kind != LineKind::Added).count();
    let new_len = lines.iter().filter(|l| l.kind != LineKind::Removed).count();
    Hunk {
        header: Vec::new(),
        old_start,
        old_len,
        new_start: old_start,
        new_len,
        section: Vec::new(),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_at_a_change_are_changes_and_their_neighbours() {
        let hunk = test_hunk(
            1,
            &[
                (LineKind::Context, "far"),
                (LineKind::Context, "near"),
                (LineKind::Removed, "old"),
                (LineKind::Added, "new"),
                (LineKind::Context, "after"),
                (LineKind::Context, "far"),
            ],
        );
        let near: Vec<bool> = (0..7).map(|i| hunk.at_change(i)).collect();
        assert_eq!(near, [false, true, true, true, true, false, false]);
    }

    #[test]
    fn one_line_rewrite_is_one_removed_line_and_what_follows_it() {
        use LineKind::{Added as A, Context as C, Removed as R};
        let rewrites = |kinds: &[LineKind]| {
            let lines: Vec<_> = kinds.iter().map(|&k| (k, "x")).collect();
            test_hunk(1, &lines).rewrites_one_line()
        };
        assert!(rewrites(&[C, R, A, C]));
        assert!(rewrites(&[C, R, A, A, C]));
        assert!(rewrites(&[C, R, C]));
        assert!(!rewrites(&[C, A, R, C]), "the added line comes first");
        assert!(!rewrites(&[C, R, R, A, C]), "two lines go");
        assert!(!rewrites(&[C, R, C, A, C]), "the new line lands elsewhere");
        assert!(!rewrites(&[C, A, C]), "nothing goes");
        assert!(!rewrites(&[C, C]));
    }

    #[test]
    fn removed_lines_are_a_pure_deletion_only_where_their_run_adds_nothing() {
        let hunk = test_hunk(
            1,
            &[
                (LineKind::Added, "    #[derive(Default)]"),
                (LineKind::Context, "pub enum Kind {"),
                (LineKind::Removed, "    Old,"),
                (LineKind::Added, "    New,"),
                (LineKind::Context, "}"),
                (LineKind::Removed, "impl Default for Kind {"),
                (LineKind::Removed, "}"),
                (LineKind::Added, ""),
            ],
        );
        let pure: Vec<bool> = (0..9).map(|i| hunk.in_pure_deletion(i)).collect();
        assert_eq!(
            pure,
            [false, false, false, false, false, true, true, false, false]
        );
    }

    #[test]
    fn strips_components_like_patch() {
        assert_eq!(
            strip_path(b"a/src/x.rs", 1).as_deref(),
            Some(&b"src/x.rs"[..])
        );
        assert_eq!(
            strip_path(b"a/src/x.rs", 0).as_deref(),
            Some(&b"a/src/x.rs"[..])
        );
        assert_eq!(strip_path(b"x.rs", 1), None);
        assert_eq!(strip_path(b"a//b", 1).as_deref(), Some(&b"b"[..]));
    }
}
