//! File bytes as terminal text: nothing from a file reaches the terminal as
//! a control sequence.
//!
//! The escaping itself is [`crate::text::visible`] (tabs to the next multiple
//! of four here); a CRLF line's `\r` is not shown. Highlight spans are byte
//! ranges of the raw line, so escaping happens per span.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::Span;

use crate::text::visible::Visible;
use crate::text::without_cr;

const TAB: usize = 4;

/// A line as display text.
pub fn escape(line: &[u8]) -> String {
    Visible::new(TAB).push(without_cr(line))
}

/// A line as styled spans: `base` everywhere, with each highlight span's
/// style laid under `base`'s background and modifiers.
pub fn spans(
    line: &[u8],
    highlight: Option<&[(Style, Range<usize>)]>,
    base: Style,
) -> Vec<Span<'static>> {
    let line = without_cr(line);
    let Some(highlight) = highlight.filter(|h| !h.is_empty()) else {
        return vec![Span::styled(escape(line), base)];
    };
    let mut out = Vec::with_capacity(highlight.len() + 1);
    let mut text = Visible::new(TAB);
    let mut at = 0;
    let overlay = Style { fg: None, ..base };
    for (style, range) in highlight {
        let start = range.start.clamp(at, line.len());
        let end = range.end.clamp(start, line.len());
        if start > at {
            let s = text.push(line.get(at..start).unwrap_or_default());
            out.push(Span::styled(s, base));
        }
        let s = text.push(line.get(start..end).unwrap_or_default());
        out.push(Span::styled(s, style.patch(overlay)));
        at = end;
    }
    if at < line.len() {
        let s = text.push(line.get(at..).unwrap_or_default());
        out.push(Span::styled(s, base));
    }
    out
}

/// `s` made visible (it may hold a file name or a commit subject) and cut
/// to at most `width` characters, with `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    let s = &escape(s.as_bytes());
    if s.chars().count() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    #[test]
    fn control_bytes_never_reach_the_terminal() {
        assert_eq!(escape(b"a\x1b[2Jb"), "a^[[2Jb");
        assert_eq!(escape(b"caf\xe9\r"), "caf\\xe9");
        assert_eq!(escape(b"\tx\ty"), "    x   y");
        assert_eq!(escape("a\u{202e}b".as_bytes()), "a<U+202E>b");
        assert_eq!(escape(b"\x7f\x00"), "^?^@");
    }

    #[test]
    fn highlight_spans_keep_their_styles_and_the_text() {
        let red = Style::new().fg(Color::Red);
        let base = Style::new().fg(Color::Green);
        let out = spans(b"let x\t= 1;", Some(&[(red, 0..3), (red, 6..99)]), base);
        let text: String = out.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "let x   = 1;");
        assert_eq!(out[0].style.fg, Some(Color::Red));
        assert_eq!(out[1].style.fg, Some(Color::Green));
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ab", 4), "ab");
    }
}
