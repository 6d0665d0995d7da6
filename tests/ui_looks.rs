//! Themes and syntax highlighting: the built-ins are complete, bad theme
//! files say where they are wrong, `NO_COLOR` keeps roles apart, and the
//! highlighter colours code off the caller's thread without choking on odd
//! lines or long files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferry::ui::highlight::{DocId, Highlighter, Span, CHECKPOINT_EVERY, MAX_LINE_BYTES};
use ferry::ui::theme::{Role, Theme, ThemeError, BUILTIN};
use ratatui::style::{Modifier, Style};

const WAIT: Duration = Duration::from_secs(60);

#[test]
fn every_builtin_parses_and_styles_every_role() {
    for name in BUILTIN {
        let theme = Theme::builtin(name).unwrap_or_else(|| panic!("built-in {name} is broken"));
        assert_eq!(theme.name(), *name);
        assert!(theme.has_color());
        // Loading by name finds the same theme.
        assert_eq!(Theme::load(name, None).unwrap(), theme);
        // Every role has a style of its own (not just the empty default)
        // somewhere: the dark and light ones may leave the pane's colour.
        let styled = Role::ALL
            .iter()
            .filter(|r| theme.style(**r) != Style::default())
            .count();
        assert_eq!(styled, Role::ALL.len(), "{name} leaves roles unstyled");
    }
    assert_eq!(Theme::default().name(), "dark");
    assert!(Theme::builtin("no-such").is_none());
}

#[test]
fn builtin_sources_give_every_role_explicitly() {
    // A built-in must not lean on inheritance or defaults: each file has a
    // table per role, so a user copying one sees every key.
    for (name, text) in [
        ("dark", include_str!("../themes/dark.toml")),
        ("light", include_str!("../themes/light.toml")),
        (
            "high-contrast",
            include_str!("../themes/high-contrast.toml"),
        ),
    ] {
        assert!(!text.contains("inherits"), "{name}");
        for role in Role::ALL {
            let header = format!("[styles.{}]", role.name());
            assert!(text.contains(&header), "{name} lacks {header}");
        }
    }
}

#[test]
fn high_contrast_differs_from_dark_and_marks_lines_without_colour() {
    let dark = Theme::builtin("dark").unwrap();
    let hc = Theme::builtin("high-contrast").unwrap();
    assert_ne!(dark, hc);
    assert_ne!(hc.style(Role::Added), dark.style(Role::Added));
    let added = hc.style(Role::Added).add_modifier;
    let removed = hc.style(Role::Removed).add_modifier;
    assert!(!added.is_empty() && !removed.is_empty());
    assert_ne!(added, removed, "added and removed need more than colour");
}

fn user_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn bad_style_key_names_the_file_and_key() {
    let dir = user_dir();
    let path = dir.path().join("broken.toml");
    std::fs::write(
        &path,
        "inherits = \"dark\"\n[styles.addded]\nfg = \"red\"\n",
    )
    .unwrap();
    let err = Theme::load(path.to_str().unwrap(), None).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ThemeError::Invalid { .. }), "{err:?}");
    assert!(text.contains("broken.toml"), "{text}");
    assert!(text.contains("styles.addded"), "{text}");
    assert!(text.contains("unknown role"), "{text}");
}

#[test]
fn unknown_colour_and_palette_name_are_errors() {
    let err = Theme::from_toml(
        "inherits = \"dark\"\n[styles.added]\nbg = \"greenish\"\n",
        "mine.toml",
        None,
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("mine.toml"), "{text}");
    assert!(text.contains("styles.added.bg"), "{text}");
    assert!(text.contains("greenish"), "{text}");

    let err = Theme::from_toml(
        "inherits = \"dark\"\n[palette]\nsea = \"#12345\"\n",
        "mine.toml",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("palette.sea"), "{err}");

    let err = Theme::from_toml(
        "inherits = \"dark\"\n[styles.added]\nmodifiers = [\"blink\"]\n",
        "mine.toml",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("styles.added.modifiers"), "{err}");
}

