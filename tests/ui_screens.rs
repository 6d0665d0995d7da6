//! Every screen and state of the TUI, drawn into ratatui's `TestBackend`
//! from real plans (the demo repository's fix, and small inline patches for
//! the states the demo does not reach), and the decision flows driven on the
//! `App` without a terminal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/screen.rs"]
mod screen;

use std::sync::OnceLock;

use ferry::decide::{self, CustomKind, Decision, Decisions, FileWrite, ItemRef, Review};
use ferry::git::{Oid, Repo};
use ferry::place::Status;
use ferry::port::{plan_upstream, upstream_commit, upstream_texts, CommitTree, PortOptions};
use ferry::ui::app::{App, Effect, Mode, MouseKind};
use ferry::ui::keys::{Context, Key, KeyMap, TABLE};
use ferry::ui::theme::{Role, Theme};
use ferry::ui::view;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use screen::{app, review_on_one_file, text};

/// The demo fix's review, planned as `ferry pick` plans it.
fn demo_review() -> &'static Review {
    static REVIEW: OnceLock<Review> = OnceLock::new();
    REVIEW.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let demo = ferry::demo::build(&tmp.path().join("demo")).unwrap();
        let repo = Repo::open(&demo.path).unwrap();
        let oid = Oid::from_str(&demo.fix_commit).unwrap();
        let (info, commit) = upstream_commit(&repo, oid).unwrap();
        let head = repo.head_oid().unwrap();
        let legacy = CommitTree::new(&repo, head).following_renames_to(oid);
        let plans = plan_upstream(
            &repo,
            &commit,
            info.parent,
            &legacy,
            &PortOptions::default(),
        )
        .unwrap();
        let upstream_texts = upstream_texts(&repo, &commit, info.parent, 1);
        Review {
            commit,
            id: Some(demo.fix_commit.clone()),
            plans,
            upstream: upstream_texts,
            position: (1, 1),
        }
    })
}

const LEGACY: &[u8] = b"fn a() {\n    one();\n}\n\nfn b() {\n    two();\n}\n";

/// A commit the demo does not cover: a hunk whose removed lines legacy never
/// had (not applicable), and a new file.
fn small_review() -> Review {
    let patch = b"From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\nFrom: A U Thor <a@example.com>\nSubject: [PATCH] Small fix\n\n---\n\
diff --git a/x.rs b/x.rs\n--- a/x.rs\n+++ b/x.rs\n@@ -1,3 +1,3 @@\n zorg quux\n-blarg fnord\n+blarg snark\n wibble wobble\n\
diff --git a/new.rs b/new.rs\nnew file mode 100644\n--- /dev/null\n+++ b/new.rs\n@@ -0,0 +1,2 @@\n+fn new() {\n+}\n";
    review_on_one_file(patch, LEGACY, (2, 3))
}

fn key(s: &str) -> Key {
    Key::parse(s).unwrap()
}

fn press(app: &mut App, keys: &[&str]) -> Vec<Effect> {
    keys.iter().map(|k| app.key(key(k))).collect()
}

fn render(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut areas = app.areas;
    let buf = screen::render(w, h, |f| areas = view::draw(f, app));
    app.areas = areas;
    buf
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    text(&render(app, w, h))
}

/// The index of the first item whose hunk has `status`.
fn find(review: &Review, status: Status) -> usize {
    let d = Decisions::new(&review.plans);
    let found = d.items().position(|(i, _)| {
        review.plans[i.file]
            .hunks
            .get(i.hunk)
            .is_some_and(|h| h.status == status)
    });
    found.unwrap()
}

/// Whether a cell shows `style` (its colours and modifiers, those it sets).
fn styled(cell: &ratatui::buffer::Cell, style: ratatui::style::Style) -> bool {
    assert!(
        style.fg.is_some() || style.bg.is_some() || !style.add_modifier.is_empty(),
        "an empty style proves nothing"
    );
    style.fg.is_none_or(|c| cell.fg == c)
        && style.bg.is_none_or(|c| cell.bg == c)
        && cell.modifier.contains(style.add_modifier)
}

