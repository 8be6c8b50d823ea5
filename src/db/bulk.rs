//! Bulk inserts for generated volumes (`guichet seed load`): multi-row INSERT batches on
//! PostgreSQL, one prepared single-row INSERT per row on SQLite, each batch in one transaction.

use diesel::prelude::*;

use super::requests::{ReferralRow, RequestRow};
use super::schema::{counters, messages, referrals, requests, timeline_events, users};
use super::timeline::{Message, TimelineEvent};
use super::users::NewUser;
use super::DbConnection;
use crate::with_backend;

/// Rows per multi-row INSERT on PostgreSQL (21 columns × 1,000 stays under 65,535 parameters).
const BATCH: usize = 1_000;

/// Everything generated for one slice of requests.
#[derive(Debug, Default)]
pub struct Rows {
    pub users: Vec<NewUser>,
    pub requests: Vec<RequestRow>,
    pub referrals: Vec<ReferralRow>,
    pub messages: Vec<Message>,
    pub events: Vec<TimelineEvent>,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.users.len()
            + self.requests.len()
            + self.referrals.len()
            + self.messages.len()
            + self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Inserts `rows` (parents first) in one transaction.
pub fn insert(conn: &mut DbConnection, rows: &Rows) -> QueryResult<()> {
    macro_rules! insert_all {
        ($c:expr, $each:ident) => {{
            for chunk in $each(&rows.users) {
                diesel::insert_into(users::table)
                    .values(chunk)
                    .execute($c)?;
            }
            for chunk in $each(&rows.requests) {
                diesel::insert_into(requests::table)
                    .values(chunk)
                    .execute($c)?;
            }
            for chunk in $each(&rows.referrals) {
                diesel::insert_into(referrals::table)
                    .values(chunk)
                    .execute($c)?;
            }
            for chunk in $each(&rows.messages) {
                diesel::insert_into(messages::table)
                    .values(chunk)
                    .execute($c)?;
            }
            for chunk in $each(&rows.events) {
                diesel::insert_into(timeline_events::table)
                    .values(chunk)
                    .execute($c)?;
            }
            Ok(())
        }};
    }
    fn batches<T>(rows: &[T]) -> std::slice::Chunks<'_, T> {
        rows.chunks(BATCH)
    }
    fn single<T>(rows: &[T]) -> std::slice::Iter<'_, T> {
        rows.iter()
    }
    match conn {
        DbConnection::Postgresql(c) => c.transaction(|c| insert_all!(c, batches)),
        DbConnection::Sqlite(c) => c.transaction(|c| insert_all!(c, single)),
    }
}

/// Reserves `count` request numbers of `year`; returns the first one's counter value.
pub fn reserve_numbers(conn: &mut DbConnection, year: i32, count: i64) -> QueryResult<i64> {
    let name = format!("request-{year}");
    crate::db::transaction(conn, |conn| {
        with_backend!(&mut *conn, |c| diesel::insert_into(counters::table)
            .values((counters::name.eq(&name), counters::value.eq(0i64)))
            .on_conflict_do_nothing()
            .execute(c))?;
        diesel::update(counters::table.find(&name))
            .set(counters::value.eq(counters::value + count))
            .execute(conn)?;
        let last: i64 = counters::table
            .find(&name)
            .select(counters::value)
            .first(conn)?;
        Ok(last - count + 1)
    })
}

/// How many accounts exist (generated e-mails and RPPS continue from there).
/// After a bulk load, on PostgreSQL: `VACUUM (ANALYZE)` of the loaded tables, so that the
/// planner knows their sizes and the visibility map lets the inbox's covering indexes be read
/// without visiting the table (autovacuum would do it later, under load). Nothing on SQLite,
/// whose planner follows the indexes the queries are written for.
pub fn refresh_statistics(conn: &mut DbConnection) -> QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConnection::Postgresql(c) => c.batch_execute(
            "VACUUM (ANALYZE) users, requests, referrals, messages, message_reads, timeline_events",
        ),
        DbConnection::Sqlite(_) => Ok(()),
    }
}

pub fn count_users(conn: &mut DbConnection) -> QueryResult<i64> {
    users::table.count().get_result(conn)
}
