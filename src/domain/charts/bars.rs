//! Bar charts: horizontal bars (categories), columns (months) and a stacked share bar (within /
//! outside a deadline, the second part hatched).

use super::{escape, open, safe_id, shorten, BLUE, TEXT};
use crate::domain::french;

/// One category and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
}

/// One part of a stacked bar; a hatched part is drawn with stripes and named in the legend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub label: String,
    pub value: u64,
    pub hatched: bool,
}

const WIDTH: u32 = 720;
const LABEL_WIDTH: f64 = 300.0;
const ROW: u32 = 30;

fn empty(id: &str, title: &str, desc: &str) -> String {
    let mut svg = open(id, "guichet-chart", WIDTH, 40, title, desc);
    svg.push_str(&format!(
        "<text x=\"0\" y=\"25\" fill=\"{TEXT}\" font-size=\"14\">Aucune donnée</text></svg>"
    ));
    svg
}

/// Scaled length of `value` over `max` in `span` units.
fn scaled(value: u64, max: u64, span: f64) -> f64 {
    if max == 0 {
        0.0
    } else {
        (value as f64 / max as f64 * span).max(if value > 0 { 1.0 } else { 0.0 })
    }
}

/// One bar per category, its label on the left and its count at its end.
pub fn horizontal_bars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let id = safe_id(id);
    if bars.is_empty() {
        return empty(&id, title, desc);
    }
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let span = f64::from(WIDTH) - LABEL_WIDTH - 90.0;
    let height = ROW * bars.len() as u32 + 10;
    let mut svg = open(&id, "guichet-chart", WIDTH, height, title, desc);
    for (i, bar) in bars.iter().enumerate() {
        let y = f64::from(ROW) * i as f64 + 5.0;
        let length = scaled(bar.value, max, span);
        svg.push_str(&format!(
            "<g><text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\" fill=\"{TEXT}\" font-size=\"13\">{label}</text>\
             <rect x=\"{bx}\" y=\"{y}\" width=\"{length:.1}\" height=\"20\" fill=\"{BLUE}\"/>\
             <text x=\"{vx:.1}\" y=\"{ty}\" fill=\"{TEXT}\" font-size=\"13\">{value}</text></g>",
            lx = LABEL_WIDTH - 8.0,
            ty = y + 15.0,
            label = escape(&shorten(&bar.label, 40)),
            bx = LABEL_WIDTH,
            vx = LABEL_WIDTH + length + 6.0,
            value = french::count(bar.value),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// One column per period (e.g. month), its label below and its count above.
pub fn columns(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let id = safe_id(id);
    if bars.is_empty() {
        return empty(&id, title, desc);
    }
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
    let (top, plot) = (24.0, 180.0);
    let slot = (f64::from(WIDTH) / bars.len() as f64).min(80.0);
    let bar_width = (slot * 0.7).max(2.0);
    let height = (top + plot + 30.0) as u32;
    let mut svg = open(&id, "guichet-chart", WIDTH, height, title, desc);
    svg.push_str(&format!(
        "<line x1=\"0\" y1=\"{base}\" x2=\"{WIDTH}\" y2=\"{base}\" stroke=\"{TEXT}\" stroke-width=\"1\"/>",
        base = top + plot
    ));
    for (i, bar) in bars.iter().enumerate() {
        let x = slot * i as f64 + (slot - bar_width) / 2.0;
        let h = scaled(bar.value, max, plot);
        let center = x + bar_width / 2.0;
        svg.push_str(&format!(
            "<g><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar_width:.1}\" height=\"{h:.1}\" fill=\"{BLUE}\"/>\
             <text x=\"{center:.1}\" y=\"{vy:.1}\" text-anchor=\"middle\" fill=\"{TEXT}\" font-size=\"11\">{value}</text>\
             <text x=\"{center:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" fill=\"{TEXT}\" font-size=\"11\">{label}</text></g>",
            y = top + plot - h,
            vy = top + plot - h - 4.0,
            ly = top + plot + 18.0,
            value = french::count(bar.value),
            label = escape(&shorten(&bar.label, 8)),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// One bar split into parts proportional to their counts, with a legend giving each part's
/// count and percentage; hatched parts have stripes so they differ without colour.
pub fn stacked_share(id: &str, title: &str, desc: &str, segments: &[Segment]) -> String {
    let id = safe_id(id);
    let total: u64 = segments.iter().map(|s| s.value).sum();
    if total == 0 {
        return empty(&id, title, desc);
    }
    let span = f64::from(WIDTH);
    let height = 40 + 26 * segments.len() as u32;
    let mut svg = open(&id, "guichet-chart", WIDTH, height, title, desc);
    svg.push_str(&format!(
        "<defs><pattern id=\"{id}-hachures\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#ffffff\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#ce0500\" stroke-width=\"5\"/></pattern></defs>"
    ));
    let fill = |s: &Segment| {
        if s.hatched {
            format!("url(#{id}-hachures)")
        } else {
            "#18753c".to_string()
        }
    };
    let mut x = 0.0;
    for s in segments {
        let w = s.value as f64 / total as f64 * span;
        svg.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"24\" fill=\"{}\" stroke=\"{TEXT}\" stroke-width=\"1\"/>",
            fill(s)
        ));
        x += w;
    }
    for (i, s) in segments.iter().enumerate() {
        let y = 36 + 26 * i as u32;
        let percent = (s.value * 100 + total / 2) / total;
        svg.push_str(&format!(
            "<g><rect x=\"0\" y=\"{y}\" width=\"18\" height=\"18\" fill=\"{}\" stroke=\"{TEXT}\" stroke-width=\"1\"/>\
             <text x=\"26\" y=\"{ty}\" fill=\"{TEXT}\" font-size=\"13\">{} : {} ({percent} %)</text></g>",
            fill(s),
            escape(&s.label),
            french::count(s.value),
            ty = y + 14,
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        vec![
            Bar {
                label: "Question <b>".into(),
                value: 10,
            },
            Bar {
                label: "Aide".into(),
                value: 5,
            },
        ]
    }

    #[test]
    fn horizontal_bars_are_accessible_and_escaped() {
        let svg = horizontal_bars("par-objet", "Demandes \"par objet\"", "Détail", &bars());
        assert!(svg.starts_with("<svg"));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"par-objet-titre par-objet-desc\""));
        assert!(
            svg.contains("<title id=\"par-objet-titre\">Demandes &quot;par objet&quot;</title>")
        );
        assert!(svg.contains("Question &lt;b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(!svg.contains("style="));
        assert_eq!(svg.matches("<rect").count(), 2);
        // The longest bar spans the plot; the other is half of it.
        assert!(svg.contains("width=\"330.0\""));
        assert!(svg.contains("width=\"165.0\""));
        assert!(svg.contains(">10</text>") && svg.contains(">5</text>"));
    }

    #[test]
    fn columns_write_each_value() {
        let svg = columns("mois", "Par mois", "Demandes déposées", &bars());
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(">10</text>"));
        assert!(svg.contains("Questio…"));
    }

    #[test]
    fn empty_charts_say_so() {
        let svg = horizontal_bars("x", "T", "D", &[]);
        assert!(svg.contains("Aucune donnée"));
        assert!(stacked_share("x", "T", "D", &[]).contains("Aucune donnée"));
    }

    #[test]
    fn stacked_share_hatches_and_labels_each_part() {
        let svg = stacked_share(
            "delais",
            "Délais",
            "Part dans les délais",
            &[
                Segment {
                    label: "Dans les délais".into(),
                    value: 3,
                    hatched: false,
                },
                Segment {
                    label: "Hors délai".into(),
                    value: 1,
                    hatched: true,
                },
            ],
        );
        assert!(svg.contains("<pattern id=\"delais-hachures\""));
        assert!(svg.contains("fill=\"url(#delais-hachures)\""));
        assert!(svg.contains("Dans les délais : 3 (75 %)"));
        assert!(svg.contains("Hors délai : 1 (25 %)"));
    }
}