/// The first cell in `area`'s gutter (its first eight columns) showing `mark`.
fn mark_cell(buf: &Buffer, area: ratatui::layout::Rect, mark: &str) -> Option<(u16, u16)> {
    (area.y..area.bottom()).find_map(|y| {
        (area.x..area.right().min(area.x + 8))
            .find(|&x| buf[(x, y)].symbol() == mark)
            .map(|x| (x, y))
    })
}

/// Row and column of the first cell of `needle` on screen.
fn locate(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let t = text(buf);
    t.lines().enumerate().find_map(|(y, l)| {
        l.find(needle)
            .map(|b| (l[..b].chars().count() as u16, y as u16))
    })
}

#[test]
fn placed_hunk_at_80x24() {
    let review = demo_review();
    let mut app = app(review);
    app.select(0);
    let s = screen(&mut app, 80, 24);
    insta::assert_snapshot!("placed_80x24", s);
    assert!(s.contains("native/record.c"));
    assert!(s.contains("hunk 1/9"));
    assert!(s.contains("offset 1.00"));
    assert!(s.contains("y accept"), "hints from the key table:\n{s}");
    for hint in ["? help", "c commit", "q quit", "x explain"] {
        assert!(s.contains(hint), "{hint} fits at 80 columns:\n{s}");
    }
}

#[test]
fn added_and_removed_lines_have_their_styles() {
    let review = demo_review();
    let mut app = app(review);
    let item = app
        .items
        .iter()
        .position(|i| review.plans[i.file].path == b"src/store.rs")
        .unwrap();
    app.select(item);
    let buf = render(&mut app, 120, 40);
    let added = app.theme.style(Role::Added);
    let removed = app.theme.style(Role::Removed);
    let right = app.areas.legacy;
    let mut marks = Vec::new();
    for y in right.y..right.bottom() {
        for x in right.x..right.right() {
            let c = &buf[(x, y)];
            if (c.symbol() == "+" || c.symbol() == "-") && x < right.x + 6 {
                marks.push((c.symbol().to_string(), c.clone()));
            }
        }
    }
    assert!(
        marks.iter().any(|(m, c)| m == "+" && styled(c, added)),
        "{marks:?}"
    );
    assert!(
        marks.iter().any(|(m, c)| m == "-" && styled(c, removed)),
        "{marks:?}"
    );
}

#[test]
fn adapted_lines_are_marked_as_adapted() {
    // The renamed-variable hunk: legacy calls `buf` `buffer`.
    let review = demo_review();
    let mut app = app(review);
    let item = app
        .items
        .iter()
        .position(|i| review.plans[i.file].path == b"src/store.rs")
        .unwrap();
    app.select(item);
    let buf = render(&mut app, 120, 40);
    let s = text(&buf);
    let (x, y) = locate(&buf, "~").expect("an adapted row");
    assert!(styled(&buf[(x, y)], app.theme.style(Role::Adapted)));
    assert!(s.contains("buffer"), "{s}");
    insta::assert_snapshot!("adapted_120x40", s);
}

#[test]
fn already_applied_and_unplaced_hunks_say_so() {
    let review = demo_review();
    let mut a = app(review);
    a.select(find(review, Status::AlreadyApplied));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("already applied"), "{s}");
    assert_eq!(a.decision(), &Decision::Skip, "skipped by default");
    insta::assert_snapshot!("already_applied_80x24", s);

    let mut a = app(review);
    a.select(find(review, Status::Unplaced));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("unplaced"), "{s}");
    assert!(s.contains("fuzzy"), "{s}");
    insta::assert_snapshot!("unplaced_80x24", s);
}

