//! The TUI as a [`Decider`]: `ferry pick` (and `ferry demo`) hand it a
//! commit's review and get back commit or pause.

use super::app::App;
use super::keys::KeyMap;
use super::syntax::Highlights;
use super::terminal::{self, Hooks, Screen};
use super::theme::Theme;
use crate::decide::{Decider, Decisions, Outcome, Review, SaveError};

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
}

/// The full-screen TUI.
#[derive(Debug)]
pub struct Tui {
    options: TuiOptions,
}

impl Tui {
    /// A TUI with these options.
    pub fn new(options: TuiOptions) -> Tui {
        Tui { options }
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
        .with_highlights(Highlights::new(&self.options.theme));
        let mut screen = Screen::start(self.options.mouse)?;
        let outcome = terminal::run(
            &mut screen,
            &mut app,
            Hooks {
                editor: self.options.editor.as_deref(),
                save,
                message,
            },
        );
        drop(screen);
        *decisions = app.decisions;
        outcome
    }
}
