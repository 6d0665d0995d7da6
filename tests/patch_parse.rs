//! The patch parser on real `git`/`diff` output, on malformed input, and on
//! random patches (round trip byte for byte and field for field).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ferry::patch::{
    parse, ChangeKind, CommitMeta, CommitPatch, FilePatch, Hunk, HunkLine, LineKind, ParseError,
    Patch,
};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/patch")
}

fn fixture(name: &str) -> (Vec<u8>, Patch) {
    let bytes = std::fs::read(fixture_dir().join(name)).unwrap();
    let patch = parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(patch.to_bytes(), bytes, "{name} does not round-trip");
    (bytes, patch)
}

fn only_commit(patch: &Patch) -> &CommitPatch {
    assert_eq!(patch.commits.len(), 1);
    &patch.commits[0]
}

fn file<'a>(commit: &'a CommitPatch, new_path: &str) -> &'a FilePatch {
    commit
        .files
        .iter()
        .find(|f| f.display_path(1) == new_path)
        .unwrap_or_else(|| panic!("no file {new_path}"))
}

fn lines(hunk: &Hunk) -> Vec<(LineKind, &[u8])> {
    hunk.lines
        .iter()
        .map(|l| (l.kind, l.content.as_slice()))
        .collect()
}

#[test]
fn every_fixture_round_trips() {
    let mut seen = 0;
    for dir in [fixture_dir(), fixture_dir().join("fuzz-regressions")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "sh") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            // Fuzz regressions need not be valid patches; they must not panic
            // and, when they parse, must round-trip.
            match parse(&bytes) {
                Ok(patch) => assert_eq!(patch.to_bytes(), bytes, "{}", path.display()),
                Err(e) => assert!(dir.ends_with("fuzz-regressions"), "{}: {e}", path.display()),
            }
            seen += 1;
        }
    }
    assert!(seen >= 10, "only {seen} fixtures found");
}

#[test]
fn git_show_keeps_metadata_crlf_latin1_and_missing_newlines() {
    let (_, patch) = fixture("git-show.patch");
    let commit = only_commit(&patch);
    assert_eq!(
        commit.meta,
        Some(CommitMeta {
            id: Some("8e7313327e2256669cfbbf2eaa50eb4e577509d9".into()),
            author_name: "Jörg Ünicode".into(),
            author_email: "joerg@example.org".into(),
            date: Some("Fri Mar 1 10:00:00 2024 +0100".into()),
            subject: "Tune helper and text files".into(),
            body: "The helper now triples.\nAlso touches CRLF, Latin-1 and a file without a final newline.\n"
                .into(),
        })
    );
    assert!(commit.preamble.starts_with(b"commit 8e73133"));
    assert!(commit.epilogue.is_empty());
    assert_eq!(commit.files.len(), 4);

    let crlf = file(commit, "crlf.txt");
    assert_eq!(crlf.old_path.as_deref(), Some(&b"a/crlf.txt"[..]));
    assert_eq!(crlf.new_path.as_deref(), Some(&b"b/crlf.txt"[..]));
    assert_eq!(crlf.kind, ChangeKind::Modified);
    assert_eq!(
        (crlf.old_mode, crlf.new_mode),
        (Some(0o100644), Some(0o100644))
    );
    assert_eq!(
        lines(&crlf.hunks[0]),
        vec![
            (LineKind::Context, &b"line one\r"[..]),
            (LineKind::Removed, b"line two\r"),
            (LineKind::Added, b"line 2\r"),
            (LineKind::Context, b"line three\r"),
        ]
    );

    let latin1 = file(commit, "latin1.txt");
    assert_eq!(latin1.hunks[0].lines[0].content, b"caf\xe9 cr\xe8me");
    assert_eq!(
        latin1.hunks[0].lines[1].content,
        b"caf\xe9 cr\xe8me br\xfbl\xe9e"
    );

    let c = file(commit, "main.c");
    let h = &c.hunks[0];
    assert_eq!(
        (h.old_start, h.old_len, h.new_start, h.new_len),
        (6, 7, 6, 7)
    );
    assert_eq!(h.section, b"static int helper(int x)");
    assert_eq!(h.header, b"@@ -6,7 +6,7 @@ static int helper(int x)\n");

    let nonl = file(commit, "nonl.txt");
    let h = &nonl.hunks[0];
    let marker = Some(b"\\ No newline at end of file\n".to_vec());
    assert_eq!(h.lines[1].kind, LineKind::Removed);
    assert_eq!(h.lines[1].no_newline, marker);
    assert_eq!(h.lines[2].kind, LineKind::Added);
    assert_eq!(h.lines[2].content, b"last changed, still no newline");
    assert_eq!(h.lines[2].no_newline, marker);
    assert_eq!(h.lines[0].no_newline, None);
}

