//! A professional's own data (RGPD art. 15, access, and art. 20, portability): everything the
//! guichet holds about them — profile, requests with what they see of them (form, timeline,
//! messages, documents, who consulted them), bookings, sessions and API tokens without their
//! secrets, projects and commitments (`follow_up`) — as `donnees.json` plus their documents,
//! in one ZIP archive.

mod follow_up;

use std::io::Write;
use std::path::Path;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::{self, DbConnection};
use crate::domain::account::Role;
use crate::domain::api_token::ApiScope;
use crate::domain::attachment::{name_for_type, FileType};
use crate::domain::profession::{Profession, Situation};
use crate::domain::request::{Audience, RequestKind, RequestState};
use crate::error::AppError;
pub use follow_up::{CommitmentExport, MilestoneExport, ProjectExport};

#[derive(Serialize)]
pub struct Export {
    pub generated_at: NaiveDateTime,
    pub profile: Profile,
    /// Every change of the profile, newest first (issue 15).
    pub profile_history: Vec<ProfileChangeExport>,
    pub requests: Vec<RequestExport>,
    /// The projects grouping their requests (issue 15).
    pub projects: Vec<ProjectExport>,
    /// The commitments their grants created, with their milestones (issue 15).
    pub commitments: Vec<CommitmentExport>,
    pub bookings: Vec<BookingExport>,
    pub sessions: Vec<SessionExport>,
    pub api_tokens: Vec<TokenExport>,
}

#[derive(Serialize)]
pub struct Profile {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub profession: Option<Profession>,
    pub situation: Option<Situation>,
    pub professional_number: Option<String>,
    pub study_year: Option<i32>,
    pub installation_date: Option<chrono::NaiveDate>,
    pub installation_commune_insee: Option<String>,
    pub created_at: NaiveDateTime,
    pub email_verified_at: Option<NaiveDateTime>,
}

#[derive(Serialize)]
pub struct ProfileChangeExport {
    pub at: NaiveDateTime,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

#[derive(Serialize)]
pub struct RequestExport {
    pub number: String,
    pub kind: RequestKind,
    pub state: RequestState,
    pub aid_code: Option<String>,
    pub commune_insee: Option<String>,
    pub created_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    /// The form as filled in (JSON), and the eligibility shown when it was filed.
    pub form: serde_json::Value,
    pub eligibility: Option<serde_json::Value>,
    pub timeline: Vec<EventExport>,
    pub messages: Vec<MessageExport>,
    pub documents: Vec<DocumentExport>,
    /// Who (institution or role, never a name) consulted the request, and when.
    pub consultations: Vec<ConsultationExport>,
}

#[derive(Serialize)]
pub struct EventExport {
    pub at: NaiveDateTime,
    pub by: String,
    pub kind: crate::domain::request::TimelineKind,
    pub summary: String,
}

#[derive(Serialize)]
pub struct MessageExport {
    pub at: NaiveDateTime,
    pub author: String,
    pub mine: bool,
    pub body: String,
}

#[derive(Serialize)]
pub struct DocumentExport {
    pub name: String,
    /// Its path inside the archive.
    pub file: String,
    pub file_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_at: NaiveDateTime,
}

#[derive(Serialize)]
pub struct ConsultationExport {
    pub at: NaiveDateTime,
    pub by: String,
}

#[derive(Serialize)]
pub struct BookingExport {
    pub slot_starts_at: NaiveDateTime,
    pub booked_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
}

#[derive(Serialize)]
pub struct SessionExport {
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub user_agent: String,
}

#[derive(Serialize)]
pub struct TokenExport {
    pub name: String,
    pub scope: ApiScope,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A document to put in the archive: its path there and its stored file's name.
pub struct ArchivedFile {
    pub path: String,
    pub storage_name: String,
}

/// A JSON text as a value, or the text itself when it is not JSON.
fn json_or_text(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_string()))
}

