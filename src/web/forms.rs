//! What every form page shares: the values typed (re-shown on error) and one message per field.

use std::collections::BTreeMap;

use actix_web::HttpRequest;
use serde::Serialize;

use crate::error::FieldError;

/// A form sent back to its page: which of the page's forms it was (`form`, empty on a page with
/// one form; a row's id or a form's name on a page with several), what was typed, one message
/// per field, and the first message for the summary at the top of the page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FormState {
    pub form: String,
    pub values: BTreeMap<String, String>,
    pub errors: BTreeMap<String, String>,
    pub summary: String,
}

impl FormState {
    /// Keeps the typed values (passwords excluded by the caller's `Serialize`).
    pub fn with_values<T: Serialize>(values: &T) -> Self {
        let values = serde_json::to_value(values)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .map(|o| {
                o.into_iter()
                    .filter_map(|(k, v)| match v {
                        serde_json::Value::String(s) => Some((k, s)),
                        serde_json::Value::Array(a) => Some((
                            k,
                            a.iter()
                                .filter_map(|x| x.as_str())
                                .collect::<Vec<_>>()
                                .join(","),
                        )),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            values,
            ..Self::default()
        }
    }

    /// Names the form of the page this state belongs to.
    pub fn of_form(mut self, form: impl Into<String>) -> Self {
        self.form = form.into();
        self
    }

    /// Keeps one typed value.
    pub fn value(mut self, field: &str, value: impl Into<String>) -> Self {
        self.values.insert(field.to_string(), value.into());
        self
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        for e in errors {
            if !self.errors.contains_key(&e.field) {
                self = self.error(&e.field, e.message);
            }
        }
        self
    }

    /// The message beside `field`.
    pub fn error(mut self, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        if self.summary.is_empty() {
            self.summary = message.clone();
        }
        self.errors.insert(field.to_string(), message);
        self
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// One option of a list or a set of radio buttons: the value sent and the label shown.
#[derive(Debug, Serialize, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// The options of a closed list: each value's slug and label.
pub fn choices<T: Copy>(
    all: &[T],
    slug: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice::new(slug(*v), label(*v)))
        .collect()
}

/// The client of the request: the socket peer, or, from a trusted reverse proxy, the address
/// and scheme it forwards (`client_address`).
pub fn client(req: &HttpRequest) -> crate::client_address::Client {
    let joined = |name: &str| {
        let values: Vec<&str> = req
            .headers()
            .get_all(name)
            .filter_map(|v| v.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    };
    let default = crate::client_address::TrustedProxies::default();
    let state = req.app_data::<actix_web::web::Data<crate::web::AppState>>();
    let trusted = state.map_or(&default, |s| &s.settings.server.trusted_proxies);
    let (forwarded_for, forwarded_proto) = if trusted.is_empty() {
        (None, None)
    } else {
        (joined("x-forwarded-for"), joined("x-forwarded-proto"))
    };
    crate::client_address::resolve(
        req.peer_addr().map(|a| a.ip()),
        forwarded_for.as_deref(),
        forwarded_proto.as_deref(),
        req.app_config().secure(),
        trusted,
    )
}

/// The client's address (a forwarded header only from a trusted proxy: a client could forge it).
pub fn client_ip(req: &HttpRequest) -> String {
    client(req)
        .ip
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "inconnue".into())
}

/// Cookies get the `Secure` flag when the configuration says so or the client came over HTTPS.
pub fn secure_cookies(req: &HttpRequest) -> bool {
    let configured = req
        .app_data::<actix_web::web::Data<crate::web::AppState>>()
        .is_some_and(|s| s.settings.security.secure_cookies);
    configured || client(req).https
}

pub fn user_agent(req: &HttpRequest) -> String {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("navigateur inconnu")
        .chars()
        .take(200)
        .collect()
}

/// A page of the route table to go back to after signing in; anything else falls back to
/// `/compte`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(p) if is_local_path(p) && super::routes::is_page(p) => p.to_string(),
        _ => "/compte".to_string(),
    }
}

/// A path of this site, safe in a `Location` header: one leading slash, then only the characters
/// of our own URLs (no control character, space, backslash or colon, which browsers strip or
/// reinterpret: `/\t/evil.example` would become `//evil.example`), no empty or `..` segment.
fn is_local_path(p: &str) -> bool {
    const ALLOWED: &str = "/-._~%?=&#+,";
    p.len() <= 1024
        && p.starts_with('/')
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || ALLOWED.contains(c))
        && !p.contains("//")
        && !p
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .split('/')
            .any(|s| s == "..")
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_is_local_only() {
        assert_eq!(
            safe_next(Some("/admin/utilisateurs")),
            "/admin/utilisateurs"
        );
        assert_eq!(
            safe_next(Some("/demandes/abc?ok=1#documents")),
            "/demandes/abc?ok=1#documents"
        );
        for bad in [
            "//evil.test",
            "https://evil.test",
            "/\\evil.test",
            "evil",
            "/\t/evil.example",
            "/\n/evil.example",
            "/compte\r\nSet-Cookie: x=1",
            "/compte\0",
            "/compte\u{7f}",
            "/ /evil.example",
            "/a//evil.example",
            "/../admin",
            "/javascript:alert(1)",
            // Local and well formed, but not a page of the table.
            "/n-existe-pas",
            "/demandes/abc/inconnu",
            "/deconnexion",
            "/demandes/",
        ] {
            assert_eq!(safe_next(Some(bad)), "/compte", "{bad}");
        }
        assert_eq!(safe_next(None), "/compte");
    }
}
