//! Accounts: registration, e-mail verification, sign-in and sign-out, password reset and
//! invitations, and the signed-in person's own pages.

pub mod deletion;
pub mod email_change;
pub mod email_links;
pub mod personal_data;
pub mod profile;
pub mod register;
pub mod second_factor;
pub mod second_step;
pub mod signin;
pub mod tokens;

pub use crate::auth::links::{issue_link, link_is_usable, redeem_link, LinkPurpose};

pub const INVALID_LINK: &str = "Ce lien n'est plus valide : il a déjà servi ou il a expiré. Vous pouvez en demander un nouveau.";
