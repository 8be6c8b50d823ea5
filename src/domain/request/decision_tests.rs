use chrono::NaiveDate;

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

fn input<'a>(outcome: &'a str, amount: &'a str, signed_on: &'a str) -> DecisionInput<'a> {
    DecisionInput {
        outcome,
        amount,
        signed_on,
        file_number: "CT-2026-42",
        document: "",
    }
}

fn fields(errors: Vec<FieldError>) -> Vec<String> {
    errors.into_iter().map(|e| e.field).collect()
}

#[test]
fn a_grant_carries_its_amount_date_and_number() {
    let d = Decision::parse(&input("granted", "10 000", "2026-12-07"), today(), &[]).unwrap();
    assert_eq!(d.outcome, DecisionOutcome::Granted);
    assert_eq!(d.amount_cents, Some(1_000_000));
    assert_eq!(d.signed_on, NaiveDate::from_ymd_opt(2026, 12, 7));
    assert_eq!(d.file_number.as_deref(), Some("CT-2026-42"));
    assert_eq!(d.summary(), "Accordé, 10\u{202f}000 €");
    let d = Decision::parse(&input("granted", "2500,5 €", "02/03/2026"), today(), &[]).unwrap();
    assert_eq!(d.amount_cents, Some(250_050));
}

#[test]
fn a_refusal_takes_neither_amount_nor_signature_date() {
    let d = Decision::parse(&input("refused", "", ""), today(), &[]).unwrap();
    assert_eq!(
        (d.outcome, d.amount_cents, d.signed_on),
        (DecisionOutcome::Refused, None, None)
    );
    assert_eq!(d.summary(), "Refusé");
    let e = Decision::parse(&input("refused", "100", "2026-01-01"), today(), &[]).unwrap_err();
    assert_eq!(fields(e), ["amount", "signed_on"]);
}

#[test]
fn each_mistake_is_named_beside_its_field() {
    assert_eq!(
        fields(Decision::parse(&input("", "", ""), today(), &[]).unwrap_err()),
        ["outcome"]
    );
    assert_eq!(
        fields(Decision::parse(&input("maybe", "", ""), today(), &[]).unwrap_err()),
        ["outcome"]
    );
    assert_eq!(
        fields(Decision::parse(&input("granted", "", ""), today(), &[]).unwrap_err()),
        ["amount"]
    );
    for bad in ["abc", "0", "-5", "1,234", "10 000 000", "1e5"] {
        let e = Decision::parse(&input("granted", bad, ""), today(), &[]).unwrap_err();
        assert_eq!(fields(e), ["amount"], "{bad}");
    }
    let future = Decision::parse(&input("granted", "10", "2026-12-08"), today(), &[]).unwrap_err();
    assert_eq!(
        future[0].message,
        "La date de signature ne peut pas être dans le futur."
    );
    let e = Decision::parse(&input("granted", "10", "2026-02-30"), today(), &[]).unwrap_err();
    assert_eq!(fields(e), ["signed_on"]);
    let long = "X".repeat(FILE_NUMBER_MAX_CHARS + 1);
    let mut i = input("information", "", "");
    i.file_number = &long;
    assert_eq!(
        fields(Decision::parse(&i, today(), &[]).unwrap_err()),
        ["file_number"]
    );
}

#[test]
fn the_document_is_one_the_agent_may_see() {
    let mut i = input("granted", "10", "");
    i.document = "doc-1";
    assert_eq!(
        Decision::parse(&i, today(), &["doc-1"])
            .unwrap()
            .document_id
            .as_deref(),
        Some("doc-1")
    );
    assert_eq!(
        fields(Decision::parse(&i, today(), &["doc-2"]).unwrap_err()),
        ["document"]
    );
}

#[test]
fn amounts_read_and_print_the_french_way() {
    assert_eq!(parse_amount("10 000"), Ok(1_000_000));
    assert_eq!(parse_amount("10000.50"), Ok(1_000_050));
    assert_eq!(parse_amount("5 000 000"), Ok(MAX_AMOUNT_CENTS));
    assert!(parse_amount("5 000 000,01").is_err());
    assert_eq!(euros(250_050), "2\u{202f}500,50 €");
    assert_eq!(euros(100), "1 €");
}

#[test]
fn the_most_favourable_decision_prevails() {
    use DecisionOutcome::*;
    use ReferralState::*;
    assert_eq!(request_outcome(&[]), None);
    assert_eq!(request_outcome(&[(EnCours, None), (ATraiter, None)]), None);
    let partial = request_outcome(&[(Repondue, Some(Refused)), (EnCours, None)]).unwrap();
    assert_eq!((partial.outcome, partial.complete), (Refused, false));
    let done = request_outcome(&[
        (Repondue, Some(Refused)),
        (Repondue, Some(Granted)),
        (Repondue, Some(Information)),
    ])
    .unwrap();
    assert_eq!((done.outcome, done.complete), (Granted, true));
    // A declined referral and an answer without a decision take no part.
    let r = request_outcome(&[
        (Declinee, None),
        (Repondue, None),
        (Repondue, Some(NoFollowUp)),
        (Repondue, Some(Redirected)),
    ])
    .unwrap();
    assert_eq!((r.outcome, r.complete), (Redirected, true));
    assert_eq!(
        request_outcome(&[(Repondue, Some(Information)), (Repondue, Some(Refused))])
            .map(|r| r.outcome),
        Some(Information)
    );
}