#[test]
fn not_applicable_and_whole_file_items() {
    let review = small_review();
    let mut a = app(&review);
    assert_eq!(review.plans[0].hunks[0].status, Status::NotApplicable);
    a.select(0);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("not-applicable"), "{s}");
    assert!(s.contains("2/3"), "series position: {s}");
    insta::assert_snapshot!("not_applicable_80x24", s);
    a.select(1);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("new file: accepting creates new.rs"), "{s}");
    assert_eq!(press(&mut a, &["y"]), [Effect::Changed]);
    let writes = decide::writes(&review.plans, &a.decisions).unwrap();
    assert_eq!(
        writes,
        vec![(
            b"new.rs".to_vec(),
            FileWrite::Write(b"fn new() {\n}\n".to_vec())
        )]
    );
}

#[test]
fn each_decision_shows_in_the_list() {
    let review = demo_review();
    let mut a = app(review);
    a.list_shown = Some(true);
    a.select(0);
    press(&mut a, &["y", "n"]);
    // Third item: edit it.
    press(&mut a, &["e", "x", "ctrl-s"]);
    let s = screen(&mut a, 120, 30);
    assert!(s.contains("accepted"), "{s}");
    assert!(s.contains("skipped"), "{s}");
    assert!(s.contains("edited"), "{s}");
    assert!(s.contains("undecided"), "{s}");
    insta::assert_snapshot!("list_decisions_120x30", s);
    // Hide it.
    press(&mut a, &["l"]);
    let s = screen(&mut a, 120, 30);
    assert!(!s.contains(" hunks (9) "), "{s}");
}

#[test]
fn explain_view_shows_symbols_candidates_adaptations_and_matches() {
    let review = demo_review();
    let mut a = app(review);
    let item = a
        .items
        .iter()
        .position(|i| review.plans[i.file].path == b"src/store.rs")
        .unwrap();
    a.select(item);
    press(&mut a, &["x"]);
    assert_eq!(a.mode, Mode::Explain);
    let buf = render(&mut a, 100, 60);
    let s = text(&buf);
    assert!(s.contains("strategy: line-map"), "{s}");
    assert!(s.contains("renamed buf to buffer"), "{s}");
    assert!(s.contains("candidates"), "{s}");
    assert!(s.contains("upstream symbol"), "{s}");
    assert!(s.contains("→"), "{s}");
    // Matched lines carry the Matched style.
    let matched = a.theme.style(Role::Matched).bg.unwrap();
    let hits = buf.content().iter().filter(|c| c.bg == matched).count();
    assert!(hits > 10, "matched cells: {hits}");
    insta::assert_snapshot!("explain_100x60", s);
    press(&mut a, &["esc"]);
    assert_eq!(a.mode, Mode::Normal);
}

#[test]
fn help_lists_every_action_with_its_keys() {
    let review = demo_review();
    let mut a = app(review);
    press(&mut a, &["?"]);
    let s = screen(&mut a, 100, 50);
    // The keys of the screens of `ferry review` and `ferry missing` are in
    // their own help, not in pick's.
    for e in TABLE
        .iter()
        .filter(|e| !matches!(e.context, Context::Verdict | Context::Missing))
    {
        assert!(s.contains(e.help), "help lacks {}:\n{s}", e.name);
        assert!(
            s.contains(&a.keys.labels(e.action)),
            "help lacks keys of {}",
            e.name
        );
    }
    insta::assert_snapshot!("help_100x50", s);
}

#[test]
fn help_and_hints_follow_overrides() {
    let review = demo_review();
    let mut o = std::collections::BTreeMap::new();
    o.insert("accept".to_string(), vec!["a".to_string()]);
    let keys = KeyMap::with_overrides(&o).unwrap();
    let mut a = App::new(
        review,
        Decisions::new(&review.plans),
        keys,
        Theme::default(),
    );
    let s = screen(&mut a, 100, 24);
    assert!(s.contains("a accept"), "{s}");
    assert!(!s.contains("y accept"), "{s}");
    a.select(0);
    assert_eq!(press(&mut a, &["y"]), [Effect::None]);
    assert_eq!(press(&mut a, &["a"]), [Effect::Changed]);
}

