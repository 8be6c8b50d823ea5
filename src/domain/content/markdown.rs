//! Safe Markdown rendering: raw HTML is never passed through (it is shown as text), links may
//! only be local paths, `https://` or `mailto:`, and headings start at level 2 (the page title
//! is the only `h1`).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

/// The HTML of a page, its plain text (for the search) and its local links (to check them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub text: String,
    pub internal_links: Vec<String>,
}

fn allowed_link(dest: &str) -> bool {
    (dest.starts_with('/') && !dest.starts_with("//"))
        || dest.starts_with("https://")
        || dest.starts_with("mailto:")
        || dest.starts_with('#')
}

/// Renders `markdown`; an unsafe link or an `h1` is an error naming it.
pub fn render(markdown: &str) -> Result<Rendered, String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut text = String::new();
    let mut internal_links = Vec::new();
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        let event = match event {
            // No HTML passthrough: raw HTML becomes visible, escaped text.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                return Err("titre de niveau 1 (#) interdit dans le texte : commencez à ##".into())
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if !allowed_link(&dest_url) {
                    return Err(format!(
                        "lien refusé « {dest_url} » : chemin local, https:// ou mailto: attendu"
                    ));
                }
                if dest_url.starts_with('/') {
                    internal_links.push(dest_url.to_string());
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                return Err(format!(
                    "image refusée « {dest_url} » : pas d'image dans le texte"
                ))
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
        assert_eq!(r.internal_links, vec!["/aides/CESP"]);
        assert!(r.html.contains("href=\"https://www.legifrance.gouv.fr/\""));
        assert!(render("[x](javascript:alert(1))").is_err());
        assert!(render("[x](http://exemple.test)").is_err());
        assert!(render("[x](//evil.test)").is_err());
        assert!(render("![x](/a.png)").is_err());
    }

    #[test]
    fn headings_start_at_level_two() {
        assert!(render("# Titre").is_err());
        let r = render("## Étapes\n\n- une\n- deux\n").unwrap();
        assert!(r.html.contains("<h2>Étapes</h2>"));
        assert!(r.text.contains("Étapes"));
    }
}
