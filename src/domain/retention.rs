//! How long personal data is kept (RGPD art. 5-1-e, limitation of storage): the periods of the
//! `[retention]` settings, and what is due for deletion at a given instant. Pure: "now" is an
//! argument, the database applies the cut-offs (`db::retention`).

use chrono::{Months, NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::domain::request::RequestState;

/// The retention periods (`[retention]` in `config/default.toml`, where each default is argued).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct RetentionPolicy {
    /// A draft never submitted, untouched for this many months, is deleted.
    pub draft_months: u32,
    /// A closed or withdrawn request is deleted this many years after its closure.
    pub closed_request_years: u32,
    /// A professional's account without sign-in for this many years, and without an open
    /// request, is pseudonymised.
    pub inactive_account_years: u32,
    /// A delivered or failed e-mail leaves the outbox this many months after it was sent.
    pub sent_email_months: u32,
    /// An ended session (expired or closed) is deleted this many days after it ended.
    pub expired_session_days: u32,
    /// An audit log entry is deleted after this many years.
    pub audit_log_years: u32,
}

/// What the purge deletes, one category per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Category {
    Drafts,
    ClosedRequests,
    InactiveAccounts,
    SentEmails,
    ExpiredSessions,
    AuditLog,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Drafts,
        Category::ClosedRequests,
        Category::InactiveAccounts,
        Category::SentEmails,
        Category::ExpiredSessions,
        Category::AuditLog,
    ];

    /// A stable name for logs, the CLI and the audit entry.
    pub fn slug(self) -> &'static str {
        match self {
            Category::Drafts => "brouillons",
            Category::ClosedRequests => "demandes-closes",
            Category::InactiveAccounts => "comptes-inactifs",
            Category::SentEmails => "courriels-envoyes",
            Category::ExpiredSessions => "sessions-expirees",
            Category::AuditLog => "journal-audit",
        }
    }

    /// What the category holds, in French (the privacy page, the CLI).
    pub fn label(self) -> &'static str {
        match self {
            Category::Drafts => "Brouillons de demande jamais déposés",
            Category::ClosedRequests => {
                "Demandes clôturées ou retirées, avec leurs messages, historique et pièces jointes"
            }
            Category::InactiveAccounts => "Comptes de professionnels inactifs",
            Category::SentEmails => "Courriels envoyés ou en échec",
            Category::ExpiredSessions => "Sessions de connexion terminées",
            Category::AuditLog => "Journal d'audit (connexions, consultations, actions)",
        }
    }
}

/// The instants before which each category is due: data whose reference instant (last change
/// of a draft, closure, last sign-in, sending, end of session, audit entry) is strictly earlier
/// goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoffs {
    pub drafts: NaiveDateTime,
    pub closed_requests: NaiveDateTime,
    pub inactive_accounts: NaiveDateTime,
    pub sent_emails: NaiveDateTime,
    pub expired_sessions: NaiveDateTime,
    pub audit_log: NaiveDateTime,
}

impl Cutoffs {
    pub fn of(&self, category: Category) -> NaiveDateTime {
        match category {
            Category::Drafts => self.drafts,
            Category::ClosedRequests => self.closed_requests,
            Category::InactiveAccounts => self.inactive_accounts,
            Category::SentEmails => self.sent_emails,
            Category::ExpiredSessions => self.expired_sessions,
            Category::AuditLog => self.audit_log,
        }
    }

    /// True when data of `category` whose reference instant is `at` must go.
    pub fn is_due(&self, category: Category, at: NaiveDateTime) -> bool {
        at < self.of(category)
    }
}

/// One period as the privacy page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionLine {
    pub category: Category,
    pub label: &'static str,
    pub duration: String,
    pub counted_from: &'static str,
}

/// Bounds accepted for each setting: (name, value, min, max, unit).
const UNIT_MONTHS: &str = "mois";
const UNIT_YEARS: &str = "ans";
const UNIT_DAYS: &str = "jours";

