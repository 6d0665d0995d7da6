//! The upstream pane: the hunk with its file, enclosing function and commit,
//! added and removed lines marked, syntax highlighted when ready.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{digits, focused, pane, put, short_id};
use crate::patch::{Hunk, LineKind};
use crate::text::visible::has_bidi;
use crate::ui::app::{App, Pane};
use crate::ui::syntax::DocKey;
use crate::ui::text::{escape, spans};
use crate::ui::theme::Role;

/// Draws the pane; returns its inside.
pub fn render(frame: &mut Frame, area: Rect, app: &App) -> Rect {
    let block = pane(
        " upstream ".to_string(),
        focused(app, Pane::Upstream),
        &app.theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let p = &app.theme;
    let item = app.item();
    let file = item.and_then(|i| app.review.commit.files.get(i.file));
    let path = escape(
        file.map(|f| f.display_path(1))
            .unwrap_or_default()
            .as_bytes(),
    );
    let hunk = app.hunk();
    let symbol = app
        .hunk_plan()
        .and_then(|h| h.upstream_symbol.clone())
        .map(|s| escape(s.as_bytes()));
    let subject = app
        .review
        .commit
        .meta
        .as_ref()
        .map(|m| m.subject.clone())
        .unwrap_or_default();
    let hunks: Vec<&Hunk> = match (hunk, file) {
        (Some(h), _) => vec![h],
        (None, Some(f)) => f.hunks.iter().collect(),
        _ => Vec::new(),
    };
    // Trojan Source: say so next to the hunk, not only in the escaped line.
    let bidi = hunks
        .iter()
        .any(|h| h.lines.iter().any(|l| has_bidi(&l.content)));
    let mut path_line = vec![Span::styled(path, p.style(Role::Title))];
    if bidi {
        path_line.push(Span::styled(
            "  ⚠ bidi control characters: the code may read differently than it runs",
            p.style(Role::Warning),
        ));
    }
    let mut rows: Vec<Line<'static>> = Vec::new();
    let top = app.upstream_top;
    let height = usize::from(inner.height);
    let header = [
        Line::from(path_line),
        Line::from(match hunk {
            Some(h) => {
                let at = escape(h.header.strip_suffix(b"\n").unwrap_or(&h.header));
                let head = at.split("@@").take(2).collect::<Vec<_>>().join("@@");
                let mut v = vec![Span::styled(format!("{head}@@"), p.style(Role::Dim))];
                if let Some(s) = symbol {
                    v.push(Span::styled(format!(" in {s}"), p.style(Role::Normal)));
                }
                v
            }
            None => vec![Span::styled(
                file.map_or(0, |f| f.hunks.len()).to_string() + " hunk(s), whole file",
                p.style(Role::Dim),
            )],
        }),
        Line::from(Span::styled(
            format!("{} {}", short_id(app), escape(subject.as_bytes())),
            p.style(Role::Dim),
        )),
    ];
    // Pre-image line numbers, as the legacy pane numbers its lines; added
    // lines have none.
    let lines: Vec<(Option<usize>, &crate::patch::HunkLine, usize)> = hunks
        .iter()
        .flat_map(|h| {
            let mut old = h.old_start;
            h.lines.iter().enumerate().map(move |(i, l)| {
                let n = match l.kind {
                    LineKind::Added => None,
                    LineKind::Removed | LineKind::Context => {
                        old += 1;
                        Some(old - 1)
                    }
                };
                (n, l, i)
            })
        })
        .collect();
    let width = digits(lines.iter().filter_map(|(n, _, _)| *n).max().unwrap_or(1));
    let doc = item.map(DocKey::Upstream);
    if let Some(doc) = doc {
        let first = top.saturating_sub(header.len());
        app.highlights.request(doc, first..first + height);
    }
    let header_len = header.len();
    rows.extend(header.into_iter().skip(top).take(height));
    for (n, l, i) in lines
        .iter()
        .skip(top.saturating_sub(header_len))
        .take(height.saturating_sub(rows.len()))
    {
        let (mark, role) = match l.kind {
            LineKind::Added => ('+', Role::Added),
            LineKind::Removed => ('-', Role::Removed),
            LineKind::Context => (' ', Role::Context),
        };
        let style = p.style(role);
        let hl = match (doc, hunks.len()) {
            (Some(d), 1) => app.highlights.spans(d, *i),
            _ => None,
        };
        let mut v = vec![
            Span::styled(
                match n {
                    Some(n) => format!("{n:>width$} "),
                    None => format!("{:>width$} ", ""),
                },
                p.style(Role::LineNumber),
            ),
            Span::styled(mark.to_string(), style),
        ];
        v.extend(spans(&l.content, hl.as_deref(), style));
        rows.push(Line::from(v));
    }
    put(frame, inner, rows, p.style(Role::Normal));
    inner
}
