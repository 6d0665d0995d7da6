//! `ferry missing`'s list view drawn into a test backend from a real
//! report: an upstream that reworked `parse_header` (a real change, then a
//! whitespace-only one) before fixing it, and fixed `check_limit`; a
//! legacy branch that only marked the file. The rows, verdicts, the
//! selected commit's prerequisites, the keys and tiny sizes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/libfile.rs"]
mod libfile;
#[path = "support/pty.rs"]
mod pty;
#[path = "support/repo.rs"]
mod repo;
#[path = "support/screen.rs"]
mod screen;

use std::path::Path;
use std::time::Duration;

use ferry::git::Oid;
use ferry::history::{missing, MissingOptions};
use ferry::ui::keys::{Key, KeyMap};
use ferry::ui::missing::{view, Effect, Focus, MissingApp, MissingMode};
use ferry::ui::theme::Theme;
use libfile::{lib_c, HEADER_0, HEADER_1, HEADER_2, HEADER_3};
use repo::{TestRepo, EPOCH};

struct Scenario {
    repo: TestRepo,
    refactor: Oid,
    space: Oid,
    header_fix: Oid,
    limit_fix: Oid,
    app: MissingApp,
}

fn scenario() -> Scenario {
    let repo = TestRepo::new();
    let t = |m: i64| EPOCH + m * 60;
    let c = |top: &str, header: &str, limit: &str, msg: &str, m: i64| {
        repo.commit(
            &[("lib.c", Some(&lib_c(top, header, limit, None)[..]))],
            msg,
            t(m),
        )
    };
    let fork = c("", HEADER_0, "100", "base", 0);
    repo.branch("legacy", fork);
    let refactor = c("", HEADER_1, "100", "parse_header: use strtol", 1);
    let space = c("", HEADER_2, "100", "parse_header: style", 2);
    let header_fix = c("", HEADER_3, "100", "parse_header: reject empty numbers", 3);
    let limit_fix = c("", HEADER_3, "99", "check_limit: off by one", 4);
    repo.switch("legacy");
    c(
        "/* legacy */\n",
        HEADER_0,
        "100",
        "legacy: mark the file",
        5,
    );

    let r = repo.ferry();
    let head = r.head_oid().unwrap();
    let main = r.commit_id("main").unwrap();
    let opts = MissingOptions {
        verdicts: true,
        prerequisites: true,
        ..MissingOptions::default()
    };
    let report = missing(&r, head, main, &opts, &mut |_, _, _| {}).unwrap();
    let app = MissingApp::new(
        report,
        "main".to_string(),
        KeyMap::default(),
        Theme::default(),
    );
    Scenario {
        repo,
        refactor,
        space,
        header_fix,
        limit_fix,
        app,
    }
}

fn screen(app: &mut MissingApp, w: u16, h: u16) -> String {
    screen::text(&screen::render(w, h, |f| view::draw(f, app)))
}

fn key(app: &mut MissingApp, k: &str) -> Effect {
    app.key(Key::parse(k).unwrap())
}

fn short(oid: Oid) -> String {
    oid.to_string()[..7].to_string()
}

/// The row of the commit with subject `subject`.
fn row<'a>(text: &'a str, subject: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(subject) && !l.contains("·"))
        .unwrap_or_else(|| panic!("no row for {subject}:\n{text}"))
}

#[test]
fn rows_show_ids_verdicts_and_markers_oldest_first() {
    let mut s = scenario();
    let text = screen(&mut s.app, 120, 30);
    let subjects: Vec<&str> = s
        .app
        .report
        .commits
        .iter()
        .map(|c| c.subject.as_str())
        .collect();
    assert_eq!(
        subjects,
        vec![
            "parse_header: use strtol",
            "parse_header: style",
            "parse_header: reject empty numbers",
            "check_limit: off by one"
        ]
    );
    assert!(text.contains("4 missing, 4 match, 4 listed"), "{text}");
    // The check_limit fix lands at its line, shifted by legacy's comment.
    let limit = row(&text, "check_limit: off by one");
    assert!(limit.contains(&short(s.limit_fix)), "{limit}");
    assert!(limit.contains(" clean "), "{limit}");
    // The parse_header fix meets legacy's atoi: not clean, and it has
    // prerequisites legacy lacks (P).
    let fix = s
        .app
        .report
        .commits
        .iter()
        .find(|c| c.oid == s.header_fix)
        .unwrap();
    let words = view::verdict_words(fix);
    assert!(
        words.starts_with("adapt ") || words == "needs-person",
        "{words}"
    );
    let fix_row = row(&text, "parse_header: reject empty numbers");
    assert!(fix_row.contains(&words), "{fix_row}");
    assert!(view::markers(fix).contains('P'), "{:?}", view::markers(fix));
    // The selected row is the first, marked.
    let first = row(&text, "parse_header: use strtol");
    assert!(first.contains('▶'), "{first}");
    // The status line says where the list stands.
    assert!(text.contains("missing 1/4 · HEAD"), "{text}");
}

