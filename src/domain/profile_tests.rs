use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

fn form(situation: &str, year: &str, date: &str, commune: &str) -> ProfileForm {
    ProfileForm {
        profession: "medecin".into(),
        situation: situation.into(),
        study_year: year.into(),
        installation_date: date.into(),
        installation_commune: commune.into(),
    }
}

fn resolver(typed: &str) -> Result<String, String> {
    match typed {
        "Guéret" | "23096" => Ok("23096".into()),
        _ => Err("Commune introuvable.".into()),
    }
}

fn fields(errors: Vec<FieldError>) -> Vec<String> {
    errors.into_iter().map(|e| e.field).collect()
}

#[test]
fn a_student_has_a_study_year_and_an_installed_doctor_a_date_and_commune() {
    let p = validate(&form("etudiant", "4", "", ""), today(), resolver).unwrap();
    assert_eq!(p.situation, Some(Situation::Etudiant));
    assert_eq!(p.study_year, Some(4));
    let p = validate(
        &form("installe", "", "02/03/2027", "Guéret"),
        today(),
        resolver,
    )
    .unwrap();
    assert_eq!(p.installation_date, NaiveDate::from_ymd_opt(2027, 3, 2));
    assert_eq!(p.installation_commune_insee.as_deref(), Some("23096"));
    let p = validate(
        &form("docteur-junior", "12", "2027-03-02", ""),
        today(),
        resolver,
    )
    .unwrap();
    assert_eq!(p.study_year, Some(12));
}

#[test]
fn each_mistake_is_named_beside_its_field() {
    let err = |f: ProfileForm| fields(validate(&f, today(), resolver).unwrap_err());
    assert_eq!(err(form("astronaute", "", "", "")), ["situation"]);
    assert_eq!(err(form("", "", "", "")), ["situation"]);
    assert_eq!(err(form("interne", "13", "", "")), ["study_year"]);
    assert_eq!(err(form("interne", "0", "", "")), ["study_year"]);
    assert_eq!(err(form("interne", "deux", "", "")), ["study_year"]);
    assert_eq!(err(form("installe", "3", "", "")), ["study_year"]);
    assert_eq!(
        err(form("installe", "", "30/02/2027", "")),
        ["installation_date"]
    );
    assert_eq!(
        err(form("installe", "", "demain", "")),
        ["installation_date"]
    );
    assert_eq!(
        err(form("installe", "", "2040-01-01", "")),
        ["installation_date"]
    );
    assert_eq!(
        err(form("installe", "", "1900-01-01", "")),
        ["installation_date"]
    );
    assert_eq!(
        err(form("installe", "", "", "Atlantis")),
        ["installation_commune"]
    );
    let mut no_profession = form("installe", "", "", "");
    no_profession.profession = "plombier".into();
    assert_eq!(err(no_profession), ["profession"]);
}

#[test]
fn changes_list_only_the_fields_that_differ() {
    let old = validate(&form("etudiant", "4", "", ""), today(), resolver).unwrap();
    let new = validate(&form("interne", "1", "", ""), today(), resolver).unwrap();
    let list = changes(&old, &new);
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].field, ProfileField::Situation);
    assert_eq!(list[0].old.as_deref(), Some("etudiant"));
    assert_eq!(list[1].new.as_deref(), Some("1"));
    assert!(changes(&new, &new).is_empty());
    for f in ProfileField::ALL {
        assert_eq!(ProfileField::from_slug(f.slug()), Some(f));
    }
}
