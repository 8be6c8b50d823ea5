//! Every simulator shortcut of the information pages (`[[simulator]]` in the front matter of
//! `content/<profession>/<step>.md`) is shown on its page and leads, through the real simulator,
//! to a result where at least one aid of that profession is eligible or only waits for answers.

use guichet::domain::content::{aid_concerns, split_front_matter, Step};
use guichet::domain::eligibility::Catalogue;
use guichet::domain::profession::Profession;

use crate::helpers::{root, spawn_app};

/// Dates the shortcuts are checked on: the test servers' day, and the day the pages were
/// written against the law of December 2026.
const DATES: [&str; 2] = ["2026-03-10", "2026-12-07"];

/// A shortcut as written in a page.
struct Shortcut {
    file: String,
    /// The page's address on the guichet, when the folder is a profession's.
    page: Option<String>,
    label: String,
    query: String,
}

fn shortcuts() -> Vec<Shortcut> {
    let dir = root().join("content");
    let mut out = Vec::new();
    let mut folders: Vec<_> = std::fs::read_dir(&dir)
        .expect("content/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let folder_name = folder.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let profession = folder_name.parse::<Profession>().ok();
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .expect("dossier")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for file in files {
            let source = std::fs::read_to_string(&file).expect("page");
            let (front, _) = split_front_matter(&source).expect("en-tête");
            let step = file
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse::<Step>().ok())
                .expect("étape");
            let page = profession.map(|p| format!("/informations/{}/{}", p.slug(), step.slug()));
            for preset in front.simulator {
                out.push(Shortcut {
                    file: file.display().to_string(),
                    page: page.clone(),
                    label: preset.label,
                    query: preset.query,
                });
            }
        }
    }
    out
}

/// `(code, status)` of every aid card of a simulator result page.
fn cards(html: &str) -> Vec<(String, String)> {
    html.split("id=\"aide-")
        .skip(1)
        .filter_map(|rest| {
            let (code, rest) = rest.split_once('"')?;
            let rest = rest.trim_start().strip_prefix("data-status=\"")?;
            let (status, _) = rest.split_once('"')?;
            Some((code.to_string(), status.to_string()))
        })
        .collect()
}

#[tokio::test]
async fn every_simulator_shortcut_leads_to_an_aid_of_its_profession() {
    let catalogue = Catalogue::load_dir(&root().join("config/aides")).expect("catalogue");
    let app = spawn_app().await;
    let shortcuts = shortcuts();
    assert!(
        shortcuts.len() >= 15,
        "{} raccourcis seulement",
        shortcuts.len()
    );
    for shortcut in &shortcuts {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(&shortcut.query).expect("requête");
        let profession: Profession = pairs
            .iter()
            .find(|(k, _)| k == "profession")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or_else(|| {
                panic!("{} : « {} » sans profession", shortcut.file, shortcut.label)
            });
        assert!(
            pairs.iter().any(|(k, _)| k == "situation"),
            "{} : « {} » sans situation ne mène qu'au formulaire",
            shortcut.file,
            shortcut.label
        );
        if let Some(page) = &shortcut.page {
            // Tera escapes "/" in attributes; a browser reads them as slashes.
            let html = app
                .get(page)
                .await
                .text()
                .await
                .expect("page")
                .replace("&#x2F;", "/");
            let href = format!("/simulateur?{}", shortcut.query.replace('&', "&amp;"));
            assert!(
                html.contains(&href),
                "{page} : raccourci « {} » absent",
                shortcut.label
            );
        }
        for date in DATES {
            let path = format!("/simulateur?{}&date={date}", shortcut.query);
            let response = app.get(&path).await;
            assert_eq!(response.status(), 200, "{path}");
            let html = response.text().await.expect("résultat");
            let cards = cards(&html);
            assert!(!cards.is_empty(), "{path} : aucun résultat");
            let relevant: Vec<&(String, String)> = cards
                .iter()
                .filter(|(_, status)| status == "eligible" || status == "needs_info")
                .filter(|(code, _)| {
                    catalogue
                        .get(code)
                        .is_some_and(|aid| aid_concerns(aid, profession))
                })
                .collect();
            assert!(
                !relevant.is_empty(),
                "{} : le raccourci « {} » ({path}) ne mène à aucune aide de la profession \
                 éligible ou à préciser : {cards:?}",
                shortcut.file,
                shortcut.label
            );
        }
    }
}

#[test]
fn the_card_reader_finds_codes_and_statuses() {
    let html = r#"<article class="fr-card" id="aide-CESP" data-status="eligible" aria-labelledby="t">
        <article class="fr-card" id="aide-CAIM" data-status="closed">"#;
    assert_eq!(
        cards(html),
        vec![
            ("CESP".to_string(), "eligible".to_string()),
            ("CAIM".to_string(), "closed".to_string())
        ]
    );
}
