//! Attachments of a request: file type by content (never by name), display names, size limits.
//!
//! [`check_content`] recognizes a type from the first bytes, then checks the whole structure:
//! - **PDF** ([`pdf`]): header, cross-reference section and trailer, `%%EOF`; no JavaScript or
//!   launch action;
//! - **PNG** and **JPEG** ([`picture`]): the image decodes in full, within size limits;
//! - **ODT** and **DOCX** ([`package`]): a complete ZIP package of the right kind, no macros;
//!
//! and refuses any of them holding HTML, SVG or script at its start ([`markup`]: a browser that
//! sniffs content would run it). A document is stored and served under a name whose extension
//! is its type's ([`name_for_type`]).

mod markup;
mod name;
mod package;
mod pdf;
mod picture;
pub mod scan;

pub use name::name_for_type;

use std::fmt;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// Largest accepted file: 10 Mo.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Largest total per request: 50 Mo.
pub const MAX_REQUEST_BYTES: u64 = 50 * 1024 * 1024;
/// Longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 120;

const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// An accepted file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    Odt,
    Docx,
}

impl FileType {
    /// Every accepted type.
    pub const ALL: [FileType; 5] = [Self::Pdf, Self::Png, Self::Jpeg, Self::Odt, Self::Docx];

    /// MIME type (for the `Content-Type` of downloads), canonical extension without dot (also
    /// the storage slug) and French label.
    fn info(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Pdf => ("application/pdf", "pdf", "document PDF"),
            Self::Png => ("image/png", "png", "image PNG"),
            Self::Jpeg => ("image/jpeg", "jpg", "image JPEG"),
            Self::Odt => (
                "application/vnd.oasis.opendocument.text",
                "odt",
                "document ODT",
            ),
            Self::Docx => (DOCX_MIME, "docx", "document DOCX"),
        }
    }

    /// MIME type for the `Content-Type` of downloads.
    pub fn mime(self) -> &'static str {
        self.info().0
    }

    /// Canonical extension (without dot), also the storage slug.
    pub fn extension(self) -> &'static str {
        self.info().1
    }

    /// French label ("document PDF", "image PNG"…).
    pub fn label(self) -> &'static str {
        self.info().2
    }

    /// The type with this canonical extension.
    pub fn from_extension(ext: &str) -> Option<FileType> {
        Self::ALL.into_iter().find(|t| t.extension() == ext)
    }
}

impl fmt::Display for FileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Why a file is refused (French `Display`, shown beside the upload field).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    #[error(
        "Ce type de fichier n'est pas accepté : envoyez un PDF, une image PNG ou JPEG, ou un \
         document ODT ou DOCX."
    )]
    UnsupportedType,
    #[error("Le fichier est endommagé ou incomplet ({} illisible) : enregistrez-le à nouveau, puis recommencez.", .0.label())]
    Unreadable(FileType),
    #[error(
        "Ce fichier contient du contenu actif (page web, script ou macro) : il n'est pas \
         accepté. Enregistrez-le sans ce contenu, par exemple en PDF."
    )]
    ActiveContent,
    #[error("Le fichier est vide.")]
    Empty,
    #[error("Le fichier dépasse 10 Mo.")]
    TooLarge,
    #[error("Les pièces jointes d'une demande ne peuvent pas dépasser 50 Mo au total.")]
    RequestTotalExceeded,
    #[error("Indiquez le nom du fichier.")]
    EmptyName,
    #[error("Le nom du fichier ne doit pas contenir de chemin.")]
    PathInName,
    #[error("Le nom du fichier contient des caractères non autorisés.")]
    ForbiddenCharacter,
}

/// The type of a file from its content only, once its whole structure is checked.
pub fn check_content(bytes: &[u8]) -> Result<FileType, AttachmentError> {
    let claimed = if bytes.starts_with(b"%PDF-") {
        FileType::Pdf
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        FileType::Png
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        FileType::Jpeg
    } else if bytes.starts_with(b"PK\x03\x04") {
        package::check(bytes)?
    } else {
        return Err(AttachmentError::UnsupportedType);
    };
    if markup::has_markup(bytes) {
        return Err(AttachmentError::ActiveContent);
    }
    let sound = match claimed {
        FileType::Pdf => pdf::check(bytes)?,
        FileType::Png => picture::decodes(bytes, image::ImageFormat::Png),
        FileType::Jpeg => picture::decodes(bytes, image::ImageFormat::Jpeg),
        FileType::Odt | FileType::Docx => true,
    };
    if sound {
        Ok(claimed)
    } else {
        Err(AttachmentError::Unreadable(claimed))
    }
}

/// The type of a file, from its content only (`None`: refused, whatever the reason).
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    check_content(bytes).ok()
}

/// Marks and overrides that change the display order of text (U+200E/F, U+202A–E, U+2066–9).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The display name of an uploaded file: Unicode NFC, trimmed, at most [`MAX_NAME_CHARS`]
/// characters (the end, with the extension, is kept), `<>:"|?*` replaced by `_`. Refuses empty
/// names, path separators (`/`, `\`), the names `.` and `..` (with separators refused, `..`
/// cannot be a path component elsewhere), control characters and bidirectional overrides
/// (used to disguise an extension).
pub fn sanitize_filename(raw: &str) -> Result<String, AttachmentError> {
    let name: String = raw.nfc().collect();
    let name = name.trim();
    if name.is_empty() {
        return Err(AttachmentError::EmptyName);
    }
    if name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(AttachmentError::PathInName);
    }
    if name.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(AttachmentError::ForbiddenCharacter);
    }
    let cleaned: Vec<char> = name
        .chars()
        .map(|c| if "<>:\"|?*".contains(c) { '_' } else { c })
        .collect();
    if cleaned.len() <= MAX_NAME_CHARS {
        return Ok(cleaned.into_iter().collect());
    }
    // Keep the extension (up to 10 characters) and the beginning, joined by an ellipsis.
    let ext_len = cleaned
        .iter()
        .rev()
        .position(|&c| c == '.')
        .filter(|&p| p <= 10)
        .map_or(0, |p| p + 1);
    let head = MAX_NAME_CHARS - 1 - ext_len;
    let mut short: String = cleaned[..head]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string();
    short.push('…');
    short.extend(&cleaned[cleaned.len() - ext_len..]);
    Ok(short)
}

/// Checks a file of `size` bytes against the per-file limit and, with `current_total` bytes
/// already attached to the request, the per-request limit.
pub fn check_limits(size: u64, current_total: u64) -> Result<(), AttachmentError> {
    if size == 0 {
        Err(AttachmentError::Empty)
    } else if size > MAX_FILE_BYTES {
        Err(AttachmentError::TooLarge)
    } else if current_total.saturating_add(size) > MAX_REQUEST_BYTES {
        Err(AttachmentError::RequestTotalExceeded)
    } else {
        Ok(())
    }
}

/// An upload that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedFile {
    pub file_type: FileType,
    pub display_name: String,
    pub size: u64,
}

/// All the checks of an upload at once: limits, name, then content; the display name gets the
/// extension of the type found.
pub fn check_upload(
    bytes: &[u8],
    name: &str,
    current_total: u64,
) -> Result<CheckedFile, AttachmentError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    check_limits(size, current_total)?;
    let display_name = sanitize_filename(name)?;
    let file_type = check_content(bytes)?;
    Ok(CheckedFile {
        file_type,
        display_name: name_for_type(&display_name, file_type),
        size,
    })
}

#[cfg(test)]
mod content_tests;
#[cfg(test)]
mod tests;
