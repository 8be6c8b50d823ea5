//! E-mail: rendered from `templates/emails/<name>/{subject.txt,body.txt,body.html}`, written to
//! the outbox in the caller's transaction, sent later by the worker.

pub mod permanence;
pub mod transport;
pub mod worker;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::{self, DbConnection};
use crate::error::AppError;

/// What every e-mail template may use besides its own fields.
#[derive(Serialize)]
struct Common<'a, T: Serialize> {
    base_url: &'a str,
    #[serde(flatten)]
    data: &'a T,
}

/// A file joined to an e-mail (text only: an `.ics` calendar, for instance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub body: String,
}

/// Renders `template` for `to` and writes it to the outbox with `conn` (call it inside the
/// transaction of the change that causes the e-mail).
pub fn enqueue<T: Serialize>(
    conn: &mut DbConnection,
    templates: &tera::Tera,
    base_url: &str,
    to: &str,
    template: &str,
    data: &T,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    enqueue_with_attachment(conn, templates, base_url, to, template, data, now, None)
}

/// [`enqueue`] with an optional attachment.
#[allow(clippy::too_many_arguments)]
pub fn enqueue_with_attachment<T: Serialize>(
    conn: &mut DbConnection,
    templates: &tera::Tera,
    base_url: &str,
    to: &str,
    template: &str,
    data: &T,
    now: NaiveDateTime,
    attachment: Option<Attachment>,
) -> Result<(), AppError> {
    let context = tera::Context::from_serialize(Common { base_url, data }).map_err(|e| {
        AppError::Internal(anyhow::anyhow!("contexte du courriel {template} : {e}"))
    })?;
    let render = |part: &str| {
        templates
            .render(&format!("emails/{template}/{part}"), &context)
            .map_err(|e| {
                AppError::Internal(
                    anyhow::Error::new(e).context(format!("courriel {template}/{part}")),
                )
            })
    };
    let subject = render("subject.txt")?
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let region_code = db::outbox::recipient_region(conn, to)?;
    let message = db::outbox::NewOutboxMessage {
        id: uuid::Uuid::now_v7().to_string(),
        template: template.to_string(),
        to_address: to.to_string(),
        subject,
        body_text: render("body.txt")?,
        body_html: render("body.html")?,
        status: db::outbox::PENDING,
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
        attachment_name: attachment.as_ref().map(|a| a.name.clone()),
        attachment_content_type: attachment.as_ref().map(|a| a.content_type.clone()),
        attachment_body: attachment.map(|a| a.body),
        region_code,
    };
    db::outbox::insert(conn, &message)?;
    Ok(())
}