#[test]
fn git_diff_reads_every_kind_of_change() {
    let (_, patch) = fixture("git-diff-kinds.patch");
    let commit = only_commit(&patch);
    assert_eq!(commit.meta, None);
    assert!(commit.preamble.is_empty());
    assert_eq!(commit.files.len(), 10);

    let blob = file(commit, "blob.bin");
    assert!(blob.binary);
    assert!(blob.hunks.is_empty());
    assert_eq!(blob.kind, ChangeKind::Modified);

    let copy = file(commit, "copy.txt");
    assert_eq!(copy.kind, ChangeKind::Copied(Some(100)));
    assert_eq!(copy.old_path.as_deref(), Some(&b"a/orig.txt"[..]));
    assert!(copy.hunks.is_empty());

    let created = file(commit, "created.txt");
    assert_eq!(created.kind, ChangeKind::Added);
    assert_eq!(created.old_path, None);
    assert_eq!((created.old_mode, created.new_mode), (None, Some(0o100644)));
    assert_eq!(created.hunks[0].header, b"@@ -0,0 +1 @@\n");
    assert_eq!(
        (created.hunks[0].new_start, created.hunks[0].new_len),
        (1, 1)
    );

    let doomed = commit
        .files
        .iter()
        .find(|f| f.old_path.as_deref() == Some(b"a/doomed.txt"))
        .unwrap();
    assert_eq!(doomed.kind, ChangeKind::Deleted);
    assert_eq!(doomed.new_path, None);
    assert_eq!(doomed.old_mode, Some(0o100644));
    assert_eq!(
        lines(&doomed.hunks[0]),
        vec![(LineKind::Removed, &b"gone soon"[..])]
    );

    let empty = file(commit, "empty-new.txt");
    assert_eq!(empty.kind, ChangeKind::Added);
    assert!(empty.hunks.is_empty());
    assert_eq!(empty.new_path.as_deref(), Some(&b"b/empty-new.txt"[..]));

    let renamed = file(commit, "new-name.txt");
    assert_eq!(renamed.kind, ChangeKind::Renamed(Some(80)));
    assert_eq!(renamed.old_path.as_deref(), Some(&b"a/old-name.txt"[..]));
    assert_eq!(
        renamed.old_path_stripped(1).as_deref(),
        Some(&b"old-name.txt"[..])
    );
    assert_eq!(renamed.hunks.len(), 1);

    let script = file(commit, "script.sh");
    assert_eq!(script.kind, ChangeKind::Modified);
    assert_eq!(
        (script.old_mode, script.new_mode),
        (Some(0o100644), Some(0o100755))
    );

    let quoted = file(commit, "t\u{e9}st.txt");
    assert_eq!(quoted.old_path.as_deref(), Some(&b"a/t\xc3\xa9st.txt"[..]));
    assert_eq!(quoted.hunks[0].lines[1].content, "héllo wörld".as_bytes());

    let quote = file(commit, "with \"quote\".txt");
    assert_eq!(quote.kind, ChangeKind::Added);
    let backslash = file(commit, "back\\slash.txt");
    assert_eq!(
        backslash.old_path.as_deref(),
        Some(&b"a/back\\slash.txt"[..])
    );
}

#[test]
fn git_binary_patch_data_stays_in_the_header() {
    let (_, patch) = fixture("git-diff-binary.patch");
    let commit = only_commit(&patch);
    let blob = file(commit, "blob.bin");
    assert!(blob.binary);
    assert!(blob.hunks.is_empty());
    assert!(blob.header.windows(16).any(|w| w == b"GIT binary patch"));
    assert!(blob.header.ends_with(b"\n\n"));
    // The binary data did not swallow the next file.
    assert_eq!(commit.files.len(), 10);
    let after = commit.files.iter().position(|f| f.binary).unwrap() + 1;
    assert!(commit.files[after]
        .header
        .starts_with(b"diff --git a/orig.txt b/copy.txt"));
}

