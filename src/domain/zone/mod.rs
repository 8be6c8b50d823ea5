//! Zonage categories per profession (domain.md §4), the set of categories a commune may be in
//! ([`ZoneSet`]), and the three-valued logic used to decide "is the practice in such a zone?"
//! when the source is imprecise (some sources only say "ZIP or not ZIP") or missing (no zonage
//! known: never "hors zone").
//!
//! Each profession has its own scale: médecins are zoned ZIP / ZAC / ZV / ZAR / HZ by the ARS;
//! the other professions on the scales of their conventions (CartoSanté's labels "très
//! sous-dotée" … "sur-dotée", with "non prioritaire" and "sous-dense" where they exist).
//! Pharmaciens, orthoptistes and pédicures-podologues have no zonage scale. A category is
//! profession-specific: a nurse's "sous-dotée" is never compared with a doctor's ZIP.

mod set;
mod tri;

pub use set::ZoneSet;
pub use tri::{zone_in, zone_not_in, Tri};

use crate::domain::profession::Profession;
use crate::domain::slug::slug_enum;

slug_enum! {
    /// A category of a profession's zonage (see [`ZoneCategory::scale`]).
    pub enum ZoneCategory, "Zone inconnue" {
        Zip => ("ZIP", "Zone d'intervention prioritaire (ZIP)"),
        Zac => ("ZAC", "Zone d'action complémentaire (ZAC)"),
        Zv => ("ZV", "Zone de vigilance (ZV)"),
        Zar => ("ZAR", "Zone d'accompagnement régional (ZAR)"),
        Hz => ("HZ", "Hors zone (HZ)"),
        TresSousDotee => ("tres-sous-dotee", "Zone très sous-dotée"),
        SousDense => ("sous-dense", "Zone sous-dense"),
        SousDotee => ("sous-dotee", "Zone sous-dotée"),
        Intermediaire => ("intermediaire", "Zone intermédiaire"),
        TresDotee => ("tres-dotee", "Zone très dotée"),
        SurDotee => ("sur-dotee", "Zone sur-dotée"),
        NonPrioritaire => ("non-prioritaire", "Zone non prioritaire"),
    }
}

use ZoneCategory::*;

const MEDECINS: &[ZoneCategory] = &[Zip, Zac, Zv, Zar, Hz];
/// Infirmiers and sages-femmes: 1 to 5.
const ONE_TO_FIVE: &[ZoneCategory] =
    &[TresSousDotee, SousDotee, Intermediaire, TresDotee, SurDotee];
/// Masseurs-kinésithérapeutes: 1 to 5 and 5b.
const KINES: &[ZoneCategory] = &[
    TresSousDotee,
    SousDotee,
    Intermediaire,
    TresDotee,
    SurDotee,
    NonPrioritaire,
];
/// Chirurgiens-dentistes: 1 to 4 and 5b.
const DENTISTES: &[ZoneCategory] = &[
    TresSousDotee,
    SousDotee,
    Intermediaire,
    TresDotee,
    NonPrioritaire,
];
/// Orthophonistes: 1, 1b, 2 to 5.
const ORTHOPHONISTES: &[ZoneCategory] = &[
    TresSousDotee,
    SousDense,
    SousDotee,
    Intermediaire,
    TresDotee,
    SurDotee,
];

impl ZoneCategory {
    /// The categories of `profession`'s zonage, from the most to the least under-served
    /// (empty for pharmaciens, orthoptistes and pédicures-podologues: no zonage scale).
    pub fn scale(profession: Profession) -> &'static [ZoneCategory] {
        match profession {
            Profession::Medecin => MEDECINS,
            Profession::Infirmier | Profession::SageFemme => ONE_TO_FIVE,
            Profession::MasseurKinesitherapeute => KINES,
            Profession::ChirurgienDentiste => DENTISTES,
            Profession::Orthophoniste => ORTHOPHONISTES,
            Profession::Pharmacien | Profession::Orthoptiste | Profession::PedicurePodologue => &[],
        }
    }

    /// Whether the category belongs to `profession`'s scale.
    pub fn belongs_to(self, profession: Profession) -> bool {
        Self::scale(profession).contains(&self)
    }

    /// Whether this is a category of the médecins' zonage (ZIP, ZAC, ZV, ZAR, HZ).
    pub fn is_medecin(self) -> bool {
        MEDECINS.contains(&self)
    }

    /// The short form used in sentences: "ZIP", "ZAC"… for médecins, "très sous-dotée",
    /// "non prioritaire"… for the other professions.
    pub fn short_label(self) -> &'static str {
        match self {
            Zip | Zac | Zv | Zar | Hz => self.slug(),
            TresSousDotee => "très sous-dotée",
            SousDense => "sous-dense",
            SousDotee => "sous-dotée",
            Intermediaire => "intermédiaire",
            TresDotee => "très dotée",
            SurDotee => "sur-dotée",
            NonPrioritaire => "non prioritaire",
        }
    }

    /// Checks that the category is one of `profession`'s scale; the French message names the
    /// accepted ones.
    pub fn check_scale(self, profession: Profession) -> Result<(), ScaleError> {
        if self.belongs_to(profession) {
            Ok(())
        } else {
            Err(ScaleError {
                profession,
                category: self.slug().to_string(),
            })
        }
    }
}

/// A category outside the profession's scale (e.g. a médecin's ZIP given for a nurse), or any
/// zone for a profession that has no zonage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct ScaleError {
    pub profession: Profession,
    /// The slug (or text) that was given.
    pub category: String,
}

impl ScaleError {
    /// The French explanation, naming the profession's scale.
    pub fn message(&self) -> String {
        let scale = ZoneCategory::scale(self.profession);
        let of = of_profession(self.profession);
        if scale.is_empty() {
            return format!(
                "La zone « {} » ne s'applique pas : il n'existe pas de zonage conventionnel {of}.",
                self.category
            );
        }
        let slugs: Vec<&str> = scale.iter().map(|c| c.slug()).collect();
        format!(
            "La zone « {} » n'est pas une catégorie du zonage {of} : choisissez parmi {}.",
            self.category,
            slugs.join(", ")
        )
    }
}

/// "des infirmiers", "des sages-femmes"… (French, for messages).
pub fn of_profession(profession: Profession) -> &'static str {
    match profession {
        Profession::Medecin => "des médecins",
        Profession::ChirurgienDentiste => "des chirurgiens-dentistes",
        Profession::SageFemme => "des sages-femmes",
        Profession::Pharmacien => "des pharmaciens",
        Profession::Infirmier => "des infirmiers",
        Profession::MasseurKinesitherapeute => "des masseurs-kinésithérapeutes",
        Profession::Orthophoniste => "des orthophonistes",
        Profession::Orthoptiste => "des orthoptistes",
        Profession::PedicurePodologue => "des pédicures-podologues",
    }
}

#[cfg(test)]
mod tests;
