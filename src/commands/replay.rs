//! `ferry replay`: a recorded port stepped through in the view, or taken as
//! a quiz whose score is printed when the view closes.

use anyhow::Result;
use ferry::error::{Failure, EXIT_OK};
use ferry::teach::record::load;
use ferry::ui::replay::{run as show, ReplayApp};

use super::output::say;
use crate::cli::ReplayArgs;

/// Runs `ferry replay`.
pub fn run(args: &ReplayArgs) -> Result<i32> {
    let records = load(&args.file).map_err(|e| {
        Failure::usage(
            e.to_string(),
            "record a port first: ferry pick REV --record FILE (or ferry demo --record FILE)",
        )
    })?;
    let options = super::tui::options(&args.tui)?;
    let app = ReplayApp::new(records, args.quiz, options.keys, options.theme);
    let done = show(app)?;
    if args.quiz {
        super::output::print_text(&done.summary());
    } else {
        say!(
            "Replayed {} of {} recorded decisions.",
            done.current + 1,
            done.records.len()
        );
    }
    Ok(EXIT_OK)
}
