//! A small multi-line editor for the adapted hunk and the commit message,
//! with its own undo and redo (separate from the decisions' undo).
//!
//! Lines are bytes in ferry; the editor works on text. A line that is not
//! UTF-8 is shown with replacement characters, and written back byte for
//! byte as long as it is left unchanged, so opening and closing the editor
//! never corrupts a Latin-1 line. CRLF lines are edited without their `\r`
//! and get it back.

use std::collections::HashMap;

/// Snapshot for undo: the text and the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    lines: Vec<String>,
    row: usize,
    col: usize,
}

/// What the last edit was, so typing a word is one undo step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Other,
    Typing,
}

/// The editor's text, cursor and history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEditor {
    state: State,
    undo: Vec<State>,
    redo: Vec<State>,
    last: Last,
    originals: HashMap<String, Vec<u8>>,
    crlf: bool,
    /// First line shown (the view keeps the cursor visible).
    pub scroll: usize,
}

impl LineEditor {
    /// An editor over byte lines.
    pub fn from_bytes(lines: &[Vec<u8>]) -> LineEditor {
        let crlf = !lines.is_empty() && lines.iter().all(|l| l.ends_with(b"\r"));
        let mut originals = HashMap::new();
        let text: Vec<String> = lines
            .iter()
            .map(|l| {
                let l = if crlf { &l[..l.len() - 1] } else { &l[..] };
                let s = String::from_utf8_lossy(l).into_owned();
                if std::str::from_utf8(l).is_err() {
                    originals.insert(s.clone(), l.to_vec());
                }
                s
            })
            .collect();
        let mut e = LineEditor::from_text(text);
        e.originals = originals;
        e.crlf = crlf;
        e
    }

