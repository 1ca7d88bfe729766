//! `stance`: see `stance --help`. Parsing is in `cli`, the work in `commands`; errors are
//! printed here, once.

use clap::Parser;
use stance::cli::{Cli, Command};
use stance::commands;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => commands::run::run(&args.into_config()).map(drop),
        Command::Bench(args) => commands::bench::bench(&args.into_config()).map(drop),
        Command::Train(args) => commands::train(&args.into_config()).map(drop),
        Command::Eval(args) => commands::eval(&args.into_config()).map(drop),
        Command::Suggest(args) => commands::suggest::suggest(&args.into_config()).map(drop),
        Command::Report(args) => commands::report::report(&args.into_config()).map(drop),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
