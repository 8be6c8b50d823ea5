//! Where e-mails go: SMTP (production), `.eml` files (development), or memory (tests).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{MailSettings, MailTransportKind};
use crate::db::outbox::OutboxMessage;

/// A message the stub transport received.
#[derive(Debug, Clone)]
pub struct SentMessage {
    pub id: String,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    /// (file name, content type, content) of the attachment, if any.
    pub attachment: Option<(String, String, String)>,
}

/// Messages "sent" in tests, readable by the tests.
#[derive(Debug, Clone, Default)]
pub struct StubMailbox(Arc<Mutex<Vec<SentMessage>>>);

impl StubMailbox {
    pub fn messages(&self) -> Vec<SentMessage> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }

    fn push(&self, message: SentMessage) {
        if let Ok(mut m) = self.0.lock() {
            m.push(message);
        }
    }
}

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
    Stub(StubMailbox),
}

impl Transport {
    pub fn from_settings(settings: &MailSettings, stub: StubMailbox) -> anyhow::Result<Self> {
        Ok(match settings.transport {
            MailTransportKind::Stub => Self::Stub(stub),
            MailTransportKind::File => {
                std::fs::create_dir_all(&settings.dir).map_err(|e| {
                    anyhow::anyhow!("dossier des courriels {} : {e}", settings.dir.display())
                })?;
                Self::File(AsyncFileTransport::new(&settings.dir))
            }
            MailTransportKind::Smtp => {
                let builder = if settings.smtp_tls {
                    AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.smtp_host)?
                } else {
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.smtp_host)
                };
                let mut builder = builder
                    .port(settings.smtp_port)
                    .timeout(Some(Duration::from_secs(20)));
                if !settings.smtp_username.is_empty() {
                    builder = builder.credentials(Credentials::new(
                        settings.smtp_username.clone(),
                        settings.smtp_password.clone(),
                    ));
                }
                Self::Smtp(builder.build())
            }
        })
    }

    /// Sends one outbox message; the error text is kept on the message for the admins.
    pub async fn send(&self, from: &Mailbox, message: &OutboxMessage) -> Result<(), String> {
        if let Self::Stub(stub) = self {
            stub.push(SentMessage {
                id: message.id.clone(),
                to: message.to_address.clone(),
                subject: message.subject.clone(),
                body_text: message.body_text.clone(),
                attachment: message
                    .attachment_name
                    .clone()
                    .zip(message.attachment_content_type.clone())
                    .zip(message.attachment_body.clone())
                    .map(|((name, kind), body)| (name, kind, body)),
            });
            return Ok(());
        }
        let to: Mailbox = message
            .to_address
            .parse()
            .map_err(|e| format!("destinataire invalide : {e}"))?;
        let alternative = MultiPart::alternative()
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(message.body_text.clone()),
            )
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(message.body_html.clone()),
            );
        let body = match (
            &message.attachment_name,
            &message.attachment_content_type,
            &message.attachment_body,
        ) {
            (Some(name), Some(kind), Some(content)) => {
                let kind = ContentType::parse(kind)
                    .map_err(|e| format!("type de pièce jointe invalide : {e}"))?;
                MultiPart::mixed()
                    .multipart(alternative)
                    .singlepart(Attachment::new(name.clone()).body(content.clone(), kind))
            }
            _ => alternative,
        };
        let email = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&message.subject)
            .message_id(Some(format!("<{}@guichet>", message.id)))
            .multipart(body)
            .map_err(|e| format!("message invalide : {e}"))?;
        match self {
            Self::Smtp(t) => t
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| format!("SMTP : {e}")),
            Self::File(t) => t
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| format!("fichier : {e}")),
            Self::Stub(_) => Ok(()),
        }
    }
}
