//! The explain view: why the shown place. The strategy and confidence, the
//! upstream symbol and the legacy symbol it matched, the adaptations in
//! words, the measurements, every candidate with its score, and the matched
//! lines highlighted on both sides (upstream's pre-image, the legacy lines).

use std::collections::HashMap;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::{pane, put};
use crate::patch::LineKind;
use crate::place::{Adaptation, How};
use crate::ui::app::App;
use crate::ui::text::escape;
use crate::ui::theme::{Role, Theme};

/// An indentation prefix in words.
fn indent_words(s: &str) -> String {
    if s.is_empty() {
        return "no indentation".into();
    }
    let tabs = s.chars().filter(|&c| c == '\t').count();
    let spaces = s.chars().filter(|&c| c == ' ').count();
    match (tabs, spaces) {
        (0, n) => format!("{n} space{}", if n == 1 { "" } else { "s" }),
        (n, 0) => format!("{n} tab{}", if n == 1 { "" } else { "s" }),
        (t, n) => format!("{t} tab(s) and {n} space(s)"),
    }
}

/// An adaptation in words.
pub fn adaptation_words(a: &Adaptation) -> String {
    let lines = |n: usize| format!("{n} line{}", if n == 1 { "" } else { "s" });
    let blanks = |n: usize| match n {
        1 => "the blank line".to_string(),
        n => format!("{n} blank lines"),
    };
    match a {
        Adaptation::KeptLegacyContext { count } => {
            format!("kept legacy's own version of {} of context", lines(*count))
        }
        Adaptation::KeptExtraLines { count } => {
            format!("kept {} legacy has inside the place", lines(*count))
        }
        Adaptation::MissingContext { count } => {
            format!(
                "{} of upstream context missing in legacy (left out)",
                lines(*count)
            )
        }
        Adaptation::ReplacedDrifted { count } => {
            format!("replaced {} legacy has in another form", lines(*count))
        }
        Adaptation::MissingRemoved { count } => {
            format!(
                "{} the hunk removes not in legacy (nothing to remove)",
                lines(*count)
            )
        }
        Adaptation::MergedWords { count } => format!(
            "merged upstream's edit word by word into legacy's version of {}",
            lines(*count)
        ),
        Adaptation::AlreadyPresent { count } => {
            format!("left out {} legacy already has there", lines(*count))
        }
        Adaptation::KeptNewerNumbers { count } => format!(
            "kept {} whose numbers legacy already has as high as upstream's new ones",
            lines(*count)
        ),
        Adaptation::ReorderedUse { count } => format!(
            "put the names of {} `use` list(s) in the order legacy's rustfmt keeps",
            count
        ),
        Adaptation::BranchIdiom { count } => format!(
            "wrote {} as legacy writes the same line elsewhere",
            lines(*count)
        ),
        Adaptation::BranchCall { count } => format!(
            "wrote {} the way legacy writes calls of the same shape",
            lines(*count)
        ),
        Adaptation::CarriedBlank { count } => format!(
            "kept {} upstream puts after the added lines",
            blanks(*count)
        ),
        Adaptation::CarriedContext { count } => format!(
            "wrote {} of upstream's context as upstream has it",
            lines(*count)
        ),
        Adaptation::KeptBlank { count } => format!(
            "kept {} upstream removes: legacy's own lines above still need it",
            blanks(*count)
        ),
        Adaptation::KeptKeyword { count } => format!(
            "kept {} with a version-control keyword as legacy has it: the branch stamps its own",
            lines(*count)
        ),
        Adaptation::DroppedBlank { count } => format!(
            "left out {} that would have stood right before the end of a block",
            blanks(*count)
        ),
        Adaptation::RemovedWithBlock { count } => format!(
            "removed {} only legacy has, in or above the block the hunk removes",
            lines(*count)
        ),
        Adaptation::MergedImport { count } => format!(
            "replaced {} importing part of what an added import line does",
            lines(*count)
        ),
        Adaptation::AppendedAfterLegacy { count } => format!(
            "put the added lines after legacy's own {} there",
            lines(*count)
        ),
        Adaptation::AlignedContinuation { count } => format!(
            "lined up {} continuing a bracket as legacy's lint wants",
            lines(*count)
        ),
        Adaptation::Reindented { from, to } => {
            format!(
                "re-indented: {} became {}",
                indent_words(from),
                indent_words(to)
            )
        }
        Adaptation::Renamed { from, to } => format!("renamed {from} to {to} (as legacy names it)"),
        Adaptation::LineEndings { crlf: true } => "gave the added lines CRLF endings".into(),
        Adaptation::LineEndings { crlf: false } => "gave the added lines LF endings".into(),
    }
}