#[test]
fn mbox_holds_three_commits() {
    let (_, patch) = fixture("format-patch-3.mbox");
    assert_eq!(patch.commits.len(), 3);
    let metas: Vec<&CommitMeta> = patch
        .commits
        .iter()
        .map(|c| c.meta.as_ref().unwrap())
        .collect();
    assert_eq!(
        metas[0].id.as_deref(),
        Some("7ba15ff53df437e2ce22f134a064553dbd652269")
    );
    assert_eq!(metas[0].author_name, "Jörg Ünicode");
    assert_eq!(metas[0].author_email, "joerg@example.org");
    assert_eq!(
        metas[0].date.as_deref(),
        Some("Fri, 1 Mar 2024 10:00:00 +0100")
    );
    assert_eq!(metas[0].subject, "Add alpha");
    assert_eq!(metas[0].body, "");
    // A folded subject.
    assert_eq!(
        metas[1].subject,
        "A rather long subject line that git will have to fold over more than one header line"
    );
    assert_eq!(metas[1].body, "Body of the second commit.\n");
    // An encoded, folded subject and an encoded author.
    assert_eq!(metas[2].subject, "Ünïcode subject – with a dash");
    assert_eq!(metas[2].author_name, "Zoë Encoded");
    assert_eq!(
        metas[2].body,
        "Third body.\n\nSigned-off-by: Zoë Encoded <zoe@example.org>\n"
    );
    for commit in &patch.commits {
        assert_eq!(commit.files.len(), 1);
        assert!(commit.epilogue.starts_with(b"-- \n2.47.3\n\n"));
        // The diffstat stays in the preamble.
        assert!(commit.preamble.windows(15).any(|w| w == b"1 file changed,"));
    }
    // Removed lines `- bullet` and `- ` are `-- bullet` and `-- ` in the hunk:
    // read by the counts, the second is no signature.
    let hunk = &patch.commits[2].files[0].hunks[0];
    assert_eq!(
        lines(hunk),
        vec![
            (LineKind::Context, &b"alpha"[..]),
            (LineKind::Context, b"beta"),
            (LineKind::Removed, b"- bullet"),
            (LineKind::Removed, b"- "),
            (LineKind::Added, b"gamma"),
            (LineKind::Added, b"-- not a signature"),
        ]
    );
}

#[test]
fn git_log_splits_commits_and_keeps_a_merge_without_diff() {
    let (_, patch) = fixture("git-log-merge.patch");
    assert_eq!(patch.commits.len(), 3);
    let merge = &patch.commits[0];
    assert!(merge.files.is_empty());
    let meta = merge.meta.as_ref().unwrap();
    assert_eq!(meta.subject, "Merge side");
    assert_eq!(meta.author_name, "Zoë Encoded");
    let second = patch.commits[1].meta.as_ref().unwrap();
    assert_eq!(second.subject, "Ünïcode subject – with a dash");
    assert_eq!(
        second.body,
        "Third body.\n\nSigned-off-by: Zoë Encoded <zoe@example.org>\n"
    );
    assert_eq!(patch.commits[1].epilogue, b"\n");
    let side = &patch.commits[2].files[0];
    assert_eq!(side.kind, ChangeKind::Added);
    assert_eq!(side.new_path.as_deref(), Some(&b"b/side.txt"[..]));
}

#[test]
fn diff_run_reads_epoch_files_binaries_and_missing_newlines() {
    let (_, patch) = fixture("diff-ruN.patch");
    let commit = only_commit(&patch);
    assert_eq!(commit.meta, None);
    assert_eq!(commit.files.len(), 6);
    let added = &commit.files[0];
    assert_eq!(added.kind, ChangeKind::Added);
    assert_eq!(added.old_path, None);
    assert_eq!(added.new_path.as_deref(), Some(&b"right/added.txt"[..]));
    assert!(added
        .header
        .starts_with(b"diff -ruN left/added.txt right/added.txt\n"));

    let binary = &commit.files[1];
    assert!(binary.binary);
    assert_eq!(
        binary.header,
        b"Binary files left/b.bin and right/b.bin differ\n"
    );
    assert_eq!(binary.old_path.as_deref(), Some(&b"left/b.bin"[..]));
    assert_eq!(binary.new_path.as_deref(), Some(&b"right/b.bin"[..]));

    let nl = &commit.files[2];
    assert_eq!(nl.kind, ChangeKind::Modified);
    assert!(nl.hunks[0].lines.iter().all(|l| l.no_newline.is_some()));

    for i in [3, 4] {
        assert_eq!(commit.files[i].kind, ChangeKind::Deleted);
        assert_eq!(commit.files[i].new_path, None);
    }
    let f = &commit.files[5];
    assert_eq!(f.kind, ChangeKind::Modified);
    assert_eq!(f.old_path.as_deref(), Some(&b"left/sub/f.txt"[..]));
    assert_eq!(f.new_path_stripped(1).as_deref(), Some(&b"sub/f.txt"[..]));
}

