//! The replay and quiz screen drawn into a test backend from a hand-made
//! recording: what shows before and after an answer, the score, and that
//! no size panics. (The recording itself comes from a real port in
//! `teach_pty.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/screen.rs"]
mod screen;

use ferry::teach::record::{Choice, Record, RECORD_VERSION};
use ferry::ui::keys::{Key, KeyMap};
use ferry::ui::replay::{view, ReplayApp, Score};
use ferry::ui::theme::Theme;

fn record(item: usize, decision: Choice) -> Record {
    Record {
        version: RECORD_VERSION,
        commit: "92407dc0000000000000000000000000000000000".into(),
        subject: "Reject malformed records".into(),
        item,
        items: 2,
        file: "src/store.rs".into(),
        hunk: item,
        decision,
        status: "placed".into(),
        strategy: Some("offset".into()),
        confidence: Some(0.93),
        explanation: Some("the pre-image matches 5 lines lower".into()),
        hunk_lines: vec![
            " fn load() {".into(),
            "-    let n = read(buf);".into(),
            "+    let n = read_all(buf);".into(),
        ],
        legacy_start: 10,
        legacy_lines: vec![
            "// header".into(),
            "fn load() {".into(),
            "    let n = read(buffer);".into(),
            "}".into(),
        ],
        place: Some((11, 13)),
        result_lines: vec!["fn load() {".into(), "    let n = read_all(buffer);".into()],
    }
}

fn screen(app: &mut ReplayApp, w: u16, h: u16) -> String {
    screen::text(&screen::render(w, h, |f| view::draw(f, app)))
}

fn press(app: &mut ReplayApp, k: &str) -> bool {
    app.key(Key::parse(k).unwrap())
}

#[test]
fn a_replay_shows_what_was_on_screen_and_the_decision() {
    let recs = vec![record(0, Choice::Accept), record(1, Choice::Edit)];
    let mut a = ReplayApp::new(recs, false, KeyMap::default(), Theme::default());
    let s = screen(&mut a, 100, 24);
    assert!(
        s.contains("replay 1/2 · 92407dc Reject malformed records · item 1/2"),
        "{s}"
    );
    assert!(s.contains("upstream src/store.rs hunk 1"), "{s}");
    assert!(s.contains("+    let n = read_all(buf);"), "{s}");
    assert!(s.contains("11▶fn load() {"), "{s}");
    assert!(s.contains("10 // header"), "{s}");
    assert!(
        s.contains("shown: placed · offset 0.93 · the pre-image matches 5 lines lower"),
        "{s}"
    );
    assert!(s.contains("recorded decision: accept"), "{s}");
    assert!(!press(&mut a, "y"));
    assert!(screen(&mut a, 100, 24).contains("a replay only shows"));
    press(&mut a, "J");
    let s = screen(&mut a, 100, 24);
    assert!(s.contains("recorded decision: edit"), "{s}");
    assert!(press(&mut a, "q"));
}

#[test]
fn a_quiz_hides_the_decision_until_answered_and_scores() {
    let recs = vec![record(0, Choice::Accept), record(1, Choice::Edit)];
    let mut a = ReplayApp::new(recs, true, KeyMap::default(), Theme::default());
    let s = screen(&mut a, 120, 24);
    assert!(s.contains("the recorded decision is hidden"), "{s}");
    assert!(!s.contains("recorded decision: accept"), "{s}");
    assert!(s.contains("y accept  n skip  e edit"), "{s}");
    press(&mut a, "n");
    let s = screen(&mut a, 120, 24);
    assert!(s.contains("your decision: skip · ✗ mismatch"), "{s}");
    assert!(
        s.contains("mismatch: you chose skip, the recording accept"),
        "{s}"
    );
    // One answer per decision.
    press(&mut a, "y");
    assert_eq!(a.answers[0], Some(Choice::Skip));
    press(&mut a, "J");
    press(&mut a, "e");
    assert_eq!(
        a.score(),
        Score {
            matched: 1,
            answered: 2,
            total: 2
        }
    );
    let s = screen(&mut a, 120, 24);
    assert!(s.contains("✓ match"), "{s}");
    assert!(s.contains("that was the last one"), "{s}");
    let summary = a.summary();
    assert!(
        summary.starts_with("quiz: 1 of 2 decisions matched the recording\n"),
        "{summary}"
    );
    assert!(
        summary.contains("1. src/store.rs hunk 1: you chose skip, the recording accept"),
        "{summary}"
    );
    for (w, h) in [(1, 1), (12, 4), (40, 9), (200, 3)] {
        screen(&mut a, w, h);
    }
    press(&mut a, "?");
    // The help lists the keys that work here, not other screens' keys.
    let help = screen(&mut a, 100, 60);
    assert!(help.contains("Placing by hand, explain, help"), "{help}");
    assert!(!help.contains("Missing commits"), "{help}");
}