fn heading(p: &Theme, s: &str) -> Line<'static> {
    Line::from(Span::styled(escape(s.as_bytes()), p.style(Role::Title)))
}

fn text(p: &Theme, s: String) -> Line<'static> {
    Line::from(Span::styled(escape(s.as_bytes()), p.style(Role::Normal)))
}

/// The view's lines.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let p = &app.theme;
    let mut out = Vec::new();
    let (state, decision) = app.item().map_or(("", ""), |i| app.item_state(i));
    let path = app
        .plan()
        .map(|pl| String::from_utf8_lossy(&pl.path).into_owned())
        .unwrap_or_default();
    out.push(heading(
        p,
        &format!(
            "hunk {}/{} · {path} · {state} · {decision}",
            app.current + 1,
            app.items.len()
        ),
    ));
    let Some(h) = app.hunk_plan() else {
        out.push(text(p, "a whole-file change: nothing was placed".into()));
        return out;
    };
    let shown = app.shown();
    match &shown {
        Some(c) => {
            out.push(text(
                p,
                format!(
                    "strategy: {} · confidence {:.2}{}",
                    c.strategy.name(),
                    c.confidence,
                    if c.ambiguous {
                        " · ambiguous: another place fits about as well"
                    } else {
                        ""
                    }
                ),
            ));
            out.push(text(p, format!("why: {}", c.explanation)));
        }
        None => out.push(text(
            p,
            format!(
                "{}: {}",
                h.status.name(),
                if h.note.is_empty() {
                    "no place found"
                } else {
                    &h.note
                }
            ),
        )),
    }
    if !h.note.is_empty() && shown.is_some() {
        out.push(text(p, format!("note: {}", h.note)));
    }
    out.push(text(
        p,
        format!(
            "upstream symbol: {}  →  legacy symbol: {}",
            h.upstream_symbol.as_deref().unwrap_or("(none)"),
            shown
                .as_ref()
                .and_then(|c| c.legacy_symbol.as_deref())
                .unwrap_or("(none)")
        ),
    ));
    if let Some(c) = &shown {
        out.push(Line::default());
        out.push(heading(p, "adaptations"));
        if c.adaptations.is_empty() {
            out.push(text(
                p,
                "  none: the hunk goes in as upstream wrote it".into(),
            ));
        }
        for a in &c.adaptations {
            out.push(Line::from(Span::styled(
                format!("  {}", adaptation_words(a)),
                p.style(Role::Adapted),
            )));
        }
        if !c.missing_names.is_empty() {
            out.push(Line::from(Span::styled(
                format!(
                    "  names the added lines use that legacy lacks: {}",
                    c.missing_names.join(", ")
                ),
                p.style(Role::Warning),
            )));
        }
        let q = &c.quality;
        out.push(Line::default());
        out.push(heading(p, "measurements"));
        out.push(text(
            p,
            format!(
                "  match ratio {:.2} · removed lines sure {}/{}, fuzzy {} · context drifted {}/{} · extra legacy lines {}{}{}",
                q.ratio, q.removed_sure, q.removed, q.removed_fuzzy, q.context_drifted, q.context, q.extra,
                if q.in_symbol { " · inside the matched symbol" } else { "" },
                if q.contiguous_exact { " · exact and contiguous" } else { "" },
            ),
        ));
    }
    out.push(Line::default());
    out.push(heading(p, "candidates"));
    if h.candidates.is_empty() {
        out.push(text(p, "  none".into()));
    }
    for (i, c) in h.candidates.iter().enumerate() {
        let mark = if i == app.viewed() { "▶" } else { " " };
        out.push(Line::from(Span::styled(
            format!(
                "{mark} {}. {:<11} lines {}–{} · {:.2} · {}",
                i + 1,
                c.strategy.name(),
                c.span.start + 1,
                c.span.end,
                c.confidence,
                c.explanation
            ),
            p.style(if i == app.viewed() {
                Role::Selected
            } else {
                Role::Normal
            }),
        )));
    }
    let (Some(c), Some(hunk), Some(plan)) = (&shown, app.hunk(), app.plan()) else {
        return out;
    };
    // Evidence: pre-image line index → legacy line.
    let pairs: HashMap<usize, (usize, How)> = c
        .evidence
        .iter()
        .map(|e| (e.pre, (e.legacy, e.how)))
        .collect();
    let matched_legacy: HashMap<usize, usize> =
        c.evidence.iter().map(|e| (e.legacy, e.pre)).collect();
    out.push(Line::default());
    out.push(heading(
        p,
        "upstream pre-image (matched lines highlighted, → legacy line)",
    ));
    for (i, l) in hunk.pre_image().enumerate() {
        let mark = if l.kind == LineKind::Removed {
            '-'
        } else {
            ' '
        };
        let (role, to) = match pairs.get(&i) {
            Some((legacy, how)) => {
                let how = match how {
                    How::Exact => "exact".to_string(),
                    How::Whitespace => "whitespace".to_string(),
                    How::Fuzzy(x) => format!("fuzzy {x:.2}"),
                };
                (Role::Matched, format!("→ {:<5} {how:<10} ", legacy + 1))
            }
            None => (Role::Normal, format!("{:<19}", "  (unmatched)")),
        };
        out.push(Line::from(vec![
            Span::styled(to, p.style(Role::Dim)),
            Span::styled(format!("{mark}{}", escape(&l.content)), p.style(role)),
        ]));
    }
    let lo = c
        .evidence
        .iter()
        .map(|e| e.legacy)
        .min()
        .unwrap_or(c.span.start)
        .min(c.span.start);
    let hi = c
        .evidence
        .iter()
        .map(|e| e.legacy + 1)
        .max()
        .unwrap_or(c.span.end)
        .max(c.span.end);
    out.push(Line::default());
    out.push(heading(
        p,
        &format!("legacy lines {}–{} (matched lines highlighted)", lo + 1, hi),
    ));
    for n in lo..hi.min(plan.legacy.len()) {
        let line = plan
            .legacy
            .lines
            .get(n)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let role = if matched_legacy.contains_key(&n) {
            Role::Matched
        } else {
            Role::Normal
        };
        out.push(Line::from(vec![
            Span::styled(format!("{:>6}  ", n + 1), p.style(Role::LineNumber)),
            Span::styled(escape(line), p.style(role)),
        ]));
    }
    out
}