#[test]
fn a_theme_without_inherits_must_style_every_role() {
    let err = Theme::from_toml(
        "syntax = \"InspiredGitHub\"\n[styles.normal]\nfg = \"white\"\n",
        "half.toml",
        None,
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, ThemeError::Missing { .. }), "{err:?}");
    assert!(
        text.contains("half.toml") && text.contains("added"),
        "{text}"
    );
    assert!(!text.contains("normal,"), "{text}");

    let err = Theme::from_toml("[styles.normal]\n", "nosyntax.toml", None).unwrap_err();
    assert!(err.to_string().contains("`syntax`"), "{err}");
    let err = Theme::from_toml(
        "inherits = \"dark\"\nsyntax = \"Monokai\"\n",
        "x.toml",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("Monokai"), "{err}");
    let err = Theme::from_toml("colour = 1\n", "typo.toml", None).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("typo.toml") && text.contains("colour"),
        "{text}"
    );
}

#[test]
fn user_themes_load_from_the_directory_and_by_path() {
    let dir = user_dir();
    std::fs::write(
        dir.path().join("sea.toml"),
        "inherits = \"light\"\n[palette]\nsea = \"#006994\"\n[styles.title]\nfg = \"sea\"\nmodifiers = [\"bold\", \"underlined\"]\n",
    )
    .unwrap();
    let light = Theme::builtin("light").unwrap();

    let sea = Theme::load("sea", Some(dir.path())).unwrap();
    assert_eq!(sea.name(), "sea");
    assert_eq!(sea.syntax_theme(), light.syntax_theme());
    assert_eq!(
        sea.style(Role::Title),
        Style::default()
            .fg(ratatui::style::Color::Rgb(0, 0x69, 0x94))
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    );
    assert_eq!(sea.style(Role::Added), light.style(Role::Added));

    let by_path = dir.path().join("sea.toml");
    assert_eq!(Theme::load(by_path.to_str().unwrap(), None).unwrap(), sea);

    // A user `dark.toml` that inherits `dark` tweaks the built-in.
    std::fs::write(
        dir.path().join("dark.toml"),
        "inherits = \"dark\"\n[styles.error]\nfg = \"light-red\"\n",
    )
    .unwrap();
    let dark = Theme::load("dark", Some(dir.path())).unwrap();
    assert_eq!(
        dark.style(Role::Error).fg,
        Some(ratatui::style::Color::LightRed)
    );
    assert_eq!(
        dark.style(Role::Added),
        Theme::builtin("dark").unwrap().style(Role::Added)
    );

    // Two user themes inheriting each other are caught.
    std::fs::write(dir.path().join("a.toml"), "inherits = \"b\"\n").unwrap();
    std::fs::write(dir.path().join("b.toml"), "inherits = \"a\"\n").unwrap();
    let err = Theme::load("a", Some(dir.path())).unwrap_err();
    assert!(matches!(err, ThemeError::InheritLoop { .. }), "{err:?}");

    // An unknown name lists what exists, built-in and user.
    let err = Theme::load("nope", Some(dir.path())).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("high-contrast") && text.contains("sea"),
        "{text}"
    );

    let err = Theme::load("/no/such/theme.toml", None).unwrap_err();
    assert!(matches!(err, ThemeError::Read { .. }), "{err:?}");
}

#[test]
fn without_color_drops_colours_and_keeps_roles_apart() {
    for name in BUILTIN {
        let theme = Theme::builtin(name).unwrap().without_color();
        assert!(!theme.has_color());
        for role in Role::ALL {
            let style = theme.style(*role);
            assert_eq!((style.fg, style.bg), (None, None), "{name} {role:?}");
        }
        let apart = [
            Role::Added,
            Role::Removed,
            Role::Adapted,
            Role::Matched,
            Role::Cursor,
            Role::Selected,
        ];
        let looks: HashSet<_> = apart.iter().map(|r| theme.style(*r).add_modifier).collect();
        assert_eq!(looks.len(), apart.len(), "{name}: {looks:?}");
        for role in apart {
            assert_ne!(theme.style(role), theme.style(Role::Context), "{role:?}");
        }
        // Modifiers of other roles are kept.
        assert!(theme
            .style(Role::Title)
            .add_modifier
            .contains(Modifier::BOLD));
    }
}

fn lines(text: &str) -> Arc<Vec<Vec<u8>>> {
    Arc::new(text.lines().map(|l| l.as_bytes().to_vec()).collect())
}

