//! The `ferry` binary: parse the command line, run, map errors to exit codes.

mod cli;
mod commands;

use clap::Parser;
use ferry::error::{classify, EXIT_USAGE};
use ferry::text::visible::terminal_safe;

fn main() {
    quiet_broken_pipe();
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

/// `ferry … | head` closes the pipe before ferry is done: Rust ignores
/// SIGPIPE, so the next print panics. End quietly instead, with the status a
/// tool killed by SIGPIPE has (128 + 13), as `git log | head` does.
fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}
