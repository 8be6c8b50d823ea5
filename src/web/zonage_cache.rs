//! The zonages in memory: loaded at start-up, reloaded when the `zonages` table changes
//! (`guichet import zonage` runs in another process), checked every [`REFRESH_EVERY`].
//! A lookup is then a hash-map access instead of a database round trip on every simulation.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::db::{self, DbPool};
use crate::domain::zonage::ZonageIndex;
use crate::error::AppError;

/// How often the table is checked for a new import.
pub const REFRESH_EVERY: Duration = Duration::from_secs(30);

struct Snapshot {
    stamp: String,
    index: Arc<ZonageIndex>,
}

/// The current zonage index, shared by every worker.
pub struct ZonageCache {
    current: RwLock<Snapshot>,
}

impl ZonageCache {
    /// Loads every zonage (at start-up, blocking).
    pub fn load(pool: &DbPool) -> anyhow::Result<ZonageCache> {
        let mut conn = pool
            .get()
            .map_err(|e| anyhow::anyhow!("connexion à la base impossible : {e}"))?;
        let stamp = db::zonage::stamp(&mut conn)
            .map_err(|e| anyhow::anyhow!("lecture des zonages impossible : {e}"))?;
        let index = db::zonage::load_index(&mut conn)
            .map_err(|e| anyhow::anyhow!("lecture des zonages impossible : {e}"))?;
        Ok(ZonageCache {
            current: RwLock::new(Snapshot {
                stamp,
                index: Arc::new(index),
            }),
        })
    }

    /// The index as of the last refresh.
    pub fn index(&self) -> Arc<ZonageIndex> {
        match self.current.read() {
            Ok(snapshot) => snapshot.index.clone(),
            Err(poisoned) => poisoned.into_inner().index.clone(),
        }
    }

    fn stamp(&self) -> String {
        match self.current.read() {
            Ok(snapshot) => snapshot.stamp.clone(),
            Err(poisoned) => poisoned.into_inner().stamp.clone(),
        }
    }

    /// Reloads the index when the zonages changed; returns whether it did.
    pub async fn refresh(&self, pool: &DbPool) -> Result<bool, AppError> {
        let known = self.stamp();
        let fresh = db::run(pool, move |conn| {
            let stamp = db::zonage::stamp(conn)?;
            if stamp == known {
                return Ok(None);
            }
            Ok(Some((stamp, db::zonage::load_index(conn)?)))
        })
        .await?;
        let Some((stamp, index)) = fresh else {
            return Ok(false);
        };
        let snapshot = Snapshot {
            stamp,
            index: Arc::new(index),
        };
        match self.current.write() {
            Ok(mut current) => *current = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
        tracing::info!("zonages rechargés");
        Ok(true)
    }
}