fn ready(h: &Highlighter, doc: DocId, range: std::ops::Range<usize>) -> Vec<Vec<Span>> {
    h.request(doc, range.clone());
    assert!(h.wait_idle(WAIT), "highlighter did not finish");
    range
        .map(|l| {
            h.spans(doc, l)
                .unwrap_or_else(|| panic!("line {l} not ready"))
        })
        .collect()
}

/// The style at a byte of a line (the pane's when no span covers it).
fn style_at(spans: &[Span], byte: usize) -> Style {
    spans
        .iter()
        .find(|(_, r)| r.contains(&byte))
        .map_or(Style::default(), |(s, _)| *s)
}

fn assert_well_formed(spans: &[Span], line: &[u8]) {
    let mut end = 0;
    for (style, range) in spans {
        assert!(range.start >= end && range.start < range.end, "{spans:?}");
        assert!(range.end <= line.len(), "{range:?} past {}", line.len());
        assert!(
            style.bg.is_none(),
            "syntax colours must not set a background"
        );
        end = range.end;
    }
}

#[test]
fn keywords_get_their_own_colour_in_rust_and_python() {
    let h = Highlighter::new(&Theme::default());
    let rust = lines("fn main() {\n    let answer = 42;\n}\n");
    let doc = h.open(b"src/main.rs", Arc::clone(&rust));
    let got = ready(&h, doc, 0..3);
    for (spans, line) in got.iter().zip(rust.iter()) {
        assert_well_formed(spans, line);
    }
    let fn_kw = style_at(&got[0], 0);
    assert!(fn_kw.fg.is_some(), "`fn` is not coloured: {:?}", got[0]);
    assert_ne!(fn_kw, style_at(&got[0], 3), "`fn` looks like `main`");
    assert_ne!(
        style_at(&got[1], 4),
        style_at(&got[1], 8),
        "`let` vs `answer`"
    );
    assert!(h.take_updated());
    assert!(!h.take_updated());

    let python = lines("def greet(name):\n    return 'hi ' + name\n");
    let doc = h.open(b"tool/greet.py", Arc::clone(&python));
    let got = ready(&h, doc, 0..2);
    for (spans, line) in got.iter().zip(python.iter()) {
        assert_well_formed(spans, line);
    }
    assert!(style_at(&got[0], 0).fg.is_some(), "`def`: {:?}", got[0]);
    assert_ne!(style_at(&got[0], 0), style_at(&got[0], 10));
    // The string literal is coloured unlike the keyword.
    assert_ne!(style_at(&got[1], 12), style_at(&got[1], 4));
}

#[test]
fn unknown_languages_are_plain_and_shebangs_are_recognised() {
    let h = Highlighter::new(&Theme::default());
    let doc = h.open(b"notes.unknownext", lines("fn main() {}\n"));
    assert_eq!(ready(&h, doc, 0..1), vec![Vec::new()]);
    let doc = h.open(b"bin/tool", lines("#!/usr/bin/env python3\ndef f():\n"));
    let got = ready(&h, doc, 1..2);
    assert!(style_at(&got[0], 0).fg.is_some(), "{got:?}");
}

#[test]
fn invalid_utf8_crlf_and_long_lines_do_not_break_spans() {
    let h = Highlighter::new(&Theme::default());
    let long = format!("let s = \"{}\";", "x".repeat(MAX_LINE_BYTES + 10));
    let text: Vec<Vec<u8>> = vec![
        b"fn \xff\xfe bad() {\r".to_vec(),
        b"    let \xe2\x82 = \"\xc3\";".to_vec(),
        long.into_bytes(),
        b"fn after_long() {}".to_vec(),
        Vec::new(),
        b"\r".to_vec(),
    ];
    let text = Arc::new(text);
    let doc = h.open(b"odd.rs", Arc::clone(&text));
    let got = ready(&h, doc, 0..text.len());
    for (spans, line) in got.iter().zip(text.iter()) {
        assert_well_formed(spans, line);
    }
    assert!(style_at(&got[0], 0).fg.is_some(), "`fn` before bad bytes");
    assert!(got[2].is_empty(), "a long line stays plain");
    // Highlighting goes on after the long line.
    assert!(style_at(&got[3], 0).fg.is_some());
    assert!(got[4].is_empty() && got[5].is_empty());
}