/// A name safe in any file system and archive tool: letters, digits, `-`, `_` and one dot
/// before the extension; the extension is the one of the type found in the content.
fn safe_file_name(display_name: &str, file_type: &str) -> String {
    let typed = FileType::from_extension(file_type)
        .map(|t| name_for_type(display_name, t))
        .unwrap_or_else(|| display_name.to_string());
    let cleaned: String = typed
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let trimmed = cleaned.trim_start_matches('.');
    if trimmed.is_empty() {
        "document".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Everything about `user_id` (a professional), and the documents to archive.
pub fn collect(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<(Export, Vec<ArchivedFile>), AppError> {
    let user = db::users::find(conn, user_id)?.ok_or(AppError::NotFound)?;
    let owner = Audience::Owner;
    let mut files = Vec::new();
    let mut requests = Vec::new();
    for request in db::requests::list_of_professional(conn, user_id)? {
        let timeline = db::timeline::events(conn, &request.id, false)?
            .into_iter()
            .filter(|e| owner.sees_event(e.kind, e.referral_id.as_deref(), e.internal))
            .map(|e| EventExport {
                at: e.at,
                by: e.actor_label,
                kind: e.kind,
                summary: e.summary,
            })
            .collect();
        let messages = db::timeline::messages(conn, &request.id, false)?
            .into_iter()
            .filter(|(m, ..)| {
                owner.sees_message(m.referral_id.as_deref(), m.internal, &m.author_id)
            })
            .map(|(m, first, last, role)| MessageExport {
                at: m.created_at,
                mine: m.author_id == user_id,
                author: if role == Role::Professional {
                    format!("{first} {last}")
                } else {
                    format!("{first} {last} — guichet et partenaires")
                },
                body: m.body,
            })
            .collect();
        let mut documents = Vec::new();
        for (n, a) in db::timeline::attachments(conn, &request.id)?
            .into_iter()
            .filter(|a| owner.sees_document(&a.uploader_id, false))
            .enumerate()
        {
            let path = format!(
                "documents/{}/{:02}-{}",
                safe_file_name(&request.number, ""),
                n + 1,
                safe_file_name(&a.display_name, &a.file_type)
            );
            files.push(ArchivedFile {
                path: path.clone(),
                storage_name: a.storage_name,
            });
            documents.push(DocumentExport {
                name: a.display_name,
                file: path,
                file_type: a.file_type,
                size_bytes: a.size_bytes,
                sha256: a.sha256,
                uploaded_at: a.created_at,
            });
        }
        let consultations = db::request_views::of_request(conn, &request.id)?
            .into_iter()
            .map(|(at, by)| ConsultationExport { at, by })
            .collect();
        requests.push(RequestExport {
            form: json_or_text(&request.draft),
            eligibility: request.eligibility_snapshot.as_deref().map(json_or_text),
            number: request.number,
            kind: request.kind,
            state: request.state,
            aid_code: request.aid_code,
            commune_insee: request.commune_insee,
            created_at: request.created_at,
            submitted_at: request.submitted_at,
            closed_at: request.closed_at,
            timeline,
            messages,
            documents,
            consultations,
        });
    }
    let bookings = db::permanences::bookings_of_user(conn, user_id)?
        .into_iter()
        .map(|b| BookingExport {
            slot_starts_at: b.slot.starts_at,
            booked_at: b.booking.created_at,
            cancelled_at: b.booking.cancelled_at,
        })
        .collect();
    let sessions = db::sessions::all_of_user(conn, user_id)?
        .into_iter()
        .map(|s| SessionExport {
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.idle_expires_at.min(s.absolute_expires_at),
            revoked_at: s.revoked_at,
            user_agent: s.user_agent,
        })
        .collect();
    let api_tokens = db::sessions::api_tokens_of_user(conn, user_id, now)?
        .into_iter()
        .map(|t| TokenExport {
            name: t.name,
            scope: t.scope,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        })
        .collect();
    let current = db::profiles::current(conn, user_id)?.unwrap_or_default();
    let profile_history = db::profiles::history(conn, user_id)?
        .into_iter()
        .map(|c| ProfileChangeExport {
            at: c.at,
            field: c.field,
            old_value: c.old_value,
            new_value: c.new_value,
        })
        .collect();
    let export = Export {
        generated_at: now,
        profile_history,
        profile: Profile {
            email: user.email,
            first_name: user.first_name,
            last_name: user.last_name,
            profession: user.profession,
            situation: user.situation,
            professional_number: user.professional_number,
            study_year: current.study_year,
            installation_date: current.installation_date,
            installation_commune_insee: current.installation_commune_insee,
            created_at: user.created_at,
            email_verified_at: user.email_verified_at,
        },
        requests,
        projects: follow_up::projects(conn, user_id)?,
        commitments: follow_up::commitments(conn, user_id)?,
        bookings,
        sessions,
        api_tokens,
    };
    Ok((export, files))
}

fn zip_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("archive des données impossible : {e}"))
}

/// The ZIP archive: `donnees.json`, then each document read from `uploads`.
pub fn archive(
    export: &Export,
    files: &[ArchivedFile],
    uploads: &Path,
) -> Result<Vec<u8>, AppError> {
    let json = serde_json::to_vec_pretty(export).map_err(zip_error)?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("donnees.json", options).map_err(zip_error)?;
    zip.write_all(&json).map_err(zip_error)?;
    for file in files {
        let bytes = std::fs::read(uploads.join(&file.storage_name)).map_err(|e| {
            AppError::Internal(anyhow::anyhow!("document introuvable sur le disque : {e}"))
        })?;
        zip.start_file(file.path.as_str(), options)
            .map_err(zip_error)?;
        zip.write_all(&bytes).map_err(zip_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}
