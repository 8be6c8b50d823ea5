//! The priority urban districts (QPV) of Provence-Alpes-Côte d'Azur and their médecins zone,
//! per the 2025 ARS decision (`reference/zonage/paca/qpv-zonage.json`, see its PROVENANCE).
//! A district may be zoned apart from its commune: shown beside the commune's zone.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const QPV_JSON: &str = include_str!("../../reference/zonage/paca/qpv-zonage.json");

/// One district and its zone (ZIP or ZAC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qpv {
    pub id: String,
    #[serde(rename(deserialize = "n"))]
    pub name: String,
    #[serde(rename(deserialize = "z"))]
    pub zone: String,
}

#[derive(Deserialize)]
struct CommuneQpvs {
    qpv: Vec<Qpv>,
}

#[derive(Deserialize)]
struct QpvFile {
    communes: HashMap<String, CommuneQpvs>,
}

fn parse() -> Result<HashMap<String, Vec<Qpv>>, serde_json::Error> {
    let file: QpvFile = serde_json::from_str(QPV_JSON)?;
    Ok(file
        .communes
        .into_iter()
        .map(|(insee, c)| (insee, c.qpv))
        .collect())
}

/// The districts of a commune (none outside PACA).
pub fn of_commune(insee: &str) -> &'static [Qpv] {
    static INDEX: OnceLock<HashMap<String, Vec<Qpv>>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            parse().unwrap_or_else(|e| {
                tracing::error!(error = %e, "qpv-zonage.json illisible");
                HashMap::new()
            })
        })
        .get(insee)
        .map_or(&[], Vec::as_slice)
}

/// The source line shown with the districts.
pub const SOURCE: &str = "Zonage des quartiers prioritaires de la politique de la ville (QPV), \
décision de l'ARS Provence-Alpes-Côte d'Azur, zonage 2025 (fichier Arrêté_zonage_QPV_MEDECINS_PACA_2026_02).";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_parses_with_its_135_districts() {
        let all = parse().expect("qpv-zonage.json");
        let entries: usize = all.values().map(Vec::len).sum();
        assert_eq!(entries, 140, "135 QPV, 4 of them over several communes");
        let nice = of_commune("06088");
        assert_eq!(nice.len(), 6);
        assert!(nice.iter().all(|q| q.zone == "ZAC"));
        assert!(of_commune("75056").is_empty());
    }
}
