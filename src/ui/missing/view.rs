//! Drawing the missing-commits list: one row per commit (id, verdict,
//! markers, subject), and below, the selected commit's details and its
//! prerequisites. Nothing here may panic at any size.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{Focus, MissingApp, MissingMode};
use crate::history::{FixReason, MissingCommit, PrereqKind, VerdictKind};
use crate::ui::keys::{Action, Context};
use crate::ui::text::escape;
use crate::ui::theme::Role;
use crate::ui::view::list::list_top;
use crate::ui::view::{self, pane, put, Chrome};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &mut MissingApp) {
    let chrome = Chrome {
        theme: &app.theme,
        keys: &app.keys,
        contexts: &[Context::Missing, Context::Review, Context::Dialog],
        progress: progress(app),
        note: app.note.as_ref(),
        hints: hints(app),
        help: app.mode == MissingMode::Help,
    };
    let Some(body) = view::chrome(frame, chrome, &mut app.overlay_top) else {
        return;
    };
    let [upper, lower] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
    commits(frame, upper, app);
    details(frame, lower, app);
}

/// The verdict column's words for a commit.
pub fn verdict_words(c: &MissingCommit) -> String {
    if c.error.is_some() {
        return "error".to_string();
    }
    let Some(v) = &c.verdict else {
        return "-".to_string();
    };
    match v.verdict {
        VerdictKind::Adapt => {
            let mut s = format!("adapt {}/{}", v.adapted, v.hunks);
            if let Some(conf) = v.min_confidence {
                s.push_str(&format!(" {conf:.2}"));
            }
            s
        }
        k => k.name().to_string(),
    }
}

fn verdict_role(c: &MissingCommit) -> Role {
    match c.verdict.as_ref().map(|v| v.verdict) {
        _ if c.error.is_some() => Role::Error,
        Some(VerdictKind::Clean) => Role::Accepted,
        Some(VerdictKind::Adapt) => Role::Adapted,
        Some(VerdictKind::NeedsPerson) => Role::Warning,
        Some(VerdictKind::Absent) => Role::NotApplicable,
        Some(VerdictKind::Applied) => Role::AlreadyApplied,
        None => Role::Dim,
    }
}

/// The markers column: `F` a fix (Fixes:, revert or CVE), `S` part of a
/// series, `P` prerequisites legacy lacks.
pub fn markers(c: &MissingCommit) -> String {
    let open = c
        .prerequisites
        .iter()
        .any(|h| h.commits.iter().any(|p| !p.carried));
    [
        (!c.fixes.is_empty() || !c.cves.is_empty(), 'F'),
        (c.series.is_some(), 'S'),
        (open, 'P'),
    ]
    .iter()
    .map(|&(on, m)| if on { m } else { ' ' })
    .collect()
}

/// One row of the commit list, as text.
pub fn row_text(c: &MissingCommit) -> String {
    format!(
        "{:<10} {:<17} {} {}",
        c.short,
        verdict_words(c),
        markers(c),
        escape(c.subject.as_bytes())
    )
}

fn commits(frame: &mut Frame, area: Rect, app: &MissingApp) {
    let p = &app.theme;
    let r = &app.report;
    let title = format!(
        " {} missing, {} match, {} listed (oldest first) ",
        r.missing,
        r.matching,
        r.commits.len()
    );
    let block = pane(title, app.focus == Focus::Commits, p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    if r.commits.is_empty() {
        let line = Line::from(Span::styled(
            "nothing missing: legacy carries every upstream commit the filters keep",
            p.style(Role::Dim),
        ));
        put(frame, inner, vec![line], p.style(Role::Normal));
        return;
    }
    let top = list_top(app.selected, height, r.commits.len());
    let rows = r
        .commits
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, c)| {
            let selected = i == app.selected;
            let base = if selected {
                Role::Selected
            } else {
                Role::Normal
            };
            let mark = if selected { "▶ " } else { "  " };
            let mut style = p.style(verdict_role(c));
            if selected {
                style = style.patch(p.style(Role::Selected));
            }
            Line::from(vec![
                Span::styled(mark, p.style(base)),
                Span::styled(format!("{:<10} ", c.short), p.style(base)),
                Span::styled(format!("{:<17} ", verdict_words(c)), style),
                Span::styled(format!("{} ", markers(c)), p.style(Role::Warning)),
                Span::styled(escape(c.subject.as_bytes()), p.style(base)),
            ])
        })
        .collect();
    put(frame, inner, rows, p.style(Role::Normal));
}

fn short(id: &str) -> &str {
    id.get(..10).unwrap_or(id)
}

