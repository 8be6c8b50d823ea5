use chrono::NaiveDate;

use super::*;
use crate::domain::eligibility::{MilestoneRule, TrackedCommitment};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn caim() -> TrackedCommitment {
    TrackedCommitment {
        id: "exercice-zip".into(),
        label: "Exercer cinq ans en ZIP".into(),
        months: Some(60),
        place: true,
        zone: true,
        milestones: vec![
            MilestoneRule {
                id: "second-versement".into(),
                label: "Seconde moitié".into(),
                after_months: 12,
                remind_days_before: 30,
            },
            MilestoneRule {
                id: "fin".into(),
                label: "Fin".into(),
                after_months: 60,
                remind_days_before: 60,
            },
        ],
    }
}

#[test]
fn a_five_year_commitment_ends_the_day_before_its_fifth_anniversary() {
    let planned = plan(&[caim()], d("2026-03-09"));
    assert_eq!(planned.len(), 1);
    let c = &planned[0];
    assert_eq!(c.starts_on, d("2026-03-09"));
    assert_eq!(c.ends_on, Some(d("2031-03-08")));
    assert!(c.binds_place && c.binds_zone);
    let dues: Vec<_> = c
        .milestones
        .iter()
        .map(|m| (m.due_on, m.remind_on))
        .collect();
    assert_eq!(
        dues,
        vec![
            (d("2027-03-09"), d("2027-02-07")),
            (d("2031-03-09"), d("2031-01-08")),
        ]
    );
}

#[test]
fn month_ends_and_leap_days_stay_in_their_month() {
    assert_eq!(add_months(d("2026-01-31"), 1), d("2026-02-28"));
    assert_eq!(add_months(d("2028-02-29"), 12), d("2029-02-28"));
    assert_eq!(add_months(d("2026-11-30"), 3), d("2027-02-28"));
}

#[test]
fn a_commitment_without_duration_has_no_end_and_a_reminder_never_precedes_the_signature() {
    let mut payment = caim();
    payment.months = None;
    payment.milestones = vec![MilestoneRule {
        id: "versement".into(),
        label: "Versement".into(),
        after_months: 1,
        remind_days_before: 60,
    }];
    let planned = plan(&[payment], d("2026-03-09"));
    assert_eq!(planned[0].ends_on, None);
    assert_eq!(planned[0].milestones[0].due_on, d("2026-04-09"));
    assert_eq!(planned[0].milestones[0].remind_on, d("2026-03-09"));
}

#[test]
fn a_reminder_is_due_from_its_date_while_the_milestone_is_pending() {
    let on = d("2026-05-25");
    assert!(!reminder_due(MilestoneStatus::Pending, on, d("2026-05-24")));
    assert!(reminder_due(MilestoneStatus::Pending, on, on));
    assert!(reminder_due(MilestoneStatus::Pending, on, d("2026-06-01")));
    assert!(!reminder_due(MilestoneStatus::Met, on, on));
    assert!(!reminder_due(MilestoneStatus::Missed, on, on));
}

#[test]
fn recording_a_milestone_needs_a_status_and_a_comment_when_missed() {
    let met = MilestoneRecord::parse("met", "  ").expect("tenue sans commentaire");
    assert_eq!(met.status, MilestoneStatus::Met);
    assert_eq!(met.comment, None);
    let missed = MilestoneRecord::parse("missed", "Départ en 2027").expect("non tenue");
    assert_eq!(missed.comment.as_deref(), Some("Départ en 2027"));
    assert_eq!(
        missed.summary("Fin"),
        "Échéance « Fin » : non tenue — Départ en 2027"
    );
    let errors = MilestoneRecord::parse("missed", "").unwrap_err();
    assert_eq!(errors[0].field, COMMENT_FIELD);
    for bad in ["", "pending", "accorde"] {
        let errors = MilestoneRecord::parse(bad, "x").unwrap_err();
        assert_eq!(errors[0].field, STATUS_FIELD, "{bad}");
    }
    let long = "x".repeat(MAX_COMMENT + 1);
    assert_eq!(
        MilestoneRecord::parse("met", &long).unwrap_err()[0].field,
        COMMENT_FIELD
    );
}

#[test]
fn the_institution_reminder_goes_to_the_agent_in_charge_when_there_is_one() {
    let agent = |email, still_there| Some(AgentInCharge { email, still_there });
    let inst = Some("cpam@exemple.fr");
    assert_eq!(
        institution_reminder_to(agent("a@exemple.fr", true), inst),
        Some("a@exemple.fr")
    );
    // Gone (disabled, or moved to another institution), or none: the institution's address.
    assert_eq!(
        institution_reminder_to(agent("a@exemple.fr", false), inst),
        inst
    );
    assert_eq!(institution_reminder_to(None, inst), inst);
    // Neither: nobody.
    assert_eq!(institution_reminder_to(None, Some("  ")), None);
    assert_eq!(
        institution_reminder_to(agent("a@exemple.fr", true), None),
        Some("a@exemple.fr")
    );
}
