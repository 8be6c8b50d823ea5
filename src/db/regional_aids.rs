//! Regional aid rules (drafts, published, withdrawn), see `domain::eligibility::regional`.

use diesel::prelude::*;

use super::schema::regional_aid_rules;
use super::DbConnection;
use crate::domain::eligibility::regional::RuleState;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = regional_aid_rules)]
pub struct RegionalRule {
    pub id: String,
    pub region_code: String,
    pub code: String,
    pub body: String,
    pub state: RuleState,
    pub author_id: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub published_at: Option<chrono::NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, rule: &RegionalRule) -> QueryResult<usize> {
    diesel::insert_into(regional_aid_rules::table)
        .values(rule)
        .execute(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<RegionalRule>> {
    regional_aid_rules::table
        .find(id)
        .select(RegionalRule::as_select())
        .first(conn)
        .optional()
}

/// The rules of a région, newest first.
pub fn list(conn: &mut DbConnection, region: &str) -> QueryResult<Vec<RegionalRule>> {
    regional_aid_rules::table
        .filter(regional_aid_rules::region_code.eq(region))
        .order(regional_aid_rules::created_at.desc())
        .select(RegionalRule::as_select())
        .load(conn)
}

/// Every published rule, of every région (to build the catalogue).
pub fn published(conn: &mut DbConnection) -> QueryResult<Vec<RegionalRule>> {
    regional_aid_rules::table
        .filter(regional_aid_rules::state.eq(RuleState::Publiee))
        .order(regional_aid_rules::code)
        .select(RegionalRule::as_select())
        .load(conn)
}

/// Publishes a draft: the published rule of the same code and région, if any, is withdrawn.
pub fn publish(
    conn: &mut DbConnection,
    rule: &RegionalRule,
    now: chrono::NaiveDateTime,
) -> QueryResult<()> {
    super::transaction(conn, |conn| {
        diesel::update(
            regional_aid_rules::table
                .filter(regional_aid_rules::region_code.eq(&rule.region_code))
                .filter(regional_aid_rules::code.eq(&rule.code))
                .filter(regional_aid_rules::state.eq(RuleState::Publiee)),
        )
        .set(regional_aid_rules::state.eq(RuleState::Retiree))
        .execute(conn)?;
        diesel::update(regional_aid_rules::table.find(&rule.id))
            .set((
                regional_aid_rules::state.eq(RuleState::Publiee),
                regional_aid_rules::published_at.eq(Some(now)),
            ))
            .execute(conn)?;
        Ok(())
    })
}

pub fn withdraw(conn: &mut DbConnection, id: &str) -> QueryResult<usize> {
    diesel::update(regional_aid_rules::table.find(id))
        .set(regional_aid_rules::state.eq(RuleState::Retiree))
        .execute(conn)
}
