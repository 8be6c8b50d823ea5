//! The sections of an indicators page, each a chart and the table of its numbers; the CSV
//! export writes the same tables (one piece of code for both).

use serde::Serialize;

use crate::domain::charts::{self, Bar, Segment};
use crate::domain::csv::CsvWriter;
use crate::domain::indicators::{DayHistogram, Indicators, Share};
use crate::domain::request::{ReferralState, RequestKind, RequestState};
use crate::domain::zone::ZoneSet;

/// Months shown in the chart by month.
const MONTHS: usize = 24;

/// One chart and its data table.
#[derive(Debug, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn kind_label(slug: &str) -> String {
    RequestKind::from_slug(slug)
        .map(|k| k.label().to_string())
        .unwrap_or_else(|| slug.to_string())
}

fn zone_label(zone: Option<&str>) -> String {
    match zone.map(str::parse::<ZoneSet>) {
        Some(Ok(set)) => set.description(),
        Some(Err(_)) | None => "Zone inconnue".to_string(),
    }
}

/// `2026-03` → `03/2026`.
fn month_label(month: &str) -> String {
    match month.split_once('-') {
        Some((y, m)) => format!("{m}/{y}"),
        None => month.to_string(),
    }
}

pub(super) fn days(value: Option<u32>) -> String {
    value.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

fn bars(rows: &[(String, u64)]) -> Vec<Bar> {
    rows.iter()
        .map(|(label, value)| Bar {
            label: label.clone(),
            value: *value,
        })
        .collect()
}

/// A section of horizontal bars from (label, count) pairs, with a two-column table.
fn counted(
    id: &'static str,
    title: &str,
    column: &'static str,
    rows: Vec<(String, u64)>,
) -> Section {
    let desc = format!("{title} ; les nombres sont écrits au bout de chaque barre.");
    Section {
        id,
        title: title.to_string(),
        svg: charts::horizontal_bars(id, title, &desc, &bars(&rows)),
        headers: vec![column, "Demandes"],
        rows: rows
            .into_iter()
            .map(|(label, n)| vec![label, n.to_string()])
            .collect(),
    }
}

fn durations(first_answer: &DayHistogram, closure: &DayHistogram) -> Section {
    let title = "Délais de traitement, en jours (médiane et 90e centile)";
    let lines = [
        ("Premier retour d'une institution", first_answer),
        ("Clôture de la demande", closure),
    ];
    let mut chart = Vec::new();
    for (label, h) in lines {
        chart.push((
            format!("{label} : médiane"),
            u64::from(h.median().unwrap_or(0)),
        ));
        chart.push((
            format!("{label} : 90e centile"),
            u64::from(h.p90().unwrap_or(0)),
        ));
    }
    Section {
        id: "delais",
        title: title.to_string(),
        svg: charts::horizontal_bars(
            "delais",
            title,
            "Nombre de jours depuis le dépôt : médiane et 90e centile, écrits au bout de chaque barre.",
            &bars(&chart),
        ),
        headers: vec!["Étape", "Médiane (jours)", "90e centile (jours)", "Demandes mesurées"],
        rows: lines
            .iter()
            .map(|(label, h)| {
                vec![
                    label.to_string(),
                    days(h.median()),
                    days(h.p90()),
                    h.total().to_string(),
                ]
            })
            .collect(),
    }
}

fn deadline(id: &'static str, title: &str, what: &'static str, share: &Share) -> Section {
    let segments = [
        Segment {
            label: "Dans les délais".into(),
            value: share.within,
            hatched: false,
        },
        Segment {
            label: "Hors délai (hachuré)".into(),
            value: share.outside(),
            hatched: true,
        },
    ];
    Section {
        id,
        title: title.to_string(),
        svg: charts::stacked_share(
            id,
            title,
            "Part traitée dans les délais et part hors délai, avec leurs nombres et pourcentages.",
            &segments,
        ),
        headers: vec![
            what,
            "Dans les délais",
            "Hors délai",
            "Part dans les délais",
        ],
        rows: vec![vec![
            share.total.to_string(),
            share.within.to_string(),
            share.outside().to_string(),
            share
                .percent()
                .map(|p| format!("{p} %"))
                .unwrap_or_else(|| "—".into()),
        ]],
    }
}

fn institutions(indicators: &Indicators) -> Section {
    let title = "Transmissions par institution";
    let rows: Vec<(String, u64)> = indicators
        .institutions
        .iter()
        .map(|i| (i.name.clone(), i.total()))
        .collect();
    let state = |i: &crate::domain::indicators::InstitutionStats, s: ReferralState| {
        i.states.get(s.slug()).copied().unwrap_or(0)
    };
    Section {
        id: "institutions",
        title: title.to_string(),
        svg: charts::horizontal_bars(
            "institutions",
            title,
            "Nombre de transmissions reçues par chaque institution, écrit au bout de chaque barre.",
            &bars(&rows),
        ),
        headers: vec![
            "Institution",
            "Transmissions",
            "Répondues",
            "Déclinées",
            "En cours",
            "Délai de réponse médian (jours)",
            "90e centile (jours)",
        ],
        rows: indicators
            .institutions
            .iter()
            .map(|i| {
                let done = state(i, ReferralState::Repondue) + state(i, ReferralState::Declinee);
                vec![
                    i.name.clone(),
                    i.total().to_string(),
                    state(i, ReferralState::Repondue).to_string(),
                    state(i, ReferralState::Declinee).to_string(),
                    i.total().saturating_sub(done).to_string(),
                    days(i.answer_days.median()),
                    days(i.answer_days.p90()),
                ]
            })
            .collect(),
    }
}

/// Every section of a territory's page, in reading order.
pub fn sections(indicators: &Indicators) -> Vec<Section> {
    let mut kinds: Vec<(String, u64)> = indicators
        .by_kind()
        .into_iter()
        .map(|(k, n)| (kind_label(&k), n))
        .collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let states: Vec<(String, u64)> = RequestState::ALL
        .iter()
        .filter_map(|s| {
            let n = indicators.by_state().get(s.slug()).copied()?;
            Some((s.label().to_string(), n))
        })
        .collect();
    let months: Vec<(String, u64)> = indicators
        .by_month(MONTHS)
        .into_iter()
        .map(|(m, n)| (month_label(&m), n))
        .collect();
    let month_title = "Demandes déposées par mois";
    let aids: Vec<(String, u64)> = indicators
        .aids_by_zone()
        .into_iter()
        .map(|((aid, zone), n)| (format!("{aid} — {}", zone_label(zone.as_deref())), n))
        .collect();
    let installations: Vec<(String, u64)> = indicators
        .installations_by_zone()
        .into_iter()
        .map(|(zone, n)| (zone_label(zone.as_deref()), n))
        .collect();
    vec![
        counted("par-objet", "Demandes par objet", "Objet", kinds),
        counted("par-etat", "Demandes par état", "État", states),
        Section {
            id: "par-mois",
            title: month_title.to_string(),
            svg: charts::columns(
                "par-mois",
                month_title,
                "Une colonne par mois de dépôt, le nombre de demandes écrit au-dessus.",
                &bars(&months),
            ),
            headers: vec!["Mois", "Demandes"],
            rows: months
                .into_iter()
                .map(|(m, n)| vec![m, n.to_string()])
                .collect(),
        },
        durations(&indicators.first_answer, &indicators.closure),
        deadline(
            "qualification",
            "Qualification dans le délai (demandes orientées)",
            "Demandes orientées",
            &indicators.qualification_deadline,
        ),
        deadline(
            "reponses",
            "Réponses des institutions dans le délai",
            "Réponses",
            &indicators.referral_deadline,
        ),
        counted(
            "aides-par-zone",
            "Demandes d'aide par aide et par zone",
            "Aide — zone",
            aids,
        ),
        counted(
            "installations-par-zone",
            "Projets d'installation par zone",
            "Zone",
            installations,
        ),
        institutions(indicators),
    ]
}

/// The sections as one CSV document (UTF-8 with BOM, `;`, formulas defused).
pub fn csv(heading: &[String], sections: &[Section]) -> String {
    let mut csv = CsvWriter::new();
    for line in heading {
        csv.row([line.as_str()]);
    }
    for s in sections {
        csv.row::<[&str; 0], &str>([]);
        csv.row([s.title.as_str()]);
        csv.row(&s.headers);
        for row in &s.rows {
            csv.row(row);
        }
    }
    csv.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::request::{ReferralState, RequestKind, RequestState};

    #[test]
    fn every_section_has_a_chart_and_a_table_with_the_same_numbers() {
        let mut i = Indicators::default();
        i.add_requests(
            RequestKind::Question.slug(),
            RequestState::Deposee.slug(),
            "2026-01",
            3,
        );
        i.add_requests(
            RequestKind::AidApplication.slug(),
            RequestState::Cloturee.slug(),
            "2026-02",
            2,
        );
        i.add_zone(
            RequestKind::AidApplication.slug(),
            Some("CAIM"),
            Some("ZIP"),
            2,
        );
        i.first_answer.add(4, 3);
        let all = sections(&i);
        assert_eq!(all.len(), 9);
        for s in &all {
            assert!(s.svg.contains("role=\"img\""), "{}", s.id);
            assert!(
                s.rows.iter().all(|r| r.len() == s.headers.len()),
                "{}",
                s.id
            );
        }
        assert_eq!(all[0].rows[0], ["Question au guichet", "3"]);
        assert_eq!(all[2].rows[1], ["02/2026", "2"]);
        assert_eq!(all[3].rows[0][1], "4");
        assert_eq!(all[6].rows[0], ["CAIM — ZIP", "2"]);
    }

    #[test]
    fn csv_defuses_formulas_from_names() {
        let mut i = Indicators::default();
        i.institution("x", "=HYPERLINK(\"evil\")")
            .states
            .insert(ReferralState::Repondue.slug().into(), 1);
        let text = csv(&["Indicateurs".to_string()], &sections(&i));
        assert!(text.starts_with("\u{feff}Indicateurs\r\n"));
        assert!(text.contains("\"'=HYPERLINK(\"\"evil\"\")\";1;1;0;0;—;—"));
    }
}
