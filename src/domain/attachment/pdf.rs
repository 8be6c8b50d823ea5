//! Whether bytes parse as a PDF (ISO 32000), structurally: the header; `startxref` in the last
//! 1 024 bytes pointing inside the file at either a cross-reference table (`xref`) whose in-use
//! entries each point at the header of the object they name (`N G obj`), followed by a
//! `trailer` dictionary, or at a cross-reference stream object (`N G obj` … `/XRef`); then
//! `%%EOF`. Only the last section is checked (earlier incremental updates are not needed to
//! open the file). Active content (`/JavaScript`, `/JS`, `/Launch`) is refused.

use super::AttachmentError;

/// Most cross-reference entries checked (a 10 Mo file has far fewer objects).
const MAX_ENTRIES: usize = 1_000_000;

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    is_space(b) || b"()<>[]{}/%".contains(&b)
}

/// A cursor over the bytes, reading PDF tokens.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8], at: usize) -> Self {
        Self { bytes, at }
    }

    fn skip_space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|&b| is_space(b)) {
            self.at += 1;
        }
    }

    /// The next run of regular characters.
    fn word(&mut self) -> Option<&'a [u8]> {
        self.skip_space();
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(|&b| !is_delimiter(b)) {
            self.at += 1;
        }
        (self.at > start).then(|| &self.bytes[start..self.at])
    }

    fn number(&mut self) -> Option<usize> {
        let word = self.word()?;
        if word.is_empty() || word.len() > 10 || !word.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(word).ok()?.parse().ok()
    }

    fn keyword(&mut self, expected: &[u8]) -> bool {
        self.word() == Some(expected)
    }
}

/// The object number at `offset` when an object header (`N G obj`) starts there.
fn object_at(bytes: &[u8], offset: usize) -> Option<usize> {
    let mut cursor = Cursor::new(bytes, offset);
    let number = cursor.number()?;
    cursor.number()?;
    cursor.keyword(b"obj").then_some(number)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The classic cross-reference table at `cursor` (just after `xref`): every in-use entry points
/// at its object; then `trailer <<`.
fn table_is_sound(bytes: &[u8], mut cursor: Cursor<'_>) -> bool {
    let mut checked = 0usize;
    loop {
        let before = cursor.at;
        if cursor.keyword(b"trailer") {
            cursor.skip_space();
            return checked > 0 && bytes.get(cursor.at..cursor.at + 2) == Some(b"<<");
        }
        cursor.at = before;
        let (Some(first), Some(count)) = (cursor.number(), cursor.number()) else {
            return false;
        };
        for n in 0..count {
            let (Some(offset), Some(_generation), Some(kind)) =
                (cursor.number(), cursor.number(), cursor.word())
            else {
                return false;
            };
            checked += 1;
            if checked > MAX_ENTRIES {
                return false;
            }
            match kind {
                b"f" => {}
                b"n" => {
                    if offset >= bytes.len() || object_at(bytes, offset) != first.checked_add(n) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }
}

/// Whether `bytes` have the structure of a PDF; refused when it holds active content.
pub fn check(bytes: &[u8]) -> Result<bool, AttachmentError> {
    if !structure_is_sound(bytes) {
        Ok(false)
    } else if has_active_content(bytes) {
        Err(AttachmentError::ActiveContent)
    } else {
        Ok(true)
    }
}

fn structure_is_sound(bytes: &[u8]) -> bool {
    let version = bytes.get(5..8).unwrap_or_default();
    let header = bytes.starts_with(b"%PDF-")
        && version.first().is_some_and(u8::is_ascii_digit)
        && version.get(1) == Some(&b'.')
        && version.get(2).is_some_and(u8::is_ascii_digit);
    if !header {
        return false;
    }
    let tail_start = bytes.len().saturating_sub(1024);
    let tail = &bytes[tail_start..];
    let (Some(eof), Some(startxref)) = (rfind(tail, b"%%EOF"), rfind(tail, b"startxref")) else {
        return false;
    };
    if startxref > eof {
        return false;
    }
    let mut cursor = Cursor::new(bytes, tail_start + startxref + b"startxref".len());
    let Some(offset) = cursor.number().filter(|&o| o > 0 && o < bytes.len()) else {
        return false;
    };
    let mut at_xref = Cursor::new(bytes, offset);
    if at_xref.keyword(b"xref") {
        table_is_sound(bytes, at_xref)
    } else {
        // A cross-reference stream: an object whose dictionary says `/Type /XRef`.
        object_at(bytes, offset).is_some() && {
            let end = bytes.len().min(offset.saturating_add(1024));
            find(&bytes[offset..end], b"/XRef").is_some()
        }
    }
}

/// JavaScript or launch actions, anywhere in the file (names written plainly; a name written
/// with `#xx` escapes is refused too when it spells one of them).
fn has_active_content(bytes: &[u8]) -> bool {
    const ACTIVE: [&[u8]; 3] = [b"/JavaScript", b"/JS", b"/Launch"];
    let mut at = 0;
    while let Some(pos) = bytes[at..].iter().position(|&b| b == b'/') {
        let start = at + pos;
        let mut end = start + 1;
        while bytes.get(end).is_some_and(|&b| !is_delimiter(b)) {
            end += 1;
        }
        let name = decode_name(&bytes[start..end]);
        if ACTIVE.contains(&name.as_slice()) {
            return true;
        }
        at = end.max(start + 1);
    }
    false
}

/// A PDF name with its `#xx` escapes decoded.
fn decode_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'#', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}
