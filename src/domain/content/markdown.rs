//! Safe Markdown rendering: raw HTML is never passed through (it is shown as text), links may
//! only be local paths, `https://` or `mailto:`, and headings start at level 2 (the page title
//! is the only `h1`).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

/// The HTML of a page, its plain text (for the search) and its local links (to check them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub text: String,
    pub internal_links: Vec<InternalLink>,
}

/// A local link of the text and the line it is on (1 = the first line of the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub path: String,
    pub line: usize,
}

/// Why a text was refused, and on which line of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ligne {line} : {message}")]
pub struct MarkdownError {
    pub line: usize,
    pub message: String,
}

/// The line (from 1) of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

fn allowed_link(dest: &str) -> bool {
    (dest.starts_with('/') && !dest.starts_with("//"))
        || dest.starts_with("https://")
        || dest.starts_with("mailto:")
        || dest.starts_with('#')
}

/// Renders `markdown`; an unsafe link or an `h1` is an error naming it and its line.
pub fn render(markdown: &str) -> Result<Rendered, MarkdownError> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut text = String::new();
    let mut internal_links = Vec::new();
    let mut events = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let line = || line_of(markdown, range.start);
        let refuse = |message: String| MarkdownError {
            line: line(),
            message,
        };
        let event = match event {
            // No HTML passthrough: raw HTML becomes visible, escaped text.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                return Err(refuse(
                    "titre de niveau 1 (#) interdit dans le texte : commencez à ##".into(),
                ))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if !allowed_link(&dest_url) {
                    return Err(refuse(format!(
                        "lien refusé « {dest_url} » : chemin local, https:// ou mailto: attendu"
                    )));
                }
                if dest_url.starts_with('/') {
                    internal_links.push(InternalLink {
                        path: dest_url.to_string(),
                        line: line(),
                    });
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                return Err(refuse(format!(
                    "image refusée « {dest_url} » : pas d'image dans le texte"
                )))
            }
            other => other,
        };
        if let Event::Text(t) | Event::Code(t) = &event {
            text.push_str(t);
            text.push(' ');
        }
        if matches!(event, Event::SoftBreak | Event::HardBreak) {
            text.push(' ');
        }
        events.push(event);
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok(Rendered {
        html,
        text,
        internal_links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let r = render(
            "Bonjour <script>alert(1)</script> et <b>gras</b>\n\n<div onclick=x>bloc</div>\n",
        )
        .unwrap();
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(!r.html.contains("<b>"), "{}", r.html);
        assert!(!r.html.contains("<div"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    }

    #[test]
    fn links_are_restricted_and_collected() {
        let r = render("[aide](/aides/CESP) et [texte](https://www.legifrance.gouv.fr/)").unwrap();
        assert_eq!(
            r.internal_links,
            vec![InternalLink {
                path: "/aides/CESP".into(),
                line: 1
            }]
        );
        assert!(r.html.contains("href=\"https://www.legifrance.gouv.fr/\""));
        assert!(render("[x](javascript:alert(1))").is_err());
        assert!(render("[x](http://exemple.test)").is_err());
        assert!(render("[x](//evil.test)").is_err());
        assert!(render("![x](/a.png)").is_err());
    }

    #[test]
    fn errors_and_links_name_their_line() {
        let r = render("## Titre\n\nTexte\n\n[aide](/aides/CESP)\n").unwrap();
        assert_eq!(r.internal_links[0].line, 5);
        let e = render("## Titre\n\nUn [lien](http://exemple.test)\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().starts_with("ligne 3 : lien refusé"), "{e}");
        assert_eq!(render("Texte\n\n# Titre").unwrap_err().line, 3);
    }

    #[test]
    fn headings_start_at_level_two() {
        assert!(render("# Titre").is_err());
        let r = render("## Étapes\n\n- une\n- deux\n").unwrap();
        assert!(r.html.contains("<h2>Étapes</h2>"));
        assert!(r.text.contains("Étapes"));
    }
}
