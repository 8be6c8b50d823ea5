//! The guichet's indicators for one territory (a région or a département): requests by kind,
//! state and month; time to first answer and to closure; shares handled within the deadline;
//! aids and installations by zone; referrals per institution and their answer times.
//!
//! Everything here is a count that merges by addition, so a région is the sum of its
//! départements and nothing needs the rows themselves (see `db::indicators` for the queries).

mod decisions;
mod histogram;
mod report;
mod scope;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use decisions::{DecisionCount, DecisionStats};
pub use histogram::{DayHistogram, Share};
pub use report::{build_reports, DepartementRef, Part, Report};
pub use scope::Scope;

/// Submitted requests of one kind, in one state, submitted in one month (`YYYY-MM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCount {
    pub kind: String,
    pub state: String,
    pub month: String,
    pub count: u64,
}

/// Aid applications and installation projects by zone of the practice's commune (zonage of the
/// professional's profession in force on the day of submission; `None`: unknown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneCount {
    pub kind: String,
    pub aid: Option<String>,
    pub zone: Option<String>,
    pub count: u64,
}

/// The referrals of one institution: how many per state, and how long answers took.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstitutionStats {
    pub id: String,
    pub name: String,
    pub states: BTreeMap<String, u64>,
    pub answer_days: DayHistogram,
}

impl InstitutionStats {
    pub fn total(&self) -> u64 {
        self.states.values().sum()
    }
}

/// Every indicator of one territory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicators {
    pub requests: Vec<RequestCount>,
    /// From submission to the first answer of an institution.
    pub first_answer: DayHistogram,
    /// From submission to closure.
    pub closure: DayHistogram,
    /// Requests routed no later than their qualification deadline, among those routed.
    pub qualification_deadline: Share,
    /// Referrals answered no later than their deadline, among those answered.
    pub referral_deadline: Share,
    pub zones: Vec<ZoneCount>,
    pub institutions: Vec<InstitutionStats>,
    /// Partner institutions' decisions (absent from snapshots taken before they existed).
    #[serde(default)]
    pub decisions: DecisionStats,
}

