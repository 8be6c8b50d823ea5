//! Information pages: one Markdown file per profession and career step, with a small TOML front
//! matter naming the related aids, simulator presets and request kinds (`content/`). This module
//! is pure: parsing the front matter, rendering the Markdown safely, checking the links and
//! searching; reading the files is `crate::content`.

mod markdown;
pub mod regional;
mod search;

use serde::{Deserialize, Serialize};

pub use markdown::{render, InternalLink, MarkdownError, Rendered};
pub use search::{SearchDoc, SearchHit, SearchIndex};

use crate::domain::eligibility::{Aid, Condition, Input};
use crate::domain::profession::Profession;
use crate::domain::slug::slug_enum;

slug_enum! {
    /// The career steps of the PAPS.
    pub enum Step, "Étape inconnue" {
        SeFormer => ("se-former", "Se former"),
        SInstaller => ("s-installer", "S'installer"),
        Exercer => ("exercer", "Exercer"),
        PreparerSaRetraite => ("preparer-sa-retraite", "Préparer sa retraite"),
    }
}

slug_enum! {
    /// The kinds of request a page may propose (`/demandes/nouvelle?type=<slug>`).
    pub enum RequestLink, "Type de demande inconnu" {
        InstallationLiberal => ("installation-liberal", "Projet d'installation en libéral"),
        InstallationSalarie => ("installation-salarie", "Projet d'installation en salariat"),
        InstallationMixte => ("installation-mixte", "Projet d'installation en exercice mixte"),
        Msp => ("msp", "Projet de maison de santé pluriprofessionnelle (MSP)"),
        CentreDeSante => ("centre-de-sante", "Projet de centre de santé"),
        Esp => ("esp", "Projet d'équipe de soins primaires (ESP)"),
        Cpts => ("cpts", "Projet de communauté professionnelle territoriale de santé (CPTS)"),
        Aide => ("aide", "Demande d'aide"),
        Remplacement => ("remplacement", "Remplacement ou médecin adjoint"),
        CumulEmploiRetraite => ("cumul-emploi-retraite", "Cumul emploi-retraite"),
        Question => ("question", "Question au guichet"),
    }
}

impl Step {
    /// What the step covers, for the profession pages.
    pub fn blurb(self) -> &'static str {
        match self {
            Step::SeFormer => "Études, stages, contrats d'engagement et premières démarches.",
            Step::SInstaller => {
                "Choisir son lieu et son mode d'exercice, s'inscrire, demander les aides."
            }
            Step::Exercer => {
                "Exercice coordonné, contrats avec l'Assurance Maladie, accueil de stagiaires."
            }
            Step::PreparerSaRetraite => {
                "Transmettre son activité, cumul emploi-retraite, démarches de fin d'activité."
            }
        }
    }
}

/// Whether `name` is a GET parameter the simulator understands: the name of an input of the
/// eligibility rules (`domain::eligibility::Input`), the same as the API's fields.
pub fn is_simulator_parameter(name: &str) -> bool {
    name.parse::<Input>().is_ok()
}

/// A link to the simulator with some answers already filled in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SimulatorPreset {
    pub label: String,
    /// The query string, e.g. `profession=medecin&situation=interne`.
    pub query: String,
}

impl SimulatorPreset {
    pub fn href(&self) -> String {
        format!("/simulateur?{}", self.query)
    }
}

/// A source cited by a page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// The TOML front matter between `+++` lines.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub aids: Vec<String>,
    #[serde(default)]
    pub simulator: Vec<SimulatorPreset>,
    #[serde(default)]
    pub requests: Vec<RequestLink>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// A page of `content/`: for one profession, or common to the professions without their own.
#[derive(Debug, Clone)]
pub struct Page {
    pub profession: Option<Profession>,
    pub step: Step,
    pub front: FrontMatter,
    /// The Markdown body, as written (the default of a regional version).
    pub markdown: String,
    pub html: String,
    pub text: String,
}

/// Splits `+++\n<toml>\n+++\n<markdown>` and parses the TOML.
pub fn split_front_matter(source: &str) -> Result<(FrontMatter, &str), String> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let rest = source
        .strip_prefix("+++\n")
        .or_else(|| source.strip_prefix("+++\r\n"))
        .ok_or("le fichier doit commencer par une ligne « +++ » (en-tête TOML)")?;
    let end = rest
        .find("\n+++")
        .ok_or("l'en-tête TOML n'est pas fermé par une ligne « +++ »")?;
    let (toml_text, body) = rest.split_at(end);
    let body = body
        .trim_start_matches("\n+++")
        .trim_start_matches('\r')
        .trim_start_matches('\n');
    let front: FrontMatter =
        toml::from_str(toml_text).map_err(|e| format!("en-tête TOML invalide : {e}"))?;
    if front.title.trim().is_empty() || front.summary.trim().is_empty() {
        return Err("l'en-tête doit donner un titre (title) et un résumé (summary)".into());
    }
    for preset in &front.simulator {
        check_simulator_query(&preset.query)?;
    }
    for source in &front.sources {
        if !source.url.starts_with("https://") {
            return Err(format!(
                "source « {} » : adresse https:// attendue",
                source.title
            ));
        }
    }
    Ok((front, body))
}

