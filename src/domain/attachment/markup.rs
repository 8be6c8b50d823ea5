//! HTML, SVG or script at the start of a file: a browser that sniffs content would run it.
//! Checked in the first KiB, and further as long as the file reads as text.

/// Markers of markup a browser would interpret, lower case.
const MARKERS: [&[u8]; 11] = [
    b"<script",
    b"<html",
    b"<svg",
    b"<!doctype",
    b"<iframe",
    b"<body",
    b"<head",
    b"<object",
    b"<embed",
    b"<?xml-stylesheet",
    b"javascript:",
];

/// The prefix always checked.
const HEAD: usize = 1024;
/// The longest text-like prefix checked.
const MAX_TEXT_PREFIX: usize = 64 * 1024;

fn is_text(b: u8) -> bool {
    b.is_ascii_graphic() || b.is_ascii_whitespace()
}

/// Whether the start of `bytes` holds HTML, SVG or script markup.
pub fn has_markup(bytes: &[u8]) -> bool {
    let text_run = bytes
        .iter()
        .take(MAX_TEXT_PREFIX)
        .take_while(|&&b| is_text(b))
        .count();
    let prefix = &bytes[..bytes.len().min(HEAD.max(text_run))];
    let lower = prefix.to_ascii_lowercase();
    MARKERS
        .iter()
        .any(|m| lower.windows(m.len()).any(|w| w == *m))
}
