use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: an eligibility answer allocates hundreds of small
/// strings, and glibc's malloc and free took a sixth of its time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
