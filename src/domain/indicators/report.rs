//! What a snapshot stores for one territory: its name, its indicators and, for a région, the
//! volume of each of its départements (the map). Built from the per-département indicators.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Indicators, Scope};

/// A département of a région and its number of submitted requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub code: String,
    pub name: String,
    pub requests: u64,
}

/// The stored indicators of one territory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub name: String,
    /// The région of a département (its own code for a région).
    pub region: String,
    pub indicators: Indicators,
    /// The départements of a région (empty for a département).
    pub parts: Vec<Part>,
}

/// A département from the territories table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartementRef {
    pub code: String,
    pub name: String,
    pub region: String,
}

/// One report per département and per région of `territories`, from the indicators of each
/// département (those absent have none).
pub fn build_reports(
    mut by_departement: BTreeMap<String, Indicators>,
    departements: &[DepartementRef],
    region_names: &BTreeMap<String, String>,
) -> Vec<(Scope, Report)> {
    let mut regions: BTreeMap<&str, (Indicators, Vec<Part>)> = BTreeMap::new();
    let mut out = Vec::new();
    for d in departements {
        let indicators = by_departement.remove(&d.code).unwrap_or_default();
        let region = regions.entry(d.region.as_str()).or_default();
        region.0.merge(&indicators);
        region.1.push(Part {
            code: d.code.clone(),
            name: d.name.clone(),
            requests: indicators.total_requests(),
        });
        out.push((
            Scope::Departement(d.code.clone()),
            Report {
                name: d.name.clone(),
                region: d.region.clone(),
                indicators,
                parts: Vec::new(),
            },
        ));
    }
    for (code, (indicators, parts)) in regions {
        out.push((
            Scope::Region(code.to_string()),
            Report {
                name: region_names
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| format!("Région {code}")),
                region: code.to_string(),
                indicators,
                parts,
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(code: &str, region: &str) -> DepartementRef {
        DepartementRef {
            code: code.into(),
            name: format!("Département {code}"),
            region: region.into(),
        }
    }

    #[test]
    fn regions_sum_their_departements() {
        let mut by = BTreeMap::new();
        for (code, n) in [("13", 3), ("84", 2), ("75", 7)] {
            let mut i = Indicators::default();
            i.add_requests("question", "deposee", "2026-01", n);
            i.first_answer.add(n as i64, 1);
            by.insert(code.to_string(), i);
        }
        let deps = [
            dep("13", "93"),
            dep("84", "93"),
            dep("06", "93"),
            dep("75", "11"),
        ];
        let names = BTreeMap::from([("93".to_string(), "Provence".to_string())]);
        let reports = build_reports(by, &deps, &names);
        assert_eq!(reports.len(), 6);
        let find = |key: &str| {
            reports
                .iter()
                .find(|(s, _)| s.key() == key)
                .map(|(_, r)| r.clone())
        };
        let paca = find("region:93").unwrap_or_else(|| panic!("région"));
        assert_eq!(paca.name, "Provence");
        assert_eq!(paca.indicators.total_requests(), 5);
        assert_eq!(paca.indicators.first_answer.total(), 2);
        let volumes: Vec<(&str, u64)> = paca
            .parts
            .iter()
            .map(|p| (p.code.as_str(), p.requests))
            .collect();
        assert_eq!(volumes, [("13", 3), ("84", 2), ("06", 0)]);
        assert_eq!(find("region:11").map(|r| r.name), Some("Région 11".into()));
        let empty = find("departement:06").unwrap_or_else(|| panic!("06"));
        assert_eq!(
            (empty.indicators.total_requests(), empty.region.as_str()),
            (0, "93")
        );
    }
}
