//! Accounts: registration, e-mail verification, sign-in and sign-out, password reset and
//! invitations, and the signed-in person's own pages.

pub mod deletion;
pub mod email_change;
pub mod email_links;
pub mod personal_data;
pub mod profession;
pub mod profile;
pub mod register;
pub mod second_factor;
pub mod second_step;
pub mod signin;
pub mod tokens;

pub use crate::auth::links::{issue_link, link_is_usable, redeem_link, LinkPurpose};

pub const INVALID_LINK: &str = "Ce lien n'est plus valide : il a déjà servi ou il a expiré. Vous pouvez en demander un nouveau.";

/// What the account use cases (`crate::accounts`) need, from the application's state.
pub fn deps(state: &crate::web::AppState) -> crate::accounts::Deps<'_> {
    crate::accounts::Deps {
        pool: &state.pool,
        clock: &state.clock,
        hasher: &state.hasher,
        common_passwords: &state.common_passwords,
        templates: &state.templates,
        base_url: state.base_url(),
    }
}
