//! Rendered inbox pages kept for a few seconds, for the person who asked for them.
//!
//! A référent goes back and forth between the list and the requests, reloads it, pages back: the
//! same view, the same data. A page is served again only while nothing was written since it was
//! rendered: every state-changing request of this server (and the request page that marks
//! messages read) moves the *generation* forward, which empties the cache. Writes made by another
//! process (a second server on the same PostgreSQL, `guichet seed load`) are seen after at most
//! `view_cache.seconds`, like the deadlines that pass with time. `seconds = 0` turns it off.
//!
//! The key holds the user, their CSRF token (the page repeats it in its forms) and the whole
//! path and query: one person never gets another's page. Entries are bounded in bytes; the
//! oldest go first.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;

pub use crate::config::ViewCacheSettings;

struct Entry {
    serial: u64,
    generation: u64,
    stored: Instant,
    body: Bytes,
}

#[derive(Default)]
struct Entries {
    /// The generation the entries were rendered at; older entries are dropped at once.
    generation: u64,
    map: HashMap<String, Entry>,
    /// Keys in insertion order, with the serial of the entry they were inserted with.
    order: VecDeque<(String, u64)>,
    bytes: usize,
    serial: u64,
}

impl Entries {
    fn clear(&mut self, generation: u64) {
        self.map.clear();
        self.order.clear();
        self.bytes = 0;
        self.generation = generation;
    }

    fn remove(&mut self, key: &str) {
        if let Some(old) = self.map.remove(key) {
            self.bytes -= old.body.len();
        }
    }

    fn evict_oldest(&mut self) -> bool {
        let Some((key, serial)) = self.order.pop_front() else {
            return false;
        };
        if self.map.get(&key).is_some_and(|e| e.serial == serial) {
            self.remove(&key);
        }
        true
    }
}

pub struct ViewCache {
    generation: AtomicU64,
    ttl: Duration,
    max_bytes: usize,
    entries: Mutex<Entries>,
}

impl ViewCache {
    pub fn new(settings: ViewCacheSettings) -> ViewCache {
        ViewCache {
            generation: AtomicU64::new(0),
            ttl: Duration::from_secs(settings.seconds),
            max_bytes: settings.max_bytes,
            entries: Mutex::new(Entries::default()),
        }
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero() && self.max_bytes > 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Read before loading a page; [`ViewCache::put`] keeps it only if nothing was written since.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Something was written: every page kept so far is forgotten.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The page kept under `key`, if it is recent and nothing was written since.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        if !self.enabled() {
            return None;
        }
        let current = self.generation();
        let mut entries = self.lock();
        if entries.generation != current {
            entries.clear(current);
            return None;
        }
        let entry = entries.map.get(key)?;
        if entry.generation == current && entry.stored.elapsed() < self.ttl {
            return Some(entry.body.clone());
        }
        entries.remove(key);
        None
    }

    /// Keeps `body`, rendered from data read at `generation`, unless a write came in between.
    pub fn put(&self, key: String, generation: u64, body: Bytes) {
        if !self.enabled() || body.len() > self.max_bytes / 4 {
            return;
        }
        let current = self.generation();
        if generation != current {
            return;
        }
        let mut entries = self.lock();
        if entries.generation != current {
            entries.clear(current);
        }
        entries.remove(&key);
        while entries.bytes + body.len() > self.max_bytes && entries.evict_oldest() {}
        entries.serial += 1;
        let serial = entries.serial;
        entries.bytes += body.len();
        entries.order.push_back((key.clone(), serial));
        entries.map.insert(
            key,
            Entry {
                serial,
                generation,
                stored: Instant::now(),
                body,
            },
        );
        // Keys replaced in place leave stale slots behind; keep the queue proportionate.
        if entries.order.len() > 4 * entries.map.len() + 64 {
            let live: Vec<(String, u64)> = entries
                .order
                .iter()
                .filter(|(k, s)| entries.map.get(k).is_some_and(|e| e.serial == *s))
                .cloned()
                .collect();
            entries.order = live.into();
        }
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.lock().bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(seconds: u64, max_bytes: usize) -> ViewCache {
        ViewCache::new(ViewCacheSettings { seconds, max_bytes })
    }

    fn body(n: usize) -> Bytes {
        Bytes::from(vec![b'x'; n])
    }

    #[test]
    fn serves_a_page_until_something_is_written() {
        let c = cache(60, 1000);
        let g = c.generation();
        c.put("a".into(), g, body(10));
        assert_eq!(c.get("a").map(|b| b.len()), Some(10));
        assert!(c.get("b").is_none());
        c.bump();
        assert!(c.get("a").is_none());
        assert_eq!(c.bytes(), 0);
    }

    #[test]
    fn a_page_read_before_a_write_is_not_kept() {
        let c = cache(60, 1000);
        let g = c.generation();
        c.bump();
        c.put("a".into(), g, body(10));
        assert!(c.get("a").is_none());
    }

    #[test]
    fn zero_seconds_turns_it_off_and_pages_expire() {
        let c = cache(0, 1000);
        c.put("a".into(), c.generation(), body(10));
        assert!(c.get("a").is_none());
        let c = ViewCache {
            ttl: Duration::from_millis(20),
            ..cache(1, 1000)
        };
        c.put("a".into(), c.generation(), body(10));
        assert!(c.get("a").is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert!(c.get("a").is_none());
    }

    #[test]
    fn the_oldest_pages_go_first_within_the_byte_budget() {
        let c = cache(60, 1000);
        let g = c.generation();
        for key in ["a", "b", "c", "d"] {
            c.put(key.into(), g, body(250));
        }
        c.put("a".into(), g, body(250));
        assert_eq!(c.bytes(), 1000);
        c.put("e".into(), g, body(250));
        assert!(c.get("b").is_none(), "the oldest is evicted");
        assert!(
            c.get("a").is_some(),
            "a replaced key counts from its replacement"
        );
        assert!(c.get("e").is_some());
        assert!(c.bytes() <= 1000);
        c.put("big".into(), g, body(251));
        assert!(
            c.get("big").is_none(),
            "a page above a quarter of the budget is not kept"
        );
    }
}
