//! `ferry replay`: a recorded port stepped through read-only (what was on
//! screen for each decision, and the decision), or as a quiz
//! (`--quiz`), where the recorded decision stays hidden until the trainee
//! has given theirs with the same keys as `ferry pick`, then shows beside
//! it as a match or a mismatch, with a score at the end.
//!
//! - `replay/view.rs`: the layout and panes.
//! - `replay/run.rs`: the event loop on a real terminal.

mod run;
pub mod view;

pub use run::run;

use super::app::Note;
use super::keys::{Action, Context, Key, KeyMap};
use super::theme::Theme;
use crate::teach::record::{Choice, Record};

/// What the replay screen is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayMode {
    /// Looking at a decision.
    Normal,
    /// The key help overlay.
    Help,
}

/// The quiz's score so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Answers that match the recording.
    pub matched: usize,
    /// Answers given.
    pub answered: usize,
    /// Decisions in the recording.
    pub total: usize,
}

/// The replay screen's state.
#[derive(Debug)]
pub struct ReplayApp {
    /// The recorded decisions, in order.
    pub records: Vec<Record>,
    /// Whether the recorded decisions stay hidden until answered.
    pub quiz: bool,
    /// The trainee's answer per record (quiz only).
    pub answers: Vec<Option<Choice>>,
    /// Index of the record shown.
    pub current: usize,
    /// What the screen is doing.
    pub mode: ReplayMode,
    /// First row of the two panes (they scroll together).
    pub top: usize,
    /// First row of the help overlay.
    pub overlay_top: usize,
    /// Keys in effect.
    pub keys: KeyMap,
    /// Styles.
    pub theme: Theme,
    /// What the status line says instead of hints, until the next key.
    pub note: Option<Note>,
}

impl ReplayApp {
    /// The screen on `records`.
    pub fn new(records: Vec<Record>, quiz: bool, keys: KeyMap, theme: Theme) -> ReplayApp {
        let answers = vec![None; records.len()];
        ReplayApp {
            records,
            quiz,
            answers,
            current: 0,
            mode: ReplayMode::Normal,
            top: 0,
            overlay_top: 0,
            keys,
            theme,
            note: None,
        }
    }

    /// The record shown.
    pub fn record(&self) -> Option<&Record> {
        self.records.get(self.current)
    }

    /// The trainee's answer to the record shown.
    pub fn answer(&self) -> Option<Choice> {
        self.answers.get(self.current).copied().flatten()
    }

    /// Whether the recorded decision is shown (always outside a quiz; in
    /// one, once answered).
    pub fn revealed(&self) -> bool {
        !self.quiz || self.answer().is_some()
    }

    /// The score over every answer given.
    pub fn score(&self) -> Score {
        let mut s = Score {
            total: self.records.len(),
            ..Score::default()
        };
        for (r, a) in self.records.iter().zip(&self.answers) {
            if let Some(a) = a {
                s.answered += 1;
                if *a == r.decision {
                    s.matched += 1;
                }
            }
        }
        s
    }

    /// The quiz's result in words, for the terminal after the screen.
    pub fn summary(&self) -> String {
        let s = self.score();
        let mut out = format!(
            "quiz: {} of {} decisions matched the recording",
            s.matched, s.total
        );
        if s.answered < s.total {
            out.push_str(&format!(" ({} not answered)", s.total - s.answered));
        }
        out.push('\n');
        for (i, (r, a)) in self.records.iter().zip(&self.answers).enumerate() {
            if let Some(a) = a.filter(|a| *a != r.decision) {
                out.push_str(&format!(
                    "  {}. {} hunk {}: you chose {}, the recording {}\n",
                    i + 1,
                    r.file,
                    r.hunk + 1,
                    a.name(),
                    r.decision.name()
                ));
            }
        }
        out
    }

    /// Handles a key; true when the screen should close.
    pub fn key(&mut self, key: Key) -> bool {
        self.note = None;
        let contexts: &[Context] = match self.mode {
            ReplayMode::Help => &[Context::Dialog, Context::Review],
            ReplayMode::Normal => &[Context::Review, Context::Dialog],
        };
        match self.keys.action(key, contexts) {
            Some(a) => self.handle(a),
            None => false,
        }
    }

    /// Does `action`; true when the screen should close.
    pub fn handle(&mut self, action: Action) -> bool {
        if self.mode == ReplayMode::Help {
            if super::view::help_overlay_key(&mut self.overlay_top, action) {
                self.mode = ReplayMode::Normal;
            }
            return false;
        }
        let choice = match action {
            Action::Accept => Some(Choice::Accept),
            Action::Skip => Some(Choice::Skip),
            Action::Edit | Action::EditExternal => Some(Choice::Edit),
            Action::Place => Some(Choice::Place),
            _ => None,
        };
        if let Some(choice) = choice {
            self.answer_with(choice);
            return false;
        }
        match action {
            Action::NextHunk | Action::NextUndecided | Action::Confirm => self.go(self.current + 1),
            Action::PrevHunk => self.go(self.current.saturating_sub(1)),
            Action::Down => self.top = self.top.saturating_add(1),
            Action::Up => self.top = self.top.saturating_sub(1),
            Action::PageDown => self.top = self.top.saturating_add(10),
            Action::PageUp => self.top = self.top.saturating_sub(10),
            Action::Top => self.top = 0,
            Action::Help => {
                self.mode = ReplayMode::Help;
                self.overlay_top = 0;
            }
            Action::Quit | Action::Cancel => return true,
            _ => {}
        }
        false
    }

    fn answer_with(&mut self, choice: Choice) {
        if !self.quiz {
            self.say(
                "a replay only shows; ferry replay --quiz asks for your decision",
                false,
            );
            return;
        }
        let Some(recorded) = self.record().map(|r| r.decision) else {
            return;
        };
        if let Some(given) = self.answer() {
            self.say(format!("already answered: {}", given.name()), false);
            return;
        }
        if let Some(slot) = self.answers.get_mut(self.current) {
            *slot = Some(choice);
        }
        let s = self.score();
        let verdict = if choice == recorded {
            "match"
        } else {
            "mismatch"
        };
        let last = self.current + 1 == self.records.len();
        self.say(
            format!(
                "{verdict}: you chose {}, the recording {} · score {}/{}{}",
                choice.name(),
                recorded.name(),
                s.matched,
                s.answered,
                if last {
                    " · that was the last one: q ends the quiz"
                } else {
                    ""
                }
            ),
            choice != recorded,
        );
    }

    fn go(&mut self, index: usize) {
        let index = index.min(self.records.len().saturating_sub(1));
        if index != self.current {
            self.current = index;
            self.top = 0;
        }
    }

    fn say(&mut self, text: impl Into<String>, warning: bool) {
        self.note = Some(Note {
            text: text.into(),
            warning,
        });
    }
}