#[test]
fn inline_editor_and_message_editor() {
    let review = demo_review();
    let mut a = app(review);
    a.select(0);
    press(&mut a, &["e"]);
    assert!(matches!(a.mode, Mode::Edit(_)));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("editing the adapted hunk"), "{s}");
    assert!(s.contains("ctrl-s keep"), "editor hints: {s}");
    insta::assert_snapshot!("inline_editor_80x24", s);
    press(&mut a, &["esc"]);
    a.open_message("Fix things\n\nBody line.\n");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("commit message"), "{s}");
    assert!(s.contains("Body line."), "{s}");
    insta::assert_snapshot!("message_editor_80x24", s);
}

#[test]
fn hand_placement_cursor_mode() {
    let review = demo_review();
    let mut a = app(review);
    a.select(find(review, Status::Unplaced));
    press(&mut a, &["p"]);
    let Mode::Place { cursor } = a.mode else {
        panic!("not placing");
    };
    press(&mut a, &["j", "j"]);
    assert_eq!(a.mode, Mode::Place { cursor: cursor + 2 });
    let buf = render(&mut a, 80, 24);
    let s = text(&buf);
    assert!(s.contains("placing by hand at line"), "{s}");
    let (x, y) = locate(&buf, "▶").unwrap();
    assert!(styled(&buf[(x, y)], a.theme.style(Role::Cursor)));
    insta::assert_snapshot!("placing_80x24", s);
}

#[test]
fn light_high_contrast_and_no_color() {
    let review = demo_review();
    for theme in [
        Theme::builtin("light").unwrap(),
        Theme::builtin("high-contrast").unwrap(),
    ] {
        let name = theme.name().to_string();
        let mut a = App::new(
            review,
            Decisions::new(&review.plans),
            KeyMap::default(),
            theme,
        );
        a.select(0);
        let buf = render(&mut a, 80, 24);
        let added = a.theme.style(Role::Added);
        let (x, y) = mark_cell(&buf, a.areas.legacy, "+").unwrap();
        assert!(styled(&buf[(x, y)], added), "{name}: {:?}", buf[(x, y)]);
        insta::assert_snapshot!(format!("theme_{name}_80x24"), text(&buf));
    }
    let mut a = App::new(
        review,
        Decisions::new(&review.plans),
        KeyMap::default(),
        Theme::default().without_color(),
    );
    a.select(0);
    press(&mut a, &["l"]);
    let buf = render(&mut a, 120, 40);
    for c in buf.content() {
        assert!(
            c.fg == Color::Reset && c.bg == Color::Reset,
            "a coloured cell under NO_COLOR: {c:?}"
        );
    }
}

#[test]
fn never_panics_at_any_size_in_any_mode() {
    let review = demo_review();
    let small = small_review();
    let mut sizes: Vec<(u16, u16)> = Vec::new();
    for w in 0..=24 {
        for h in 0..=10 {
            sizes.push((w, h));
        }
    }
    sizes.extend([
        (80, 24),
        (300, 100),
        (1, 200),
        (200, 1),
        (40, 12),
        (59, 11),
        (61, 13),
    ]);
    for r in [review, &small] {
        for setup in 0..8 {
            let mut a = app(r);
            for item in 0..a.items.len() {
                a.select(item);
                match setup {
                    1 => drop(press(&mut a, &["?"])),
                    2 => drop(press(&mut a, &["x"])),
                    3 => drop(press(&mut a, &["e"])),
                    4 => a.open_message("subject\n\nbody"),
                    5 => drop(press(&mut a, &["p", "G"])),
                    6 => drop(press(&mut a, &["l", "G", "w", "G"])),
                    7 => drop(press(&mut a, &["tab", "j", "ctrl-d"])),
                    _ => {}
                }
                for &(w, h) in &sizes {
                    render(&mut a, w, h);
                    a.mouse(MouseKind::Click, w / 2, h / 2);
                    a.mouse(MouseKind::ScrollDown, w / 3, h / 3);
                }
                a.mode = Mode::Normal;
            }
        }
    }
}

