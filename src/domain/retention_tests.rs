use chrono::NaiveDateTime;

use super::*;

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

const POLICY: RetentionPolicy = RetentionPolicy {
    draft_months: 6,
    closed_request_years: 5,
    inactive_account_years: 3,
    sent_email_months: 12,
    expired_session_days: 30,
    audit_log_years: 5,
};

#[test]
fn cutoffs_count_back_calendar_months_and_years() {
    let c = POLICY.cutoffs(at("2026-12-07 09:30"));
    assert_eq!(c.drafts, at("2026-06-07 09:30"));
    assert_eq!(c.closed_requests, at("2021-12-07 09:30"));
    assert_eq!(c.inactive_accounts, at("2023-12-07 09:30"));
    assert_eq!(c.sent_emails, at("2025-12-07 09:30"));
    assert_eq!(c.expired_sessions, at("2026-11-07 09:30"));
    assert_eq!(c.audit_log, at("2021-12-07 09:30"));
}

#[test]
fn end_of_month_and_leap_day_clamp_to_the_last_day() {
    // 31 August minus 6 months: 28 February (no 31 February).
    assert_eq!(
        POLICY.cutoffs(at("2027-08-31 12:00")).drafts,
        at("2027-02-28 12:00")
    );
    // 29 February 2028 minus 3 years: 28 February 2025.
    assert_eq!(
        POLICY.cutoffs(at("2028-02-29 00:00")).inactive_accounts,
        at("2025-02-28 00:00")
    );
}

#[test]
fn a_draft_goes_the_minute_after_six_months_untouched() {
    let c = POLICY.cutoffs(at("2026-12-07 09:30"));
    assert!(c.is_due(Category::Drafts, at("2026-06-07 09:29")));
    assert!(!c.is_due(Category::Drafts, at("2026-06-07 09:30")));
    assert!(!c.is_due(Category::Drafts, at("2026-11-01 00:00")));
}

#[test]
fn a_request_closed_four_years_ago_is_kept_one_closed_six_years_ago_goes() {
    let c = POLICY.cutoffs(at("2026-12-07 09:30"));
    assert!(!c.is_due(Category::ClosedRequests, at("2022-12-07 09:30")));
    assert!(c.is_due(Category::ClosedRequests, at("2020-12-07 09:30")));
}

#[test]
fn sessions_emails_accounts_and_audit_entries() {
    let c = POLICY.cutoffs(at("2026-12-07 09:30"));
    assert!(c.is_due(Category::ExpiredSessions, at("2026-11-01 00:00")));
    assert!(!c.is_due(Category::ExpiredSessions, at("2026-11-20 00:00")));
    assert!(c.is_due(Category::SentEmails, at("2025-11-30 00:00")));
    assert!(!c.is_due(Category::SentEmails, at("2026-01-15 00:00")));
    assert!(c.is_due(Category::InactiveAccounts, at("2023-06-01 00:00")));
    assert!(!c.is_due(Category::InactiveAccounts, at("2024-06-01 00:00")));
    assert!(c.is_due(Category::AuditLog, at("2021-01-01 00:00")));
    assert!(!c.is_due(Category::AuditLog, at("2022-01-01 00:00")));
}

#[test]
fn zero_or_absurd_periods_are_refused_in_french() {
    assert_eq!(POLICY.check(), Ok(()));
    let zero = RetentionPolicy {
        draft_months: 0,
        ..POLICY
    };
    let err = zero.check().unwrap_err();
    assert!(err.contains("retention.draft_months"), "{err}");
    assert!(err.contains("entre 1 et 24 mois"), "{err}");
    let forever = RetentionPolicy {
        audit_log_years: 100,
        ..POLICY
    };
    assert!(forever.check().unwrap_err().contains("audit_log_years"));
    let short_log = RetentionPolicy {
        audit_log_years: 2,
        ..POLICY
    };
    assert!(short_log
        .check()
        .unwrap_err()
        .contains("inactive_account_years"));
}

#[test]
fn lines_show_every_period_in_french() {
    let lines = POLICY.lines();
    assert_eq!(lines.len(), Category::ALL.len());
    assert_eq!(lines[0].duration, "6 mois");
    assert_eq!(lines[1].duration, "5 ans");
    assert_eq!(lines[4].duration, "30 jours");
    let one = RetentionPolicy {
        closed_request_years: 1,
        ..POLICY
    };
    assert_eq!(one.lines()[1].duration, "1 an");
}

#[test]
fn only_drafts_go_with_the_account() {
    use crate::domain::request::RequestState::*;
    assert!(!kept_after_account_deletion(Brouillon));
    for state in [
        Deposee,
        EnQualification,
        Orientee,
        EnAttenteProfessionnel,
        Traitee,
        Cloturee,
        Retiree,
    ] {
        assert!(kept_after_account_deletion(state), "{state:?}");
    }
}