/// `text` broken into lines of at most `width` characters at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// Draws the view over `area` (under the tour's note, in a tour); returns
/// its inside.
pub fn render(frame: &mut Frame, area: Rect, app: &App) -> (Rect, usize) {
    let area = match app.tour_note() {
        Some(note) => {
            let width = usize::from(area.width.saturating_sub(2));
            let mut lines: Vec<Line<'static>> = Vec::new();
            for para in &note.text {
                lines.extend(
                    wrap(escape(para.as_bytes()).as_str(), width)
                        .into_iter()
                        .map(|l| Line::from(Span::styled(l, app.theme.style(Role::Normal)))),
                );
            }
            let want = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
            let height = want.min(area.height / 2);
            let [top, rest] = ratatui::layout::Layout::vertical([
                ratatui::layout::Constraint::Length(height),
                ratatui::layout::Constraint::Min(0),
            ])
            .areas(area);
            let block = pane(format!(" tour: {} ", note.heading), true, &app.theme);
            let inner = block.inner(top);
            frame.render_widget(ratatui::widgets::Clear, top);
            frame.render_widget(block, top);
            put(frame, inner, lines, app.theme.style(Role::Normal));
            rest
        }
        None => area,
    };
    let block = pane(" why here ".to_string(), true, &app.theme);
    let inner = block.inner(area);
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(block, area);
    let all = lines(app);
    let rows = all.len();
    let top = app
        .overlay_top
        .min(rows.saturating_sub(usize::from(inner.height)));
    put(
        frame,
        inner,
        all.into_iter().skip(top).collect(),
        app.theme.style(Role::Normal),
    );
    (inner, rows)
}