/// The selected commit's details, then its prerequisites; the index of
/// the first prerequisite row.
pub fn detail_lines(app: &MissingApp) -> (Vec<Line<'static>>, usize) {
    let p = &app.theme;
    let mut out = Vec::new();
    let Some(c) = app.commit() else {
        return (out, 0);
    };
    let dim = p.style(Role::Dim);
    out.push(Line::from(vec![
        Span::styled(short(&c.id).to_string(), p.style(Role::Title)),
        Span::raw(" "),
        Span::styled(escape(c.subject.as_bytes()), p.style(Role::Normal)),
        Span::styled(format!(" · {}", escape(c.author.as_bytes())), dim),
    ]));
    if let Some(v) = &c.verdict {
        let mut s = format!("verdict: {} · {} hunks", v.verdict.name(), v.hunks);
        for (n, word) in [
            (v.adapted, "adapted"),
            (v.unplaced, "unplaced"),
            (v.absent, "absent"),
            (v.applied, "applied"),
        ] {
            if n > 0 {
                s.push_str(&format!(", {n} {word}"));
            }
        }
        if let Some(conf) = v.min_confidence {
            s.push_str(&format!(" · min confidence {conf:.2}"));
        }
        out.push(Line::from(Span::styled(s, p.style(verdict_role(c)))));
    }
    if let Some(e) = &c.error {
        out.push(Line::from(Span::styled(
            format!("error: {}", escape(e.as_bytes())),
            p.style(Role::Error),
        )));
    }
    let fixes: Vec<String> = c
        .fixes
        .iter()
        .map(|f| match f {
            FixReason::Fixes { id, on } => format!("fixes {} ({on})", short(id)),
            FixReason::Reverts { id, on } => format!("reverts {} ({on})", short(id)),
            FixReason::Cve { id } => escape(id.as_bytes()),
        })
        .collect();
    if !fixes.is_empty() {
        out.push(Line::from(Span::styled(
            format!("fix: {}", fixes.join("; ")),
            p.style(Role::Warning),
        )));
    }
    if let Some(s) = &c.series {
        let with: Vec<&str> = s.with.iter().map(|w| short(w)).collect();
        out.push(Line::from(Span::styled(
            format!(
                "series: {} ({})",
                escape(s.reason.as_bytes()),
                with.join(", ")
            ),
            p.style(Role::Warning),
        )));
    }
    let prereqs = app.prereqs();
    if prereqs.is_empty() {
        out.push(Line::from(Span::styled(
            "no prerequisites legacy lacks",
            dim,
        )));
        let n = out.len();
        return (out, n);
    }
    out.push(Line::from(Span::styled(
        format!("prerequisites ({}):", prereqs.len()),
        p.style(Role::Title),
    )));
    let first = out.len();
    for (i, q) in prereqs.iter().enumerate() {
        let selected = app.focus == Focus::Prereqs && i == app.prereq;
        let base = if selected {
            Role::Selected
        } else {
            Role::Normal
        };
        let kind = match q.kind {
            PrereqKind::Likely => "likely",
            PrereqKind::Incidental => "incidental",
        };
        out.push(Line::from(vec![
            Span::styled(if selected { "▶ " } else { "  " }, p.style(base)),
            Span::styled(format!("{kind:<10} "), p.style(Role::Warning)),
            Span::styled(format!("{} ", short(&q.id)), p.style(base)),
            Span::styled(escape(q.subject.as_bytes()), p.style(base)),
            Span::styled(format!(" ({})", escape(q.why.as_bytes())), dim),
        ]));
    }
    (out, first)
}

fn details(frame: &mut Frame, area: Rect, app: &MissingApp) {
    let p = &app.theme;
    let block = pane(
        " selected commit ".to_string(),
        app.focus == Focus::Prereqs,
        p,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (lines, first) = detail_lines(app);
    let height = usize::from(inner.height);
    // Keep the selected prerequisite in sight.
    let want = first + app.prereq + 1;
    let top = if app.focus == Focus::Prereqs && want > height {
        want - height
    } else {
        0
    };
    let rows = lines.into_iter().skip(top).collect();
    put(frame, inner, rows, p.style(Role::Normal));
}

/// The status line's words.
pub fn progress(app: &MissingApp) -> String {
    let r = &app.report;
    format!(
        "missing {}/{} · HEAD {} against {} {}",
        (app.selected + 1).min(r.commits.len()),
        r.commits.len(),
        short(&r.legacy),
        escape(app.upstream.as_bytes()),
        short(&r.upstream)
    )
}

/// The keys that work now, most wanted first.
fn hints(app: &MissingApp) -> Vec<(String, String)> {
    let k = &app.keys;
    let port = match app.focus {
        Focus::Commits => "port",
        Focus::Prereqs => "port prerequisite",
    };
    let list = match app.focus {
        Focus::Commits => "prerequisites",
        Focus::Prereqs => "commits",
    };
    [
        (Action::Start, port),
        (Action::SwitchList, list),
        (Action::Down, "down"),
        (Action::Help, "help"),
        (Action::Quit, "quit"),
    ]
    .into_iter()
    .map(|(a, w)| (k.label(a), w.to_string()))
    .collect()
}