#[test]
fn only_in_lines_stay_between_files() {
    let (_, patch) = fixture("diff-ru-only-in.patch");
    let commit = only_commit(&patch);
    assert_eq!(commit.preamble, b"Only in right: added.txt\n");
    assert_eq!(commit.files.len(), 3);
    assert!(commit.files[2]
        .header
        .starts_with(b"Only in left: only-left\nOnly in left: removed.txt\ndiff -ru "));
    assert_eq!(commit.files[2].display_path(1), "sub/f.txt");
}

#[test]
fn plain_diff_u_has_no_preamble() {
    let (_, patch) = fixture("diff-u.patch");
    let commit = only_commit(&patch);
    assert!(commit.preamble.is_empty());
    let f = &commit.files[0];
    assert_eq!(f.old_path.as_deref(), Some(&b"left/sub/f.txt"[..]));
    assert_eq!(f.new_path.as_deref(), Some(&b"right/sub/f.txt"[..]));
    assert_eq!(f.kind, ChangeKind::Modified);
}

#[test]
fn bare_empty_lines_are_context() {
    let (_, patch) = fixture("bare-empty-context.patch");
    let h = &only_commit(&patch).files[0].hunks[0];
    let bare: Vec<&HunkLine> = h.lines.iter().filter(|l| l.marker_missing).collect();
    assert_eq!(bare.len(), 2);
    assert!(bare
        .iter()
        .all(|l| l.kind == LineKind::Context && l.content.is_empty()));
    assert_eq!(h.pre_image().count(), 7);
}

#[test]
fn crlf_mangled_patch_round_trips() {
    let (_, patch) = fixture("crlf-mangled.patch");
    let commit = only_commit(&patch);
    let c = file(commit, "main.c");
    assert_eq!(c.new_path.as_deref(), Some(&b"b/main.c"[..]));
    assert_eq!(c.hunks[0].lines[0].content, b"\r");
    assert!(c.hunks[0].lines[0].marker_missing);
    assert_eq!(c.hunks[0].lines[1].content, b"\ty += 1;\r");
    let nonl = file(commit, "nonl.txt");
    assert_eq!(
        nonl.hunks[0].lines[1].no_newline.as_deref(),
        Some(&b"\\ No newline at end of file\r\n"[..])
    );
}

#[test]
fn hunk_headers_without_counts_and_with_sections() {
    let p = parse(b"--- a/x\n+++ b/x\n@@ -3 +3 @@ fn f() {\n-a\n+b\n").unwrap();
    let h = &p.commits[0].files[0].hunks[0];
    assert_eq!(
        (h.old_start, h.old_len, h.new_start, h.new_len),
        (3, 1, 3, 1)
    );
    assert_eq!(h.section, b"fn f() {");
}

#[test]
fn backslash_lines_may_say_anything_and_end_the_input() {
    let input =
        b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n\\ Kein Zeilenumbruch am Dateiende.\n+b\n\\ sans fin";
    let p = parse(input).unwrap();
    assert_eq!(p.to_bytes(), input);
    let h = &p.commits[0].files[0].hunks[0];
    assert_eq!(
        h.lines[0].no_newline.as_deref(),
        Some(&b"\\ Kein Zeilenumbruch am Dateiende.\n"[..])
    );
    assert_eq!(h.lines[1].no_newline.as_deref(), Some(&b"\\ sans fin"[..]));
}

fn err(input: &[u8]) -> ParseError {
    parse(input).expect_err("must not parse")
}

