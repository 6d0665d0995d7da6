//! `ferry review`'s screen: each pair of a [`BackportReview`] side by side
//! (the upstream hunk, what the backport did there, the word difference
//! between them), with the same key table, list and themes as `ferry pick`.
//! The reviewer marks each pair fine or questionable and writes a note; the
//! verdicts end up in the review (and so in its comment and JSON).
//!
//! Like [`super::app::App`], the state here knows no terminal: keys go in
//! through [`ReviewApp::key`], and the only effect is quitting.
//!
//! - `review/view.rs`: the layout and panes.
//! - `review/run.rs`: the event loop on a real terminal.

mod run;
pub mod view;

pub use run::run;

use super::app::Note;
use super::editor::LineEditor;
use super::keys::{Action, Context, Key, KeyMap};
use super::theme::Theme;
use crate::review::{BackportReview, Mark, ReviewPair, Verdict};

/// What the review screen is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewMode {
    /// Looking at pairs.
    Normal,
    /// The key help overlay.
    Help,
    /// Writing the note of the pair shown.
    Note(LineEditor),
}

/// What the loop must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewEffect {
    /// Redraw.
    None,
    /// Leave the screen.
    Quit,
}

/// The review screen's state.
#[derive(Debug)]
pub struct ReviewApp {
    /// The review, with the verdicts given so far.
    pub review: BackportReview,
    /// Keys in effect.
    pub keys: KeyMap,
    /// Styles.
    pub theme: Theme,
    /// Index of the pair shown.
    pub current: usize,
    /// What the screen is doing.
    pub mode: ReviewMode,
    /// First row of the two sides (they scroll together).
    pub top: usize,
    /// First row of the pane below them (the difference).
    pub below_top: usize,
    /// Whether the scroll keys scroll the pane below instead of the sides.
    pub below_focused: bool,
    /// First row of the help overlay.
    pub overlay_top: usize,
    /// Whether the pair list is shown; `None` leaves it to the width.
    pub list_shown: Option<bool>,
    /// What the status line says instead of hints, until the next key.
    pub note: Option<Note>,
    /// Height of the sides' panes when last drawn (for paging).
    pub page: usize,
}

impl ReviewApp {
    /// The screen on `review`, showing its first pair.
    pub fn new(review: BackportReview, keys: KeyMap, theme: Theme) -> ReviewApp {
        ReviewApp {
            review,
            keys,
            theme,
            current: 0,
            mode: ReviewMode::Normal,
            top: 0,
            below_top: 0,
            below_focused: false,
            overlay_top: 0,
            list_shown: None,
            note: None,
            page: 10,
        }
    }

    /// The pair shown.
    pub fn pair(&self) -> Option<&ReviewPair> {
        self.review.pairs.get(self.current)
    }

    /// Whether the pair list is shown at `width` columns.
    pub fn list_visible(&self, width: u16) -> bool {
        self.list_shown.unwrap_or(width >= 110)
    }

    /// (fine, questionable, without a verdict) over every pair.
    pub fn tally(&self) -> (usize, usize, usize) {
        let mut t = (0, 0, 0);
        for p in &self.review.pairs {
            match p.verdict.as_ref().map(|v| v.mark) {
                Some(Mark::Fine) => t.0 += 1,
                Some(Mark::Questionable) => t.1 += 1,
                None => t.2 += 1,
            }
        }
        t
    }

    /// Handles a key: the review keys first, then the shared ones.
    pub fn key(&mut self, key: Key) -> ReviewEffect {
        self.note = None;
        if let ReviewMode::Note(e) = &mut self.mode {
            match self.keys.action(key, &[Context::Editor]) {
                Some(a) => return self.handle(a),
                None => {
                    if self.keys.action(key, &[Context::Dialog]) == Some(Action::Cancel) {
                        return self.handle(Action::Cancel);
                    }
                    e.type_key(key);
                    return ReviewEffect::None;
                }
            }
        }
        let action = self
            .keys
            .action(key, &[Context::Verdict])
            .or_else(|| self.keys.action(key, &[Context::Dialog, Context::Review]));
        match action {
            Some(a) => self.handle(a),
            None => ReviewEffect::None,
        }
    }

