//! Attachments of a request: file type by content (never by name), display names, size limits.
//!
//! [`sniff`] recognizes, from the bytes only:
//! - **PDF**: starts with `%PDF-` and has `%%EOF` in its last 1 024 bytes (a truncated upload
//!   has none);
//! - **PNG**: the 8-byte signature followed by the `IHDR` chunk header;
//! - **JPEG**: `FF D8 FF` followed by a marker byte;
//! - **ODT**: a ZIP whose first local entry is `mimetype`, stored uncompressed, containing exactly
//!   `application/vnd.oasis.opendocument.text` (OpenDocument packaging, §3.3);
//! - **DOCX**: a ZIP whose central directory lists `[Content_Types].xml` and entries under
//!   `word/`, and no `word/vbaProject.bin` (macro-enabled documents are refused).
//!
//! ZIP files must be complete: the end-of-central-directory record and every central directory
//! header must be present and in bounds (ZIP64 is not supported: not needed under 10 Mo).

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

/// The type of a file, from its content only.
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        return tail
            .windows(5)
            .any(|w| w == b"%%EOF")
            .then_some(FileType::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let ihdr = bytes.get(8..16).is_some_and(|h| h == b"\0\0\0\x0dIHDR");
        return ihdr.then_some(FileType::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return (bytes.len() > 3).then_some(FileType::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return sniff_zip(bytes);
    }
    None
}

const ODT_MIME: &[u8] = b"application/vnd.oasis.opendocument.text";

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

/// Entry names of the central directory, or `None` if the archive is truncated or malformed.
fn central_directory(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let min = bytes.len().checked_sub(22)?;
    let lowest = min.saturating_sub(0xFFFF);
    // The record is 22 bytes plus a comment whose length it gives.
    let eocd = (lowest..=min).rev().find(|&at| {
        let comment_len = bytes.len() - at - 22;
        bytes.get(at..at + 4) == Some(EOCD) && u16_at(bytes, at + 20) == Some(comment_len)
    })?;
    let count = u16_at(bytes, eocd + 10)?;
    let size = u32_at(bytes, eocd + 12)?;
    let start = u32_at(bytes, eocd + 16)?;
    let end = start.checked_add(size).filter(|&e| e <= eocd)?;
    let mut names = Vec::with_capacity(count);
    let mut at = start;
    for _ in 0..count {
        if bytes.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let name_len = u16_at(bytes, at + 28)?;
        let extra_len = u16_at(bytes, at + 30)?;
        let comment_len = u16_at(bytes, at + 32)?;
        let name_end = at.checked_add(46 + name_len).filter(|&e| e <= end)?;
        names.push(bytes.get(at + 46..name_end)?);
        at = name_end + extra_len + comment_len;
        if at > end {
            return None;
        }
    }
    Some(names)
}

/// Whether the first local entry is an uncompressed `mimetype` holding the ODT MIME type.
fn first_entry_is_odt_mimetype(bytes: &[u8]) -> bool {
    let parsed = || -> Option<bool> {
        let method = u16_at(bytes, 8)?;
        let size = u32_at(bytes, 18)?;
        let name_len = u16_at(bytes, 26)?;
        let extra_len = u16_at(bytes, 28)?;
        let name = bytes.get(30..30 + name_len)?;
        let data_start = 30 + name_len + extra_len;
        let data = bytes.get(data_start..data_start.checked_add(size)?)?;
        Some(method == 0 && name == b"mimetype" && data == ODT_MIME)
    };
    parsed().unwrap_or(false)
}

fn sniff_zip(bytes: &[u8]) -> Option<FileType> {
    let names = central_directory(bytes)?;
    if first_entry_is_odt_mimetype(bytes) {
        return Some(FileType::Odt);
    }
    let has = |wanted: &[u8]| names.contains(&wanted);
    let word = names.iter().any(|n| n.starts_with(b"word/"));
    let docx = has(b"[Content_Types].xml") && word && !has(b"word/vbaProject.bin");
    docx.then_some(FileType::Docx)
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

/// All the checks of an upload at once: limits, name, then content type.
pub fn check_upload(
    bytes: &[u8],
    name: &str,
    current_total: u64,
) -> Result<CheckedFile, AttachmentError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    check_limits(size, current_total)?;
    let display_name = sanitize_filename(name)?;
    let file_type = sniff(bytes).ok_or(AttachmentError::UnsupportedType)?;
    Ok(CheckedFile {
        file_type,
        display_name,
        size,
    })
}

#[cfg(test)]
mod tests;
