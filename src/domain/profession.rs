//! The nine health professions of the guichet, the career situations of a professional and the
//! conventional sectors, each with a stable slug (used in URLs, JSON, rule files and the
//! database) and a French label.

use crate::domain::slug::slug_enum;

slug_enum! {
    /// The nine professions of the PAPS list.
    pub enum Profession, "Profession inconnue" {
        Medecin => ("medecin", "Médecin"),
        ChirurgienDentiste => ("chirurgien-dentiste", "Chirurgien-dentiste"),
        SageFemme => ("sage-femme", "Sage-femme"),
        Pharmacien => ("pharmacien", "Pharmacien"),
        Infirmier => ("infirmier", "Infirmier"),
        MasseurKinesitherapeute => ("masseur-kinesitherapeute", "Masseur-kinésithérapeute"),
        Orthophoniste => ("orthophoniste", "Orthophoniste"),
        Orthoptiste => ("orthoptiste", "Orthoptiste"),
        PedicurePodologue => ("pedicure-podologue", "Pédicure-podologue"),
    }
}

slug_enum! {
    /// Where a professional stands in their career.
    pub enum Situation, "Situation inconnue" {
        Etudiant => ("etudiant", "Étudiant"),
        Interne => ("interne", "Interne"),
        /// Fourth year of médecine générale (and other specialties' last phase): "docteur junior".
        DocteurJunior => ("docteur-junior", "Docteur junior"),
        Remplacant => ("remplacant", "Remplaçant"),
        Installe => ("installe", "Installé en libéral"),
        Salarie => ("salarie", "Salarié"),
        Retraite => ("retraite", "Retraité"),
    }
}

slug_enum! {
    /// The conventional sector of a libéral doctor.
    pub enum Sector, "Secteur inconnu" {
        Secteur1 => ("1", "Secteur 1"),
        Secteur2Optam => ("2-optam", "Secteur 2 avec OPTAM ou OPTAM-ACO (ex-OPTAM-CO)"),
        Secteur2 => ("2", "Secteur 2 sans OPTAM"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_slug_round_trips_through_from_str_and_serde() {
        for p in Profession::ALL {
            assert_eq!(p.slug().parse::<Profession>(), Ok(*p));
            let json = serde_json::to_string(p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.slug()));
            assert_eq!(serde_json::from_str::<Profession>(&json).unwrap(), *p);
        }
        for s in Situation::ALL {
            assert_eq!(s.slug().parse::<Situation>(), Ok(*s));
        }
        for s in Sector::ALL {
            assert_eq!(s.slug().parse::<Sector>(), Ok(*s));
        }
        assert_eq!(Profession::ALL.len(), 9);
        assert_eq!(Situation::ALL.len(), 7);
    }

    #[test]
    fn labels_are_french() {
        assert_eq!(
            Profession::MasseurKinesitherapeute.label(),
            "Masseur-kinésithérapeute"
        );
        assert_eq!(
            Profession::ChirurgienDentiste.label(),
            "Chirurgien-dentiste"
        );
        assert_eq!(Situation::Remplacant.label(), "Remplaçant");
    }

    #[test]
    fn unknown_slug_lists_the_choices() {
        let err = "dentiste".parse::<Profession>().unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("Profession inconnue : « dentiste »"),
            "{msg}"
        );
        assert!(msg.contains("chirurgien-dentiste"), "{msg}");
        assert!(serde_json::from_str::<Sector>("\"3\"").is_err());
    }
}
