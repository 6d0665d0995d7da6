//! `ferry review`'s interactive view over real pairs: an upstream fix of two
//! hunks and backports of it made by hand in throwaway repositories (as
//! `tests/review.rs` builds them), each class checked in the review's JSON
//! and on the screen (TestBackend), and the verdict flow driven with keys
//! down to the review comment.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/repo.rs"]
mod repo;

#[path = "support/backport.rs"]
mod backport;
#[path = "support/screen.rs"]
mod screen;

use backport::{before, fixed, scenario, trailer, PATH};
use ferry::review::{comment, review, BackportReview, Mark, ReviewOptions};
use ferry::ui::keys::{Key, KeyMap};
use ferry::ui::review::{view, ReviewApp, ReviewEffect, ReviewMode};
use ferry::ui::theme::{Role, Theme};
use ratatui::buffer::Buffer;
use screen::text;

/// The review ferry makes of `backport`, committed (with the trailer) on
/// a legacy branch holding `legacy`.
fn reviewed(legacy: &str, backport: &[(&str, &str)]) -> BackportReview {
    let s = scenario(legacy);
    let b = s.backport(backport, trailer());
    review(
        &s.t.ferry(),
        ferry::git::Oid::from_str(&b.to_string()).unwrap(),
        None,
        &ReviewOptions::default(),
    )
    .unwrap()
}

fn classes(r: &BackportReview) -> Vec<&'static str> {
    let json = serde_json::to_value(r).unwrap();
    let from_json: Vec<String> = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["class"].as_str().unwrap().to_string())
        .collect();
    let names: Vec<&'static str> = r.pairs.iter().map(|p| p.class.name()).collect();
    assert_eq!(from_json, names, "the JSON says what the screen says");
    names
}

fn app(r: BackportReview) -> ReviewApp {
    ReviewApp::new(r, KeyMap::default(), Theme::default())
}

fn render(app: &mut ReviewApp, w: u16, h: u16) -> Buffer {
    screen::render(w, h, |f| view::draw(f, app))
}

fn screen(app: &mut ReviewApp, w: u16, h: u16) -> String {
    text(&render(app, w, h))
}

fn press(app: &mut ReviewApp, keys: &[&str]) -> Vec<ReviewEffect> {
    keys.iter()
        .map(|k| app.key(Key::parse(k).unwrap()))
        .collect()
}

/// The cell where `needle` starts on the screen.
fn cell_of<'b>(buf: &'b Buffer, needle: &str) -> &'b ratatui::buffer::Cell {
    let t = text(buf);
    let (y, line) = t
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("'{needle}' not on screen:\n{t}"));
    let x = line[..line.find(needle).unwrap()].chars().count();
    &buf[(x as u16, y as u16)]
}

/// Whether a cell shows `style` (the colours and modifiers it sets).
fn styled(cell: &ratatui::buffer::Cell, style: ratatui::style::Style) -> bool {
    assert!(
        style.fg.is_some() || style.bg.is_some() || !style.add_modifier.is_empty(),
        "an empty style proves nothing"
    );
    style.fg.is_none_or(|c| cell.fg == c)
        && style.bg.is_none_or(|c| cell.bg == c)
        && cell.modifier.contains(style.add_modifier)
}

#[test]
fn identical_pairs_show_both_sides_and_the_list() {
    let r = reviewed(&before("", "buf"), &[(PATH, &fixed("", "buf", true, true))]);
    assert_eq!(classes(&r), ["identical", "identical"]);
    let mut a = app(r);
    let s = screen(&mut a, 130, 30);
    assert!(s.contains("pairs (2)"), "{s}");
    assert!(s.contains(" 1 -        identical       io.c hunk 1"), "{s}");
    assert!(s.contains("upstream @@ -4,6 +4,8 @@"), "{s}");
    assert!(s.contains("backport src/io.c line"), "{s}");
    // The added line on both sides.
    assert_eq!(s.matches("+    if (len > buf_size(buf))").count(), 2, "{s}");
    assert!(s.contains("pair 1/2: identical"), "{s}");
    assert!(s.contains("verdict: none yet"), "{s}");
    assert!(s.contains("review "), "{s}");
    assert!(s.contains("y fine"), "{s}");
    assert!(s.contains("n questionable"), "{s}");
    assert!(s.contains("e note"), "{s}");
    // At 80 columns the list hides; `l` brings it back.
    let s = screen(&mut a, 80, 24);
    assert!(!s.contains("pairs (2)"), "{s}");
    press(&mut a, &["l"]);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("pairs (2)"), "{s}");
}

