//! File bytes as terminal text: nothing from a file reaches the terminal as
//! a control sequence.
//!
//! Lines are bytes that may be Latin-1, hold escape sequences or tabs. Tabs
//! become spaces to the next multiple of four, control characters are shown
//! as `^X` (`^[` for ESC), bytes that are not UTF-8 as `\xNN`, and a CRLF
//! line's `\r` is not shown. Highlight spans are byte ranges of the raw line,
//! so escaping happens per span.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::Span;

const TAB: usize = 4;

/// Appends `bytes` escaped to `out`; `col` is the display column so far.
fn escape_into(bytes: &[u8], col: &mut usize, out: &mut String) {
    let mut rest = bytes;
    while !rest.is_empty() {
        let (valid, bad) = match std::str::from_utf8(rest) {
            Ok(s) => (s, &[][..]),
            Err(e) => {
                let (ok, tail) = rest.split_at(e.valid_up_to());
                (std::str::from_utf8(ok).unwrap_or(""), tail)
            }
        };
        for c in valid.chars() {
            match c {
                '\t' => {
                    let n = TAB - *col % TAB;
                    out.extend(std::iter::repeat_n(' ', n));
                    *col += n;
                }
                c if (c as u32) < 0x20 => {
                    out.push('^');
                    out.push(char::from(b'@' + c as u8));
                    *col += 2;
                }
                '\u{7f}' => {
                    out.push_str("^?");
                    *col += 2;
                }
                c if ('\u{80}'..='\u{9f}').contains(&c) || is_bidi_control(c) => {
                    let s = format!("<U+{:04X}>", c as u32);
                    *col += s.len();
                    out.push_str(&s);
                }
                c => {
                    out.push(c);
                    *col += 1;
                }
            }
        }
        match bad.first() {
            Some(b) => {
                out.push_str(&format!("\\x{b:02x}"));
                *col += 4;
                rest = &bad[1..];
            }
            None => rest = &[],
        }
    }
}

/// Characters that reorder text on screen (so code reads unlike it runs).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// The line without a CRLF `\r`.
fn visible(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A line as display text.
pub fn escape(line: &[u8]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut col = 0;
    escape_into(visible(line), &mut col, &mut out);
    out
}

/// A line as styled spans: `base` everywhere, with each highlight span's
/// style laid under `base`'s background and modifiers.
pub fn spans(
    line: &[u8],
    highlight: Option<&[(Style, Range<usize>)]>,
    base: Style,
) -> Vec<Span<'static>> {
    let line = visible(line);
    let Some(highlight) = highlight.filter(|h| !h.is_empty()) else {
        return vec![Span::styled(escape(line), base)];
    };
    let mut out = Vec::with_capacity(highlight.len() + 1);
    let mut col = 0;
    let mut at = 0;
    let overlay = Style { fg: None, ..base };
    for (style, range) in highlight {
        let start = range.start.clamp(at, line.len());
        let end = range.end.clamp(start, line.len());
        if start > at {
            let mut s = String::new();
            escape_into(line.get(at..start).unwrap_or_default(), &mut col, &mut s);
            out.push(Span::styled(s, base));
        }
        let mut s = String::new();
        escape_into(line.get(start..end).unwrap_or_default(), &mut col, &mut s);
        out.push(Span::styled(s, style.patch(overlay)));
        at = end;
    }
    if at < line.len() {
        let mut s = String::new();
        escape_into(line.get(at..).unwrap_or_default(), &mut col, &mut s);
        out.push(Span::styled(s, base));
    }
    out
}

/// `s` cut to at most `width` characters, with `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
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
