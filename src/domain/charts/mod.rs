//! Charts drawn on the server as accessible SVG strings: `role="img"` with a `<title>` and a
//! `<desc>` named by `aria-labelledby`, every value written beside its bar (colour never carries
//! information alone), text escaped. No style attribute nor script: presentation attributes and
//! the classes of `assets/static/app.css` only (the CSP forbids inline styles). Each chart is
//! shown with a table of the same numbers (see `templates/indicators/`).

mod bars;
mod map;
pub mod path;

pub use bars::{columns, horizontal_bars, stacked_share, Bar, Segment};
pub use map::{choropleth, Area, MapLegend, Outline};

/// Bleu France, the DSFR's main colour.
pub const BLUE: &str = "#000091";
/// Text colour of the DSFR (grey 50).
pub const TEXT: &str = "#161616";

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Keeps an id to `[a-z0-9-]` so it can be used in `id` and `url(#…)` without escaping.
fn safe_id(id: &str) -> String {
    let kept: String = id
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if kept.is_empty() {
        "graphique".to_string()
    } else {
        kept
    }
}

/// A label shortened to `max` characters (with an ellipsis); the table keeps the full text.
fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The opening tag, title and description of an accessible chart.
fn open(id: &str, class: &str, width: u32, height: u32, title: &str, desc: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-titre {id}-desc\" focusable=\"false\">\
         <title id=\"{id}-titre\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert(\"x\") & 'y'</script>"),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b"), "ab");
    }

    #[test]
    fn safe_ids_and_short_labels() {
        assert_eq!(safe_id("Par mois\"><x"), "parmoisx");
        assert_eq!(safe_id("<>"), "graphique");
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }
}
