//! Text made safe to show on a terminal.
//!
//! Patches come from strangers: a line may carry escape sequences (set the
//! title, write the clipboard with OSC 52, move the cursor), other control
//! bytes, invalid UTF-8, or bidirectional overrides that make code read
//! differently from how it compiles (Trojan Source). Nothing of it may reach
//! the terminal raw. Controls become visible (`^[` for ESC, `^M`,
//! `<U+0085>`), bad bytes become `\xNN`, bidi controls become `<U+202E>` and
//! are flagged so the view can warn next to the hunk. Tabs are expanded so
//! the terminal's cursor never jumps.

/// What a piece of text contained that a person should know about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// Bidirectional control characters (Trojan Source).
    pub bidi: bool,
    /// Control characters or escape sequences.
    pub controls: bool,
    /// Bytes that are not UTF-8.
    pub invalid: bool,
}

/// Builds the visible form of a line piece by piece (so highlighted spans
/// can be converted one at a time while tabs still line up).
#[derive(Debug, Clone)]
pub struct Visible {
    column: usize,
    tab_width: usize,
    /// What the text seen so far contained.
    pub flags: Flags,
}

/// Bidirectional formatting characters: embeddings, overrides, isolates and
/// marks (Unicode's `Bidi_Control` property).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `bytes` hold a bidi control (cheaper than building the visible
/// form when only the warning is wanted).
pub fn has_bidi(bytes: &[u8]) -> bool {
    bytes
        .utf8_chunks()
        .any(|c| c.valid().chars().any(is_bidi_control))
}

/// Text for a terminal that is not a pane (error messages, reports): each
/// line made visible as in [`visible`], the line breaks kept.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&Visible::new(8).push(line.as_bytes()));
    }
    out
}

/// JSON for a terminal: serde escapes C0 controls already; C1 controls and
/// bidi controls (which only occur inside strings) become `\uXXXX` too, so
/// the JSON means the same and shows safely.
pub fn json_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if matches!(c, '\u{7f}'..='\u{9f}') || is_bidi_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

impl Visible {
    /// Starts a line; tabs stop every `tab_width` columns (at least 1).
    pub fn new(tab_width: usize) -> Visible {
        Visible {
            column: 0,
            tab_width: tab_width.max(1),
            flags: Flags::default(),
        }
    }

    /// The visible form of the next piece of the line.
    pub fn push(&mut self, bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                self.push_char(c, &mut out);
            }
            for b in chunk.invalid() {
                self.flags.invalid = true;
                self.put(&format!("\\x{b:02x}"), &mut out);
            }
        }
        out
    }

    fn push_char(&mut self, c: char, out: &mut String) {
        match c {
            '\t' => {
                let n = self.tab_width - self.column % self.tab_width;
                for _ in 0..n {
                    out.push(' ');
                }
                self.column += n;
            }
            // C0 controls and DEL in caret notation, as `cat -v` and less show them.
            '\u{0}'..='\u{1f}' => {
                self.flags.controls = true;
                let caret = [b'^', b'@' + c as u8];
                self.put(std::str::from_utf8(&caret).unwrap_or("^?"), out);
            }
            '\u{7f}' => {
                self.flags.controls = true;
                self.put("^?", out);
            }
            '\u{80}'..='\u{9f}' => {
                self.flags.controls = true;
                self.put(&format!("<U+{:04X}>", c as u32), out);
            }
            c if is_bidi_control(c) => {
                self.flags.bidi = true;
                self.put(&format!("<U+{:04X}>", c as u32), out);
            }
            c => {
                out.push(c);
                self.column += 1;
            }
        }
    }

    fn put(&mut self, s: &str, out: &mut String) {
        out.push_str(s);
        self.column += s.chars().count();
    }
}

/// The visible form of a whole line, and what it contained.
pub fn visible(line: &[u8], tab_width: usize) -> (String, Flags) {
    let mut v = Visible::new(tab_width);
    let s = v.push(line);
    (s, v.flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_raw_controls(s: &str) -> bool {
        !s.chars().any(|c| c.is_control() || is_bidi_control(c))
    }

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        let hostile = b"x\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;title\x1b\\\r\x9b\x08";
        let (s, flags) = visible(hostile, 8);
        assert!(no_raw_controls(&s), "{s:?}");
        assert!(s.starts_with("x^[]52;c;"));
        assert!(flags.controls);
        assert!(!flags.bidi);
        // A C1 control written as UTF-8 is escaped too.
        let (s, flags) = visible("a\u{9b}31m".as_bytes(), 8);
        assert_eq!(s, "a<U+009B>31m");
        assert!(flags.controls);
    }

    #[test]
    fn terminal_safe_keeps_line_breaks_only() {
        let s = terminal_safe("error: a\x1b]0;pwned\x07.c\nhint: \u{202e}x\r\n");
        assert_eq!(s, "error: a^[]0;pwned^G.c\nhint: <U+202E>x^M\n");
        assert!(has_bidi("a\u{2067}".as_bytes()));
        assert!(!has_bidi(b"a\xe2\x81\xb0\xff"));
    }

    #[test]
    fn trojan_source_is_flagged() {
        let line =
            "if access_level != \"user\u{202E} \u{2066}// Check if admin\u{2069} \u{2066}\" {";
        let (s, flags) = visible(line.as_bytes(), 8);
        assert!(flags.bidi);
        assert!(no_raw_controls(&s));
        assert!(s.contains("<U+202E>"));
    }

    #[test]
    fn tabs_line_up_across_pieces_and_bad_bytes_show_as_hex() {
        let mut v = Visible::new(4);
        let a = v.push(b"ab");
        let b = v.push(b"\tc");
        assert_eq!(format!("{a}{b}"), "ab  c");
        let (s, flags) = visible(b"caf\xe9\tx", 8);
        assert_eq!(s, "caf\\xe9 x");
        assert!(flags.invalid);
        let (s, flags) = visible("héllo wörld 漢字".as_bytes(), 8);
        assert_eq!(s, "héllo wörld 漢字");
        assert_eq!(flags, Flags::default());
    }
}