#[test]
fn malformed_patches_name_the_line() {
    // Hunk shorter than its counts, at the end of the input.
    assert_eq!(
        err(b"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n"),
        ParseError::HunkTooShort {
            line: 4,
            old_missing: 1,
            new_missing: 2
        }
    );
    // Hunk shorter than its counts, followed by the next file.
    let e = err(b"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\ndiff --git a/y b/y\n");
    assert_eq!(e.line(), Some(5));
    assert!(e.to_string().contains("a hunk line"), "{e}");
    // A bad `@@` header.
    let e = err(b"--- a/x\n+++ b/x\n@@ -1,x +1 @@\n-a\n");
    assert_eq!(e.line(), Some(3));
    assert!(
        e.to_string().starts_with("line 3: expected a hunk header"),
        "{e}"
    );
    // A hunk line without a marker.
    let e = err(b"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\nb\n");
    assert_eq!(e.line(), Some(5));
    // A context line when only added lines are due.
    let e = err(b"--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n-a\n b\n");
    assert_eq!(e.line(), Some(5));
    assert!(e.to_string().contains("an added line"), "{e}");
    // Garbage where the first hunk is due.
    let e = err(b"diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\ngarbage\n");
    assert_eq!(e.line(), Some(5));
    assert!(e.to_string().contains("found `garbage`"), "{e}");
    // `---` without `+++` in a git header.
    assert_eq!(err(b"diff --git a/x b/x\n--- a/x\nnope\n").line(), Some(3));
    // More lines than the counts say.
    let e = err(b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n");
    assert_eq!(e.line(), Some(6));
    // A hunk without a file header.
    assert_eq!(err(b"@@ -1 +1 @@\n-a\n+b\n").line(), Some(1));
    let e = err(b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\nnoise\n@@ -5 +5 @@\n-c\n+d\n");
    assert_eq!(e.line(), Some(7));
    // A hunk line cut off without its newline.
    assert_eq!(
        err(b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b").line(),
        Some(5)
    );
    // A `\` line with no line before it.
    assert_eq!(
        err(b"--- a/x\n+++ b/x\n@@ -1 +1 @@\n\\ x\n-a\n+b\n").line(),
        Some(4)
    );
    // Combined diffs are refused by name.
    let e = err(b"diff --cc x\nindex 1,2..3\n--- a/x\n+++ b/x\n@@@ -1,1 -1,1 +1,1 @@@\n");
    assert!(e.to_string().contains("combined"), "{e}");
    // Nothing that looks like a diff.
    assert_eq!(err(b""), ParseError::NoDiff);
    assert_eq!(err(b"just some words\nand more\n"), ParseError::NoDiff);
    let mail = b"From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 0/2] cover\n\nno diff\n";
    assert_eq!(err(mail), ParseError::NoDiff);
}

#[test]
fn a_cover_letter_is_a_commit_without_files() {
    let mbox = b"From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\nFrom: A <a@x>\nSubject: [PATCH 0/1] cover\n\nSeries text.\n\nFrom abcdef1234567890abcdef1234567890abcdef12 Mon Sep 17 00:00:00 2001\nFrom: A <a@x>\nSubject: [PATCH 1/1] real\n\n---\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
    let p = parse(mbox).unwrap();
    assert_eq!(p.to_bytes(), mbox);
    assert_eq!(p.commits.len(), 2);
    assert!(p.commits[0].files.is_empty());
    assert_eq!(p.commits[0].meta.as_ref().unwrap().subject, "cover");
    assert_eq!(p.commits[0].meta.as_ref().unwrap().body, "Series text.\n");
    assert_eq!(p.commits[1].meta.as_ref().unwrap().subject, "real");
    assert_eq!(p.commits[1].files.len(), 1);
}

#[test]
fn send_email_in_body_author_wins() {
    let mail = b"From 1234567890abcdef1234567890abcdef12345678 Mon Sep 17 00:00:00 2001\nFrom: Sender <s@x>\nSubject: [PATCH] fix\n\nFrom: =?UTF-8?B?SsO2cmc=?= <j@x>\n\nBody.\n---\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n";
    let p = parse(mail).unwrap();
    let meta = p.commits[0].meta.as_ref().unwrap();
    assert_eq!(meta.author_name, "Jörg");
    assert_eq!(meta.author_email, "j@x");
    assert_eq!(meta.body, "Body.\n");
}

#[test]
fn throughput_on_a_large_patch_is_printed() {
    // Not a timing assertion: a linear parser reads this in milliseconds, a
    // quadratic one would not finish the test run.
    let input = synthetic(20_000);
    let start = std::time::Instant::now();
    let patch = parse(&input).unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(patch.commits[0].files.len(), 20_000 / 10);
    assert_eq!(patch.to_bytes(), input);
    eprintln!(
        "parsed {:.1} MB in {:.3} s ({:.0} MB/s, debug build)",
        input.len() as f64 / 1e6,
        secs,
        input.len() as f64 / 1e6 / secs
    );
}

/// A large patch: `hunks` hunks over `hunks / 10` files.
fn synthetic(hunks: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for f in 0..hunks / 10 {
        out.extend_from_slice(
            format!(
                "diff --git a/src/f{f}.c b/src/f{f}.c\nindex 1234567..89abcde 100644\n--- a/src/f{f}.c\n+++ b/src/f{f}.c\n"
            )
            .as_bytes(),
        );
        for h in 0..10 {
            let at = h * 40 + 1;
            out.extend_from_slice(format!("@@ -{at},7 +{at},8 @@ int fn{h}(void)\n").as_bytes());
            out.extend_from_slice(b" context line one\n context line two\n context line three\n-\told = compute(a, b);\n+\tnew = compute(a, b, c);\n+\tcheck(new);\n context line four\n context line five\n context line six\n");
        }
    }
    out
}

// ---- Property test: random patches render, parse and compare field by field.

fn content_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        4 => b'a'..=b'z',
        1 => Just(b'\r'),
        1 => Just(0xff),
        1 => Just(0xc3),
        1 => Just(b'-'),
        1 => Just(b'+'),
        1 => Just(b'@'),
        1 => Just(b' '),
        1 => Just(b'\\'),
        1 => Just(b'\t'),
        1 => Just(0),
    ]
}

fn hunk_line() -> impl Strategy<Value = HunkLine> {
    (
        0..3u8,
        prop::collection::vec(content_byte(), 0..10),
        prop::option::weighted(
            0.1,
            prop_oneof![
                Just(b"\\ No newline at end of file\n".to_vec()),
                Just(b"\\ Kein Zeilenumbruch am Dateiende.\n".to_vec()),
            ],
        ),
        prop::bool::ANY,
        prop::bool::ANY,
    )
        .prop_map(|(k, mut content, no_newline, bare, cr_only)| {
            let kind = [LineKind::Context, LineKind::Removed, LineKind::Added][usize::from(k)];
            let marker_missing = kind == LineKind::Context && bare && (content.len() < 2);
            if marker_missing {
                content = if cr_only { b"\r".to_vec() } else { Vec::new() };
            }
            HunkLine {
                kind,
                content,
                no_newline,
                marker_missing,
            }
        })
}

fn hunk() -> impl Strategy<Value = Hunk> {
    (
        0..500usize,
        0..500usize,
        prop::collection::vec(prop_oneof![4 => b'a'..=b'z', 1 => Just(b' '), 1 => Just(0xe9), 1 => Just(b'@'), 1 => Just(b'\r')], 0..12),
        prop::bool::ANY,
        prop::collection::vec(hunk_line(), 1..8),
    )
        .prop_map(|(o, n, section, short, lines)| Hunk::from_lines(o, n, section, lines, short))
}

/// A hunk of a created (`added`) or deleted file.
fn whole_file_hunk(added: bool) -> impl Strategy<Value = Hunk> {
    prop::collection::vec(prop::collection::vec(content_byte(), 0..10), 1..5).prop_map(
        move |contents| {
            let kind = if added {
                LineKind::Added
            } else {
                LineKind::Removed
            };
            let lines = contents
                .into_iter()
                .map(|c| HunkLine::new(kind, c))
                .collect();
            if added {
                Hunk::from_lines(0, 1, Vec::new(), lines, true)
            } else {
                Hunk::from_lines(1, 0, Vec::new(), lines, true)
            }
        },
    )
}

fn git_name() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![6 => b'a'..=b'z', 1 => Just(b' '), 1 => Just(b'"'), 1 => Just(b'\\'), 1 => Just(b'\t'), 1 => Just(b'\n'), 1 => Just(0xc3), 1 => Just(0xa9), 1 => Just(b'/')],
        1..10,
    )
}