#[test]
fn relocated_pairs_say_how_far_they_moved() {
    let top = "/*\n * Legacy licence header.\n * Three more lines.\n */\n\n";
    let r = reviewed(
        &before(top, "buf"),
        &[(PATH, &fixed(top, "buf", true, true))],
    );
    assert_eq!(classes(&r), ["relocated", "relocated"]);
    let mut a = app(r);
    let s = screen(&mut a, 130, 30);
    assert!(s.contains("pair 1/2: relocated"), "{s}");
    assert!(s.contains("moved +5 lines"), "{s}");
}

#[test]
fn adapted_pairs_show_renames_and_whitespace_apart_from_real_differences() {
    let legacy = before("", "buffer").replace("    ", "\t");
    let backport = fixed("", "buffer", true, true)
        .replace("    ", "\t")
        .replace("len > buf_size", "len >= buf_size");
    let r = reviewed(&legacy, &[(PATH, &backport)]);
    assert_eq!(classes(&r)[0], "adapted");
    let mut a = app(r);
    let buf = render(&mut a, 140, 36);
    let s = text(&buf);
    assert!(s.contains("pair 1/2: adapted"), "{s}");
    assert!(s.contains("renamed: buf → buffer"), "{s}");
    assert!(s.contains("[re-indented]"), "{s}");
    assert!(s.contains("buf→buffer"), "{s}");
    assert!(s.contains("{+=+}"), "{s}");
    let t = Theme::default();
    assert!(styled(cell_of(&buf, "{+=+}"), t.style(Role::Added)));
    assert!(styled(cell_of(&buf, "buf→buffer"), t.style(Role::Adapted)));
    assert!(!styled(cell_of(&buf, "buf→buffer"), t.style(Role::Added)));
    // On a short screen the difference does not fit: `w` gives the scroll
    // keys to it, and its last line comes into view.
    let s = screen(&mut a, 100, 16);
    assert!(!s.contains("[re-indented]         return -1;"), "{s}");
    press(&mut a, &["w", "G"]);
    press(&mut a, &["j", "j", "j", "j", "j", "j"]);
    let s = screen(&mut a, 100, 16);
    assert!(s.contains("[re-indented]         return -1;"), "{s}");
    assert!(!s.contains("adapted src/io.c hunk 1:"), "{s}");
    press(&mut a, &["w"]);
    assert!(!a.below_focused);
    // The second pair differs only by the name.
    press(&mut a, &["J"]);
    let s = screen(&mut a, 140, 36);
    assert!(s.contains("pair 2/2: adapted"), "{s}");
    assert!(s.contains("write_all(fd, buf→buffer"), "{s}");
    // Only the legend has `{+`: no real difference in this pair.
    assert_eq!(s.matches("{+").count(), 1, "{s}");
    assert!(
        s.contains("[re-indented]     n = write_all(fd, buf→buffer, len);"),
        "{s}"
    );
}

#[test]
fn a_missing_pair_says_the_backport_lacks_it() {
    let r = reviewed(
        &before("", "buf"),
        &[(PATH, &fixed("", "buf", true, false))],
    );
    assert_eq!(classes(&r), ["identical", "missing"]);
    let mut a = app(r);
    press(&mut a, &["J"]);
    let buf = render(&mut a, 130, 30);
    let s = text(&buf);
    assert!(s.contains("pair 2/2: missing"), "{s}");
    assert!(s.contains("the backport does not carry this change"), "{s}");
    assert!(s.contains("+    n = write_all(fd, buf, len);"), "{s}");
    assert!(styled(
        cell_of(&buf, "missing src/io.c hunk 2"),
        Theme::default().style(Role::Warning)
    ));
}

#[test]
fn an_already_present_pair_says_legacy_had_it() {
    let r = reviewed(
        &fixed("", "buf", false, true),
        &[(PATH, &fixed("", "buf", true, true))],
    );
    assert_eq!(classes(&r), ["identical", "already-present"]);
    let mut a = app(r);
    press(&mut a, &["J"]);
    let s = screen(&mut a, 130, 30);
    assert!(s.contains("pair 2/2: already-present"), "{s}");
    assert!(
        s.contains("legacy had this change before the backport"),
        "{s}"
    );
}

#[test]
fn an_extra_change_has_no_upstream_side() {
    let backport = fixed("", "buf", true, true).replace(
        "    return 2;\n",
        "    /* legacy keeps two */\n    return 2;\n",
    );
    let r = reviewed(&before("", "buf"), &[(PATH, &backport)]);
    assert_eq!(classes(&r), ["identical", "identical", "extra"]);
    let mut a = app(r);
    press(&mut a, &["J", "J"]);
    let s = screen(&mut a, 130, 30);
    assert!(s.contains("pair 3/3: extra"), "{s}");
    assert!(s.contains("upstream has no such change"), "{s}");
    assert!(s.contains("+    /* legacy keeps two */"), "{s}");
    assert!(s.contains("io.c (extra)"), "{s}");
}

