//! Durations kept as day histograms (how many items took 0, 1, 2… whole days), so that medians
//! and percentiles come from a few hundred counts instead of every row; and shares of a total.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How many items took each whole number of days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHistogram {
    counts: BTreeMap<u32, u64>,
}

impl DayHistogram {
    /// Adds `count` items of `days` days (a negative duration, from inconsistent data, counts
    /// as 0 days).
    pub fn add(&mut self, days: i64, count: u64) {
        if count == 0 {
            return;
        }
        let days = u32::try_from(days.max(0)).unwrap_or(u32::MAX);
        *self.counts.entry(days).or_default() += count;
    }

    pub fn merge(&mut self, other: &DayHistogram) {
        for (days, count) in &other.counts {
            self.add(i64::from(*days), *count);
        }
    }

    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }

    /// The nearest-rank `percent`-th percentile in days: the smallest duration such that at
    /// least `percent` % of the items took no longer. `None` when empty.
    pub fn percentile(&self, percent: u8) -> Option<u32> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let percent = u64::from(percent.clamp(1, 100));
        let rank = (total * percent).div_ceil(100).max(1);
        let mut seen = 0;
        for (days, count) in &self.counts {
            seen += count;
            if seen >= rank {
                return Some(*days);
            }
        }
        self.counts.keys().next_back().copied()
    }

    pub fn median(&self) -> Option<u32> {
        self.percentile(50)
    }

    pub fn p90(&self) -> Option<u32> {
        self.percentile(90)
    }
}

/// A part of a total, e.g. requests handled within their deadline among those handled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub total: u64,
    pub within: u64,
}

impl Share {
    pub fn merge(&mut self, other: &Share) {
        self.total += other.total;
        self.within += other.within;
    }

    /// The rounded percentage, `None` when the total is zero.
    pub fn percent(&self) -> Option<u64> {
        (self.total > 0).then(|| (self.within.min(self.total) * 100 + self.total / 2) / self.total)
    }

    pub fn outside(&self) -> u64 {
        self.total.saturating_sub(self.within)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn histogram(days: &[i64]) -> DayHistogram {
        let mut h = DayHistogram::default();
        for d in days {
            h.add(*d, 1);
        }
        h
    }

    #[test]
    fn empty_histogram_has_no_percentile() {
        assert_eq!(DayHistogram::default().median(), None);
        assert_eq!(DayHistogram::default().p90(), None);
    }

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=10 days: median is the 5th value, p90 the 9th.
        let h = histogram(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(h.median(), Some(5));
        assert_eq!(h.p90(), Some(9));
        assert_eq!(h.percentile(100), Some(10));
        let one = histogram(&[7]);
        assert_eq!((one.median(), one.p90()), (Some(7), Some(7)));
        // Skewed: 9 quick answers, one very slow.
        let skewed = histogram(&[0, 0, 0, 0, 0, 1, 1, 1, 1, 40]);
        assert_eq!((skewed.median(), skewed.p90()), (Some(0), Some(1)));
        let h = histogram(&[2, 2, 3, 30, 31]);
        assert_eq!((h.median(), h.p90()), (Some(3), Some(31)));
    }

    #[test]
    fn counts_and_merges() {
        let mut a = DayHistogram::default();
        a.add(3, 4);
        a.add(-2, 1);
        a.add(9, 0);
        let mut b = DayHistogram::default();
        b.add(3, 1);
        b.add(10, 5);
        a.merge(&b);
        assert_eq!(a.total(), 11);
        assert_eq!(a.median(), Some(3));
        assert_eq!(a.percentile(60), Some(10));
        assert_eq!(a, {
            let mut c = DayHistogram::default();
            c.add(0, 1);
            c.add(3, 5);
            c.add(10, 5);
            c
        });
    }

    #[test]
    fn round_trips_through_json() {
        let h = histogram(&[1, 1, 12]);
        let json = serde_json::to_string(&h).unwrap_or_default();
        assert_eq!(serde_json::from_str::<DayHistogram>(&json).ok(), Some(h));
    }

    #[test]
    fn shares_round_and_merge() {
        assert_eq!(Share::default().percent(), None);
        assert_eq!(
            Share {
                total: 3,
                within: 2
            }
            .percent(),
            Some(67)
        );
        assert_eq!(
            Share {
                total: 8,
                within: 1
            }
            .percent(),
            Some(13)
        );
        let mut s = Share {
            total: 4,
            within: 4,
        };
        s.merge(&Share {
            total: 4,
            within: 0,
        });
        assert_eq!((s.percent(), s.outside()), (Some(50), 4));
    }
}