fn plain_name() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![6 => b'a'..=b'z', 1 => Just(b' '), 1 => Just(b'/'), 1 => Just(b'.'), 1 => Just(0xe9)],
        1..10,
    )
}

/// git's quoting of a name that needs it.
fn git_quote(name: &[u8]) -> Vec<u8> {
    if !name
        .iter()
        .any(|&b| !(0x20..0x7f).contains(&b) || b == b'"' || b == b'\\')
    {
        return name.to_vec();
    }
    let mut out = vec![b'"'];
    for &b in name {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b if !(0x20..0x7f).contains(&b) => {
                out.extend_from_slice(format!("\\{b:03o}").as_bytes())
            }
            b => out.push(b),
        }
    }
    out.push(b'"');
    out
}

fn prefixed(prefix: &[u8], name: &[u8]) -> Vec<u8> {
    [prefix, name].concat()
}

/// A git-style file diff: modified (0), created (1) or deleted (2).
fn git_file() -> impl Strategy<Value = FilePatch> {
    (0..3u8, git_name())
        .prop_flat_map(|(kind, name)| {
            let hunks = match kind {
                0 => prop::collection::vec(hunk(), 1..4).boxed(),
                k => whole_file_hunk(k == 1).prop_map(|h| vec![h]).boxed(),
            };
            (Just(kind), Just(name), hunks)
        })
        .prop_map(|(kind, name, hunks)| {
            let a = prefixed(b"a/", &name);
            let b = prefixed(b"b/", &name);
            let tab = if name.contains(&b' ') {
                &b"\t"[..]
            } else {
                b""
            };
            let mut header = [
                b"diff --git ",
                &git_quote(&a)[..],
                b" ",
                &git_quote(&b),
                b"\n",
            ]
            .concat();
            let (kind, old_path, new_path, old_mode, new_mode, minus, plus) = match kind {
                0 => {
                    header.extend_from_slice(b"index 1234567..89abcde 100644\n");
                    (
                        ChangeKind::Modified,
                        Some(a.clone()),
                        Some(b.clone()),
                        Some(0o100644),
                        Some(0o100644),
                        git_quote(&a),
                        git_quote(&b),
                    )
                }
                1 => {
                    header.extend_from_slice(b"new file mode 100755\nindex 0000000..89abcde\n");
                    (
                        ChangeKind::Added,
                        None,
                        Some(b.clone()),
                        None,
                        Some(0o100755),
                        b"/dev/null".to_vec(),
                        git_quote(&b),
                    )
                }
                _ => {
                    header.extend_from_slice(b"deleted file mode 100644\nindex 1234567..0000000\n");
                    (
                        ChangeKind::Deleted,
                        Some(a.clone()),
                        None,
                        Some(0o100644),
                        None,
                        git_quote(&a),
                        b"/dev/null".to_vec(),
                    )
                }
            };
            let tab_for = |m: &[u8]| if m == b"/dev/null" { &b""[..] } else { tab };
            header.extend_from_slice(
                &[
                    b"--- ",
                    &minus[..],
                    tab_for(&minus),
                    b"\n+++ ",
                    &plus,
                    tab_for(&plus),
                    b"\n",
                ]
                .concat(),
            );
            FilePatch {
                header,
                old_path,
                new_path,
                kind,
                old_mode,
                new_mode,
                binary: false,
                hunks,
            }
        })
}

