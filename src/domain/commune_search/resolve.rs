//! What someone typed in a commune field, resolved against the index: an INSEE code, the
//! "Nom (INSEE)" the suggestions write, or a name. Every form, filter and page that takes a
//! commune asks this one function and only words its own message.

use super::{CommuneHit, CommuneIndex};
use crate::domain::territory::{is_well_formed_insee, normalize_search};

/// The outcome of [`CommuneIndex::resolve`].
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved<'a> {
    /// Exactly one commune: the code, the only exact name, or the only suggestion.
    One(&'a CommuneHit),
    /// Several communes have exactly that name (Aiglun in 04 and in 06), best known first: a
    /// form takes the first and shows which; a search page lists them.
    SameName(Vec<&'a CommuneHit>),
    /// Several communes start with what was typed and none has exactly that name.
    Several(Vec<&'a CommuneHit>),
    /// A well-formed INSEE code that no commune (of those kept) has.
    UnknownCode(String),
    /// Nothing fits the name.
    NoMatch,
}

impl CommuneIndex {
    /// Resolves `typed` among all communes.
    pub fn resolve(&self, typed: &str) -> Resolved<'_> {
        self.resolve_within(typed, |_| true)
    }

    /// Resolves `typed` among the communes `keep` accepts (a viewer's perimeter).
    pub fn resolve_within(&self, typed: &str, keep: impl Fn(&CommuneHit) -> bool) -> Resolved<'_> {
        let typed = typed.trim();
        let code = typed
            .strip_suffix(')')
            .and_then(|t| t.rsplit_once('('))
            .map_or(typed, |(_, code)| code.trim())
            .to_ascii_uppercase();
        if is_well_formed_insee(&code) {
            return match self.get(&code).filter(|hit| keep(hit)) {
                Some(hit) => Resolved::One(hit),
                None => Resolved::UnknownCode(code),
            };
        }
        let hits: Vec<&CommuneHit> = self.search(typed).into_iter().filter(|h| keep(h)).collect();
        let wanted = normalize_search(typed);
        let exact: Vec<&CommuneHit> = hits
            .iter()
            .copied()
            .filter(|h| normalize_search(&h.name) == wanted)
            .collect();
        match (exact.as_slice(), hits.as_slice()) {
            ([one], _) | ([], [one]) => Resolved::One(one),
            (_, []) => Resolved::NoMatch,
            ([], many) => Resolved::Several(many.to_vec()),
            (same, _) => Resolved::SameName(same.to_vec()),
        }
    }

    /// `hit` narrowed by an arrondissement select (Paris, Lyon, Marseille): `None` when the form
    /// has none, `Some("")` for the whole commune, `Some(code)` for one of its arrondissements.
    /// A choice that is not of that commune (left over after the commune changed) is ignored.
    pub fn narrow_to_arrondissement<'a>(
        &'a self,
        hit: &'a CommuneHit,
        arrondissement: Option<&str>,
    ) -> &'a CommuneHit {
        let Some(chosen) = arrondissement.map(str::trim) else {
            return hit;
        };
        let family = hit.parent.as_deref().unwrap_or(&hit.insee);
        if chosen.is_empty() {
            return self.get(family).unwrap_or(hit);
        }
        match self.get(chosen) {
            Some(part) if part.parent.as_deref() == Some(family) => part,
            _ => hit,
        }
    }
}