    /// Does what a key not in the key table does while typing: characters,
    /// tab (four spaces), enter, deletion and cursor movement.
    pub fn type_key(&mut self, key: super::keys::Key) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let plain = !key
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Char(c) if plain => self.insert(c),
            KeyCode::Tab => (0..4).for_each(|_| self.insert(' ')),
            KeyCode::Enter => self.newline(),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.move_by(0, -1),
            KeyCode::Right => self.move_by(0, 1),
            KeyCode::Up => self.move_by(-1, 0),
            KeyCode::Down => self.move_by(1, 0),
            KeyCode::Home => self.line_edge(false),
            KeyCode::End => self.line_edge(true),
            KeyCode::PageUp => self.move_by(-10, 0),
            KeyCode::PageDown => self.move_by(10, 0),
            _ => {}
        }
    }

    /// An editor over text (a commit message).
    pub fn from_text(lines: Vec<String>) -> LineEditor {
        let lines = if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        };
        LineEditor {
            state: State {
                lines,
                row: 0,
                col: 0,
            },
            undo: Vec::new(),
            redo: Vec::new(),
            last: Last::Other,
            originals: HashMap::new(),
            crlf: false,
            scroll: 0,
        }
    }

    /// The text's lines.
    pub fn lines(&self) -> &[String] {
        &self.state.lines
    }

    /// The lines as bytes, unchanged lines exactly as they came in.
    pub fn to_bytes(&self) -> Vec<Vec<u8>> {
        self.state
            .lines
            .iter()
            .map(|l| {
                let mut b = self
                    .originals
                    .get(l)
                    .cloned()
                    .unwrap_or_else(|| l.as_bytes().to_vec());
                if self.crlf {
                    b.push(b'\r');
                }
                b
            })
            .collect()
    }

    /// The text joined by `\n`.
    pub fn text(&self) -> String {
        self.state.lines.join("\n")
    }

    /// Cursor as (line, column in characters).
    pub fn cursor(&self) -> (usize, usize) {
        (self.state.row, self.state.col)
    }

    fn line_len(&self, row: usize) -> usize {
        self.state.lines.get(row).map_or(0, |l| l.chars().count())
    }

    fn byte_at(line: &str, col: usize) -> usize {
        line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    fn save(&mut self, kind: Last) {
        if !(kind == Last::Typing && self.last == Last::Typing) {
            self.undo.push(self.state.clone());
        }
        self.redo.clear();
        self.last = kind;
    }

    /// Types a character at the cursor.
    pub fn insert(&mut self, c: char) {
        self.save(if c.is_alphanumeric() || c == '_' {
            Last::Typing
        } else {
            Last::Other
        });
        let col = self.state.col;
        if let Some(line) = self.state.lines.get_mut(self.state.row) {
            let at = Self::byte_at(line, col);
            line.insert(at, c);
            self.state.col += 1;
        }
    }

    /// Splits the line at the cursor.
    pub fn newline(&mut self) {
        self.save(Last::Other);
        let (row, col) = (self.state.row, self.state.col);
        if let Some(line) = self.state.lines.get_mut(row) {
            let at = Self::byte_at(line, col);
            let rest = line.split_off(at);
            self.state.lines.insert(row + 1, rest);
            self.state.row += 1;
            self.state.col = 0;
        }
    }

    /// Deletes the character before the cursor (joining lines at column 0).
    pub fn backspace(&mut self) {
        let (row, col) = (self.state.row, self.state.col);
        if col > 0 {
            self.save(Last::Other);
            if let Some(line) = self.state.lines.get_mut(row) {
                let at = Self::byte_at(line, col - 1);
                line.remove(at);
                self.state.col -= 1;
            }
        } else if row > 0 {
            self.save(Last::Other);
            let line = self.state.lines.remove(row);
            let prev_len = self.line_len(row - 1);
            if let Some(prev) = self.state.lines.get_mut(row - 1) {
                prev.push_str(&line);
            }
            self.state.row -= 1;
            self.state.col = prev_len;
        }
    }

    /// Deletes the character under the cursor (joining the next line at the end).
    pub fn delete(&mut self) {
        let (row, col) = (self.state.row, self.state.col);
        if col < self.line_len(row) {
            self.save(Last::Other);
            if let Some(line) = self.state.lines.get_mut(row) {
                let at = Self::byte_at(line, col);
                line.remove(at);
            }
        } else if row + 1 < self.state.lines.len() {
            self.save(Last::Other);
            let next = self.state.lines.remove(row + 1);
            if let Some(line) = self.state.lines.get_mut(row) {
                line.push_str(&next);
            }
        }
    }

    /// Moves the cursor by lines and columns, staying inside the text.
    pub fn move_by(&mut self, rows: isize, cols: isize) {
        self.last = Last::Other;
        let last_row = self.state.lines.len().saturating_sub(1);
        let row = self.state.row.saturating_add_signed(rows).min(last_row);
        self.state.row = row;
        let len = self.line_len(row);
        self.state.col = self.state.col.saturating_add_signed(cols).min(len);
    }

    /// Moves to the start (`false`) or end (`true`) of the line.
    pub fn line_edge(&mut self, end: bool) {
        self.last = Last::Other;
        self.state.col = if end {
            self.line_len(self.state.row)
        } else {
            0
        };
    }

    /// Undoes the last edit; whether there was one.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(prev) => {
                self.redo.push(std::mem::replace(&mut self.state, prev));
                self.last = Last::Other;
                true
            }
            None => false,
        }
    }

    /// Redoes the last undone edit; whether there was one.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(&mut self.state, next));
                self.last = Last::Other;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_is_one_undo_step_and_redo_comes_back() {
        let mut e = LineEditor::from_bytes(&[b"    one();".to_vec()]);
        e.line_edge(true);
        e.move_by(0, -3);
        for c in "two".chars() {
            e.insert(c);
        }
        assert_eq!(e.lines(), ["    onetwo();"]);
        e.newline();
        assert_eq!(e.lines(), ["    onetwo", "();"]);
        assert!(e.undo());
        assert_eq!(e.lines(), ["    onetwo();"]);
        assert!(e.undo());
        assert_eq!(e.lines(), ["    one();"]);
        assert!(!e.undo());
        assert!(e.redo());
        assert_eq!(e.lines(), ["    onetwo();"]);
        e.backspace();
        assert_eq!(e.lines(), ["    onetw();"]);
        assert!(!e.redo(), "a new edit drops the redo history");
    }

    #[test]
    fn joins_and_splits_lines() {
        let mut e = LineEditor::from_text(vec!["ab".into(), "cd".into()]);
        e.move_by(1, 0);
        e.backspace();
        assert_eq!(e.lines(), ["abcd"]);
        assert_eq!(e.cursor(), (0, 2));
        e.delete();
        assert_eq!(e.lines(), ["abd"]);
        e.line_edge(true);
        e.delete();
        assert_eq!(e.lines(), ["abd"]);
    }

    #[test]
    fn unchanged_bytes_come_back_exactly() {
        let lines = vec![b"caf\xe9\r".to_vec(), b"x\r".to_vec()];
        let mut e = LineEditor::from_bytes(&lines);
        assert_eq!(e.to_bytes(), lines);
        e.move_by(1, 1);
        e.insert('y');
        assert_eq!(e.to_bytes(), vec![b"caf\xe9\r".to_vec(), b"xy\r".to_vec()]);
    }
}
