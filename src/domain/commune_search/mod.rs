//! An in-memory index of the communes for the autocomplete (`GET /api/v1/communes?q=`),
//! built once at start-up from about 35 000 communes.
//!
//! Matching rules:
//! - a query of digits (or `2A`/`2B` then digits), 2 to 5 characters, is a prefix of a postal
//!   code or of an INSEE code: "13001" finds Marseille (postal code) and Aix-en-Provence (INSEE);
//! - otherwise the query and the names are normalised ([`normalize_search`]: case, accents and
//!   punctuation ignored) and cut into words; each query word must be the beginning of a word
//!   of the name, in the same order ("st etienne", "sainte eti", "aix prov"). "saint", "sainte",
//!   "st" and "ste" are the same word;
//! - names whose first word matches the first query word come first, then the others (a word
//!   inside the name: "etienne" finds Saint-Étienne); within each group, the most populated first.
//!
//! Queries shorter than 2 characters give nothing. At most [`LIMIT`] results.
//!
//! The municipal arrondissements of Paris, Lyon and Marseille are indexed too, after their
//! commune ("Marseille 5e Arrondissement", postal code 13005, INSEE 13205): zonages list them.

use serde::Serialize;

mod resolve;

pub use resolve::Resolved;

use crate::domain::arrondissement;
use crate::domain::territory::{normalize_search, Commune};

/// Maximum number of results.
pub const LIMIT: usize = 10;

/// A commune as the search returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommuneHit {
    pub insee: String,
    pub name: String,
    pub departement: String,
    pub postal_codes: Vec<String>,
    pub population: i32,
    /// For a municipal arrondissement, the INSEE code of its commune.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip)]
    pub region: String,
    #[serde(skip)]
    words: Box<[Box<str>]>,
}

/// The index: communes sorted by decreasing population, so a smaller position ranks higher.
#[derive(Debug, Clone, Default)]
pub struct CommuneIndex {
    communes: Vec<CommuneHit>,
    /// (word, commune position, word position in the name), sorted by word.
    words: Vec<(Box<str>, u32, u8)>,
    /// (postal or INSEE code, commune position), sorted by code.
    codes: Vec<(Box<str>, u32)>,
    /// (INSEE code, commune position), sorted by code.
    by_insee: Vec<(Box<str>, u32)>,
}

const SAINT: &str = "saint";

fn is_saint(word: &str) -> bool {
    matches!(word, "saint" | "sainte" | "st" | "ste")
}

fn words_of(name: &str) -> Box<[Box<str>]> {
    normalize_search(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| if is_saint(w) { SAINT.into() } else { w.into() })
        .collect()
}

/// One word of a query.
struct QueryWord {
    text: String,
    /// "saint", "sainte", "st" or "ste": also matches the word "saint" whole.
    saint: bool,
}

impl QueryWord {
    fn matches(&self, word: &str) -> bool {
        word.starts_with(self.text.as_str()) || (self.saint && word == SAINT)
    }
}

/// The best positions seen so far, by (group, position), without duplicates.
struct Best {
    keys: [u64; LIMIT],
    len: usize,
}

impl Best {
    fn new() -> Self {
        Best {
            keys: [u64::MAX; LIMIT],
            len: 0,
        }
    }

    fn offer(&mut self, group: u8, position: u32) {
        let key = (u64::from(group) << 32) | u64::from(position);
        if self.len == LIMIT && key >= self.keys[LIMIT - 1] {
            return;
        }
        // A commune offered twice (two words match) keeps its better group.
        let same = |k: &u64| (k & 0xffff_ffff) as u32 == position;
        if let Some(seen) = self.keys[..self.len].iter().position(same) {
            if self.keys[seen] <= key {
                return;
            }
            self.keys.copy_within(seen + 1..self.len, seen);
            self.len -= 1;
            self.keys[self.len] = u64::MAX;
        }
        let at = self.keys[..self.len].partition_point(|k| *k < key);
        let end = self.len.min(LIMIT - 1);
        self.keys.copy_within(at..end, at + 1);
        self.keys[at] = key;
        self.len = (self.len + 1).min(LIMIT);
    }

    fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.keys[..self.len]
            .iter()
            .map(|k| (k & 0xffff_ffff) as usize)
    }
}

/// The slice of a sorted `(key, …)` table whose keys start with `prefix`.
fn prefix_range<'a, T>(table: &'a [(Box<str>, T)], prefix: &str) -> &'a [(Box<str>, T)] {
    let start = table.partition_point(|(k, _)| k.as_ref() < prefix);
    let len = table[start..].partition_point(|(k, _)| k.starts_with(prefix));
    &table[start..start + len]
}

fn word_range<'a>(table: &'a [(Box<str>, u32, u8)], prefix: &str) -> &'a [(Box<str>, u32, u8)] {
    let start = table.partition_point(|(k, _, _)| k.as_ref() < prefix);
    let len = table[start..].partition_point(|(k, _, _)| k.starts_with(prefix));
    &table[start..start + len]
}

fn is_code_query(q: &str) -> bool {
    let b = q.as_bytes();
    let digits_from = if b.len() >= 2 && b[0] == b'2' && matches!(b[1], b'A' | b'B' | b'a' | b'b') {
        2
    } else {
        0
    };
    (2..=5).contains(&b.len()) && b[digits_from..].iter().all(u8::is_ascii_digit)
}

