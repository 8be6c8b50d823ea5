//! The municipal arrondissements of Paris, Lyon and Marseille (loi n° 82-1169 du 31 décembre
//! 1982, « PLM »): the zonages list them one by one (75101…75120, 69381…69389, 13201…13216),
//! and a lookup on the commune (75056, 69123, 13055) answers from them.
//!
//! The list is shipped in `reference/zonage/arrondissements-municipaux.csv`, extracted from the
//! npm package `@etalab/decoupage-administratif` by `scripts/convert_zonage_france.py`.

use std::sync::OnceLock;

const CSV: &str = include_str!("../../reference/zonage/arrondissements-municipaux.csv");

/// One municipal arrondissement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrondissement {
    /// Its INSEE code, e.g. `13205`.
    pub insee: String,
    /// The INSEE code of its commune, e.g. `13055`.
    pub commune: String,
    /// "Marseille 5e Arrondissement".
    pub name: String,
    pub postal_codes: Vec<String>,
    pub population: i32,
}

fn parse(text: &str) -> Vec<Arrondissement> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let [insee, commune, name, postal, population] = cells[..] else {
                return None;
            };
            Some(Arrondissement {
                insee: insee.to_string(),
                commune: commune.to_string(),
                name: name.to_string(),
                postal_codes: postal.split_whitespace().map(str::to_string).collect(),
                population: population.parse().unwrap_or(0),
            })
        })
        .collect()
}

/// Every municipal arrondissement, sorted by INSEE code.
pub fn all() -> &'static [Arrondissement] {
    static ALL: OnceLock<Vec<Arrondissement>> = OnceLock::new();
    ALL.get_or_init(|| parse(CSV))
}

/// The arrondissement with this INSEE code.
pub fn get(insee: &str) -> Option<&'static Arrondissement> {
    all().iter().find(|a| a.insee == insee)
}

/// The arrondissements of a commune (empty for every commune but Paris, Lyon and Marseille).
pub fn of_commune(commune: &str) -> &'static [Arrondissement] {
    let all = all();
    let start = all.iter().position(|a| a.commune == commune);
    match start {
        None => &[],
        Some(start) => {
            let len = all[start..]
                .iter()
                .take_while(|a| a.commune == commune)
                .count();
            &all[start..start + len]
        }
    }
}

/// The commune of an arrondissement code (`13205` → `13055`).
pub fn commune_of(insee: &str) -> Option<&'static str> {
    get(insee).map(|a| a.commune.as_str())
}

/// Whether the commune is zoned by arrondissement (Paris, Lyon, Marseille).
pub fn has_arrondissements(commune: &str) -> bool {
    !of_commune(commune).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_lyon_and_marseille_have_their_arrondissements() {
        assert_eq!(all().len(), 45);
        let codes = |c: &str| {
            of_commune(c)
                .iter()
                .map(|a| a.insee.as_str())
                .collect::<Vec<_>>()
        };
        let paris = codes("75056");
        assert_eq!(paris.len(), 20);
        assert_eq!((paris[0], paris[19]), ("75101", "75120"));
        assert_eq!(codes("69123").len(), 9);
        let marseille = codes("13055");
        assert_eq!(marseille.len(), 16);
        assert_eq!((marseille[0], marseille[15]), ("13201", "13216"));
        assert!(codes("13001").is_empty());
        assert!(has_arrondissements("69123"));
        assert!(!has_arrondissements("69381"));
        assert_eq!(commune_of("13205"), Some("13055"));
        assert_eq!(commune_of("13055"), None);
        let fifth = get("13205").expect("Marseille 5e");
        assert_eq!(fifth.name, "Marseille 5e Arrondissement");
        assert_eq!(fifth.postal_codes, ["13005"]);
        assert!(fifth.population > 0);
        let sixteenth = get("75116").expect("Paris 16e");
        assert_eq!(sixteenth.postal_codes, ["75016", "75116"]);
    }
}