#[test]
fn the_selected_commit_shows_its_prerequisites_likely_first() {
    let mut s = scenario();
    key(&mut s.app, "j");
    key(&mut s.app, "down");
    assert_eq!(s.app.commit().unwrap().oid, s.header_fix);
    let prereqs: Vec<Oid> = s.app.prereqs().iter().map(|p| p.oid).collect();
    assert_eq!(prereqs, vec![s.refactor, s.space]);
    let text = screen(&mut s.app, 120, 30);
    assert!(text.contains("prerequisites (2):"), "{text}");
    let likely = text
        .lines()
        .position(|l| l.contains("likely") && l.contains("parse_header: use strtol"))
        .unwrap_or_else(|| panic!("{text}"));
    let incidental = text
        .lines()
        .position(|l| l.contains("incidental") && l.contains("parse_header: style"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(likely < incidental, "{text}");
    // A clean commit has none.
    key(&mut s.app, "j");
    let text = screen(&mut s.app, 120, 30);
    assert!(text.contains("no prerequisites legacy lacks"), "{text}");
}

#[test]
fn enter_ports_the_commit_or_the_focused_prerequisite() {
    let mut s = scenario();
    assert_eq!(key(&mut s.app, "enter"), Effect::Start(s.refactor));
    // Moving is clamped to the list.
    for _ in 0..10 {
        key(&mut s.app, "j");
    }
    assert_eq!(key(&mut s.app, "enter"), Effect::Start(s.limit_fix));
    // Tab on a commit without prerequisites keeps the focus and says why.
    assert_eq!(key(&mut s.app, "tab"), Effect::None);
    assert_eq!(s.app.focus, Focus::Commits);
    assert!(s.app.note.is_some());
    key(&mut s.app, "k");
    assert_eq!(s.app.commit().unwrap().oid, s.header_fix);
    key(&mut s.app, "tab");
    assert_eq!(s.app.focus, Focus::Prereqs);
    assert_eq!(key(&mut s.app, "enter"), Effect::Start(s.refactor));
    key(&mut s.app, "j");
    key(&mut s.app, "j");
    assert_eq!(key(&mut s.app, "enter"), Effect::Start(s.space));
    let text = screen(&mut s.app, 120, 30);
    let selected = text
        .lines()
        .find(|l| l.contains('▶') && l.contains("incidental"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(selected.contains(&short(s.space)), "{selected}");
    // Moving the prerequisites leaves the commit alone; Tab goes back.
    assert_eq!(s.app.commit().unwrap().oid, s.header_fix);
    key(&mut s.app, "tab");
    assert_eq!(s.app.focus, Focus::Commits);
    assert_eq!(key(&mut s.app, "enter"), Effect::Start(s.header_fix));
}

#[test]
fn help_opens_and_closes_and_q_quits() {
    let mut s = scenario();
    key(&mut s.app, "?");
    assert_eq!(s.app.mode, MissingMode::Help);
    let text = screen(&mut s.app, 100, 120);
    assert!(text.contains("Missing commits (ferry missing)"), "{text}");
    // Enter closes the help, it does not port.
    assert_eq!(key(&mut s.app, "enter"), Effect::None);
    assert_eq!(s.app.mode, MissingMode::Normal);
    assert_eq!(key(&mut s.app, "q"), Effect::Quit);
}

#[test]
fn tiny_and_odd_sizes_do_not_panic() {
    let mut s = scenario();
    key(&mut s.app, "j");
    key(&mut s.app, "j");
    key(&mut s.app, "tab");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (1, 5),
        (10, 2),
        (20, 4),
        (40, 8),
        (80, 3),
        (200, 60),
    ] {
        screen(&mut s.app, w, h);
    }
    key(&mut s.app, "?");
    for (w, h) in [(1, 1), (5, 3), (30, 6)] {
        screen(&mut s.app, w, h);
    }
}

#[test]
fn an_empty_report_says_so() {
    let mut s = scenario();
    s.app.report.commits.clear();
    let text = screen(&mut s.app, 100, 20);
    assert!(text.contains("nothing missing"), "{text}");
    assert_eq!(key(&mut s.app, "enter"), Effect::None);
    assert_eq!(key(&mut s.app, "tab"), Effect::None);
    assert_eq!(key(&mut s.app, "j"), Effect::None);
}

/// End to end: the real binary in a pseudo-terminal opens the list, and
/// Enter on a prerequisite starts `ferry pick` on it in the view.
#[test]
fn on_a_terminal_the_list_opens_and_enter_starts_the_port() {
    let s = scenario();
    let home = s.repo.home();
    let home = home.display().to_string();
    let config = format!("{home}/.config");
    let env = [
        ("HOME", home.as_str()),
        ("XDG_CONFIG_HOME", config.as_str()),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("TERM", "xterm-256color"),
        ("LANG", "C.UTF-8"),
    ];
    let mut t = pty::Pty::spawn(
        Path::new(env!("CARGO_BIN_EXE_ferry")),
        &["missing", "main"],
        &s.repo.path(),
        &env,
        100,
        30,
    );
    let wait = Duration::from_secs(60);
    t.wait_for("4 missing, 4 match, 4 listed", wait);
    assert!(t.alternate_screen());
    // A resize redraws at the new size.
    t.resize(60, 12);
    t.wait_until("the list redrawn at 60x12", wait, |s| {
        s.contains("missing 1/4") && s.contains('▶')
    });
    t.resize(100, 30);
    t.wait_for("4 missing, 4 match, 4 listed", wait);
    t.keys(&[b"j", b"j"]);
    t.wait_for("prerequisites (2):", wait);
    t.keys(&[b"\t", b"j"]);
    t.wait_for("missing 3/4", wait);
    t.send(b"\r");
    // ferry pick's view on the incidental prerequisite.
    let screen = t.wait_for("hunk 1/", wait);
    assert!(screen.contains(&short(s.space)), "{screen}");
    t.send(b"q");
    t.wait_exit(wait);
}
