//! The TUI as a [`Decider`]: `ferry pick` (and `ferry demo`) hand it a
//! commit's review and get back commit or pause.

use std::path::PathBuf;

use super::app::{App, Note, TourNote};
use super::keys::KeyMap;
use super::syntax::Highlights;
use super::terminal::{self, Hooks, Screen};
use super::theme::Theme;
use crate::decide::{Decider, Decisions, Outcome, Review, SaveError};
use crate::teach::record;

/// How the TUI looks and behaves.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// Colours (already without colour when `NO_COLOR` asks).
    pub theme: Theme,
    /// Keys.
    pub keys: KeyMap,
    /// Whether the mouse scrolls and clicks.
    pub mouse: bool,
    /// The user's editor command (`None`: editing outside is refused).
    pub editor: Option<String>,
    /// A tour's notes, one per item of the (single) commit (`ferry demo
    /// --tour`); empty for none.
    pub tour: Vec<TourNote>,
    /// Where to record every decision with what was on screen for it
    /// (`ferry pick --record FILE`).
    pub record: Option<PathBuf>,
}

/// The full-screen TUI.
#[derive(Debug)]
pub struct Tui {
    options: TuiOptions,
    /// What to show when the view next opens (a failed check).
    notice: Option<String>,
}

impl Tui {
    /// A TUI with these options.
    pub fn new(options: TuiOptions) -> Tui {
        Tui {
            options,
            notice: None,
        }
    }

    /// Its options, to add a tour or a recording.
    pub fn options_mut(&mut self) -> &mut TuiOptions {
        &mut self.options
    }

    /// How it looks and behaves (for the review and replay screens).
    pub fn options(&self) -> &TuiOptions {
        &self.options
    }
}

impl Decider for Tui {
    fn decide(
        &mut self,
        review: &Review,
        decisions: &mut Decisions,
        save: &mut dyn FnMut(&Decisions) -> Result<(), SaveError>,
        message: &dyn Fn(&Decisions) -> String,
    ) -> Result<Outcome, SaveError> {
        let mut app = App::new(
            review,
            decisions.clone(),
            self.options.keys.clone(),
            self.options.theme.clone(),
        )
        .with_highlights(Highlights::new(&self.options.theme))
        .with_tour(self.options.tour.clone());
        if let Some(text) = self.notice.take() {
            app.note = Some(Note {
                text,
                warning: true,
            });
        }
        // A recording gets the decisions that changed since the last save,
        // each with what the view showed for it.
        let recording = self.options.record.clone();
        let mut last = decisions.clone();
        let mut save_and_record = |d: &Decisions| -> Result<(), SaveError> {
            if let Some(path) = &recording {
                let changed = record::changes(review, &last, d);
                last = d.clone();
                record::append(path, &changed)?;
            }
            save(d)
        };
        let mut screen = Screen::start(self.options.mouse)?;
        let outcome = terminal::run(
            &mut screen,
            &mut app,
            Hooks {
                editor: self.options.editor.as_deref(),
                save: &mut save_and_record,
                message,
            },
        );
        drop(screen);
        *decisions = app.decisions;
        outcome
    }

    fn notice(&mut self, text: &str) -> bool {
        self.notice = Some(text.to_string());
        true
    }
}
