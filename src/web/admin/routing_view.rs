//! What the routing pages show: the région's territory and directory, entries as French labels,
//! the choices of the edit form.

use std::collections::HashMap;

use serde::Serialize;

use crate::db::{self, routing_overrides::OverrideRow, DbConnection};
use crate::domain::institution::InstitutionKind;
use crate::domain::routing::{
    effective_entries, Destination, Entry, InstitutionRef, Override, RoutingTable, RuleKey,
};
use crate::error::AppError;

/// The région as the routing pages need it.
pub struct Territory {
    pub region: String,
    pub departements: Vec<(String, String)>,
    pub refs: Vec<InstitutionRef>,
    pub names: HashMap<String, String>,
    pub rows: Vec<OverrideRow>,
    pub overrides: Vec<Override>,
}

impl Territory {
    pub fn load(
        conn: &mut DbConnection,
        region: &str,
        table: &RoutingTable,
    ) -> Result<Territory, AppError> {
        let names = db::institutions::list_in_region(conn, region)?
            .into_iter()
            .map(|i| (i.id, i.name))
            .collect();
        let rows = db::routing_overrides::list(conn, region)?;
        Ok(Territory {
            region: region.to_string(),
            departements: db::territories::departements_of_region(conn, region)?,
            refs: crate::workflow::submit::institution_refs(conn, region, None)?,
            names,
            overrides: db::routing_overrides::to_domain(&rows, table),
            rows,
        })
    }

    pub fn has_departement(&self, code: &str) -> bool {
        self.departements.iter().any(|(c, _)| c == code)
    }

    pub fn override_row(&self, departement: &str, rule: &RuleKey) -> Option<&OverrideRow> {
        let slug = rule.slug();
        self.rows
            .iter()
            .find(|r| r.departement_code == departement && r.rule == slug)
    }

    /// The entries in force (`with_overrides`) or those of the file alone.
    pub fn entries(
        &self,
        table: &RoutingTable,
        rule: &RuleKey,
        departement: &str,
        with_overrides: bool,
    ) -> Vec<Entry> {
        let overrides: &[Override] = if with_overrides { &self.overrides } else { &[] };
        effective_entries(
            table,
            overrides,
            rule,
            departement,
            &self.region,
            &self.refs,
        )
    }

    /// A French label for an entry.
    pub fn label(&self, entry: &Entry) -> String {
        match entry {
            Entry::Institution(id) => self
                .names
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("institution retirée de l'annuaire ({id})")),
            Entry::Kinds(Destination { alternatives }) => {
                let labels: Vec<&str> = alternatives.iter().map(|k| k.label()).collect();
                let labels = labels.join(", à défaut ");
                if alternatives.iter().any(|k| k.is_per_profession()) {
                    format!("{labels} de la profession du demandeur")
                } else {
                    format!("{labels} (absente de l'annuaire : transmise au guichet)")
                }
            }
        }
    }

    pub fn labels(&self, entries: &[Entry]) -> Vec<String> {
        entries.iter().map(|e| self.label(e)).collect()
    }

    /// The choices of the edit form: the entries in force (checked), those of the file, every
    /// institution of the département or of the whole région, and the Ordre and URPS of the
    /// professional's profession.
    pub fn choices(&self, table: &RoutingTable, rule: &RuleKey, departement: &str) -> Vec<Choice> {
        let current = self.entries(table, rule, departement, true);
        let file = self.entries(table, rule, departement, false);
        let mut concrete: Vec<&InstitutionRef> = self
            .refs
            .iter()
            .filter(|i| !i.kind.is_per_profession() && i.region_code == self.region)
            .filter(|i| {
                i.departement_code
                    .as_deref()
                    .is_none_or(|d| d == departement)
            })
            .collect();
        concrete.sort_by_key(|i| (i.kind, i.id.clone()));
        let generic = [InstitutionKind::Ordre, InstitutionKind::Urps].map(|k| {
            Entry::Kinds(Destination {
                alternatives: vec![k],
            })
        });
        let all = current.iter().cloned().chain(file).chain(
            concrete
                .into_iter()
                .map(|i| Entry::Institution(i.id.clone()))
                .chain(generic),
        );
        let mut choices: Vec<Choice> = Vec::new();
        for entry in all {
            let token = entry.token();
            if choices.iter().all(|c| c.token != token) {
                choices.push(Choice {
                    checked: current.contains(&entry),
                    label: self.label(&entry),
                    token,
                });
            }
        }
        choices
    }
}

/// One checkbox of the edit form.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub token: String,
    pub label: String,
    pub checked: bool,
}
