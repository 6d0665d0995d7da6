//! The `ferry` binary: parse the command line, run, map errors to exit codes.

mod cli;
mod commands;

use clap::Parser;
use ferry::error::{classify, EXIT_USAGE};
use ferry::text::visible::terminal_safe;

fn main() {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let code = match commands::run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            let f = classify(&err);
            // Messages quote file names and commit subjects: shown escaped.
            eprintln!("error: {}", terminal_safe(&f.message));
            if let Some(hint) = &f.hint {
                eprintln!("hint: {}", terminal_safe(hint));
            }
            f.exit_code()
        }
    };
    std::process::exit(code);
}
