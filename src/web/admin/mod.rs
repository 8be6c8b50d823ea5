//! Regional administration: the hub, institutions and their agents (invite, role, disable),
//! routing overrides, zonage imports, aid rule files, the e-mail outbox, the audit log.

pub mod accounts;
pub mod aids;
pub mod hub;
pub mod institution_edit;
pub mod institution_manage;
pub mod institutions;
pub mod outbox;
pub mod regional_aids;
pub mod regional_history;
pub mod regional_texts;
pub mod routing;
mod routing_view;
pub mod second_factor;
pub mod users;
pub mod zonage_imports;

/// Runs an admin's change and its audit entry (the admin and their address as actor) in one
/// transaction.
pub(crate) async fn audited<F>(
    state: &crate::web::AppState,
    req: &actix_web::HttpRequest,
    viewer: &crate::auth::Viewer,
    event: &'static str,
    detail: String,
    change: F,
) -> Result<(), crate::error::AppError>
where
    F: FnOnce(&mut crate::db::DbConnection) -> Result<(), crate::error::AppError> + Send + 'static,
{
    let (actor, ip, now) = (
        viewer.user_id.clone(),
        crate::web::forms::client_ip(req),
        state.clock.now(),
    );
    crate::db::run(&state.pool, move |conn| {
        crate::db::transaction(conn, |conn| {
            change(conn)?;
            crate::db::audit::record(conn, event, Some(&actor), None, Some(&ip), &detail, now)?;
            Ok(())
        })
    })
    .await
}