#[test]
fn verdicts_and_notes_make_the_review_comment() {
    let r = reviewed(
        &before("", "buf"),
        &[(PATH, &fixed("", "buf", true, false))],
    );
    let mut a = app(r);
    // Fine moves on to the missing pair; questionable with a note there.
    press(&mut a, &["y"]);
    assert_eq!(a.current, 1);
    press(&mut a, &["n", "e"]);
    assert!(matches!(a.mode, ReviewMode::Note(_)));
    let s = screen(&mut a, 100, 30);
    assert!(s.contains("note (ctrl-s keeps it"), "{s}");
    for c in "write_all is needed".chars() {
        let k = if c == ' ' {
            "space".to_string()
        } else {
            c.to_string()
        };
        press(&mut a, &[&k]);
    }
    press(&mut a, &["ctrl-s"]);
    assert_eq!(a.mode, ReviewMode::Normal);
    let s = screen(&mut a, 100, 30);
    assert!(
        s.contains("verdict: questionable · write_all is needed"),
        "{s}"
    );
    assert!(s.contains("1 fine · 1 questionable · 0 open"), "{s}");
    // The verdict reaches the JSON.
    let v = serde_json::to_value(&a.review).unwrap();
    assert_eq!(v["pairs"][1]["verdict"]["mark"], "questionable");
    assert_eq!(v["pairs"][1]["verdict"]["note"], "write_all is needed");
    assert_eq!(press(&mut a, &["q"]), [ReviewEffect::Quit]);
    let c = comment(&a.review).unwrap();
    assert!(c.contains("1 fine, 1 questionable, 0 not reviewed"), "{c}");
    assert!(c.contains("- fine: src/io.c hunk 1 (identical)\n"), "{c}");
    assert!(
        c.contains("- questionable: src/io.c hunk 2 (missing): write_all is needed\n"),
        "{c}"
    );
    // Undo takes a verdict back; esc drops a note being written.
    press(&mut a, &["K", "u"]);
    assert!(a.review.pairs[0].verdict.is_none());
    press(&mut a, &["J", "e", "x", "esc"]);
    assert_eq!(
        a.review.pairs[1].verdict.as_ref().unwrap().mark,
        Mark::Questionable
    );
    assert_eq!(
        a.review.pairs[1].verdict.as_ref().unwrap().note,
        "write_all is needed"
    );
}

#[test]
fn help_lists_the_review_keys_and_tiny_screens_do_not_panic() {
    let r = reviewed(&before("", "buf"), &[(PATH, &fixed("", "buf", true, true))]);
    let mut a = app(r);
    press(&mut a, &["?"]);
    let s = screen(&mut a, 100, 60);
    assert!(s.contains("Reviewing a backport (ferry review)"), "{s}");
    assert!(s.contains("ferry review: mark the pair fine"), "{s}");
    press(&mut a, &["esc"]);
    assert_eq!(a.mode, ReviewMode::Normal);
    for (w, h) in [(1, 1), (10, 3), (30, 8), (200, 5)] {
        render(&mut a, w, h);
    }
    assert!(comment(&a.review).is_none());
}

/// The demo's fix cherry-picked onto its legacy branch by
/// `git cherry-pick -x -X theirs` (the report docs/review.md shows): a real
/// backport with every class in it.
#[test]
fn the_demo_fix_cherry_picked_by_git_shows_each_class_on_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let demo = ferry::demo::build(&tmp.path().join("demo")).unwrap();
    let out = repo::git_command(&demo.path, &home)
        .args(["cherry-pick", "-x", "-X", "theirs", &demo.fix_commit])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let repo = ferry::git::Repo::from(repo::open_sandboxed(&demo.path));
    let head = repo.head_oid().unwrap();
    let r = review(&repo, head, None, &ReviewOptions::default()).unwrap();
    let names = classes(&r);
    for class in [
        "identical",
        "relocated",
        "adapted",
        "missing",
        "already-present",
        "extra",
    ] {
        assert!(names.contains(&class), "{class} in {names:?}");
    }
    // Every pair's screen names its class and place; the list shows all.
    let n = names.len();
    let mut a = app(r);
    for (i, class) in names.iter().enumerate() {
        let s = screen(&mut a, 150, 45);
        assert!(
            s.contains(&format!("pair {}/{n}: {class}", i + 1)),
            "pair {i}:\n{s}"
        );
        let place = ferry::review::pair_place(&a.review.pairs[i]);
        assert!(s.contains(&place), "{place}:\n{s}");
        assert!(s.contains(&format!("pairs ({n})")), "{s}");
        press(&mut a, &["y"]);
    }
    let c = comment(&a.review).unwrap();
    assert!(c.contains(&format!("{n} fine, 0 questionable")), "{c}");
}
