use chrono::{NaiveDate, NaiveDateTime};

use super::*;

fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .unwrap()
}

fn form() -> SessionForm {
    SessionForm {
        title: "Permanence installation".into(),
        departement: "13".into(),
        mode: "sur-place".into(),
        address: "ARS, Marseille".into(),
        date: "2026-12-03".into(),
        start_time: "09:00".into(),
        slot_minutes: "30".into(),
        slot_count: "4".into(),
        institutions: vec!["cpam13".into(), "ars13".into(), "cpam13".into()],
        ..SessionForm::default()
    }
}

fn deps() -> Vec<String> {
    vec!["13".into(), "84".into()]
}

fn insts() -> Vec<String> {
    vec!["cpam13".into(), "ars13".into()]
}

#[test]
fn a_valid_session_has_consecutive_slots_in_utc() {
    let plan = parse_session(&form(), &deps(), &insts(), dt(2026, 11, 22, 0, 0)).unwrap();
    assert_eq!(plan.slots.len(), 4);
    assert_eq!(
        plan.slots[0],
        (dt(2026, 12, 3, 8, 0), dt(2026, 12, 3, 8, 30))
    );
    assert_eq!(plan.slots[3].1, dt(2026, 12, 3, 10, 0));
    assert_eq!(plan.capacity, 1, "one place per slot by default");
    assert_eq!(plan.institution_ids, vec!["ars13", "cpam13"]);
    assert_eq!(plan.video_url, None);
}

#[test]
fn each_invalid_field_gets_its_message() {
    let mut f = form();
    f.departement = "06".into();
    f.mode = "visio".into();
    f.video_url = "http://visio.test".into();
    f.slot_minutes = "5".into();
    f.capacity = "0".into();
    f.institutions = vec!["autre".into()];
    let errors = parse_session(&f, &deps(), &insts(), dt(2026, 11, 22, 0, 0)).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "departement",
            "video_url",
            "slot_minutes",
            "capacity",
            "institutions"
        ]
    );
}

#[test]
fn a_session_in_the_past_is_refused() {
    let errors = parse_session(&form(), &deps(), &insts(), dt(2026, 12, 3, 9, 0)).unwrap_err();
    assert_eq!(errors[0].field, "date");
}

#[test]
fn reminders_are_due_within_48_hours_before_the_slot() {
    let start = dt(2026, 12, 10, 8, 0);
    assert!(!reminder_due(start, start - Duration::hours(49)));
    assert!(reminder_due(start, start - Duration::hours(48)));
    assert!(reminder_due(start, start - Duration::hours(47)));
    assert!(!reminder_due(start, start));
}

#[test]
fn request_numbers_are_optional_and_checked() {
    assert_eq!(parse_request_number("  "), Ok(None));
    assert_eq!(
        parse_request_number(" gu-2026-00042 "),
        Ok(Some("GU-2026-00042".into()))
    );
    assert!(parse_request_number("<script>").is_err());
}