impl Indicators {
    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: &Indicators) {
        for r in &other.requests {
            self.add_requests(&r.kind, &r.state, &r.month, r.count);
        }
        self.first_answer.merge(&other.first_answer);
        self.closure.merge(&other.closure);
        self.qualification_deadline
            .merge(&other.qualification_deadline);
        self.referral_deadline.merge(&other.referral_deadline);
        for z in &other.zones {
            self.add_zone(&z.kind, z.aid.as_deref(), z.zone.as_deref(), z.count);
        }
        for i in &other.institutions {
            let mine = self.institution(&i.id, &i.name);
            for (state, count) in &i.states {
                *mine.states.entry(state.clone()).or_default() += count;
            }
            mine.answer_days.merge(&i.answer_days);
        }
        self.decisions.merge(&other.decisions);
        self.institutions
            .sort_by(|a, b| b.total().cmp(&a.total()).then(a.name.cmp(&b.name)));
    }

    pub fn add_requests(&mut self, kind: &str, state: &str, month: &str, count: u64) {
        match self
            .requests
            .iter_mut()
            .find(|r| r.kind == kind && r.state == state && r.month == month)
        {
            Some(r) => r.count += count,
            None => self.requests.push(RequestCount {
                kind: kind.to_string(),
                state: state.to_string(),
                month: month.to_string(),
                count,
            }),
        }
    }

    pub fn add_zone(&mut self, kind: &str, aid: Option<&str>, zone: Option<&str>, count: u64) {
        match self
            .zones
            .iter_mut()
            .find(|z| z.kind == kind && z.aid.as_deref() == aid && z.zone.as_deref() == zone)
        {
            Some(z) => z.count += count,
            None => self.zones.push(ZoneCount {
                kind: kind.to_string(),
                aid: aid.map(str::to_string),
                zone: zone.map(str::to_string),
                count,
            }),
        }
    }

    /// The stats of institution `id`, created empty when missing.
    pub fn institution(&mut self, id: &str, name: &str) -> &mut InstitutionStats {
        let at = match self.institutions.iter().position(|i| i.id == id) {
            Some(at) => at,
            None => {
                self.institutions.push(InstitutionStats {
                    id: id.to_string(),
                    name: name.to_string(),
                    ..InstitutionStats::default()
                });
                self.institutions.len() - 1
            }
        };
        &mut self.institutions[at]
    }

    /// Submitted requests in total.
    pub fn total_requests(&self) -> u64 {
        self.requests.iter().map(|r| r.count).sum()
    }

    /// Totals by a key of the request counts, in the key's order.
    fn totals_by(&self, key: impl Fn(&RequestCount) -> &str) -> BTreeMap<String, u64> {
        let mut out: BTreeMap<String, u64> = BTreeMap::new();
        for r in &self.requests {
            *out.entry(key(r).to_string()).or_default() += r.count;
        }
        out
    }

    pub fn by_kind(&self) -> BTreeMap<String, u64> {
        self.totals_by(|r| &r.kind)
    }

    pub fn by_state(&self) -> BTreeMap<String, u64> {
        self.totals_by(|r| &r.state)
    }

    /// Requests per month of submission, oldest first, at most the `last` months.
    pub fn by_month(&self, last: usize) -> Vec<(String, u64)> {
        let all: Vec<(String, u64)> = self.totals_by(|r| &r.month).into_iter().collect();
        let skip = all.len().saturating_sub(last);
        all.into_iter().skip(skip).collect()
    }

    /// Aid applications per (aid, zone), in aid then zone order.
    pub fn aids_by_zone(&self) -> BTreeMap<(String, Option<String>), u64> {
        let mut out = BTreeMap::new();
        for z in self.zones.iter().filter(|z| z.kind == "aide") {
            let aid = z.aid.clone().unwrap_or_default();
            *out.entry((aid, z.zone.clone())).or_default() += z.count;
        }
        out
    }

    /// Installation projects (every practice mode) per zone.
    pub fn installations_by_zone(&self) -> BTreeMap<Option<String>, u64> {
        let mut out = BTreeMap::new();
        for z in self
            .zones
            .iter()
            .filter(|z| z.kind.starts_with("installation-"))
        {
            *out.entry(z.zone.clone()).or_default() += z.count;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(n: u64) -> Indicators {
        let mut i = Indicators::default();
        i.add_requests("question", "deposee", "2026-01", n);
        i.add_requests("aide", "cloturee", "2026-02", 2 * n);
        i.add_requests("installation-liberal", "orientee", "2026-02", n);
        i.first_answer.add(3, n);
        i.qualification_deadline = Share {
            total: 2,
            within: 1,
        };
        i.add_zone("aide", Some("CAIM"), Some("ZIP"), n);
        i.add_zone("installation-liberal", None, None, n);
        i.add_zone("installation-mixte", None, Some("ZIP"), 1);
        let cpam = i.institution("cpam", "CPAM");
        cpam.states.insert("repondue".into(), n);
        cpam.answer_days.add(4, n);
        i
    }

    #[test]
    fn views_group_the_counts() {
        let i = sample(1);
        assert_eq!(i.total_requests(), 4);
        assert_eq!(i.by_kind().get("aide"), Some(&2));
        assert_eq!(i.by_state().get("orientee"), Some(&1));
        assert_eq!(
            i.by_month(12),
            vec![("2026-01".to_string(), 1), ("2026-02".to_string(), 3)]
        );
        assert_eq!(i.by_month(1), vec![("2026-02".to_string(), 3)]);
        assert_eq!(
            i.aids_by_zone()
                .get(&("CAIM".to_string(), Some("ZIP".to_string()))),
            Some(&1)
        );
        let installations = i.installations_by_zone();
        assert_eq!(installations.get(&None), Some(&1));
        assert_eq!(installations.get(&Some("ZIP".to_string())), Some(&1));
    }

    #[test]
    fn merging_adds_every_count() {
        let mut region = sample(1);
        region.merge(&sample(2));
        assert_eq!(region.total_requests(), 12);
        assert_eq!(region.requests.len(), 3);
        assert_eq!(region.first_answer.total(), 3);
        assert_eq!(
            region.qualification_deadline,
            Share {
                total: 4,
                within: 2
            }
        );
        assert_eq!(region.zones.len(), 3);
        assert_eq!(region.institutions.len(), 1);
        assert_eq!(region.institutions[0].total(), 3);
        assert_eq!(region.institutions[0].answer_days.median(), Some(4));
    }
}
