//! The TUI's frame times (`cargo bench --bench tui`) on a generated
//! 50,000-line legacy Rust file with two hunks (lines 25,000 and 40,000),
//! highlighting on, drawn into a 120x40 `TestBackend`.
//!
//! - `first_frame`: building the `App` (the preview of the first hunk, the
//!   documents opened for highlighting) and drawing the first frame, with a
//!   warm highlighter (the one a previous run left, its spans cached).
//! - `first_frame_new_highlighter`: the same with the highlighter created
//!   too (its worker thread starts; syntect loads on the worker, not here).
//! - `key_next_hunk`: a key press (`J`/`K`, alternating between the hunks)
//!   and the redraw, spans cached.
//! - `key_scroll`: a key press (`j`, then `k`) scrolling the legacy pane and
//!   the redraw.
//!
//! Budgets (../shared/DESIGN.md): first frame under 100 ms, a key press to
//! redraw under 16 ms. Measured here, asserted nowhere (timing tests are
//! flaky on shared machines).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ferry::decide::{Decisions, Review};
use ferry::port::{port_bytes, PortOptions};
use ferry::text::Text;
use ferry::ui::app::App;
use ferry::ui::keys::{Key, KeyMap};
use ferry::ui::syntax::Highlights;
use ferry::ui::theme::Theme;
use ferry::ui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const FUNCTIONS: usize = 12_500; // four lines each: 50,000 lines

fn function(i: usize, factor: u32) -> String {
    format!("fn f{i}(x: u32) -> u32 {{\n    let y = x.wrapping_add({i});\n    y * {factor}\n}}\n")
}

/// The legacy file, upstream's file before the fix, and the fix's patch.
fn inputs() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let file: String = (0..FUNCTIONS).map(|i| function(i, 2)).collect();
    let mut patch = String::from("--- a/src/big.rs\n+++ b/src/big.rs\n");
    for (k, i) in [6_250usize, 10_000].into_iter().enumerate() {
        let start = i * 4 + 1;
        patch.push_str(&format!(
            "@@ -{start},4 +{},5 @@\n fn f{i}(x: u32) -> u32 {{\n     let y = x.wrapping_add({i});\n-    y * 2\n+    let y = y.min(1_000);\n+    y * 3\n }}\n",
            start + k
        ));
    }
    (
        file.clone().into_bytes(),
        file.into_bytes(),
        patch.into_bytes(),
    )
}

fn review() -> Review {
    let (legacy, upstream, patch) = inputs();
    let commit = ferry::patch::parse(&patch).unwrap().commits.pop().unwrap();
    let (plan, _) = port_bytes(
        &commit.files[0],
        &legacy,
        Some(&upstream),
        &PortOptions::default(),
    )
    .unwrap();
    assert_eq!(plan.legacy.len(), FUNCTIONS * 4);
    assert_eq!(plan.hunks.len(), 2);
    Review {
        commit,
        id: Some("0123456789abcdef0123456789abcdef01234567".into()),
        plans: vec![plan],
        upstream: vec![Some(Text::parse(&upstream))],
        position: (1, 1),
    }
}

fn draw(term: &mut Terminal<TestBackend>, app: &mut App) {
    let mut areas = app.areas;
    term.draw(|f| areas = view::draw(f, app)).unwrap();
    app.areas = areas;
}

/// An app on `review` whose highlighter has coloured both hunks' screens.
fn warm<'r>(review: &'r Review, theme: &Theme, term: &mut Terminal<TestBackend>) -> App<'r> {
    let mut app = App::new(
        review,
        Decisions::new(&review.plans),
        KeyMap::default(),
        theme.clone(),
    )
    .with_highlights(Highlights::new(theme));
    for _ in 0..2 {
        draw(term, &mut app);
        assert!(app.highlights.wait_idle(Duration::from_secs(120)));
        app.key(Key::parse("J").unwrap());
    }
    app.key(Key::parse("K").unwrap());
    draw(term, &mut app);
    assert!(app.highlights.wait_idle(Duration::from_secs(120)));
    app
}

fn bench(c: &mut Criterion) {
    let review = review();
    let theme = Theme::default();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut app = warm(&review, &theme, &mut term);

    // The warm highlighter passes from one round's app to the next.
    let warm_highlights = std::cell::RefCell::new(Some(std::mem::take(&mut app.highlights)));
    c.bench_function("first_frame", |b| {
        b.iter_batched(
            || warm_highlights.borrow_mut().take().unwrap(),
            |hl| {
                let mut a = App::new(
                    &review,
                    Decisions::new(&review.plans),
                    KeyMap::default(),
                    theme.clone(),
                )
                .with_highlights(hl);
                draw(&mut term, &mut a);
                *warm_highlights.borrow_mut() = Some(std::mem::take(&mut a.highlights));
                a
            },
            BatchSize::PerIteration,
        )
    });
    app.highlights = warm_highlights.into_inner().unwrap();

    c.bench_function("first_frame_new_highlighter", |b| {
        b.iter_batched(
            || (),
            |()| {
                let mut a = App::new(
                    &review,
                    Decisions::new(&review.plans),
                    KeyMap::default(),
                    theme.clone(),
                )
                .with_highlights(Highlights::new(&theme));
                draw(&mut term, &mut a);
                a
            },
            BatchSize::PerIteration,
        )
    });

    let (next, prev) = (Key::parse("J").unwrap(), Key::parse("K").unwrap());
    let mut forward = true;
    c.bench_function("key_next_hunk", |b| {
        b.iter(|| {
            black_box(app.key(if forward { next } else { prev }));
            forward = !forward;
            draw(&mut term, &mut app);
        })
    });

    let (down, up) = (Key::parse("j").unwrap(), Key::parse("k").unwrap());
    let mut forward = true;
    c.bench_function("key_scroll", |b| {
        b.iter(|| {
            black_box(app.key(if forward { down } else { up }));
            forward = !forward;
            draw(&mut term, &mut app);
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
