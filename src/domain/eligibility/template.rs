//! The French explanations of a criterion: a text where `{input}` names a profile value
//! ("Vous êtes {situation}."), split once when the rules are loaded into literal parts and
//! placeholders, so that rendering only copies text and values.

use super::profile::{Input, Profile};
use serde::Deserialize;

/// A template as written in a rule file, with its parts.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "String")]
pub struct Template {
    text: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Value(Input),
}

impl From<String> for Template {
    /// `{name}` is a placeholder when `name` is an input; any other brace is kept as written.
    fn from(text: String) -> Template {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find('{') {
            literal.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let input = after
                .find('}')
                .and_then(|end| Some((after[..end].parse::<Input>().ok()?, end)));
            match input {
                Some((input, end)) => {
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Value(input));
                    rest = &after[end + 1..];
                }
                None => {
                    literal.push('{');
                    rest = after;
                }
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Template { text, parts }
    }
}

impl Template {
    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Replaces the placeholders by the French rendering of the profile's values ("non
    /// renseigné" when absent).
    pub fn render(&self, profile: &Profile) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Value(input) => {
                    if !input.push_display_value(profile, &mut out) {
                        out.push_str("non renseigné");
                    }
                }
            }
        }
        out
    }
}

/// The placeholder names of a template that are not inputs (checked when loading rules).
pub fn unknown_placeholders(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| name.parse::<Input>().is_err())
        .map(str::to_string)
        .collect()
}
