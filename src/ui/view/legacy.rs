//! The legacy pane: the legacy file at the proposed place with the result
//! previewed in place. The first row says what the place is (or why there is
//! none); below, the file with line numbers, the lines that go (`-`), the
//! lines that come (`+`) and the lines ferry adapted to fit (`~`).

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{digits, focused, pane, put};
use crate::decide::Decision;
use crate::place::Status;
use crate::port::FileOutcome;
use crate::ui::app::{App, Mode, Pane};
use crate::ui::preview::RowKind;
use crate::ui::syntax::DocKey;
use crate::ui::text::{fit, spans};
use crate::ui::theme::Role;

/// The one-line summary above the file: the place, or why there is none.
pub fn banner(app: &App) -> (String, Role) {
    if let Mode::Place { cursor } = app.mode {
        return (
            format!(
                "placing by hand at line {}: move with j/k, {} to put it here, {} to cancel",
                cursor + 1,
                app.keys.label(crate::ui::keys::Action::Confirm),
                app.keys.label(crate::ui::keys::Action::Cancel)
            ),
            Role::Warning,
        );
    }
    let Some(plan) = app.plan() else {
        return (String::new(), Role::Dim);
    };
    let path =
        String::from_utf8_lossy(plan.legacy_path.as_deref().unwrap_or(&plan.path)).into_owned();
    match &plan.outcome {
        FileOutcome::Create(bytes) => (
            format!(
                "new file: accepting creates {path} ({} lines)",
                bytes.iter().filter(|&&b| b == b'\n').count()
            ),
            Role::Added,
        ),
        FileOutcome::Delete => (format!("accepting deletes {path}"), Role::Removed),
        FileOutcome::Unchanged => (
            "legacy already has this file as upstream makes it".into(),
            Role::Accepted,
        ),
        FileOutcome::Blocked(why) => (format!("blocked: {why}"), Role::Warning),
        FileOutcome::Modify => {
            let Some(h) = app.hunk_plan() else {
                return (String::new(), Role::Dim);
            };
            if let Decision::Custom(c) = app.decision() {
                let how = match c.kind {
                    crate::decide::CustomKind::Edited => "edited by hand",
                    crate::decide::CustomKind::Placed => "placed by hand",
                };
                return (
                    format!("{how} at line {}", c.span.start + 1),
                    Role::Accepted,
                );
            }
            match (h.status, app.shown()) {
                (Status::AlreadyApplied, _) => {
                    (format!("already applied: {}", h.note), Role::AlreadyApplied)
                }
                (_, None) => (
                    format!(
                        "{}: {} (p places it by hand)",
                        h.status.name(),
                        if h.note.is_empty() {
                            "no place found"
                        } else {
                            &h.note
                        }
                    ),
                    Role::Warning,
                ),
                (status, Some(c)) => {
                    let mut s = format!(
                        "place {}/{} · line {} · {} {:.2}",
                        app.viewed() + 1,
                        h.candidates.len(),
                        c.span.start + 1,
                        c.strategy.name(),
                        c.confidence
                    );
                    if let Some(sym) = &c.legacy_symbol {
                        s.push_str(&format!(" · in {sym}"));
                    }
                    let role = match status {
                        Status::Placed => Role::Accepted,
                        Status::NotApplicable => {
                            s = format!("not applicable: {} · {s}", h.note);
                            Role::NotApplicable
                        }
                        _ => {
                            s = format!("unplaced · {s}");
                            Role::Warning
                        }
                    };
                    (s, role)
                }
            }
        }
    }
}

/// Draws the pane; returns the inside where file rows are (below the banner).
pub fn render(frame: &mut Frame, area: Rect, app: &App) -> Rect {
    let p = &app.theme;
    let title = match app.plan() {
        Some(plan) => format!(
            " legacy: {} ",
            String::from_utf8_lossy(plan.legacy_path.as_deref().unwrap_or(&plan.path))
        ),
        None => " legacy ".to_string(),
    };
    let block = pane(title, focused(app, Pane::Legacy), p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return inner;
    }
    let (text, role) = banner(app);
    let mut rows = vec![Line::from(Span::styled(
        fit(&text, usize::from(inner.width)),
        p.style(role),
    ))];
    let body = Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let Some(plan) = app.plan() else {
        put(frame, inner, rows, p.style(Role::Normal));
        return body;
    };
    let legacy = &plan.legacy.lines;
    let height = usize::from(body.height);
    let top = app.legacy_top(body.height);
    let width = digits(legacy.len() + 1);
    let shown = app.shown();
    let item = app.item();
    if let Some(i) = item {
        let first = app.preview.row(top).map_or(0, |r| r.index);
        app.highlights
            .request(DocKey::Legacy(i.file), first..first + height);
        if let Some(c) = &shown {
            app.highlights.request(app.new_doc(), 0..c.lines.len());
        }
    }
    let cursor = match app.mode {
        Mode::Place { cursor } => Some(cursor),
        _ => None,
    };
    for r in top..top.saturating_add(height) {
        let Some(row) = app.preview.row(r) else {
            if cursor == Some(legacy.len()) && r == app.preview.len() {
                rows.push(Line::from(Span::styled(
                    format!("{:>width$} ▶ (end of file)", ""),
                    p.style(Role::Cursor),
                )));
            }
            break;
        };
        let (mark, role, number) = match row.kind {
            RowKind::Context => (' ', Role::Context, Some(row.index)),
            RowKind::Removed => ('-', Role::Removed, Some(row.index)),
            RowKind::Added => ('+', Role::Added, None),
            RowKind::Adapted => ('~', Role::Adapted, None),
        };
        let (bytes, hl) = match row.kind {
            RowKind::Context | RowKind::Removed => (
                legacy.get(row.index).map(Vec::as_slice).unwrap_or_default(),
                item.and_then(|i| app.highlights.spans(DocKey::Legacy(i.file), row.index)),
            ),
            RowKind::Added | RowKind::Adapted => (
                shown
                    .as_ref()
                    .and_then(|c| c.lines.get(row.index))
                    .map(Vec::as_slice)
                    .unwrap_or_default(),
                app.highlights.spans(app.new_doc(), row.index),
            ),
        };
        let at_cursor = cursor.is_some() && cursor == number;
        let style = if at_cursor {
            p.style(Role::Cursor)
        } else {
            p.style(role)
        };
        let gutter = match number {
            Some(n) => format!("{:>width$} ", n + 1),
            None => format!("{:>width$} ", ""),
        };
        let mut v = vec![
            Span::styled(gutter, p.style(Role::LineNumber)),
            Span::styled(
                if at_cursor {
                    "▶".to_string()
                } else {
                    mark.to_string()
                },
                style,
            ),
        ];
        v.extend(spans(bytes, hl.as_deref(), style));
        rows.push(Line::from(v));
    }
    put(frame, inner, rows, p.style(Role::Normal));
    body
}
