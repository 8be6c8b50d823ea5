//! Référent intake (issue 15): a référent records a request a professional made by telephone,
//! e-mail, at a permanence or by letter. The request is filed for the professional's account —
//! or for a new account without a password, whose owner is invited by e-mail to take it over —
//! and lives its life whether or not they ever sign in. A document the kind needs (the health
//! project of a coordinated-practice project) comes with it, checked and scanned beforehand.

use chrono::NaiveDateTime;

use super::submit::{self, Submission};
use super::{append, Actor, Context};
use crate::accounts::invite::InvitationEmail;
use crate::auth::links::{issue_link, LinkPurpose};
use crate::db::timeline::Attachment;
use crate::db::users::{NewUser, User};
use crate::db::{self, DbConnection};
use crate::domain::account::Role;
use crate::domain::attachment::scan::ScanState;
use crate::domain::attachment::FileType;
use crate::domain::field_error::FieldError;
use crate::domain::request::intake::{CONTACT_EMAIL, CONTACT_PROFESSION};
use crate::domain::request::{Channel, Contact, Draft, RequestKind, TimelineKind, COMMUNE};
use crate::error::AppError;

/// What the référent recorded.
pub struct Intake<'a> {
    pub channel: Channel,
    pub contact: &'a Contact,
    pub kind: RequestKind,
    pub draft: &'a Draft,
    /// The départements the référent follows: the request's commune must be in one of them.
    pub departements: &'a [String],
    /// The document received with the request, already stored (see [`IntakeDocument`]).
    pub document: Option<&'a IntakeDocument>,
}

/// A document received with the request: checked by its content, scanned, and written to the
/// uploads folder under `storage_name` (removed by the caller if the recording fails).
pub struct IntakeDocument {
    pub storage_name: String,
    pub display_name: String,
    pub file_type: FileType,
    pub size_bytes: i64,
    pub sha256: String,
    pub scan_state: ScanState,
}

/// The request filed, and whether its professional was invited to a new account.
pub struct Recorded {
    pub request_id: String,
    pub invited: bool,
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, message)])
}

/// Files the request for the contact's account (created and invited when there is none), in
/// the caller's transaction; mistakes are `AppError::Validation` (the transaction rolls back).
pub fn record(
    conn: &mut DbConnection,
    ctx: &Context,
    referent: &Actor,
    intake: &Intake,
    submission: Submission,
) -> Result<Recorded, AppError> {
    let now = ctx.now;
    let contact = intake.contact;
    let professional = match db::users::find_by_email(conn, contact.email.as_str())? {
        Some(user) if user.role == Role::Professional && user.disabled_at.is_none() => user,
        Some(_) => {
            return Err(invalid(
                CONTACT_EMAIL,
                "Cette adresse n'est pas celle d'un compte de professionnel actif : \
                 indiquez l'adresse personnelle du professionnel.",
            ))
        }
        None => create_account(conn, contact, now)?,
    };
    // A new account, or one whose owner never chose a password: (again) an invitation.
    let invited = professional.password_hash.is_none();
    if professional.profession.is_none() {
        return Err(invalid(
            CONTACT_PROFESSION,
            "Indiquez la profession : elle désigne les institutions compétentes.",
        ));
    }
    let id = submit::create_draft(conn, &professional.id, intake.kind, intake.draft, None, now)?;
    db::intake::set_intake(
        conn,
        &id,
        intake.channel,
        &referent.user_id,
        contact.phone.as_deref(),
        now,
    )?;
    db::inbox::set_referent(conn, &id, &referent.user_id, now)?;
    let request = db::requests::find(conn, &id)?.ok_or(AppError::NotFound)?;
    let outside = request
        .departement_code
        .as_deref()
        .is_some_and(|d| !intake.departements.iter().any(|f| f == d));
    if outside {
        return Err(invalid(
            COMMUNE,
            "Cette commune n'est pas dans un département que vous suivez : la demande \
             revient au guichet de son département.",
        ));
    }
    if let Some(document) = intake.document {
        attach(conn, ctx, referent, &id, document)?;
    }
    let submission = Submission {
        recorded: Some(intake.channel),
        ..submission
    };
    submit::submit(conn, ctx, &request, referent, &submission)?.map_err(AppError::Validation)?;
    if invited {
        invite(conn, ctx, referent, &professional, &request.number, &id)?;
    }
    db::audit::record(
        conn,
        "demande-enregistree",
        Some(&referent.user_id),
        Some(&professional.id),
        None,
        &format!(
            "demande {} enregistrée par le guichet ({}) pour {}",
            request.number,
            intake.channel.label(),
            contact.email.masked()
        ),
        now,
    )?;
    Ok(Recorded {
        request_id: id,
        invited,
    })
}

/// Joins the received document to the request, as uploaded by the référent; in the timeline.
fn attach(
    conn: &mut DbConnection,
    ctx: &Context,
    referent: &Actor,
    request_id: &str,
    document: &IntakeDocument,
) -> Result<(), AppError> {
    db::timeline::insert_attachment(
        conn,
        &Attachment {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: request_id.to_string(),
            uploader_id: referent.user_id.clone(),
            display_name: document.display_name.clone(),
            file_type: document.file_type.extension().to_string(),
            size_bytes: document.size_bytes,
            sha256: document.sha256.clone(),
            storage_name: document.storage_name.clone(),
            created_at: ctx.now,
            scan_state: document.scan_state,
        },
    )?;
    let summary = format!(
        "Document ajouté : {} ({})",
        document.display_name,
        document.file_type.label()
    );
    append(
        conn,
        request_id,
        referent,
        TimelineKind::Document,
        &summary,
        None,
        false,
        ctx.now,
    )
}

/// A professional account without a password (its owner chooses one from the invitation).
fn create_account(
    conn: &mut DbConnection,
    contact: &Contact,
    now: NaiveDateTime,
) -> Result<User, AppError> {
    let user = NewUser {
        id: uuid::Uuid::now_v7().to_string(),
        email: contact.email.as_str().to_string(),
        password_hash: None,
        first_name: contact.first_name.clone(),
        last_name: contact.last_name.clone(),
        role: Role::Professional,
        profession: contact.profession,
        situation: contact.situation,
        professional_number: None,
        institution_id: None,
        region_code: None,
        email_verified_at: None,
        disabled_at: None,
        created_at: now,
        updated_at: now,
    };
    db::users::insert(conn, &user, &[])?;
    db::users::find(conn, &user.id)?.ok_or(AppError::NotFound)
}

/// The invitation to the new account; after the password, the link leads to the request.
fn invite(
    conn: &mut DbConnection,
    ctx: &Context,
    referent: &Actor,
    professional: &User,
    number: &str,
    request_id: &str,
) -> Result<(), AppError> {
    let secret = issue_link(
        conn,
        &professional.id,
        LinkPurpose::Invitation,
        None,
        ctx.now,
    )?;
    let base = ctx.base_url;
    InvitationEmail {
        first_name: &professional.first_name,
        role_label: Role::Professional.label(),
        inviter: &referent.label,
        link: &format!("{base}/invitation?jeton={secret}&suite=/demandes/{request_id}"),
        validity: "7 jours",
        request_number: Some(number),
    }
    .enqueue(conn, ctx.templates, base, &professional.email, ctx.now)
}