#[test]
fn accept_skip_undo_redo_and_writes() {
    let review = demo_review();
    let mut a = app(review);
    a.select(0);
    let first = a.item().unwrap();
    assert_eq!(press(&mut a, &["y"]), [Effect::Changed]);
    assert_eq!(
        a.decisions.get(first),
        Some(&Decision::Accept { candidate: 0 })
    );
    assert_eq!(a.current, 1, "accepting moves on");
    // The second is already applied: skipped by default; accept is refused.
    assert_eq!(press(&mut a, &["y"]), [Effect::None]);
    assert!(a.note.as_ref().unwrap().text.contains("already"));
    press(&mut a, &["J"]);
    let third = a.item().unwrap();
    assert_eq!(press(&mut a, &["n"]), [Effect::Changed]);
    assert_eq!(a.decisions.get(third), Some(&Decision::Skip));
    assert_eq!(press(&mut a, &["u"]), [Effect::Changed]);
    assert_eq!(a.item(), Some(third), "undo shows the hunk it changed");
    assert_eq!(a.decisions.get(third), Some(&Decision::Undecided));
    assert_eq!(press(&mut a, &["ctrl-r"]), [Effect::Changed]);
    assert_eq!(a.decisions.get(third), Some(&Decision::Skip));
    press(&mut a, &["u", "u"]);
    assert_eq!(a.decisions.tally().accepted, 0);
    assert_eq!(press(&mut a, &["u"]), [Effect::None]);
    assert!(a.note.as_ref().unwrap().text.contains("nothing to undo"));
    // Accepting the first hunk writes record.c with it.
    a.select(0);
    press(&mut a, &["y"]);
    let writes = decide::writes(&review.plans, &a.decisions).unwrap();
    assert_eq!(writes.len(), 1);
    assert_eq!(writes[0].0, b"native/record.c");
}

#[test]
fn tab_cycles_candidates_and_accept_takes_the_one_shown() {
    let review = demo_review();
    let mut a = app(review);
    let unplaced = find(review, Status::Unplaced);
    a.select(unplaced);
    let n = a.hunk_plan().unwrap().candidates.len();
    if n < 2 {
        press(&mut a, &["tab"]);
        assert!(a.note.as_ref().unwrap().text.contains("no other candidate"));
        return;
    }
    press(&mut a, &["tab"]);
    assert_eq!(a.viewed(), 1);
    let s = screen(&mut a, 80, 24);
    assert!(s.contains(&format!("place 2/{n}")), "{s}");
    press(&mut a, &["y"]);
    let item = a.items[unplaced];
    assert_eq!(
        a.decisions.get(item),
        Some(&Decision::Accept { candidate: 1 })
    );
    press(&mut a, &["backtab"]);
    assert_eq!(
        a.decisions.get(item),
        Some(&Decision::Accept { candidate: 0 })
    );
}

#[test]
fn placing_by_hand_records_what_fit_at_gives() {
    let review = demo_review();
    let mut a = app(review);
    let i = find(review, Status::Unplaced);
    a.select(i);
    let item = a.items[i];
    press(&mut a, &["p", "g"]);
    for _ in 0..10 {
        press(&mut a, &["j"]);
    }
    assert_eq!(press(&mut a, &["enter"]), [Effect::Changed]);
    let expected = review.fit_at(item, 10).unwrap();
    match a.decisions.get(item) {
        Some(Decision::Custom(c)) => {
            assert_eq!(c.kind, CustomKind::Placed);
            assert_eq!(c.span, expected.span);
            assert_eq!(c.lines, expected.lines);
        }
        other => panic!("{other:?}"),
    }
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("placed by hand at line"), "{s}");
    // Esc leaves placing without deciding.
    press(&mut a, &["u", "p", "esc"]);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.decisions.get(item), Some(&Decision::Undecided));
}

