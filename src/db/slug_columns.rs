//! Text columns that hold the slug of a closed list (`domain::slug`): rows carry the enum, and an
//! unreadable value in the database fails the load with one internal error, never a default.
//!
//! For each type, `slug_column!` gives diesel what `#[derive(AsExpression, FromSqlRow)]` would
//! (through a proxy struct, since the domain knows nothing of diesel) and the text conversions for
//! both backends: stored as `slug()`, read back with `FromStr`.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use crate::domain::account::Role;
use crate::domain::api_token::ApiScope;
use crate::domain::attachment::scan::ScanState;
use crate::domain::commitment::MilestoneStatus;
use crate::domain::eligibility::regional::RuleState;
use crate::domain::institution::InstitutionKind;
use crate::domain::outbox::OutboxStatus;
use crate::domain::permanence::Mode;
use crate::domain::profession::{Profession, Situation};
use crate::domain::request::{
    Channel, Coordination, DecisionOutcome, Priority, ReferralState, RequestKind, RequestState,
    TimelineKind,
};

/// The text of a slug column, parsed; the error names the column type and the value.
fn parse<T, DB>(bytes: DB::RawValue<'_>) -> deserialize::Result<T>
where
    DB: Backend,
    String: FromSql<Text, DB>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let text = <String as FromSql<Text, DB>>::from_sql(bytes)?;
    text.parse::<T>().map_err(|e| {
        let kind = std::any::type_name::<T>()
            .rsplit("::")
            .next()
            .unwrap_or("slug");
        format!("valeur illisible en base pour {kind} : {e}").into()
    })
}

macro_rules! slug_column {
    ($($ty:ty => $proxy:ident),+ $(,)?) => {$(
        #[derive(diesel::AsExpression, diesel::FromSqlRow)]
        #[diesel(foreign_derive, sql_type = Text)]
        #[allow(dead_code)]
        struct $proxy($ty);

        impl<DB: Backend> FromSql<Text, DB> for $ty
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                parse::<Self, DB>(bytes)
            }
        }

        impl<DB: Backend> ToSql<Text, DB> for $ty
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <str as ToSql<Text, DB>>::to_sql(self.slug(), out)
            }
        }
    )+};
}

slug_column! {
    RequestState => RequestStateColumn,
    ReferralState => ReferralStateColumn,
    RequestKind => RequestKindColumn,
    Priority => PriorityColumn,
    Coordination => CoordinationColumn,
    Role => RoleColumn,
    Profession => ProfessionColumn,
    Situation => SituationColumn,
    InstitutionKind => InstitutionKindColumn,
    ScanState => ScanStateColumn,
    OutboxStatus => OutboxStatusColumn,
    TimelineKind => TimelineKindColumn,
    ApiScope => ApiScopeColumn,
    RuleState => RuleStateColumn,
    Mode => PermanenceModeColumn,
    Channel => ChannelColumn,
    DecisionOutcome => DecisionOutcomeColumn,
    MilestoneStatus => MilestoneStatusColumn,
}
