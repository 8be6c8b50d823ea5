//! The decisions of partner institutions in a territory: how many per outcome, aid and
//! institution (with the amounts granted), and how long after the referral was routed (or taken
//! in hand) they came.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::DayHistogram;

/// Decisions of one outcome (slug of `request::DecisionOutcome`), on requests of one aid
/// (`None`: not an aid application), by one institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionCount {
    pub outcome: String,
    pub aid: Option<String>,
    pub institution: String,
    pub count: u64,
    /// The sum of the amounts granted, in cents.
    pub amount_cents: i64,
}

/// Every decision count of a territory and their delays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionStats {
    pub counts: Vec<DecisionCount>,
    /// From the referral's start (routed or taken in hand) to its decision.
    pub days: DayHistogram,
}

impl DecisionStats {
    pub fn add(
        &mut self,
        outcome: &str,
        aid: Option<&str>,
        institution: &str,
        count: u64,
        amount_cents: i64,
    ) {
        match self.counts.iter_mut().find(|c| {
            c.outcome == outcome && c.aid.as_deref() == aid && c.institution == institution
        }) {
            Some(c) => {
                c.count += count;
                c.amount_cents += amount_cents;
            }
            None => self.counts.push(DecisionCount {
                outcome: outcome.to_string(),
                aid: aid.map(str::to_string),
                institution: institution.to_string(),
                count,
                amount_cents,
            }),
        }
    }

    pub fn merge(&mut self, other: &DecisionStats) {
        for c in &other.counts {
            self.add(
                &c.outcome,
                c.aid.as_deref(),
                &c.institution,
                c.count,
                c.amount_cents,
            );
        }
        self.days.merge(&other.days);
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().map(|c| c.count).sum()
    }

    /// (decisions, amount granted in cents) by a key of the counts, in the key's order.
    pub fn by(&self, key: impl Fn(&DecisionCount) -> String) -> BTreeMap<String, (u64, i64)> {
        let mut out: BTreeMap<String, (u64, i64)> = BTreeMap::new();
        for c in &self.counts {
            let e = out.entry(key(c)).or_default();
            e.0 += c.count;
            e.1 += c.amount_cents;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_merge_and_group_by_outcome_aid_and_institution() {
        let mut a = DecisionStats::default();
        a.add("granted", Some("CAIM"), "CPAM 13", 1, 1_000_000);
        a.add("refused", Some("CAIM"), "ARS", 2, 0);
        a.days.add(3, 3);
        let mut b = DecisionStats::default();
        b.add("granted", Some("CAIM"), "CPAM 13", 1, 500_000);
        b.add("information", None, "ARS", 1, 0);
        b.days.add(5, 1);
        a.merge(&b);
        assert_eq!(a.total(), 5);
        assert_eq!(a.counts.len(), 3);
        let outcomes = a.by(|c| c.outcome.clone());
        assert_eq!(outcomes.get("granted"), Some(&(2, 1_500_000)));
        let aids = a.by(|c| c.aid.clone().unwrap_or_default());
        assert_eq!(aids.get("CAIM"), Some(&(4, 1_500_000)));
        assert_eq!(a.by(|c| c.institution.clone()).get("ARS"), Some(&(3, 0)));
        assert_eq!((a.days.total(), a.days.median()), (4, Some(3)));
    }
}