impl RetentionPolicy {
    fn settings(&self) -> [(&'static str, u32, u32, u32, &'static str); 6] {
        [
            ("draft_months", self.draft_months, 1, 24, UNIT_MONTHS),
            (
                "closed_request_years",
                self.closed_request_years,
                1,
                30,
                UNIT_YEARS,
            ),
            (
                "inactive_account_years",
                self.inactive_account_years,
                1,
                10,
                UNIT_YEARS,
            ),
            (
                "sent_email_months",
                self.sent_email_months,
                1,
                60,
                UNIT_MONTHS,
            ),
            (
                "expired_session_days",
                self.expired_session_days,
                1,
                365,
                UNIT_DAYS,
            ),
            ("audit_log_years", self.audit_log_years, 1, 30, UNIT_YEARS),
        ]
    }

    /// Refuses a period that is zero (everything would go at once) or beyond reason.
    pub fn check(&self) -> Result<(), String> {
        for (name, value, min, max, unit) in self.settings() {
            if !(min..=max).contains(&value) {
                return Err(format!(
                    "retention.{name} = {value} : durée de conservation attendue entre {min} et {max} {unit}"
                ));
            }
        }
        // Inactivity is read from the sign-ins recorded in the audit log: the log must outlive it.
        if self.audit_log_years < self.inactive_account_years {
            return Err(format!(
                "retention.audit_log_years = {} : le journal d'audit doit être gardé au moins aussi longtemps que retention.inactive_account_years = {} (l'inactivité se lit dans les connexions qu'il enregistre)",
                self.audit_log_years, self.inactive_account_years
            ));
        }
        Ok(())
    }

    /// The cut-offs at `now`. A period that cannot be subtracted (before year −262 143) keeps
    /// everything of its category.
    pub fn cutoffs(&self, now: NaiveDateTime) -> Cutoffs {
        let months_before = |months: u32| {
            now.checked_sub_months(Months::new(months))
                .unwrap_or(NaiveDateTime::MIN)
        };
        let days_before = |days: u32| {
            now.checked_sub_signed(TimeDelta::days(i64::from(days)))
                .unwrap_or(NaiveDateTime::MIN)
        };
        Cutoffs {
            drafts: months_before(self.draft_months),
            closed_requests: months_before(self.closed_request_years.saturating_mul(12)),
            inactive_accounts: months_before(self.inactive_account_years.saturating_mul(12)),
            sent_emails: months_before(self.sent_email_months),
            expired_sessions: days_before(self.expired_session_days),
            audit_log: months_before(self.audit_log_years.saturating_mul(12)),
        }
    }

    /// Every period in French, for the privacy page.
    pub fn lines(&self) -> Vec<RetentionLine> {
        Category::ALL
            .iter()
            .map(|&category| {
                let (duration, counted_from) = match category {
                    Category::Drafts => (
                        months(self.draft_months),
                        "après la dernière modification du brouillon",
                    ),
                    Category::ClosedRequests => (
                        years(self.closed_request_years),
                        "après la clôture ou le retrait de la demande",
                    ),
                    Category::InactiveAccounts => (
                        years(self.inactive_account_years),
                        "sans connexion, sauf demande en cours ; le compte est alors pseudonymisé",
                    ),
                    Category::SentEmails => {
                        (months(self.sent_email_months), "après l'envoi du courriel")
                    }
                    Category::ExpiredSessions => (
                        days(self.expired_session_days),
                        "après la fin de la session",
                    ),
                    Category::AuditLog => (
                        years(self.audit_log_years),
                        "après l'enregistrement de l'événement",
                    ),
                };
                RetentionLine {
                    category,
                    label: category.label(),
                    duration,
                    counted_from,
                }
            })
            .collect()
    }
}

/// Whether a request outlives the deletion of its author's account (pseudonymised): every
/// request filed with the guichet is, because the guichet and the institutions it was routed
/// to must be able to account for what they handled; a draft, never sent to anyone, is not.
pub fn kept_after_account_deletion(state: RequestState) -> bool {
    state != RequestState::Brouillon
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n <= 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

fn years(n: u32) -> String {
    plural(n, "an", "ans")
}

fn months(n: u32) -> String {
    format!("{n} mois")
}

fn days(n: u32) -> String {
    plural(n, "jour", "jours")
}

#[cfg(test)]
#[path = "retention_tests.rs"]
mod tests;
