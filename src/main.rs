//! `stance`: see `stance --help`. Parsing is in `cli`, the work in `app`; errors are printed
//! here, once.

use clap::Parser;
use stance::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => stance::app::run(&args.into_config()).map(|_| ()),
        Command::Bench(args) => stance::bench::bench(&args.into_config()).map(|_| ()),
        Command::Train(args) => stance::app::train(&args.into_config()).map(|_| ()),
        Command::Eval(args) => stance::app::eval(&args.into_config()).map(|_| ()),
        Command::Suggest(args) => stance::suggest::suggest(&args.into_config()).map(|_| ()),
        Command::Report(args) => stance::app::report(&args.into_config()).map(|_| ()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
