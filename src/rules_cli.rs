//! `guichet rules …`: the aid rule files seen from the command line.

use clap::Subcommand;

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::civil_time::{self, Territory};
use crate::domain::eligibility::{Catalogue, RulesReport};
use crate::startup::StartupError;

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Per aid: versions, sources, last check; flags versions without source, not checked for
    /// more than 6 months or ending within 3 months.
    Report,
}

/// Runs a `rules` subcommand.
pub fn run(command: RulesCommand, settings: &Settings, clock: &Clock) -> Result<(), StartupError> {
    match command {
        RulesCommand::Report => {
            let catalogue = Catalogue::load_dir(&settings.reference.aides_dir)?;
            let today = civil_time::today(Territory::Metropole, clock.now());
            let report = RulesReport::new(catalogue.aids(), today);
            print!("{}", report.to_text());
            Ok(())
        }
    }
}
