//! How much of a région a zonage covers: the share of its communes that have a zone, and the
//! communes left without one, per département.

use crate::domain::french;
use std::collections::HashSet;

use serde::Serialize;

/// The coverage of one département.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartementCoverage {
    pub code: String,
    pub name: String,
    pub communes: usize,
    pub zoned: usize,
    pub missing: usize,
}

/// The coverage of the région by one zonage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub communes: usize,
    pub zoned: usize,
    /// Share of the région's communes with a zone, in French (`87,5 %`).
    pub share: String,
    pub departements: Vec<DepartementCoverage>,
}

/// `communes`: (INSEE code, département code) of every commune of the région;
/// `departements`: (code, name) in display order; `zoned`: the INSEE codes the zonage lists.
pub fn coverage(
    communes: &[(String, String)],
    departements: &[(String, String)],
    zoned: &HashSet<String>,
) -> Coverage {
    let rows: Vec<DepartementCoverage> = departements
        .iter()
        .map(|(code, name)| {
            let of_dep = communes.iter().filter(|(_, d)| d == code);
            let total = of_dep.clone().count();
            let with_zone = of_dep.filter(|(insee, _)| zoned.contains(insee)).count();
            DepartementCoverage {
                code: code.clone(),
                name: name.clone(),
                communes: total,
                zoned: with_zone,
                missing: total - with_zone,
            }
        })
        .collect();
    let total = communes.len();
    let with_zone = communes
        .iter()
        .filter(|(insee, _)| zoned.contains(insee))
        .count();
    Coverage {
        communes: total,
        zoned: with_zone,
        share: french::share(with_zone, total),
        departements: rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_zoned_and_missing_communes_per_departement() {
        let communes: Vec<(String, String)> = [("04001", "04"), ("04004", "04"), ("13055", "13")]
            .iter()
            .map(|(i, d)| (i.to_string(), d.to_string()))
            .collect();
        let deps = vec![("04".into(), "Alpes".into()), ("13".into(), "BdR".into())];
        let zoned: HashSet<String> = ["04001", "99999"].iter().map(|s| s.to_string()).collect();
        let c = coverage(&communes, &deps, &zoned);
        assert_eq!((c.communes, c.zoned), (3, 1));
        assert_eq!(c.share, "33,3 %");
        assert_eq!(c.departements[0].missing, 1);
        assert_eq!(c.departements[1].missing, 1);
        assert_eq!(french::share(0, 0), "—");
        assert_eq!(french::share(2, 2), "100,0 %");
    }
}
