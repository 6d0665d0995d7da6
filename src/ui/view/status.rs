//! The status line: commit, progress in words, strategy, confidence and the
//! one-line explanation; below it the key hints for the mode (from the key
//! table) or the last message.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{put, short_id};
use crate::ui::app::{App, Mode, Note};
use crate::ui::keys::{Action, Context};
use crate::ui::text::fit;
use crate::ui::theme::{Role, Theme};

/// The progress line's words.
pub fn progress(app: &App) -> String {
    let t = app.decisions.tally();
    let (pos, len) = app.review.position;
    let mut parts = vec![
        if len > 1 {
            format!("{} {pos}/{len}", short_id(app))
        } else {
            short_id(app)
        },
        format!("hunk {}/{}", app.current + 1, app.items.len()),
        format!("{} accepted", t.accepted),
    ];
    if t.custom > 0 {
        parts.push(format!("{} edited", t.custom));
    }
    parts.push(format!("{} skipped", t.skipped));
    if t.undecided > 0 {
        parts.push(format!("{} undecided", t.undecided));
    }
    match app.shown() {
        Some(c) => {
            parts.push(format!("{} {:.2}", c.strategy.name(), c.confidence));
            parts.push(c.explanation.clone());
        }
        None => {
            if let Some(h) = app.hunk_plan() {
                parts.push(h.status.name().to_string());
                if !h.note.is_empty() {
                    parts.push(h.note.clone());
                }
            }
        }
    }
    parts.join(" · ")
}

/// The hints for the mode: (key, word) pairs from the key table.
pub fn hints(app: &App) -> Vec<(String, String)> {
    let k = &app.keys;
    let own = |list: Vec<(String, &'static str)>| -> Vec<(String, String)> {
        list.into_iter().map(|(a, b)| (a, b.to_string())).collect()
    };
    match app.mode {
        Mode::Normal => own(k.hints(Context::Review)),
        Mode::Edit(_) | Mode::Message(_) => {
            let mut h = own(k.hints(Context::Editor));
            h.push((k.label(Action::Cancel), "cancel".into()));
            h
        }
        Mode::Place { .. } => vec![
            (
                format!("{}/{}", k.label(Action::Down), k.label(Action::Up)),
                "move".into(),
            ),
            (k.label(Action::Confirm), "place here".into()),
            (k.label(Action::Cancel), "cancel".into()),
        ],
        Mode::Help | Mode::Explain => vec![
            (
                format!("{}/{}", k.label(Action::Down), k.label(Action::Up)),
                "scroll".into(),
            ),
            (k.label(Action::Cancel), "close".into()),
        ],
    }
}

/// Draws the status lines in `area` (one or two rows).
pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    bar(
        frame,
        area,
        &app.theme,
        &progress(app),
        app.note.as_ref(),
        hints(app),
    );
}

/// The status bar every screen shares: the progress line, then a note or
/// the key hints that fit (one row shows the note if there is one).
pub(crate) fn bar(
    frame: &mut Frame,
    area: Rect,
    p: &Theme,
    progress: &str,
    note: Option<&Note>,
    hints: Vec<(String, String)>,
) {
    if area.height == 0 {
        return;
    }
    let width = usize::from(area.width);
    let status = p.style(Role::StatusBar);
    let mut lines = Vec::new();
    if area.height >= 2 || note.is_none() {
        lines.push(Line::from(Span::styled(fit(progress, width), status)));
    }
    if area.height >= 2 || note.is_some() {
        lines.push(match note {
            Some(n) => Line::from(Span::styled(
                fit(&n.text, width),
                p.style(if n.warning {
                    Role::Warning
                } else {
                    Role::Normal
                }),
            )),
            None => {
                let mut spans = Vec::new();
                let mut used = 0;
                for (key, word) in hints {
                    let w = key.chars().count() + word.chars().count() + 3;
                    if used + w > width {
                        break;
                    }
                    used += w;
                    spans.push(Span::styled(key, p.style(Role::StatusKey)));
                    spans.push(Span::styled(format!(" {word}  "), p.style(Role::Dim)));
                }
                Line::from(spans)
            }
        });
    }
    put(frame, area, lines, status);
}
