//! Messages on a request: the professional, the guichet and the partners write to each other;
//! agents may also leave internal notes, never shown to the professional. Posting is one use
//! case; reading is two steps the page calls in turn: the thread the viewer may see, then,
//! explicitly, marking it read (the inboxes' unread markers follow), then its read receipts.

use chrono::NaiveDateTime;

use super::access::{actor, load, message_target, Loaded};
use super::{append, notify, Context};
use crate::auth::{policy, Viewer};
use crate::db::timeline::Message;
use crate::db::{self, DbConnection};
use crate::domain::account::Role;
use crate::domain::request::Audience;
use crate::domain::request::TimelineKind;
use crate::error::{AppError, FieldError};

/// The longest message, answer or question, in characters.
const MAX_CHARS: usize = 5000;

/// The text of a message, an answer or a question, trimmed; 422 beside `text` when it is empty
/// or too long (`what`: « votre message », « la question »…).
pub fn checked_text(raw: &str, what: &str) -> Result<String, AppError> {
    let text = raw.trim();
    if text.is_empty() || text.chars().count() > MAX_CHARS {
        return Err(AppError::Validation(vec![FieldError::new(
            "text",
            format!("Écrivez {what} (5 000 caractères au plus)."),
        )]));
    }
    Ok(text.to_string())
}

/// Stores a message of `author_id` (questions and answers carry one too).
pub fn store(
    conn: &mut DbConnection,
    request_id: &str,
    author_id: &str,
    referral: Option<&str>,
    body: &str,
    internal: bool,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    db::timeline::insert_message(
        conn,
        &Message {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: request_id.to_string(),
            referral_id: referral.map(str::to_string),
            author_id: author_id.to_string(),
            body: body.to_string(),
            internal,
            created_at: now,
        },
    )?;
    Ok(())
}

/// A message as typed on the request page.
pub struct NewMessage {
    pub text: String,
    /// `demande` (or empty) for the request itself, or the id of a referral.
    pub target: String,
    /// An internal note was asked for (only agents may write one; for others it is a message).
    pub internal: bool,
}

/// A message (or, for agents, an internal note) outside any transition, in its own
/// transaction: stored, added to the timeline and, unless internal, e-mailed to whom it
/// concerns. Returns the request's id.
pub fn post_message(
    conn: &mut DbConnection,
    ctx: &Context,
    viewer: &Viewer,
    request_id: &str,
    new: &NewMessage,
) -> Result<String, AppError> {
    crate::db::transaction(conn, |conn| {
        let loaded = load(conn, viewer, request_id)?;
        policy::write_message(&loaded.access)?;
        let body = checked_text(&new.text, "votre message")?;
        let internal = new.internal && policy::see_internal_notes(&loaded.access);
        let referral = message_target(&loaded, &new.target)?;
        store(
            conn,
            &loaded.request.id,
            &viewer.user_id,
            referral.as_deref(),
            &body,
            internal,
            ctx.now,
        )?;
        let who = actor(viewer, &loaded.access);
        let summary = if internal {
            "Note interne ajoutée".to_string()
        } else {
            format!("Message de {}", who.label)
        };
        append(
            conn,
            &loaded.request.id,
            &who,
            TimelineKind::Message,
            &summary,
            referral.as_deref(),
            internal,
            ctx.now,
        )?;
        if !internal {
            notify::after_message(
                conn,
                ctx,
                &loaded,
                &viewer.user_id,
                referral.as_deref(),
                &body,
            )?;
        }
        Ok(loaded.request.id)
    })
}

/// A person's name, and whether they are the professional (otherwise: the guichet or a partner).
#[derive(Debug, Clone)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub professional: bool,
}

impl Person {
    fn new(first_name: String, last_name: String, role: Role) -> Self {
        Self {
            first_name,
            last_name,
            professional: role == Role::Professional,
        }
    }
}

/// A message of the thread with its read receipts.
#[derive(Debug)]
pub struct ReadMessage {
    pub message: Message,
    pub author: Person,
    /// Who else read it, and when (first reading), oldest first.
    pub read_by: Vec<(Person, NaiveDateTime)>,
}

/// The messages of a request one viewer may see (need to know), oldest first. Loading it
/// writes nothing.
pub struct Thread {
    messages: Vec<(Message, Person)>,
}

impl Thread {
    pub fn load(
        conn: &mut DbConnection,
        loaded: &Loaded,
        audience: &Audience,
    ) -> Result<Self, AppError> {
        let messages = db::timeline::messages(conn, &loaded.request.id, true)?
            .into_iter()
            .filter(|(m, ..)| {
                audience.sees_message(m.referral_id.as_deref(), m.internal, &m.author_id)
            })
            .map(|(m, first, last, role)| (m, Person::new(first, last, role)))
            .collect();
        Ok(Self { messages })
    }

    /// Marks the thread read by `reader` (the messages others wrote; the first reading
    /// counts). `true` when something was unread: the inboxes' unread markers change.
    pub fn mark_read(
        &self,
        conn: &mut DbConnection,
        reader: &str,
        now: NaiveDateTime,
    ) -> Result<bool, AppError> {
        let unread: Vec<String> = self
            .messages
            .iter()
            .filter(|(m, _)| m.author_id != reader)
            .map(|(m, _)| m.id.clone())
            .collect();
        Ok(db::timeline::mark_read(conn, &unread, reader, now)? > 0)
    }

    /// The messages with who read them (their author, by name, left out).
    pub fn with_receipts(self, conn: &mut DbConnection) -> Result<Vec<ReadMessage>, AppError> {
        let ids: Vec<String> = self.messages.iter().map(|(m, _)| m.id.clone()).collect();
        let reads = db::timeline::reads(conn, &ids)?;
        Ok(self
            .messages
            .into_iter()
            .map(|(message, author)| ReadMessage {
                read_by: reads
                    .iter()
                    .filter(|(mid, ..)| *mid == message.id)
                    .filter(|(_, f, l, ..)| !(*f == author.first_name && *l == author.last_name))
                    .map(|(_, f, l, r, at)| (Person::new(f.clone(), l.clone(), *r), *at))
                    .collect(),
                message,
                author,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_trimmed_and_holds_five_thousand_characters_at_most() {
        assert_eq!(
            checked_text("  Bonjour  ", "votre message").ok().as_deref(),
            Some("Bonjour")
        );
        assert!(checked_text(&"é".repeat(MAX_CHARS), "votre message").is_ok());
        for refused in ["", "   \n ", &"é".repeat(MAX_CHARS + 1)] {
            match checked_text(refused, "votre message") {
                Err(AppError::Validation(errors)) => {
                    assert_eq!(errors[0].field, "text");
                    assert!(errors[0].message.contains("votre message"));
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
