//! `SELECT COUNT(*) FROM (<query> LIMIT n) capped`: counts at most `n` rows without bringing
//! them back (the tab counts of the inboxes stay bounded whatever the volume).

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::BigInt;
use diesel::{QueryResult, RunQueryDsl};

#[derive(Debug, Clone, QueryId)]
pub struct Capped<Q>(pub Q);

impl<Q: Query> Query for Capped<Q> {
    type SqlType = BigInt;
}

impl<Q, DB> QueryFragment<DB> for Capped<Q>
where
    DB: Backend,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("SELECT COUNT(*) FROM (");
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(") capped");
        Ok(())
    }
}

impl<Q, Conn> RunQueryDsl<Conn> for Capped<Q> {}
