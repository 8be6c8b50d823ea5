//! Who is asking, and may they? Sessions, bearer tokens, CSRF, password hashing, throttling and
//! the authorization policy (one function per action, default deny).

pub use crate::client_address as client;
pub mod csrf;
mod csrf_multipart;
pub mod links;
pub mod password;
pub mod policy;
pub mod second_factor;
pub mod session;
pub mod throttle;
pub mod token;
pub mod totp;

pub use session::{MaybeViewer, Viewer};
