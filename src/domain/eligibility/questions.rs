//! Which questions of the simulator matter for a profession and a situation, derived from the
//! rules themselves: an aid already ruled out by the profession or the situation (or closed)
//! asks nothing; every other aid asks the inputs of its criteria still undecided and of its
//! amount. The table is sent with the form so that the browser hides the other questions.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{evaluate, AidStatus, Catalogue, Input, Profile};
use crate::domain::profession::{Profession, Situation};
use crate::domain::zone::Tri;

/// The inputs that can still change an answer for this profession and situation on `on`, in the
/// canonical order of [`Input::ALL`].
pub fn relevant_inputs(
    catalogue: &Catalogue,
    profession: Profession,
    situation: Option<Situation>,
    on: NaiveDate,
) -> Vec<Input> {
    let profile = Profile {
        profession: Some(profession),
        situation,
        ..Profile::default()
    };
    let mut used: Vec<Input> = Vec::new();
    for result in evaluate(catalogue, &profile, on) {
        let ruled_out = result.status == AidStatus::Closed
            || result.criteria.iter().any(|c| c.result == Tri::NotMet);
        if ruled_out {
            continue;
        }
        for criterion in result.criteria.iter().filter(|c| c.result == Tri::Unknown) {
            used.extend(criterion.missing.iter().copied());
        }
        let version = catalogue
            .get(&result.code)
            .and_then(|aid| aid.announced_on(on).or_else(|| aid.version_on(on)));
        if let Some(version) = version {
            used.extend(version.amount.inputs());
        }
    }
    Input::ALL
        .iter()
        .copied()
        .filter(|i| used.contains(i))
        .collect()
}

/// For every `profession|situation` (situation possibly empty), the names of the form fields to
/// show, space-separated; `shown` says whether a field is asked given the relevant inputs.
pub fn table(
    catalogue: &Catalogue,
    on: NaiveDate,
    fields: &[&'static str],
    shown: impl Fn(&str, &[Input]) -> bool,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for profession in Profession::ALL {
        let situations = std::iter::once(None).chain(Situation::ALL.iter().copied().map(Some));
        for situation in situations {
            let relevant = relevant_inputs(catalogue, *profession, situation, on);
            let names: Vec<&str> = fields
                .iter()
                .copied()
                .filter(|name| shown(name, &relevant))
                .collect();
            let key = format!(
                "{}|{}",
                profession.slug(),
                situation.map_or("", Situation::slug)
            );
            out.insert(key, names.join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn catalogue() -> Catalogue {
        Catalogue::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("config/aides"))
            .expect("catalogue")
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_nurse_is_not_asked_doctors_or_students_questions() {
        let catalogue = catalogue();
        let on = day("2026-12-06");
        let nurse = relevant_inputs(
            &catalogue,
            Profession::Infirmier,
            Some(Situation::Installe),
            on,
        );
        assert!(nurse.contains(&Input::Zone), "{nurse:?}");
        assert!(nurse.contains(&Input::InstalledOn), "{nurse:?}");
        for irrelevant in [
            Input::Sector,
            Input::Specialty,
            Input::StudyYear,
            Input::IndustrialPharmacy,
            Input::CreatingPractice,
            Input::HousedFree,
        ] {
            assert!(!nurse.contains(&irrelevant), "{irrelevant:?} in {nurse:?}");
        }
    }

    #[test]
    fn each_profession_and_situation_gets_its_own_questions() {
        let catalogue = catalogue();
        let on = day("2026-12-06");
        let pharmacy_student = relevant_inputs(
            &catalogue,
            Profession::Pharmacien,
            Some(Situation::Etudiant),
            on,
        );
        assert!(pharmacy_student.contains(&Input::StudyYear));
        assert!(pharmacy_student.contains(&Input::IndustrialPharmacy));
        assert!(!pharmacy_student.contains(&Input::Zone));
        let physio = relevant_inputs(
            &catalogue,
            Profession::MasseurKinesitherapeute,
            Some(Situation::Installe),
            on,
        );
        assert!(physio.contains(&Input::CreatingPractice));
        let doctor = relevant_inputs(&catalogue, Profession::Medecin, None, on);
        assert!(doctor.contains(&Input::Situation));
        assert!(doctor.contains(&Input::Sector));
        // No aid of the catalogue concerns an orthoptist: nothing to ask.
        let orthoptist = relevant_inputs(
            &catalogue,
            Profession::Orthoptiste,
            Some(Situation::Installe),
            on,
        );
        assert!(orthoptist.is_empty(), "{orthoptist:?}");
    }

    #[test]
    fn the_table_has_one_entry_per_profession_and_situation() {
        let catalogue = catalogue();
        let fields = ["profession", "situation", "sector", "creating_practice"];
        let table = table(&catalogue, day("2026-12-06"), &fields, |name, relevant| {
            matches!(name, "profession" | "situation")
                || name.parse::<Input>().is_ok_and(|i| relevant.contains(&i))
        });
        assert_eq!(
            table.len(),
            Profession::ALL.len() * (Situation::ALL.len() + 1)
        );
        assert_eq!(table["infirmier|installe"], "profession situation");
        assert_eq!(
            table["masseur-kinesitherapeute|installe"],
            "profession situation creating_practice"
        );
    }
}