    /// Does `action` in the current mode.
    pub fn handle(&mut self, action: Action) -> ReviewEffect {
        match &mut self.mode {
            ReviewMode::Note(e) => {
                match action {
                    Action::EditorUndo => {
                        e.undo();
                    }
                    Action::EditorRedo => {
                        e.redo();
                    }
                    Action::Cancel => self.mode = ReviewMode::Normal,
                    Action::EditorSave => {
                        let text = e.text().trim_end().to_string();
                        self.mode = ReviewMode::Normal;
                        let mark = self
                            .pair()
                            .and_then(|p| p.verdict.as_ref())
                            .map_or(Mark::Questionable, |v| v.mark);
                        self.set(mark, Some(text), false);
                    }
                    _ => {}
                }
                ReviewEffect::None
            }
            ReviewMode::Help => {
                if super::view::help_overlay_key(&mut self.overlay_top, action) {
                    self.mode = ReviewMode::Normal;
                }
                ReviewEffect::None
            }
            ReviewMode::Normal => self.normal(action),
        }
    }

    fn normal(&mut self, action: Action) -> ReviewEffect {
        match action {
            Action::Fine => self.set(Mark::Fine, None, true),
            Action::Questionable => self.set(Mark::Questionable, None, true),
            Action::WriteNote => {
                let note = self
                    .pair()
                    .and_then(|p| p.verdict.as_ref())
                    .map(|v| v.note.lines().map(str::to_string).collect())
                    .unwrap_or_default();
                self.mode = ReviewMode::Note(LineEditor::from_text(note));
            }
            Action::Undo if self.review.set_verdict(self.current, None) => {
                self.say("verdict taken back", false);
            }
            Action::NextHunk => self.go(self.current.saturating_add(1)),
            Action::PrevHunk => self.go(self.current.saturating_sub(1)),
            Action::NextUndecided => {
                let n = self.review.pairs.len();
                let next = (1..=n).map(|k| (self.current + k) % n.max(1)).find(|&i| {
                    self.review
                        .pairs
                        .get(i)
                        .is_some_and(|p| p.verdict.is_none())
                });
                match next {
                    Some(i) => self.go(i),
                    None => self.say("every pair has a verdict: quit to print the comment", false),
                }
            }
            Action::Down => *self.scrolled() = self.scrolled().saturating_add(1),
            Action::Up => *self.scrolled() = self.scrolled().saturating_sub(1),
            Action::PageDown => {
                let page = self.page;
                *self.scrolled() = self.scrolled().saturating_add(page);
            }
            Action::PageUp => {
                let page = self.page;
                *self.scrolled() = self.scrolled().saturating_sub(page);
            }
            Action::Top => *self.scrolled() = 0,
            Action::SwitchPane => self.below_focused = !self.below_focused,
            Action::ToggleList => {
                let shown = self.list_shown.unwrap_or(false);
                self.list_shown = Some(!shown);
            }
            Action::Help => {
                self.mode = ReviewMode::Help;
                self.overlay_top = 0;
            }
            Action::Quit => return ReviewEffect::Quit,
            _ => {}
        }
        ReviewEffect::None
    }

    /// The scroll position the scroll keys move.
    fn scrolled(&mut self) -> &mut usize {
        if self.below_focused {
            &mut self.below_top
        } else {
            &mut self.top
        }
    }

    fn go(&mut self, index: usize) {
        let index = index.min(self.review.pairs.len().saturating_sub(1));
        if index != self.current {
            self.current = index;
            self.top = 0;
            self.below_top = 0;
        }
    }

    /// Gives the pair shown `mark` (and `note`, else the note it had); with
    /// `advance`, moves on to the next pair.
    fn set(&mut self, mark: Mark, note: Option<String>, advance: bool) {
        let note = note.unwrap_or_else(|| {
            self.pair()
                .and_then(|p| p.verdict.as_ref())
                .map(|v| v.note.clone())
                .unwrap_or_default()
        });
        self.review
            .set_verdict(self.current, Some(Verdict { mark, note }));
        if advance && self.current + 1 < self.review.pairs.len() {
            self.go(self.current + 1);
        }
    }

    fn say(&mut self, text: impl Into<String>, warning: bool) {
        self.note = Some(Note {
            text: text.into(),
            warning,
        });
    }
}
