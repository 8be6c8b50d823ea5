//! `guichet purge [--dry-run]`: the retention purge of `jobs::retention`, by hand. The dry run
//! lists, by category, what would go, and deletes nothing.

use super::connection;
use crate::config::Settings;
use crate::domain::retention::Category;
use crate::jobs::retention::{run_once, Mode};
use crate::startup::{self, StartupError};

pub fn run(
    settings: &Settings,
    dry_run: bool,
    now: chrono::NaiveDateTime,
) -> Result<(), StartupError> {
    let (pool, _) = startup::open_database(settings)?;
    let mut conn = connection(&pool)?;
    let mode = if dry_run { Mode::DryRun } else { Mode::Apply };
    let policy = &settings.retention.policy;
    let report = run_once(&mut conn, policy, &settings.uploads.dir, now, mode)
        .map_err(|e| anyhow::anyhow!("purge impossible : {e}"))?;
    let lines = policy.lines();
    println!(
        "{}",
        if dry_run {
            "Purge à blanc : rien n'est supprimé. Serait supprimé :"
        } else {
            "Purge effectuée. Supprimé :"
        }
    );
    for category in Category::ALL {
        let period = lines
            .iter()
            .find(|l| l.category == category)
            .map(|l| format!("{} {}", l.duration, l.counted_from))
            .unwrap_or_default();
        println!(
            "  {:<18} {:>6}  — {} ({period})",
            category.slug(),
            report.count(category),
            category.label()
        );
    }
    println!(
        "  {:<18} {:>6}  — fichiers de pièces jointes",
        "fichiers", report.files
    );
    if report.files_left > 0 {
        println!(
            "  {} fichier(s) de pièces jointes introuvable(s) ou non supprimé(s) (voir le journal).",
            report.files_left
        );
    }
    Ok(())
}
