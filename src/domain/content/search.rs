//! The site search: an in-memory index of the information pages and the aids, built at start-up.
//! Accent- and case-insensitive: documents and queries go through `normalize_search`; every word
//! of the query must appear (as the start of a word of the document).

use serde::Serialize;

use crate::domain::territory::normalize_search;

/// Something the search can find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub title: String,
    pub url: String,
    /// "Information", "Aide"…
    pub category: String,
    pub summary: String,
    /// The full text, searched but not shown.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    pub title: String,
    pub url: String,
    pub category: String,
    pub summary: String,
}

#[derive(Debug, Clone, Default)]
struct Entry {
    doc_title: Vec<String>,
    doc_words: Vec<String>,
}

/// Maximum number of results shown.
pub const MAX_HITS: usize = 30;

#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    docs: Vec<SearchDoc>,
    entries: Vec<Entry>,
}

fn words(text: &str) -> Vec<String> {
    let mut w: Vec<String> = normalize_search(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    w.sort_unstable();
    w.dedup();
    w
}

fn has_prefix(sorted: &[String], prefix: &str) -> bool {
    let at = sorted.partition_point(|w| w.as_str() < prefix);
    sorted.get(at).is_some_and(|w| w.starts_with(prefix))
}

impl SearchIndex {
    pub fn new(docs: Vec<SearchDoc>) -> Self {
        let entries = docs
            .iter()
            .map(|d| Entry {
                doc_title: words(&d.title),
                doc_words: words(&format!(
                    "{} {} {} {}",
                    d.title, d.summary, d.category, d.body
                )),
            })
            .collect();
        Self { docs, entries }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The documents containing every word of `query`, best first (words found in the title
    /// count more); empty for a query without letters or digits.
    pub fn search(&self, query: &str) -> Vec<SearchHit> {
        let terms: Vec<String> = normalize_search(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| terms.iter().all(|t| has_prefix(&e.doc_words, t)))
            .map(|(i, e)| {
                let in_title = terms.iter().filter(|t| has_prefix(&e.doc_title, t)).count();
                (i, in_title)
            })
            .collect();
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(MAX_HITS)
            .filter_map(|(i, _)| self.docs.get(i))
            .map(|d| SearchHit {
                title: d.title.clone(),
                url: d.url.clone(),
                category: d.category.clone(),
                summary: d.summary.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            title: title.into(),
            url: format!("/{}", normalize_search(title).replace(' ', "-")),
            category: "Information".into(),
            summary: String::new(),
            body: body.into(),
        }
    }

    #[test]
    fn accents_case_and_prefixes_are_ignored() {
        let index = SearchIndex::new(vec![
            doc(
                "Médecin — s'installer",
                "Installation en zone d'intervention prioritaire.",
            ),
            doc(
                "Sage-femme — exercer",
                "Le CESP est ouvert aux étudiants sages-femmes.",
            ),
        ]);
        assert_eq!(index.search("INSTALLATION").len(), 1);
        assert_eq!(index.search("medecin")[0].title, "Médecin — s'installer");
        assert_eq!(index.search("cesp")[0].title, "Sage-femme — exercer");
        assert_eq!(index.search("étudiant sage").len(), 1);
        assert!(index.search("étudiant installation").is_empty());
        assert!(index.search("  ,; ").is_empty());
    }

    #[test]
    fn title_matches_rank_first() {
        let index = SearchIndex::new(vec![
            doc("Exercer", "retraite progressive"),
            doc("Préparer sa retraite", "transmettre"),
        ]);
        assert_eq!(index.search("retraite")[0].title, "Préparer sa retraite");
    }
}
