//! Drawing the replay screen: the upstream hunk and the legacy lines around
//! the place as the person saw them, and below, the recorded decision (or,
//! in a quiz, a question until the trainee has answered). Nothing here may
//! panic at any size.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{ReplayApp, ReplayMode};
use crate::teach::record::Record;
use crate::ui::keys::{Action, Context as KeyContext};
use crate::ui::text::escape;
use crate::ui::theme::{Role, Theme};
use crate::ui::view::{self, digits, pane, put, Chrome};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &mut ReplayApp) {
    let chrome = Chrome {
        theme: &app.theme,
        keys: &app.keys,
        contexts: &[KeyContext::Review, KeyContext::Dialog],
        progress: progress(app),
        note: app.note.as_ref(),
        hints: hints(app),
        help: app.mode == ReplayMode::Help,
    };
    let Some(body) = view::chrome(frame, chrome, &mut app.overlay_top) else {
        return;
    };
    let Some(r) = app.record() else {
        return;
    };
    let p = &app.theme;
    let below = decision_lines(app, r, p);
    let height = u16::try_from(below.len() + 2)
        .unwrap_or(u16::MAX)
        .min(body.height / 2);
    let [panes, lower] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(height)]).areas(body);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(panes);
    upstream(frame, left, r, p, app.top);
    legacy(frame, right, r, p, app.top);
    let title = if app.quiz {
        " quiz "
    } else {
        " recorded decision "
    };
    let block = pane(title.to_string(), true, p);
    let inner = block.inner(lower);
    frame.render_widget(block, lower);
    put(frame, inner, below, p.style(Role::Normal));
}

fn upstream(frame: &mut Frame, area: Rect, r: &Record, p: &Theme, top: usize) {
    let block = pane(
        format!(" upstream {} hunk {} ", r.file, r.hunk + 1),
        false,
        p,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = r
        .hunk_lines
        .iter()
        .skip(top)
        .take(usize::from(inner.height))
        .map(|l| {
            let role = match l.chars().next() {
                Some('+') => Role::Added,
                Some('-') => Role::Removed,
                _ => Role::Context,
            };
            Line::from(Span::styled(escape(l.as_bytes()), p.style(role)))
        })
        .collect();
    put(frame, inner, rows, p.style(Role::Normal));
}

fn legacy(frame: &mut Frame, area: Rect, r: &Record, p: &Theme, top: usize) {
    let block = pane(" legacy (the place marked ▶) ".to_string(), false, p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let last = r.legacy_start + r.legacy_lines.len();
    let width = digits(last);
    let rows = r
        .legacy_lines
        .iter()
        .enumerate()
        .skip(top)
        .take(usize::from(inner.height))
        .map(|(i, l)| {
            let n = r.legacy_start + i;
            let inside = r.place.is_some_and(|(a, b)| n >= a && n < b);
            let (mark, role) = if inside {
                ("▶", Role::Matched)
            } else {
                (" ", Role::Normal)
            };
            Line::from(vec![
                Span::styled(format!("{n:>width$}"), p.style(Role::LineNumber)),
                Span::styled(mark, p.style(Role::Matched)),
                Span::styled(escape(l.as_bytes()), p.style(role)),
            ])
        })
        .collect();
    put(frame, inner, rows, p.style(Role::Normal));
}

/// What the view showed the person, then the decision or the question.
pub fn decision_lines(app: &ReplayApp, r: &Record, p: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let shown = match (&r.strategy, r.confidence) {
        (Some(s), Some(c)) => format!(
            "{} · {s} {c:.2} · {}",
            r.status,
            r.explanation.as_deref().unwrap_or("")
        ),
        _ => r.status.clone(),
    };
    out.push(Line::from(Span::styled(
        format!("shown: {shown}"),
        p.style(Role::Normal),
    )));
    if !app.revealed() {
        let k = &app.keys;
        out.push(Line::from(Span::styled(
            format!(
                "the recorded decision is hidden: what would you do? {} accept · {} skip · {} edit · {} place by hand",
                k.label(Action::Accept),
                k.label(Action::Skip),
                k.label(Action::Edit),
                k.label(Action::Place)
            ),
            p.style(Role::Undecided),
        )));
        return out;
    }
    let role = match r.decision {
        crate::teach::record::Choice::Skip => Role::Skipped,
        crate::teach::record::Choice::Accept => Role::Accepted,
        _ => Role::Edited,
    };
    out.push(Line::from(Span::styled(
        format!("recorded decision: {}", r.decision.name()),
        p.style(role),
    )));
    if let Some(a) = app.answer() {
        let (word, role) = if a == r.decision {
            ("✓ match", Role::Accepted)
        } else {
            ("✗ mismatch", Role::Warning)
        };
        out.push(Line::from(Span::styled(
            format!("your decision: {} · {word}", a.name()),
            p.style(role),
        )));
    }
    out
}

/// The status line's words.
pub fn progress(app: &ReplayApp) -> String {
    let mut parts = vec![format!(
        "{} {}/{}",
        if app.quiz { "quiz" } else { "replay" },
        (app.current + 1).min(app.records.len()),
        app.records.len()
    )];
    if let Some(r) = app.record() {
        parts.push(format!(
            "{} {}",
            r.commit.chars().take(7).collect::<String>(),
            r.subject
        ));
        parts.push(format!("item {}/{}", r.item + 1, r.items));
    }
    if app.quiz {
        let s = app.score();
        parts.push(format!("score {}/{}", s.matched, s.answered));
    }
    parts.join(" · ")
}

/// The keys that work now, most wanted first.
fn hints(app: &ReplayApp) -> Vec<(String, String)> {
    let k = &app.keys;
    let mut hints = Vec::new();
    if app.quiz && !app.revealed() {
        hints.push((k.label(Action::Accept), "accept".to_string()));
        hints.push((k.label(Action::Skip), "skip".to_string()));
        hints.push((k.label(Action::Edit), "edit".to_string()));
    }
    for (action, word) in [
        (Action::NextHunk, "next"),
        (Action::PrevHunk, "previous"),
        (Action::Help, "help"),
        (Action::Quit, "quit"),
    ] {
        hints.push((k.label(action), word.to_string()));
    }
    hints
}
