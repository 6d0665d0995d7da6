//! Drawing the review screen: the pair list (wide screens, or toggled), the
//! upstream hunk beside what the backport did, and below them the pair's
//! class, note, renames, verdict and word difference. Renames and
//! re-indentation are drawn apart from real differences so the eye goes to
//! the differences. Nothing here may panic at any size.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{ReviewApp, ReviewMode};
use crate::review::{pair_place, Class, LineRole, Mark, ReviewPair, Side, Tag, WordLine};
use crate::ui::keys::{Action, Context};
use crate::ui::text::{escape, fit};
use crate::ui::theme::{Role, Theme};
use crate::ui::view::{self, digits, editor, pane, put, Chrome};

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &mut ReviewApp) {
    let chrome = Chrome {
        theme: &app.theme,
        keys: &app.keys,
        contexts: &[
            Context::Verdict,
            Context::Review,
            Context::Dialog,
            Context::Editor,
        ],
        progress: progress(app),
        note: app.note.as_ref(),
        hints: hints(app),
        help: app.mode == ReviewMode::Help,
    };
    let Some(body) = view::chrome(frame, chrome, &mut app.overlay_top) else {
        return;
    };
    let area = frame.area();
    let panes = if app.list_visible(area.width) && body.width >= 40 {
        let width = (body.width / 3).clamp(20, 44);
        let [list_area, panes] =
            Layout::horizontal([Constraint::Length(width), Constraint::Min(0)]).areas(body);
        list(frame, list_area, app);
        panes
    } else {
        body
    };
    let Some(pair) = app.review.pairs.get(app.current) else {
        put(
            frame,
            panes,
            vec![Line::from(
                "the backport and upstream have no changes to pair",
            )],
            app.theme.style(Role::Normal),
        );
        return;
    };
    let about = about_lines(pair, &app.theme);
    let below = u16::try_from(about.len() + 2)
        .unwrap_or(u16::MAX)
        .min(panes.height / 2)
        .max(panes.height.min(3));
    let [sides, lower] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(below)]).areas(panes);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(sides);
    let p = &app.theme;
    let up_title = match &pair.upstream {
        Some(s) => format!(" upstream {} ", s.header),
        None => " upstream ".to_string(),
    };
    let sides_focused = !app.below_focused;
    let inner = side(
        frame,
        left,
        p,
        sides_focused,
        up_title,
        pair.upstream.as_ref(),
        "upstream has no such change: the backport made it on its own",
        app.top,
    );
    app.page = usize::from(inner.height.max(2) - 1);
    let back_title = match &pair.backport {
        Some(s) => format!(
            " backport {} line {} ",
            String::from_utf8_lossy(&s.path),
            s.old_start
        ),
        None => " backport ".to_string(),
    };
    let nothing = match pair.class {
        Class::AlreadyPresent => "legacy had this change before the backport: nothing to carry",
        _ => "the backport does not carry this change",
    };
    side(
        frame,
        right,
        p,
        sides_focused,
        back_title,
        pair.backport.as_ref(),
        nothing,
        app.top,
    );
    match &app.mode {
        ReviewMode::Note(e) => {
            editor::render(frame, lower, p, e, " note (ctrl-s keeps it, esc drops it) ");
        }
        _ => {
            let block = pane(
                format!(
                    " pair {}/{}: {} ",
                    app.current + 1,
                    app.review.pairs.len(),
                    pair.class.name()
                ),
                app.below_focused,
                p,
            );
            let inner = block.inner(lower);
            frame.render_widget(block, lower);
            let rows = about.len();
            app.below_top = app
                .below_top
                .min(rows.saturating_sub(usize::from(inner.height)));
            let shown = about.into_iter().skip(app.below_top).collect();
            put(frame, inner, shown, p.style(Role::Normal));
        }
    }
}

/// The role style of a class in the list.
fn class_role(class: Class) -> Role {
    match class {
        Class::Identical | Class::Relocated => Role::Accepted,
        Class::Adapted => Role::Adapted,
        Class::AlreadyPresent => Role::AlreadyApplied,
        Class::Missing | Class::Extra => Role::Warning,
    }
}