/// A `diff -ruN`-style file diff, maybe after an `Only in` line.
fn plain_file() -> impl Strategy<Value = FilePatch> {
    (0..3u8, plain_name(), prop::bool::ANY, prop::bool::ANY)
        .prop_flat_map(|(kind, name, command, only_in)| {
            let hunks = match kind {
                0 => prop::collection::vec(hunk(), 1..4).boxed(),
                k => whole_file_hunk(k == 1).prop_map(|h| vec![h]).boxed(),
            };
            (Just((kind, name, command, only_in)), hunks)
        })
        .prop_map(|((kind, name, command, only_in), hunks)| {
            let a = prefixed(b"left/", &name);
            let b = prefixed(b"right/", &name);
            let mut header = Vec::new();
            if only_in {
                header.extend_from_slice(b"Only in left: stray\n");
            }
            if command {
                header.extend_from_slice(&[b"diff -ruN ", &a[..], b" ", &b, b"\n"].concat());
            }
            let stamp = b"\t2024-05-06 07:08:09.000000000 +0200";
            let epoch = b"\t1970-01-01 00:00:00.000000000 +0000";
            let (kind, old_stamp, new_stamp) = match kind {
                0 => (ChangeKind::Modified, stamp, stamp),
                1 => (ChangeKind::Added, epoch, stamp),
                _ => (ChangeKind::Deleted, stamp, epoch),
            };
            header.extend_from_slice(
                &[b"--- ", &a[..], old_stamp, b"\n+++ ", &b, new_stamp, b"\n"].concat(),
            );
            FilePatch {
                header,
                old_path: (kind != ChangeKind::Added).then_some(a),
                new_path: (kind != ChangeKind::Deleted).then_some(b),
                kind,
                old_mode: None,
                new_mode: None,
                binary: false,
                hunks,
            }
        })
}

