//! Office documents are ZIP packages; they are read from their central directory:
//! - **ODT**: the first local entry is `mimetype`, stored uncompressed, containing exactly
//!   `application/vnd.oasis.opendocument.text` (OpenDocument packaging, §3.3), and there is a
//!   `content.xml`; macros (`Basic/`, `Scripts/`) are refused;
//! - **DOCX**: the central directory lists `[Content_Types].xml` and `word/document.xml`;
//!   macros and controls (`vbaProject.bin`, `vbaData.xml`, `word/activeX/`) are refused.
//!
//! The archive must be complete: the end-of-central-directory record and every central directory
//! header present and in bounds, each pointing at a local header (ZIP64 is not supported: not
//! needed under 10 Mo).

use super::{AttachmentError, FileType};

pub(super) const ODT_MIME: &[u8] = b"application/vnd.oasis.opendocument.text";

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
        let local = u32_at(bytes, at + 42)?;
        if local >= start || bytes.get(local..local + 4)? != b"PK\x03\x04" {
            return None;
        }
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

/// The type of an Office package, or why it is refused.
pub fn check(bytes: &[u8]) -> Result<FileType, AttachmentError> {
    let names = central_directory(bytes).ok_or(AttachmentError::UnsupportedType)?;
    let has = |wanted: &[u8]| names.contains(&wanted);
    let any = |test: &dyn Fn(&[u8]) -> bool| names.iter().any(|n| test(n));
    if first_entry_is_odt_mimetype(bytes) {
        if any(&|n| n.starts_with(b"Basic/") || n.starts_with(b"Scripts/")) {
            return Err(AttachmentError::ActiveContent);
        }
        return if has(b"content.xml") {
            Ok(FileType::Odt)
        } else {
            Err(AttachmentError::Unreadable(FileType::Odt))
        };
    }
    if has(b"[Content_Types].xml") && any(&|n| n.starts_with(b"word/")) {
        let active = |n: &[u8]| {
            n.ends_with(b"vbaProject.bin")
                || n.ends_with(b"vbaData.xml")
                || n.starts_with(b"word/activeX/")
        };
        if any(&active) {
            return Err(AttachmentError::ActiveContent);
        }
        return if has(b"word/document.xml") {
            Ok(FileType::Docx)
        } else {
            Err(AttachmentError::Unreadable(FileType::Docx))
        };
    }
    Err(AttachmentError::UnsupportedType)
}
