//! One module per subcommand; each returns the exit code or an error.

mod apply;
mod case_trees;
mod demo;
mod eval_branch;
mod eval_cases;
mod ledger;
mod missing;
mod output;
mod pick;
mod plan;
mod port_file;
mod replay;
mod review;
mod series;
mod train;
mod tui;

use crate::cli::Command;

/// Runs a subcommand.
pub fn run(command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Apply(args) => apply::run(&args),
        Command::PortFile(args) => port_file::run(&args),
        Command::Eval(args) => match &args.cases {
            Some(dir) => eval_cases::run(dir, &args),
            None => eval_branch::run(&args),
        },
        Command::Plan(args) => plan::run(&args.revs, &args.place),
        Command::Pick(args) => pick::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Missing(args) => missing::run(&args),
        Command::Ledger(args) => ledger::run(&args),
        Command::Replay(args) => replay::run(&args),
        Command::Train(args) => train::run(&args),
    }
}