#[test]
fn inline_edit_has_its_own_undo_and_records_the_lines() {
    let review = demo_review();
    let mut a = app(review);
    a.select(0);
    let item = a.item().unwrap();
    let before = a.shown().unwrap();
    press(&mut a, &["e", "end"]);
    press(&mut a, &["a", "b", "c", "ctrl-z", "X"]);
    let Mode::Edit(e) = &a.mode else {
        panic!("not editing")
    };
    let mut want = before.lines[0].clone();
    want.push(b'X');
    assert_eq!(e.to_bytes()[0], want, "typing abc was undone as one step");
    assert_eq!(press(&mut a, &["ctrl-s"]), [Effect::Changed]);
    match a.decisions.get(item) {
        Some(Decision::Custom(c)) => {
            assert_eq!(c.kind, CustomKind::Edited);
            assert_eq!(c.lines[0], want);
            assert_eq!(c.span, before.span);
        }
        other => panic!("{other:?}"),
    }
    let (_, write) = decide::writes(&review.plans, &a.decisions)
        .unwrap()
        .pop()
        .unwrap();
    let FileWrite::Write(bytes) = write else {
        panic!()
    };
    assert!(bytes.windows(want.len()).any(|w| w == want.as_slice()));
    // One undo of the decisions removes the whole edit.
    press(&mut a, &["u"]);
    assert_eq!(a.decisions.get(item), Some(&Decision::Undecided));
    // The external editor gets the same lines.
    assert_eq!(
        press(&mut a, &["E"]),
        [Effect::External(before.lines.clone())]
    );
}

#[test]
fn commit_needs_every_hunk_decided_then_asks_for_the_message() {
    let review = demo_review();
    let mut a = app(review);
    assert_eq!(press(&mut a, &["c"]), [Effect::None]);
    let note = a.note.clone().unwrap();
    assert!(note.warning && note.text.contains("undecided"), "{note:?}");
    assert!(note.text.contains("press A"), "{note:?}");
    assert_eq!(press(&mut a, &["A"]), [Effect::Changed]);
    assert!(a
        .note
        .as_ref()
        .unwrap()
        .text
        .contains("still need a person"));
    // Only the unplaced hunk is left.
    assert_eq!(a.decisions.tally().undecided, 1);
    press(&mut a, &["/", "n"]);
    assert!(a.decisions.is_complete());
    assert_eq!(press(&mut a, &["c"]), [Effect::ComposeMessage]);
    a.open_message("Reject malformed records\n\n(cherry picked from commit 92407dc)\n");
    press(&mut a, &["esc"]);
    assert_eq!(a.mode, Mode::Normal, "esc goes back");
    press(&mut a, &["c"]);
    a.open_message("Reject malformed records\n");
    press(&mut a, &["end", "!"]);
    assert_eq!(
        press(&mut a, &["ctrl-s"]),
        [Effect::Commit("Reject malformed records!\n".into())]
    );
    assert_eq!(press(&mut a, &["q"]), [Effect::Quit]);
}

#[test]
fn mouse_clicks_the_list_and_scrolls_the_pane_under_it() {
    let review = demo_review();
    let mut a = app(review);
    a.list_shown = Some(true);
    a.select(0);
    render(&mut a, 120, 30);
    let list = a.areas.list;
    a.mouse(MouseKind::Click, list.x + 1, list.y + 4);
    assert_eq!(a.current, 4);
    render(&mut a, 120, 30);
    let legacy = a.areas.legacy;
    let top = a.legacy_top(legacy.height);
    a.mouse(MouseKind::ScrollDown, legacy.x + 2, legacy.y + 2);
    assert_eq!(a.legacy_top(legacy.height), top + 3);
    let up = a.areas.upstream;
    a.mouse(MouseKind::ScrollDown, up.x + 2, up.y + 2);
    assert_eq!(a.upstream_top, 3);
}

#[test]
fn resuming_starts_at_the_first_undecided_hunk() {
    let review = demo_review();
    let mut d = Decisions::new(&review.plans);
    d.set(
        ItemRef { file: 0, hunk: 0 },
        Decision::Accept { candidate: 0 },
    )
    .unwrap();
    let a = App::new(review, d, KeyMap::default(), Theme::default());
    assert_eq!(a.current, 2);
}

