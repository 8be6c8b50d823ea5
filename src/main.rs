use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = guichet::cli::Cli::parse();
    match guichet::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("guichet : {error}");
            ExitCode::from(error.exit_code())
        }
    }
}