/// Every parameter of a preset must be one the simulator reads.
pub fn check_simulator_query(query: &str) -> Result<(), String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|e| format!("préréglage du simulateur illisible « {query} » : {e}"))?;
    if pairs.is_empty() {
        return Err("préréglage du simulateur vide".into());
    }
    for (key, _) in pairs {
        if !is_simulator_parameter(&key) {
            return Err(format!(
                "préréglage du simulateur : paramètre « {key} » inconnu (admis : {})",
                Input::expected_slugs()
            ));
        }
    }
    Ok(())
}

/// The local paths a page may link to. `aid_codes` are the codes of the aid catalogue.
pub fn is_known_internal_link(path: &str, aid_codes: &[String]) -> bool {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let path = path.split('#').next().unwrap_or(path);
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        [""]
        | ["aides"]
        | ["simulateur"]
        | ["zonage"]
        | ["qui-contacter"]
        | ["permanences"]
        | ["recherche"]
        | ["institutions"]
        | ["informations"] => true,
        ["aides", code] => aid_codes.iter().any(|c| c == code),
        ["informations", profession] => profession.parse::<Profession>().is_ok(),
        ["informations", profession, step] => {
            profession.parse::<Profession>().is_ok() && step.parse::<Step>().is_ok()
        }
        ["demandes", "nouvelle"] => serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .map(|pairs| {
                pairs
                    .iter()
                    .all(|(k, v)| k != "type" || v.parse::<RequestLink>().is_ok())
            })
            .unwrap_or(false),
        _ => false,
    }
}

/// Renders a text of the guichet and checks its local links against the known paths: the one
/// check of the national pages (at start-up) and of the regional versions (in the editor).
pub fn render_checked(markdown: &str, aid_codes: &[String]) -> Result<Rendered, MarkdownError> {
    let rendered = render(markdown)?;
    if let Some(link) = rendered
        .internal_links
        .iter()
        .find(|l| !is_known_internal_link(&l.path, aid_codes))
    {
        return Err(MarkdownError {
            line: link.line,
            message: format!("lien interne inconnu « {} »", link.path),
        });
    }
    Ok(rendered)
}

/// Whether an aid may concern a profession: one of its versions names the profession, or none
/// of them restricts the profession.
pub fn aid_concerns(aid: &Aid, profession: Profession) -> bool {
    fn professions(c: &Condition, out: &mut Vec<Profession>) {
        match c {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| professions(c, out)),
            Condition::ProfessionIn(ps) => out.extend(ps.iter().copied()),
            _ => {}
        }
    }
    let mut named = Vec::new();
    for version in &aid.versions {
        for criterion in &version.criteria {
            professions(&criterion.when, &mut named);
        }
    }
    named.is_empty() || named.contains(&profession)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"T\"\nsummary = \"S\"\naids = [\"CESP\"]\nrequests = [\"question\"]\n[[simulator]]\nlabel = \"Interne\"\nquery = \"profession=medecin&situation=interne\"\n+++\n## Titre\n\nTexte.\n";

    #[test]
    fn front_matter_is_parsed_and_checked() {
        let (front, body) = split_front_matter(PAGE).unwrap();
        assert_eq!(front.aids, vec!["CESP"]);
        assert_eq!(front.requests, vec![RequestLink::Question]);
        assert_eq!(
            front.simulator[0].href(),
            "/simulateur?profession=medecin&situation=interne"
        );
        assert!(body.starts_with("## Titre"));
        let bad = PAGE.replace("situation=interne", "salaire=3000");
        assert!(split_front_matter(&bad)
            .unwrap_err()
            .contains("« salaire »"));
        let with_age = PAGE.replace("situation=interne", "situation=installe&age=62");
        assert!(split_front_matter(&with_age).is_ok());
        assert!(split_front_matter("## pas d'en-tête").is_err());
        let bad = PAGE.replace("requests = [\"question\"]", "requests = [\"devis\"]");
        assert!(split_front_matter(&bad).is_err());
    }

    #[test]
    fn internal_links_are_checked() {
        let codes = vec!["CESP".to_string()];
        for ok in [
            "/aides/CESP",
            "/informations/medecin/s-installer",
            "/demandes/nouvelle?type=msp",
            "/qui-contacter?profession=medecin",
            "/simulateur?profession=medecin",
        ] {
            assert!(is_known_internal_link(ok, &codes), "{ok}");
        }
        for bad in [
            "/aides/INCONNUE",
            "/informations/veterinaire",
            "/informations/medecin/partir",
            "/demandes/nouvelle?type=devis",
            "/admin",
        ] {
            assert!(!is_known_internal_link(bad, &codes), "{bad}");
        }
    }

    #[test]
    fn steps_have_slugs_and_labels() {
        assert_eq!(Step::ALL.len(), 4);
        assert_eq!("s-installer".parse::<Step>(), Ok(Step::SInstaller));
        assert_eq!(Step::PreparerSaRetraite.label(), "Préparer sa retraite");
    }
}