fn sha(i: usize) -> String {
    format!(
        "{:040x}",
        0x1234_5678_9abc_def0_u64.wrapping_mul(i as u64 + 7)
    )
}

/// A whole patch: plain (0), `git log -p` (1) or an mbox (2).
fn patch() -> impl Strategy<Value = Patch> {
    prop_oneof![
        (prop::bool::ANY, prop::collection::vec(prop_oneof![git_file(), plain_file()], 1..4)).prop_map(|(text, files)| {
            let mut files = files;
            let mut preamble = if text { b"Some words before the diff.\n\n".to_vec() } else { Vec::new() };
            // Stray lines before the first file belong to the preamble.
            if let Some(first) = files.first_mut() {
                if let Some(rest) = first.header.strip_prefix(b"Only in left: stray\n") {
                    preamble.extend_from_slice(b"Only in left: stray\n");
                    first.header = rest.to_vec();
                }
            }
            Patch { commits: vec![CommitPatch { meta: None, preamble, files, epilogue: Vec::new() }] }
        }),
        prop::collection::vec(prop::collection::vec(git_file(), 0..3), 1..4).prop_map(|commits| {
            let n = commits.len();
            let commits = commits.into_iter().enumerate().map(|(i, files)| {
                let id = sha(i);
                let preamble = format!("commit {id}\nAuthor: A U Thor <a@example.org>\nDate:   Mon Jan 1 00:00:00 2024 +0000\n\n    Subject {i}\n\n    Body {i}.\n\n").into_bytes();
                let meta = CommitMeta {
                    id: Some(id),
                    author_name: "A U Thor".into(),
                    author_email: "a@example.org".into(),
                    date: Some("Mon Jan 1 00:00:00 2024 +0000".into()),
                    subject: format!("Subject {i}"),
                    body: format!("Body {i}.\n"),
                };
                let epilogue = if i + 1 < n && !files.is_empty() { b"\n".to_vec() } else { Vec::new() };
                CommitPatch { meta: Some(meta), preamble, files, epilogue }
            });
            Patch { commits: commits.collect() }
        }),
        prop::collection::vec(prop::collection::vec(git_file(), 0..3), 1..4).prop_map(|commits| {
            let n = commits.len();
            let commits = commits.into_iter().enumerate().map(|(i, files)| {
                let id = sha(i);
                let preamble = format!("From {id} Mon Sep 17 00:00:00 2001\nFrom: =?UTF-8?q?Zo=C3=AB?= <z@example.org>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nSubject: [PATCH {}/{n}] Subject\n {i}\n\nBody {i}.\n---\n x | 2 +-\n\n", i + 1).into_bytes();
                let meta = CommitMeta {
                    id: Some(id),
                    author_name: "Zoë".into(),
                    author_email: "z@example.org".into(),
                    date: Some("Mon, 1 Jan 2024 00:00:00 +0000".into()),
                    subject: format!("Subject {i}"),
                    body: format!("Body {i}.\n"),
                };
                let mut preamble = preamble;
                let signature = b"-- \n2.43.0\n\n".to_vec();
                // Without a file diff the signature is part of the preamble.
                if files.is_empty() {
                    preamble.extend_from_slice(&signature);
                    return CommitPatch { meta: Some(meta), preamble, files, epilogue: Vec::new() };
                }
                CommitPatch { meta: Some(meta), preamble, files, epilogue: signature }
            });
            Patch { commits: commits.collect() }
        }),
    ]
    .prop_filter("some commit has a file", |p| p.commits.iter().any(|c| !c.files.is_empty()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_patches_round_trip(expected in patch()) {
        let bytes = expected.to_bytes();
        let parsed = parse(&bytes).map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&bytes))))?;
        prop_assert_eq!(&parsed.to_bytes(), &bytes);
        prop_assert_eq!(parsed, expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_round_trip(bytes in prop::collection::vec(prop_oneof![
        Just(b'\n'), Just(b' '), Just(b'-'), Just(b'+'), Just(b'@'), Just(b'\\'), Just(b'd'), Just(b'1'), Just(b','), Just(0xff)
    ], 0..200)) {
        if let Ok(patch) = parse(&bytes) {
            prop_assert_eq!(patch.to_bytes(), bytes);
        }
    }
}