/// A verdict in one word.
pub fn verdict_word(pair: &ReviewPair) -> &'static str {
    match pair.verdict.as_ref().map(|v| v.mark) {
        Some(Mark::Fine) => "fine",
        Some(Mark::Questionable) => "question",
        None => "-",
    }
}

/// One list row: number, verdict, class, file and hunk.
pub fn row_text(index: usize, pair: &ReviewPair) -> String {
    let place = pair_place(pair);
    let place = place.rsplit('/').next().unwrap_or(&place).to_string();
    format!(
        "{:>2} {:<8} {:<15} {place}",
        index + 1,
        verdict_word(pair),
        pair.class.name()
    )
}

fn list(frame: &mut Frame, area: Rect, app: &ReviewApp) {
    let p = &app.theme;
    let block = pane(format!(" pairs ({}) ", app.review.pairs.len()), false, p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    let len = app.review.pairs.len();
    let top = if height == 0 || len <= height {
        0
    } else {
        app.current.saturating_sub(height / 2).min(len - height)
    };
    let width = usize::from(inner.width);
    let rows = app
        .review
        .pairs
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, pair)| {
            let role = if i == app.current {
                Role::Selected
            } else {
                class_role(pair.class)
            };
            Line::from(Span::styled(fit(&row_text(i, pair), width), p.style(role)))
        })
        .collect();
    put(frame, inner, rows, p.style(Role::Normal));
}

/// Draws one side; returns its inside.
#[allow(clippy::too_many_arguments)]
fn side(
    frame: &mut Frame,
    area: Rect,
    p: &Theme,
    focused: bool,
    title: String,
    side: Option<&Side>,
    nothing: &str,
    top: usize,
) -> Rect {
    let block = pane(title, focused, p);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(side) = side else {
        put(
            frame,
            inner,
            vec![Line::from(Span::styled(
                nothing.to_string(),
                p.style(Role::Dim),
            ))],
            p.style(Role::Normal),
        );
        return inner;
    };
    // Numbers in the file before the change, as the pick view numbers the
    // upstream hunk; added lines have none.
    let width = digits(
        side.lines
            .iter()
            .filter_map(|l| l.old_line)
            .max()
            .unwrap_or(1),
    );
    let rows = side
        .lines
        .iter()
        .skip(top)
        .take(usize::from(inner.height))
        .map(|l| {
            let (mark, role) = match l.role {
                LineRole::Added => ('+', Role::Added),
                LineRole::Removed => ('-', Role::Removed),
                LineRole::Context => (' ', Role::Context),
            };
            let n = match l.role {
                LineRole::Added => None,
                _ => l.old_line,
            };
            Line::from(vec![
                Span::styled(
                    match n {
                        Some(n) => format!("{n:>width$} "),
                        None => format!("{:>width$} ", ""),
                    },
                    p.style(Role::LineNumber),
                ),
                Span::styled(format!("{mark}{}", escape(&l.text)), p.style(role)),
            ])
        })
        .collect();
    put(frame, inner, rows, p.style(Role::Normal));
    inner
}