impl CommuneIndex {
    /// Builds the index (a few tens of milliseconds for every French commune), with the
    /// municipal arrondissements of the communes that have some.
    pub fn new(communes: Vec<Commune>) -> CommuneIndex {
        let parts: Vec<CommuneHit> = communes
            .iter()
            .flat_map(|c| {
                arrondissement::of_commune(&c.insee)
                    .iter()
                    .map(|a| CommuneHit {
                        words: words_of(&a.name),
                        insee: a.insee.clone(),
                        name: a.name.clone(),
                        departement: c.departement_code.clone(),
                        region: c.region_code.clone(),
                        postal_codes: a.postal_codes.clone(),
                        population: a.population,
                        parent: Some(c.insee.clone()),
                    })
            })
            .collect();
        let mut hits: Vec<CommuneHit> = communes
            .into_iter()
            .map(|c| CommuneHit {
                words: words_of(&c.name),
                insee: c.insee,
                name: c.name,
                departement: c.departement_code,
                region: c.region_code,
                postal_codes: c.postal_codes,
                population: c.population,
                parent: None,
            })
            .chain(parts)
            .collect();
        hits.sort_by(|a, b| b.population.cmp(&a.population).then(a.name.cmp(&b.name)));
        let mut words = Vec::new();
        let mut codes = Vec::new();
        let mut by_insee = Vec::with_capacity(hits.len());
        for (position, hit) in (0u32..).zip(&hits) {
            for (at, word) in (0u8..).zip(hit.words.iter()) {
                words.push((word.clone(), position, at));
            }
            for code in hit.postal_codes.iter().chain(std::iter::once(&hit.insee)) {
                codes.push((code.as_str().into(), position));
            }
            by_insee.push((hit.insee.as_str().into(), position));
        }
        words.sort_unstable();
        codes.sort_unstable();
        by_insee.sort_unstable();
        CommuneIndex {
            communes: hits,
            words,
            codes,
            by_insee,
        }
    }

    /// Number of communes and arrondissements indexed.
    pub fn len(&self) -> usize {
        self.communes.len()
    }

    /// The municipal arrondissements of a commune, in order (none for most communes).
    pub fn arrondissements_of(&self, insee: &str) -> Vec<&CommuneHit> {
        arrondissement::of_commune(insee)
            .iter()
            .filter_map(|a| self.get(&a.insee))
            .collect()
    }

    /// Whether no commune is indexed.
    pub fn is_empty(&self) -> bool {
        self.communes.is_empty()
    }

    /// The commune with this INSEE code.
    pub fn get(&self, insee: &str) -> Option<&CommuneHit> {
        let at = self
            .by_insee
            .binary_search_by(|(k, _)| k.as_ref().cmp(insee))
            .ok()?;
        self.communes.get(self.by_insee[at].1 as usize)
    }

    /// The codes of the départements of `region`, sorted.
    pub fn departements_of_region(&self, region: &str) -> Vec<String> {
        let mut codes: Vec<String> = self
            .communes
            .iter()
            .filter(|c| c.region == region)
            .map(|c| c.departement.clone())
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// At most [`LIMIT`] communes matching `query` (see the module documentation).
    pub fn search(&self, query: &str) -> Vec<&CommuneHit> {
        let trimmed = query.trim();
        let mut best = Best::new();
        if is_code_query(trimmed) {
            let code = trimmed.to_ascii_uppercase();
            for (_, position) in prefix_range(&self.codes, &code) {
                best.offer(0, *position);
            }
        } else {
            self.search_words(trimmed, &mut best);
        }
        best.positions()
            .filter_map(|p| self.communes.get(p))
            .collect()
    }

    fn search_words(&self, query: &str, best: &mut Best) {
        let normalized = normalize_search(query);
        if normalized.chars().count() < 2 {
            return;
        }
        let query: Vec<QueryWord> = normalized
            .split(' ')
            .map(|w| QueryWord {
                saint: is_saint(w),
                text: w.to_string(),
            })
            .collect();
        // Drive the scan by the rarest query word, then check the whole query on each commune.
        let Some(driver) = query
            .iter()
            .min_by_key(|w| (w.saint, word_range(&self.words, &w.text).len()))
        else {
            return;
        };
        let exact_saint = if driver.saint {
            word_range(&self.words, SAINT)
        } else {
            &[]
        };
        let candidates = word_range(&self.words, &driver.text)
            .iter()
            .chain(exact_saint.iter().filter(|(w, _, _)| w.as_ref() == SAINT));
        if let [_] = query.as_slice() {
            // One word: every candidate matches, at the word position it was indexed with.
            for (_, position, at) in candidates {
                best.offer(u8::from(*at != 0), *position);
            }
            return;
        }
        for (_, position, _) in candidates {
            if let Some(group) = self
                .communes
                .get(*position as usize)
                .and_then(|c| match_group(&query, &c.words))
            {
                best.offer(group, *position);
            }
        }
    }
}

/// Group 0 when the name's first word matches the first query word, 1 when the query words
/// match later words in order, `None` when they do not match.
fn match_group(query: &[QueryWord], words: &[Box<str>]) -> Option<u8> {
    let mut next = 0;
    let mut first_at = None;
    for q in query {
        let found = words[next..].iter().position(|w| q.matches(w))? + next;
        first_at.get_or_insert(found);
        next = found + 1;
    }
    Some(u8::from(first_at != Some(0)))
}

#[cfg(test)]
mod tests;
