//! The French explanations of a criterion: a text where `{input}` names a profile value
//! ("Vous êtes {situation}."), split once when the rules are loaded into literal parts and
//! placeholders, so that rendering only copies text and values.

use super::profile::{Input, Profile};
use serde::Deserialize;
use std::cell::OnceCell;

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
    pub fn render(&self, values: &ProfileValues<'_>) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Value(input) => out.push_str(values.get(*input).unwrap_or("non renseigné")),
            }
        }
        out
    }
}

/// The French rendering of one profile's values ([`Input::display_value`]), each computed at
/// most once however many explanations name it.
pub struct ProfileValues<'p> {
    profile: &'p Profile,
    rendered: [OnceCell<Option<String>>; Input::ALL.len()],
}

impl<'p> ProfileValues<'p> {
    pub fn new(profile: &'p Profile) -> ProfileValues<'p> {
        ProfileValues {
            profile,
            rendered: std::array::from_fn(|_| OnceCell::new()),
        }
    }

    /// The profile these values come from.
    pub fn profile(&self) -> &'p Profile {
        self.profile
    }

    /// The rendering of `input`, `None` when the profile does not give it.
    pub fn get(&self, input: Input) -> Option<&str> {
        // `Input::ALL` lists the variants in declaration order, so the discriminant indexes it.
        self.rendered
            .get(input as usize)?
            .get_or_init(|| input.display_value(self.profile))
            .as_deref()
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