/// A Rust file of `n` lines: small functions, with a block comment now and
/// then so the parse state matters.
fn generated(n: usize) -> Arc<Vec<Vec<u8>>> {
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while out.len() < n {
        out.push(format!("/// Function {i}."));
        out.push(format!("pub fn f{i}(x: u32) -> u32 {{"));
        out.push(format!("    let y = x.wrapping_mul({i}); /* note */"));
        out.push("    y + 1".to_owned());
        out.push("}".to_owned());
        i += 1;
    }
    out.truncate(n);
    Arc::new(out.into_iter().map(String::into_bytes).collect())
}

#[test]
fn deep_lines_of_a_long_file_highlight_and_checkpoints_spare_reparsing() {
    let h = Highlighter::new(&Theme::default());
    let file = generated(50_000);
    let doc = h.open(b"big.rs", Arc::clone(&file));
    let started = Instant::now();
    h.request(doc, 40_000..40_060);
    // The request returns at once, before any work is done.
    assert!(started.elapsed() < Duration::from_millis(50));
    let got = ready(&h, doc, 40_000..40_060);
    let fn_line = (40_000..40_060)
        .position(|l| file[l].starts_with(b"pub fn"))
        .unwrap();
    assert!(
        style_at(&got[fn_line], 0).fg.is_some(),
        "{:?}",
        got[fn_line]
    );
    let first = h.lines_parsed();
    assert!((40_000..=40_100).contains(&first), "parsed {first}");

    // A jump back lands between checkpoints saved on the way.
    let got = ready(&h, doc, 20_100..20_160);
    let again = h.lines_parsed() - first;
    assert!(again <= (CHECKPOINT_EVERY + 60) as u64, "re-parsed {again}");
    let fn_line = (20_100..20_160)
        .position(|l| file[l].starts_with(b"pub fn"))
        .unwrap();
    assert!(style_at(&got[fn_line], 0).fg.is_some());

    // Scrolling on continues from where the last screen stopped.
    let before = h.lines_parsed();
    ready(&h, doc, 20_160..20_220);
    assert_eq!(h.lines_parsed() - before, 60);

    // Lines already cached cost nothing.
    let before = h.lines_parsed();
    ready(&h, doc, 20_100..20_200);
    assert_eq!(h.lines_parsed(), before);
}

#[test]
fn same_spans_whether_reached_from_the_top_or_a_checkpoint() {
    let file = generated(3_000);
    let straight = Highlighter::new(&Theme::default());
    let doc = straight.open(b"a.rs", Arc::clone(&file));
    let from_top = ready(&straight, doc, 0..2_600);

    let jumping = Highlighter::new(&Theme::default());
    let doc = jumping.open(b"a.rs", Arc::clone(&file));
    ready(&jumping, doc, 2_900..2_950);
    let from_checkpoint = ready(&jumping, doc, 2_530..2_600);
    assert_eq!(from_checkpoint, from_top[2_530..2_600].to_vec());
}

#[test]
fn no_colour_means_no_spans() {
    let theme = Theme::default().without_color();
    let h = Highlighter::new(&theme);
    let doc = h.open(b"main.rs", lines("fn main() {}\n"));
    h.request(doc, 0..1);
    assert!(h.wait_idle(Duration::from_secs(1)));
    assert_eq!(h.spans(doc, 0), None);
    assert!(!h.take_updated());
}

#[test]
fn closed_documents_forget_their_spans() {
    let h = Highlighter::new(&Theme::default());
    let doc = h.open(b"main.rs", lines("fn main() {}\n"));
    ready(&h, doc, 0..1);
    h.close(doc);
    assert!(h.wait_idle(WAIT));
    assert_eq!(h.spans(doc, 0), None);
    // Requests for a closed document are ignored.
    h.request(doc, 0..1);
    assert!(h.wait_idle(WAIT));
    assert_eq!(h.spans(doc, 0), None);
}

#[test]
fn highlighter_starts_without_loading_on_the_callers_thread() {
    let started = Instant::now();
    let h = Highlighter::new(&Theme::builtin("light").unwrap());
    let doc = h.open(b"x.py", lines("import os\n"));
    h.request(doc, 0..1);
    // syntect's assets take tens of milliseconds to load; none of that here.
    assert!(
        started.elapsed() < Duration::from_millis(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(ready(&h, doc, 0..1).len(), 1);
}
