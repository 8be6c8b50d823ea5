//! The retention purge (RGPD): every day, what the `[retention]` periods say is due goes —
//! forgotten drafts, old closed requests (with their attachments' files), inactive
//! professionals' accounts (pseudonymised), old e-mails, ended sessions and old audit entries.
//! `guichet purge --dry-run` counts the same without deleting. Each purge leaves one audit
//! entry holding only counts.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDateTime;

use crate::db::{self, retention as sql, DbConnection};
use crate::domain::retention::{Category, RetentionPolicy};
use crate::error::AppError;

/// The audit event of a purge; its detail holds the counts per category.
pub const PURGE_EVENT: &str = "retention_purge";
/// Why an account was pseudonymised by the purge (`erased_accounts.reason`).
pub const INACTIVITY: &str = "inactivite";

/// Counting only, or deleting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    DryRun,
    Apply,
}

/// What a purge found (dry run) or removed, per category, and the files of attachments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub counts: Vec<(Category, usize)>,
    /// Attachments' files removed from disk (apply) or to remove (dry run).
    pub files: usize,
    /// Files that could not be removed (already missing, or an I/O error; logged).
    pub files_left: usize,
}

impl PurgeReport {
    pub fn count(&self, category: Category) -> usize {
        self.counts
            .iter()
            .find(|(c, _)| *c == category)
            .map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// `brouillons=2 demandes-closes=0 …`: the audit detail and the log line.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .counts
            .iter()
            .map(|(c, n)| format!("{}={n}", c.slug()))
            .collect();
        parts.push(format!("fichiers={}", self.files));
        parts.join(" ")
    }
}

/// Finds what is due at `now` under `policy` and, with [`Mode::Apply`], deletes it in one
/// transaction, records the audit entry, then removes the attachments' files from `uploads`.
pub fn run_once(
    conn: &mut DbConnection,
    policy: &RetentionPolicy,
    uploads: &Path,
    now: NaiveDateTime,
    mode: Mode,
) -> Result<PurgeReport, AppError> {
    let cut = policy.cutoffs(now);
    let drafts = sql::due_drafts(conn, cut.drafts)?;
    let closed = sql::due_closed_requests(conn, cut.closed_requests)?;
    let accounts = sql::due_inactive_accounts(conn, cut.inactive_accounts)?;
    if mode == Mode::DryRun {
        let requests: Vec<String> = drafts.iter().chain(&closed).cloned().collect();
        return Ok(PurgeReport {
            counts: vec![
                (Category::Drafts, drafts.len()),
                (Category::ClosedRequests, closed.len()),
                (Category::InactiveAccounts, accounts.len()),
                (
                    Category::SentEmails,
                    count(sql::count_sent_emails(conn, cut.sent_emails)?),
                ),
                (
                    Category::ExpiredSessions,
                    count(sql::count_ended_sessions(conn, cut.expired_sessions)?),
                ),
                (
                    Category::AuditLog,
                    count(sql::count_audit_entries(conn, cut.audit_log)?),
                ),
            ],
            files: sql::count_attachments_of(conn, &requests)?,
            files_left: 0,
        });
    }
    let (mut report, files) = sql::with_purge_permit(conn, |conn| {
        // The audit entries go first, so that this purge's own entry is never among them.
        let audit = sql::delete_audit_entries(conn, cut.audit_log)?;
        let mut files = sql::delete_requests(conn, &drafts)?;
        files.extend(sql::delete_requests(conn, &closed)?);
        for user in &accounts {
            files.extend(sql::pseudonymise_account(conn, user, INACTIVITY, now)?);
        }
        let report = PurgeReport {
            counts: vec![
                (Category::Drafts, drafts.len()),
                (Category::ClosedRequests, closed.len()),
                (Category::InactiveAccounts, accounts.len()),
                (
                    Category::SentEmails,
                    sql::delete_sent_emails(conn, cut.sent_emails)?,
                ),
                (
                    Category::ExpiredSessions,
                    sql::delete_ended_sessions(conn, cut.expired_sessions)?,
                ),
                (Category::AuditLog, audit),
            ],
            files: files.len(),
            files_left: 0,
        };
        db::audit::record(conn, PURGE_EVENT, None, None, None, &report.summary(), now)?;
        Ok((report, files))
    })?;
    report.files_left = remove_files(uploads, &files);
    report.files -= report.files_left;
    Ok(report)
}

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// Removes the stored files (after the rows are gone: a crash in between leaves an orphan
/// file, never a row without its file); returns how many could not be removed.
pub fn remove_files(uploads: &Path, storage_names: &[String]) -> usize {
    let mut left = 0;
    for name in storage_names {
        // Storage names are random hex made by the guichet; refuse anything else.
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            left += 1;
            continue;
        }
        if let Err(e) = std::fs::remove_file(uploads.join(name)) {
            tracing::warn!(error = %e, "purge : fichier de pièce jointe non supprimé");
            left += 1;
        }
    }
    left
}

/// Runs the purge every `every_hours` hours (0: never) until the runtime stops.
pub async fn run(deps: super::Deps, policy: RetentionPolicy, uploads: PathBuf, every_hours: u64) {
    if every_hours == 0 {
        return;
    }
    let period = Duration::from_secs(every_hours.saturating_mul(3600));
    super::every(
        "purge des données échues",
        period,
        deps,
        move |conn, _, now| {
            let report = run_once(conn, &policy, &uploads, now, Mode::Apply)?;
            Ok(report.total())
        },
    )
    .await;
}