#[test]
fn code_is_coloured_once_the_highlighter_has_spans() {
    use ferry::ui::syntax::Highlights;
    let review = demo_review();
    let theme = Theme::default();
    let highlights = Highlights::new(&theme);
    let mut a = App::new(
        review,
        Decisions::new(&review.plans),
        KeyMap::default(),
        theme,
    )
    .with_highlights(highlights);
    a.select(0);
    // The first frame asks for the lines on screen and draws what is ready.
    render(&mut a, 100, 30);
    assert!(a.highlights.wait_idle(std::time::Duration::from_secs(30)));
    let buf = render(&mut a, 100, 30);
    let area = a.areas.legacy;
    let mut colours = std::collections::HashSet::new();
    for y in area.y..area.bottom() {
        for x in area.x + 6..area.right() {
            let c = &buf[(x, y)];
            if c.fg != Color::Reset && !c.symbol().trim().is_empty() {
                colours.insert(c.fg);
            }
        }
    }
    assert!(
        colours.len() >= 3,
        "syntax colours in the legacy pane: {colours:?}"
    );
    // Without colour, no highlighting at all.
    let plain = Theme::default().without_color();
    let mut a = App::new(
        review,
        Decisions::new(&review.plans),
        KeyMap::default(),
        plain.clone(),
    )
    .with_highlights(Highlights::new(&plain));
    a.select(0);
    render(&mut a, 100, 30);
    a.highlights.wait_idle(std::time::Duration::from_secs(5));
    let buf = render(&mut a, 100, 30);
    assert!(buf
        .content()
        .iter()
        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
}

#[test]
fn small_terminals_keep_what_matters() {
    let review = demo_review();
    let mut a = app(review);
    a.select(0);
    // The hunk list at 80 columns: the panes stack.
    press(&mut a, &["l"]);
    let s = screen(&mut a, 80, 24);
    assert!(
        s.contains(" hunks (9) ") && s.contains(" upstream ") && s.contains(" legacy"),
        "{s}"
    );
    insta::assert_snapshot!("list_80x24", s);
    press(&mut a, &["l"]);
    let s = screen(&mut a, 40, 10);
    assert!(s.contains("hunk 1/9"), "{s}");
    insta::assert_snapshot!("small_40x10", s);
    let s = screen(&mut a, 20, 3);
    assert!(s.lines().count() == 3, "{s}");
    insta::assert_snapshot!("tiny_20x3", s);
}

#[test]
fn the_tour_opens_each_hunk_in_the_explain_view_with_its_note() {
    let review = demo_review();
    let tmp = tempfile::tempdir().unwrap();
    let demo = ferry::demo::build(&tmp.path().join("demo")).unwrap();
    let tour = demo.tour();
    assert_eq!(
        tour.len(),
        review
            .plans
            .iter()
            .map(|p| p.hunks.len().max(1))
            .sum::<usize>()
    );
    let mut a = app(review).with_tour(tour);
    assert_eq!(a.mode, Mode::Explain);
    let s = screen(&mut a, 100, 40);
    assert!(s.contains("tour: 1/9 offset (split_fields)"), "{s}");
    assert!(s.contains("five-line Visual C++ snprintf shim"), "{s}");
    assert!(s.contains("Look for: strategy offset"), "{s}");
    assert!(s.contains("why here"), "{s}");
    assert!(s.contains("strategy: offset"), "{s}");
    // Deciding from the explain view moves on to the next hunk's note.
    press(&mut a, &["y"]);
    assert_eq!(a.current, 1);
    assert_eq!(a.mode, Mode::Explain);
    let s = screen(&mut a, 100, 40);
    assert!(
        s.contains("tour: 2/9 already applied (record_parse)"),
        "{s}"
    );
    assert!(s.contains("Skip it."), "{s}");
    // Closing it shows the panes; the next hunk opens it again.
    press(&mut a, &["esc"]);
    assert_eq!(a.mode, Mode::Normal);
    press(&mut a, &["J"]);
    assert_eq!(a.mode, Mode::Explain);
    let s = screen(&mut a, 100, 40);
    assert!(s.contains("tour: 3/9 renamed file (sv_copy_field)"), "{s}");
    // Small screens still draw.
    for (w, h) in [(20, 6), (80, 10)] {
        screen(&mut a, w, h);
    }
}
