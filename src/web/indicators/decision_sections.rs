//! The decisions' sections of an indicators page and of its CSV export: decisions by outcome,
//! by aid and by institution (with the amounts granted), and the delay to a decision. The page
//! shows them as tables after the charts of the requests (`svg` stays empty).

use crate::domain::indicators::{DecisionStats, Indicators};
use crate::domain::request::{euros, DecisionOutcome};

use super::sections::{days, Section};

fn outcome_label(slug: &str) -> String {
    slug.parse::<DecisionOutcome>()
        .map(|o| o.label().to_string())
        .unwrap_or_else(|_| slug.to_string())
}

/// A section of bars from (label, (decisions, amount granted)).
fn counted(
    id: &'static str,
    title: &str,
    column: &'static str,
    rows: Vec<(String, (u64, i64))>,
) -> Section {
    Section {
        id,
        title: title.to_string(),
        svg: String::new(),
        headers: vec![column, "Décisions", "Montant accordé"],
        rows: rows
            .into_iter()
            .map(|(label, (n, cents))| vec![label, n.to_string(), euros(cents)])
            .collect(),
    }
}

fn delay(stats: &DecisionStats) -> Section {
    let title = "Délai de décision des institutions, en jours (depuis la transmission)";
    let h = &stats.days;
    Section {
        id: "delai-decision",
        title: title.to_string(),
        svg: String::new(),
        headers: vec![
            "Médiane (jours)",
            "90e centile (jours)",
            "Décisions mesurées",
        ],
        rows: vec![vec![days(h.median()), days(h.p90()), h.total().to_string()]],
    }
}

/// The decisions' sections, after the others.
pub fn decision_sections(indicators: &Indicators) -> Vec<Section> {
    let stats = &indicators.decisions;
    let by_outcome = stats.by(|c| c.outcome.clone());
    let outcomes: Vec<(String, (u64, i64))> = DecisionOutcome::ALL
        .iter()
        .filter_map(|o| Some((o.label().to_string(), *by_outcome.get(o.slug())?)))
        .chain(
            by_outcome
                .iter()
                .filter(|(slug, _)| slug.parse::<DecisionOutcome>().is_err())
                .map(|(slug, v)| (outcome_label(slug), *v)),
        )
        .collect();
    let aids = stats
        .by(|c| {
            c.aid
                .clone()
                .unwrap_or_else(|| "Hors demande d'aide".to_string())
        })
        .into_iter()
        .collect();
    let institutions = stats.by(|c| c.institution.clone()).into_iter().collect();
    vec![
        counted(
            "decisions-par-issue",
            "Décisions des institutions par issue",
            "Issue",
            outcomes,
        ),
        counted(
            "decisions-par-aide",
            "Décisions des institutions par aide",
            "Aide",
            aids,
        ),
        counted(
            "decisions-par-institution",
            "Décisions par institution",
            "Institution",
            institutions,
        ),
        delay(stats),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_counted_by_outcome_aid_and_institution() {
        let mut i = Indicators::default();
        i.decisions
            .add("granted", Some("CAIM"), "CPAM 13", 1, 1_000_000);
        i.decisions.add("refused", None, "ARS", 1, 0);
        i.decisions.days.add(2, 2);
        let all = decision_sections(&i);
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].rows[0], ["Accordé", "1", "10\u{202f}000 €"]);
        assert_eq!(all[0].rows[1], ["Refusé", "1", "0 €"]);
        assert_eq!(all[1].rows[0], ["CAIM", "1", "10\u{202f}000 €"]);
        assert_eq!(all[2].rows[0][0], "ARS");
        assert_eq!(all[3].rows[0], ["2", "2", "2"]);
    }
}