/// The lines under the sides: where, why, renames, the verdict and the
/// word difference.
pub fn about_lines(pair: &ReviewPair, p: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(vec![
        Span::styled(
            format!("{} ", pair.class.name()),
            p.style(class_role(pair.class)),
        ),
        Span::styled(
            format!("{}: {}", pair_place(pair), pair.note),
            p.style(Role::Normal),
        ),
    ])];
    if !pair.renames.is_empty() {
        let names: Vec<String> = pair
            .renames
            .iter()
            .map(|r| format!("{} → {}", r.from, r.to))
            .collect();
        out.push(Line::from(Span::styled(
            format!("renamed: {}", names.join(", ")),
            p.style(Role::Adapted),
        )));
    }
    if !pair.unapplied_renames.is_empty() {
        let names: Vec<String> = pair
            .unapplied_renames
            .iter()
            .map(|r| format!("{} (legacy: {})", r.from, r.to))
            .collect();
        out.push(Line::from(Span::styled(
            format!("still upstream's names: {}", names.join(", ")),
            p.style(Role::Warning),
        )));
    }
    match &pair.verdict {
        Some(v) => {
            let (word, role) = match v.mark {
                Mark::Fine => ("fine", Role::Accepted),
                Mark::Questionable => ("questionable", Role::Warning),
            };
            let mut spans = vec![Span::styled(format!("verdict: {word}"), p.style(role))];
            if !v.note.is_empty() {
                let note = v.note.lines().collect::<Vec<_>>().join(" / ");
                spans.push(Span::styled(format!(" · {note}"), p.style(Role::Normal)));
            }
            out.push(Line::from(spans));
        }
        None => out.push(Line::from(Span::styled(
            "verdict: none yet",
            p.style(Role::Dim),
        ))),
    }
    if !pair.words.is_empty() {
        out.push(Line::from(Span::styled(
            "difference ([-upstream-]{+backport+}; renames and whitespace marked apart):",
            p.style(Role::Title),
        )));
        out.extend(pair.words.iter().map(|w| word_line(w, p)));
    }
    out
}

/// One line of the word difference.
pub fn word_line(w: &WordLine, p: &Theme) -> Line<'static> {
    let (mark, base) = match w.role {
        LineRole::Removed => ("- ", Role::Removed),
        _ => ("+ ", Role::Added),
    };
    let mut spans = vec![Span::styled(mark, p.style(base))];
    if w.segments.iter().any(|s| s.tag == Tag::Reindented) {
        spans.push(Span::styled("[re-indented] ", p.style(Role::Dim)));
    }
    for s in &w.segments {
        let (u, b) = (escape(&s.upstream), escape(&s.backport));
        match s.tag {
            Tag::Same => spans.push(Span::styled(u, p.style(Role::Normal))),
            Tag::Renamed => spans.push(Span::styled(format!("{u}→{b}"), p.style(Role::Adapted))),
            Tag::Reindented => spans.push(Span::styled(b, p.style(Role::Dim))),
            Tag::Differs => {
                if !u.is_empty() {
                    spans.push(Span::styled(format!("[-{u}-]"), p.style(Role::Removed)));
                }
                if !b.is_empty() {
                    spans.push(Span::styled(format!("{{+{b}+}}"), p.style(Role::Added)));
                }
            }
        }
    }
    Line::from(spans)
}

/// The status line's words.
pub fn progress(app: &ReviewApp) -> String {
    let (fine, questionable, open) = app.tally();
    let mut parts = vec![
        format!("review {}", app.review.backport.short),
        format!(
            "pair {}/{}",
            (app.current + 1).min(app.review.pairs.len()),
            app.review.pairs.len()
        ),
    ];
    if let Some(p) = app.pair() {
        parts.push(p.class.name().to_string());
    }
    parts.push(format!("{fine} fine"));
    parts.push(format!("{questionable} questionable"));
    parts.push(format!("{open} open"));
    parts.join(" · ")
}

/// The key hints of the mode, from the key table.
pub fn hints(app: &ReviewApp) -> Vec<(String, String)> {
    let k = &app.keys;
    match app.mode {
        ReviewMode::Normal => {
            let mut h: Vec<(String, String)> = k
                .hints(Context::Verdict)
                .into_iter()
                .map(|(a, b)| (a, b.to_string()))
                .collect();
            for a in [
                Action::NextHunk,
                Action::Help,
                Action::Quit,
                Action::SwitchPane,
            ] {
                let word = match a {
                    Action::SwitchPane => "scroll the other pane",
                    _ => a.entry().hint.unwrap_or(""),
                };
                h.push((k.label(a), word.to_string()));
            }
            h
        }
        ReviewMode::Note(_) => vec![
            (k.label(Action::EditorSave), "keep".into()),
            (k.label(Action::Cancel), "cancel".into()),
        ],
        ReviewMode::Help => vec![(k.label(Action::Cancel), "close".into())],
    }
}
