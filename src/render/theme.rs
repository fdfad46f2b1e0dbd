//! Mermaid's themes (`default`, `neutral`, `dark`, `forest`, `base`) and their `themeVariables`,
//! derived the way Mermaid's theme files derive them (`theme-*.js`: the constructor's values,
//! the overrides copied in, `updateColors`, the overrides copied in again), restricted to the
//! variables a flowchart is drawn with. Every value that reaches the SVG has passed
//! [`super::style::safe_value`].

use rustc_hash::FxHashMap as HashMap;

use super::color::{self, adjust, darken, invert, lighten, mk_border};
use super::num;
use super::style::safe_value;
use crate::target::MermaidTarget;

/// The themes Mermaid ships that we draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeName {
    /// Lavender nodes, yellow clusters: Mermaid's default.
    #[default]
    Default,
    /// Greys, for printing.
    Neutral,
    /// Light lines and text on dark grey.
    Dark,
    /// Greens.
    Forest,
    /// A light orange base meant to be customised with `themeVariables`.
    Base,
    /// White nodes outlined in near-black, each subgraph in a colour of its own: Mermaid 12's
    /// default for flowcharts.
    ReduxColor,
}

impl ThemeName {
    /// The theme of a Mermaid theme name (`None` for themes we do not have, such as `neo`).
    pub fn from_name(name: &str) -> Option<ThemeName> {
        Some(match name {
            "default" => ThemeName::Default,
            "neutral" => ThemeName::Neutral,
            "dark" => ThemeName::Dark,
            "forest" => ThemeName::Forest,
            "base" => ThemeName::Base,
            "redux-color" => ThemeName::ReduxColor,
            _ => return None,
        })
    }

    /// The name Mermaid gives the theme.
    pub fn mermaid_name(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::Neutral => "neutral",
            ThemeName::Dark => "dark",
            ThemeName::Forest => "forest",
            ThemeName::Base => "base",
            ThemeName::ReduxColor => "redux-color",
        }
    }

    /// The theme for a name a diagram gives: ours, or for Mermaid's newer themes we do not
    /// draw the nearest of ours (`neo`, `redux` → `default`; `neo-dark`, `redux-dark`,
    /// `redux-dark-color` → `dark`). `redux-color` is Mermaid 12's; Mermaid 11.17.2 has an
    /// earlier version of it (white subgraphs, no palette), drawn for 11 as `default`.
    pub fn nearest(name: &str, target: MermaidTarget) -> Option<ThemeName> {
        match (name, target) {
            ("redux-color", MermaidTarget::V11) => Some(ThemeName::Default),
            ("neo" | "redux", _) => Some(ThemeName::Default),
            ("neo-dark" | "redux-dark" | "redux-dark-color", _) => Some(ThemeName::Dark),
            _ => ThemeName::from_name(name),
        }
    }
}

/// A colour to paint with, and its opacity when the colour had an alpha below 1 (written as a
/// separate `*-opacity` attribute, which every SVG tool understands).
#[derive(Debug, Clone, PartialEq)]
pub struct Paint {
    /// A safe CSS colour value.
    pub color: String,
    /// `0`–`1`, when not opaque.
    pub opacity: Option<String>,
}

impl Paint {
    /// A paint of a colour that is known to be safe and opaque.
    fn solid(color: &str) -> Paint {
        Paint {
            color: color.to_string(),
            opacity: None,
        }
    }

    /// The paint of a theme value, when it is safe: a colour with alpha is split into its
    /// opaque colour and an opacity.
    fn of(value: &str) -> Option<Paint> {
        let value = safe_value(value).filter(|v| color::is_valid(v))?;
        match color::split_alpha(&value) {
            Some((hex, alpha)) if alpha < 1.0 => Some(Paint {
                color: hex,
                opacity: Some(num::fmt(alpha)),
            }),
            _ => Some(Paint {
                color: value,
                opacity: None,
            }),
        }
    }
}

/// The colours and text settings a flowchart is drawn with.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The theme these were derived from.
    pub name: ThemeName,
    /// The canvas (`background`).
    pub background: Paint,
    /// Node fill (`mainBkg`).
    pub node_fill: Paint,
    /// Node outline (`nodeBorder`).
    pub node_stroke: Paint,
    /// Node and edge label text (`nodeTextColor`, else `textColor`).
    pub node_text: Paint,
    /// Cluster fill (`clusterBkg`).
    pub cluster_fill: Paint,
    /// Cluster outline (`clusterBorder`).
    pub cluster_stroke: Paint,
    /// Cluster titles (`titleColor`).
    pub cluster_text: Paint,
    /// Edges and their heads (`lineColor`).
    pub line: Paint,
    /// The box behind edge labels (`edgeLabelBackground`).
    pub edge_label_background: Paint,
    /// The diagram title (`textColor`).
    pub title_text: Paint,
    /// A font family asked for with `fontFamily`, put before our measured stack.
    pub font_family: Option<String>,
    /// The default text size in pixels (`fontSize`).
    pub font_size: f64,
    /// Node outline width (`strokeWidth`).
    pub stroke_width: String,
    /// The corner radius of rounded nodes (`radius`: 5, `redux-color` 12), at most 50.
    pub radius: f64,
    /// The colours subgraphs take in turn, by the order they are written in (fill, outline),
    /// for the themes that colour each subgraph (`redux-color`: `bkgColorArray`,
    /// `borderColorArray`); empty for the others, whose subgraphs all take `clusterBkg`.
    pub cluster_palette: Vec<(Paint, Paint)>,
}

impl Theme {
    /// The fill and outline of the subgraph written `index`-th (from 0, parents before their
    /// children), as Mermaid's `data-color-id` rules paint it: the theme's palette in turn,
    /// or `clusterBkg` and `clusterBorder`.
    pub fn cluster_paint(&self, index: usize) -> (&Paint, &Paint) {
        match self.cluster_palette.len() {
            0 => (&self.cluster_fill, &self.cluster_stroke),
            n => {
                let (fill, stroke) = &self.cluster_palette[index % n];
                (fill, stroke)
            }
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::new(ThemeName::Default, &[])
    }
}

/// The font size when a theme sets none we can use.
const DEFAULT_FONT_SIZE: f64 = 16.0;

impl Theme {
    /// The theme `name` with `overrides` (`themeVariables`) derived into it as Mermaid does.
    /// A colour khroma cannot read, or a value that is not safe, is not used: the theme's own
    /// value stands instead (where Mermaid would fail to draw the diagram).
    pub fn new(name: ThemeName, overrides: &[(String, String)]) -> Theme {
        let plain = variables(name, &[]);
        let vars = variables(name, overrides);
        Theme::resolve(name, &vars, &plain)
    }

    /// The theme `name` as Mermaid holds it when a diagram sets `themeVariables` without
    /// naming a theme: the theme's variables with those values copied over, nothing derived.
    pub fn with_copied(name: ThemeName, overrides: &[(String, String)]) -> Theme {
        let plain = variables(name, &[]);
        let mut vars = plain.clone();
        for (k, v) in overrides {
            vars.set(k, v.clone());
        }
        Theme::resolve(name, &vars, &plain)
    }

    /// The colour of the neo look's drop shadows: white on the dark themes, where a black
    /// one would not show (Mermaid's `insertLookDefs`), black on the others.
    pub fn shadow_colour(&self) -> &'static str {
        if self.name == ThemeName::Dark {
            "#FFFFFF"
        } else {
            "#000000"
        }
    }

    fn resolve(name: ThemeName, vars: &Vars, plain: &Vars) -> Theme {
        let paint = |keys: &[&str]| -> Paint {
            let pick = |v: &Vars| keys.iter().find_map(|k| v.get(k)).and_then(Paint::of);
            pick(vars)
                .or_else(|| pick(plain))
                .unwrap_or_else(|| Paint::solid("#333"))
        };
        Theme {
            name,
            background: paint(&["background"]),
            node_fill: paint(&["mainBkg"]),
            node_stroke: paint(&["nodeBorder"]),
            node_text: paint(&["nodeTextColor", "textColor"]),
            cluster_fill: paint(&["clusterBkg"]),
            cluster_stroke: paint(&["clusterBorder"]),
            cluster_text: paint(&["titleColor"]),
            line: paint(&["lineColor"]),
            edge_label_background: paint(&["edgeLabelBackground"]),
            title_text: paint(&["textColor"]),
            font_family: vars
                .get("fontFamily")
                .filter(|f| Some(*f) != plain.get("fontFamily"))
                .and_then(safe_font_family),
            font_size: [vars, plain]
                .iter()
                .find_map(|v| v.get("fontSize").and_then(font_size))
                .unwrap_or(DEFAULT_FONT_SIZE),
            stroke_width: [vars, plain]
                .iter()
                .find_map(|v| v.get("strokeWidth").and_then(stroke_width))
                .unwrap_or_else(|| "1".to_string()),
            radius: [vars, plain]
                .iter()
                .find_map(|v| {
                    v.get("radius")
                        .and_then(|r| r.trim().trim_end_matches("px").parse::<f64>().ok())
                        .filter(|r| (0.0..=50.0).contains(r))
                })
                .unwrap_or(5.0),
            cluster_palette: palette(vars, plain),
        }
    }
}

/// The subgraph palette of a colour theme: `bkgColorArray` and `borderColorArray` paired in
/// turn (as long as the outlines, fills cycling as Mermaid's `i % length` does); a colour
/// that is not safe falls back to the theme's own list.
fn palette(vars: &Vars, plain: &Vars) -> Vec<(Paint, Paint)> {
    let list = |k: &str| -> Option<Vec<Paint>> {
        let pick = |v: &Vars| -> Option<Vec<Paint>> {
            v.get(k)?
                .split(',')
                .map(|c| Paint::of(c.trim()))
                .collect::<Option<Vec<Paint>>>()
                .filter(|l| !l.is_empty())
        };
        pick(vars).or_else(|| pick(plain))
    };
    let (Some(strokes), Some(fills)) = (list("borderColorArray"), list("bkgColorArray")) else {
        return Vec::new();
    };
    strokes
        .into_iter()
        .enumerate()
        .map(|(i, stroke)| (fills[i % fills.len()].clone(), stroke))
        .collect()
}

/// Mermaid's value of the theme variable `key` for theme `name` with `overrides`, as
/// `getThemeVariables(overrides)[key]` gives it (for the variables a flowchart uses), before our
/// safety filter: for comparing with Mermaid.
pub fn mermaid_variable(
    name: ThemeName,
    overrides: &[(String, String)],
    key: &str,
) -> Option<String> {
    variables(name, overrides).get(key).map(str::to_string)
}

/// A font-family list kept only when every family is a plain name (letters, digits, spaces,
/// `-`, `_`, in optional quotes); written back with single quotes around names with spaces.
fn safe_font_family(value: &str) -> Option<String> {
    if value.len() > 200 {
        return None;
    }
    let mut families = Vec::new();
    for family in value.split(',') {
        let name = family.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        {
            return None;
        }
        families.push(if name.contains(' ') {
            format!("'{name}'")
        } else {
            name.to_string()
        });
    }
    Some(families.join(", "))
}

/// A font size in pixels from `16px`, `16` or `1.2em` (of 16px); sizes outside 4–200px are
/// not used.
fn font_size(value: &str) -> Option<f64> {
    let v = value.trim();
    let px = if let Some(em) = v.strip_suffix("em") {
        em.trim().parse::<f64>().ok()? * DEFAULT_FONT_SIZE
    } else {
        v.strip_suffix("px")
            .unwrap_or(v)
            .trim()
            .parse::<f64>()
            .ok()?
    };
    (4.0..=200.0).contains(&px).then_some(px)
}

/// An outline width of at most 20px.
fn stroke_width(value: &str) -> Option<String> {
    let v = value.trim();
    let n = v
        .strip_suffix("px")
        .unwrap_or(v)
        .trim()
        .parse::<f64>()
        .ok()?;
    (0.0..=20.0).contains(&n).then(|| num::fmt(n))
}

/// A theme's variables as JavaScript holds them: names to strings, the empty string counting
/// as unset (falsy).
#[derive(Debug, Clone, Default)]
struct Vars(HashMap<String, String>);

impl Vars {
    fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(String::as_str).filter(|v| !v.is_empty())
    }

    fn set(&mut self, k: &str, v: impl Into<String>) {
        self.0.insert(k.to_string(), v.into());
    }

    /// Sets `k` to the result of a colour function; a colour it could not read leaves `k`
    /// unset, so the theme's own value is used.
    fn set_opt(&mut self, k: &str, v: Option<String>) {
        match v {
            Some(v) => self.set(k, v),
            None => {
                self.0.remove(k);
            }
        }
    }

    /// `this.k = this.k || value()`.
    fn or_set(&mut self, k: &str, value: impl FnOnce(&Vars) -> Option<String>) {
        if self.get(k).is_none() {
            let v = value(self);
            self.set_opt(k, v);
        }
    }

    fn copy(&mut self, to: &str, from: &str) {
        let v = self.get(from).map(str::to_string);
        self.set_opt(to, v);
    }

    /// JavaScript truthiness of `k`.
    fn truthy(&self, k: &str) -> bool {
        self.get(k).is_some_and(|v| v != "false" && v != "0")
    }

    fn with(&self, k: &str, f: impl FnOnce(&str) -> Option<String>) -> Option<String> {
        self.get(k).and_then(f)
    }
}

const MERMAID_FONT: &str = "\"trebuchet ms\", verdana, arial, sans-serif";

/// `getThemeVariables(overrides)` of theme `name`: its constructor, the overrides, its
/// `updateColors`, the overrides again.
fn variables(name: ThemeName, overrides: &[(String, String)]) -> Vars {
    let mut v = Vars::default();
    v.set("fontFamily", MERMAID_FONT);
    v.set("fontSize", "16px");
    v.set("strokeWidth", "1");
    let constructor = match name {
        ThemeName::Default => DEFAULT,
        ThemeName::Neutral => NEUTRAL,
        ThemeName::Dark => DARK,
        ThemeName::Forest => FOREST,
        ThemeName::Base => BASE,
        ThemeName::ReduxColor => REDUX_COLOR,
    };
    for (k, val) in constructor {
        v.set(k, *val);
    }
    for (k, val) in overrides {
        v.set(k, val.clone());
    }
    match name {
        ThemeName::Default => {
            v.copy("nodeBorder", "border1");
            v.copy("clusterBkg", "secondBkg");
            v.copy("clusterBorder", "border2");
            v.copy("titleColor", "textColor");
            v.copy("edgeLabelBackground", "labelBackground");
        }
        ThemeName::Neutral => {
            let second = v.with("contrast", |c| lighten(c, 55.0));
            v.set_opt("secondBkg", second);
            v.copy("border2", "contrast");
            v.copy("nodeBorder", "border1");
            v.copy("clusterBkg", "secondBkg");
            v.copy("clusterBorder", "border2");
            v.copy("titleColor", "text");
        }
        ThemeName::Dark => {
            let second = v.with("mainBkg", |c| lighten(c, 16.0));
            v.set_opt("secondBkg", second);
            v.copy("lineColor", "mainContrastColor");
            v.copy("nodeBorder", "border1");
            v.copy("clusterBkg", "secondBkg");
            v.copy("clusterBorder", "border2");
            let label = v.with("labelBackground", |c| lighten(c, 25.0));
            v.set_opt("edgeLabelBackground", label);
        }
        ThemeName::Forest => {
            v.copy("nodeBorder", "border1");
            v.copy("clusterBkg", "secondBkg");
            v.copy("clusterBorder", "border2");
        }
        ThemeName::Base => base_update(&mut v, "#333"),
        ThemeName::ReduxColor => base_update(&mut v, "#28253D"),
    }
    for (k, val) in overrides {
        v.set(k, val.clone());
    }
    v
}

/// The values a theme's constructor sets that a flowchart's variables derive from, in the
/// order it sets them (later ones replace earlier ones, as in the constructors).
const DEFAULT: &[(&str, &str)] = &[
    ("background", "white"),
    ("primaryColor", "#ECECFF"),
    ("mainBkg", "#ECECFF"),
    ("secondBkg", "#ffffde"),
    ("lineColor", "#333333"),
    ("border1", "#9370DB"),
    ("border2", "#aaaa33"),
    ("labelBackground", "rgba(232,232,232, 0.8)"),
    ("textColor", "#333"),
];

/// `theme-neutral.js`: `textColor` is `invert(background)`, set before `text`.
const NEUTRAL: &[(&str, &str)] = &[
    ("primaryColor", "#eee"),
    ("contrast", "#707070"),
    ("background", "#ffffff"),
    ("textColor", "#000000"),
    ("mainBkg", "#eee"),
    ("lineColor", "#666"),
    ("border1", "#999"),
    ("text", "#333"),
    ("edgeLabelBackground", "white"),
];

/// `theme-dark.js`: `border2` is khroma's `rgba(255, 255, 255, 0.25)`.
const DARK: &[(&str, &str)] = &[
    ("background", "#333"),
    ("primaryColor", "#1f2020"),
    ("mainBkg", "#1f2020"),
    ("mainContrastColor", "lightgrey"),
    ("border1", "#ccc"),
    ("border2", "rgba(255, 255, 255, 0.25)"),
    ("labelBackground", "#181818"),
    ("textColor", "#ccc"),
    ("titleColor", "#F9FFFE"),
];

/// `theme-forest.js`: `lineColor` and `textColor` end as `invert(background)`, set after
/// `lineColor = 'green'`.
const FOREST: &[(&str, &str)] = &[
    ("background", "white"),
    ("primaryColor", "#cde498"),
    ("mainBkg", "#cde498"),
    ("secondBkg", "#cdffb2"),
    ("lineColor", "#000000"),
    ("textColor", "#000000"),
    ("border1", "#13540c"),
    ("border2", "#6eaa49"),
    ("titleColor", "#333"),
    ("edgeLabelBackground", "#e8e8e8"),
];

const BASE: &[(&str, &str)] = &[("background", "#f4f4f4"), ("primaryColor", "#fff4dd")];

/// `theme-redux-color.js` (Mermaid 12): its constructor's flowchart values and the subgraph
/// palette (Tailwind's 400 outlines over 50 fills; `#A3E635 ` with its trailing space, as
/// written there).
const REDUX_COLOR: &[(&str, &str)] = &[
    ("background", "#ffffff"),
    ("primaryColor", "#cccccc"),
    ("mainBkg", "#ffffff"),
    ("radius", "12"),
    ("strokeWidth", "2"),
    ("fontFamily", "\"Recursive Variable\", arial, sans-serif"),
    ("fontSize", "14px"),
    ("nodeBorder", "#28253D"),
    ("tertiaryColor", "#ffffff"),
    ("clusterBkg", "#F9F9FB"),
    ("clusterBorder", "#BDBCCC"),
    (
        "borderColorArray",
        "#E879F9,#2DD4BF,#FB923C,#22D3EE,#4ADE80,#A78BFA,#F87171,#FACC15,#818CF8,#A3E635 ,#38BDF8,#FB7185",
    ),
    (
        "bkgColorArray",
        "#FDF4FF,#F0FDFA,#FFF7ED,#ECFEFF,#F0FDF4,#F5F3FF,#FEF2F2,#FEFCE8,#EEF2FF,#F7FEE7,#F0F9FF,#FFF1F2",
    ),
];

/// `theme-base.js` `updateColors`, the flowchart's part: everything derived from
/// `primaryColor`, `background` and `darkMode` unless set; `light_text` is the text colour
/// when not dark (`#333`; `redux-color`'s `updateColors` is the same with `#28253D`).
fn base_update(v: &mut Vars, light_text: &str) {
    let dark = v.truthy("darkMode");
    v.or_set("primaryTextColor", |_| {
        Some(if dark { "#eee" } else { light_text }.to_string())
    });
    v.or_set("secondaryColor", |v| {
        v.with("primaryColor", |c| adjust(c, -120.0, 0.0, 0.0))
    });
    v.or_set("tertiaryColor", |v| {
        v.with("primaryColor", |c| adjust(c, 180.0, 0.0, 5.0))
    });
    v.or_set("primaryBorderColor", |v| {
        v.with("primaryColor", |c| mk_border(c, dark))
    });
    v.or_set("tertiaryBorderColor", |v| {
        v.with("tertiaryColor", |c| mk_border(c, dark))
    });
    v.or_set("tertiaryTextColor", |v| v.with("tertiaryColor", invert));
    v.or_set("lineColor", |v| v.with("background", invert));
    v.or_set("textColor", |v| {
        v.get("primaryTextColor").map(str::to_string)
    });
    v.or_set("mainBkg", |v| v.get("primaryColor").map(str::to_string));
    v.or_set("nodeBorder", |v| {
        v.get("primaryBorderColor").map(str::to_string)
    });
    v.or_set("clusterBkg", |v| v.get("tertiaryColor").map(str::to_string));
    v.or_set("clusterBorder", |v| {
        v.get("tertiaryBorderColor").map(str::to_string)
    });
    v.or_set("titleColor", |v| {
        v.get("tertiaryTextColor").map(str::to_string)
    });
    v.or_set("edgeLabelBackground", |v| {
        if dark {
            v.with("secondaryColor", |c| darken(c, 30.0))
        } else {
            v.get("secondaryColor").map(str::to_string)
        }
    });
    v.or_set("nodeTextColor", |v| {
        v.get("primaryTextColor").map(str::to_string)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn colour(p: &Paint) -> &str {
        &p.color
    }

    #[test]
    fn default_theme_is_mermaids() {
        let t = Theme::default();
        assert_eq!(colour(&t.node_fill), "#ECECFF");
        assert_eq!(colour(&t.node_stroke), "#9370DB");
        assert_eq!(colour(&t.cluster_fill), "#ffffde");
        assert_eq!(colour(&t.cluster_stroke), "#aaaa33");
        assert_eq!(colour(&t.line), "#333333");
        assert_eq!(colour(&t.node_text), "#333");
        assert_eq!(colour(&t.background), "white");
        assert_eq!(
            t.edge_label_background,
            Paint {
                color: "#e8e8e8".into(),
                opacity: Some("0.8".into())
            }
        );
        assert_eq!(t.font_family, None);
        assert_eq!(t.font_size, 16.0);
    }

    /// The dark theme's values as `theme-dark.js` computes them with khroma.
    #[test]
    fn dark_theme_derives_from_its_constructor() {
        let t = Theme::new(ThemeName::Dark, &[]);
        assert_eq!(colour(&t.background), "#333");
        assert_eq!(colour(&t.node_fill), "#1f2020");
        assert_eq!(colour(&t.node_stroke), "#ccc");
        assert_eq!(
            colour(&t.cluster_fill),
            "hsl(180, 1.5873015873%, 28.3529411765%)"
        );
        assert_eq!(
            t.cluster_stroke,
            Paint {
                color: "#ffffff".into(),
                opacity: Some("0.25".into())
            }
        );
        assert_eq!(colour(&t.line), "lightgrey");
        assert_eq!(
            colour(&t.edge_label_background),
            "hsl(0, 0%, 34.4117647059%)"
        );
        assert_eq!(colour(&t.cluster_text), "#F9FFFE");
        assert_eq!(colour(&t.node_text), "#ccc");
    }

    #[test]
    fn neutral_and_forest_palettes() {
        let n = Theme::new(ThemeName::Neutral, &[]);
        assert_eq!(colour(&n.node_fill), "#eee");
        assert_eq!(colour(&n.node_stroke), "#999");
        // lighten('#707070', 55): lightness 43.92 % + 55.
        assert_eq!(colour(&n.cluster_fill), "hsl(0, 0%, 98.9215686275%)");
        assert_eq!(colour(&n.cluster_stroke), "#707070");
        assert_eq!(colour(&n.line), "#666");
        assert_eq!(colour(&n.cluster_text), "#333");
        let f = Theme::new(ThemeName::Forest, &[]);
        assert_eq!(colour(&f.node_fill), "#cde498");
        assert_eq!(colour(&f.node_stroke), "#13540c");
        assert_eq!(colour(&f.cluster_fill), "#cdffb2");
        assert_eq!(colour(&f.cluster_stroke), "#6eaa49");
    }

    /// `theme-base.js` with no overrides and with `primaryColor` and `darkMode` set.
    #[test]
    fn base_theme_derives_from_primary_colour() {
        let t = Theme::new(ThemeName::Base, &[]);
        assert_eq!(colour(&t.node_fill), "#fff4dd");
        // mkBorder('#fff4dd'): saturation 100 − 40, lightness 93.33 − 10.
        assert_eq!(
            colour(&t.node_stroke),
            "hsl(40.5882352941, 60%, 83.3333333333%)"
        );
        assert_eq!(colour(&t.line), "#0b0b0b");
        assert_eq!(colour(&t.node_text), "#333");
        assert_eq!(
            colour(&t.edge_label_background),
            "hsl(-79.4117647059, 100%, 93.3333333333%)"
        );
        assert_eq!(
            colour(&t.cluster_fill),
            "hsl(220.5882352941, 100%, 98.3333333333%)"
        );

        let custom = Theme::new(
            ThemeName::Base,
            &vars(&[("primaryColor", "#BB2528"), ("lineColor", "#F8B229")]),
        );
        assert_eq!(colour(&custom.node_fill), "#BB2528");
        assert_eq!(colour(&custom.line), "#F8B229");
        // mkBorder('#BB2528') = hue 358.8, saturation 66.96 − 40, lightness 43.92 − 10.
        assert_eq!(
            colour(&custom.node_stroke),
            "hsl(358.8, 26.9642857143%, 33.9215686275%)"
        );

        let dark = Theme::new(
            ThemeName::Base,
            &vars(&[("darkMode", "true"), ("background", "#222222")]),
        );
        assert_eq!(colour(&dark.node_text), "#eee");
        assert_eq!(colour(&dark.line), "#dddddd");
        assert_eq!(colour(&dark.background), "#222222");
    }

    #[test]
    fn overrides_of_derived_values_win() {
        let t = Theme::new(
            ThemeName::Default,
            &vars(&[
                ("primaryColor", "#ff0000"),
                ("border1", "#00ff00"),
                ("clusterBkg", "#0000ff"),
            ]),
        );
        // The default theme's node fill is fixed; only `base` derives it from primaryColor.
        assert_eq!(colour(&t.node_fill), "#ECECFF");
        assert_eq!(colour(&t.node_stroke), "#00ff00");
        assert_eq!(colour(&t.cluster_fill), "#0000ff");
    }

    #[test]
    fn unreadable_or_unsafe_values_fall_back() {
        let t = Theme::new(
            ThemeName::Base,
            &vars(&[
                ("primaryColor", "not a colour"),
                ("lineColor", "url(javascript:alert(1))"),
                ("clusterBkg", "red;}</style><script>"),
                ("fontFamily", "x</style>"),
                ("fontSize", "99999px"),
                ("strokeWidth", "1e9"),
            ]),
        );
        let plain = Theme::new(ThemeName::Base, &[]);
        assert_eq!(t.node_fill, plain.node_fill);
        assert_eq!(t.node_stroke, plain.node_stroke);
        assert_eq!(t.line, plain.line);
        assert_eq!(t.cluster_fill, plain.cluster_fill);
        assert_eq!(t.font_family, None);
        assert_eq!(t.font_size, 16.0);
        assert_eq!(t.stroke_width, "1");
    }

    #[test]
    fn copied_variables_are_not_derived() {
        let t = Theme::with_copied(
            ThemeName::Base,
            &vars(&[("primaryColor", "#BB2528"), ("fontSize", "20px")]),
        );
        assert_eq!(colour(&t.node_fill), "#fff4dd");
        assert_eq!(t.font_size, 20.0);
    }

    /// Compares every case of a `tools/mermaid-oracle/themes.mjs` output; returns how many
    /// values were compared.
    fn compare_with_oracle(json: &str) -> usize {
        let cases: serde_json::Value = serde_json::from_str(json).expect("JSON");
        let mut compared = 0;
        for case in cases.as_array().expect("cases") {
            let name = ThemeName::from_name(case["theme"].as_str().unwrap()).unwrap();
            let overrides: Vec<(String, String)> = case["variables"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (k.clone(), v)
                })
                .collect();
            for (key, expected) in case["expected"].as_object().unwrap() {
                let ours = mermaid_variable(name, &overrides, key);
                assert_eq!(
                    ours.as_deref(),
                    expected.as_str(),
                    "{name:?} {overrides:?}: {key}"
                );
                compared += 1;
            }
        }
        compared
    }

    /// Every flowchart variable of every theme, with ten sets of `themeVariables`, against what
    /// Mermaid 11.17.2 computes (`tools/mermaid-oracle/themes.mjs`).
    #[test]
    fn variables_match_mermaid() {
        let compared = compare_with_oracle(include_str!("../../fixtures/render/theme-oracle.json"));
        assert_eq!(compared, 5 * 10 * 12);
    }

    /// The same against Mermaid 12.4.0 (`MERMAID=12 node themes.mjs`), whose five older themes
    /// are unchanged and which adds `redux-color`, with the font and the subgraph palette.
    #[test]
    fn variables_match_mermaid_12() {
        let compared =
            compare_with_oracle(include_str!("../../fixtures/render/theme-oracle-12.json"));
        assert_eq!(compared, 6 * 10 * 15);
    }

    #[test]
    fn redux_color_paints_each_subgraph_in_turn() {
        let t = Theme::new(ThemeName::ReduxColor, &[]);
        assert_eq!(t.font_size, 14.0);
        assert_eq!(t.stroke_width, "2");
        assert_eq!(colour(&t.node_fill), "#ffffff");
        assert_eq!(colour(&t.node_stroke), "#28253D");
        assert_eq!(t.cluster_palette.len(), 12);
        let (fill, stroke) = t.cluster_paint(0);
        assert_eq!((colour(fill), colour(stroke)), ("#FDF4FF", "#E879F9"));
        let (fill, stroke) = t.cluster_paint(21);
        assert_eq!((colour(fill), colour(stroke)), ("#F7FEE7", "#A3E635"));
        // Themes without a palette give every subgraph `clusterBkg`.
        let d = Theme::default();
        assert!(d.cluster_palette.is_empty());
        assert_eq!(colour(d.cluster_paint(3).0), "#ffffde");
    }

    #[test]
    fn the_dark_border_is_khromas_rgba() {
        assert_eq!(
            DARK.iter().find(|(k, _)| *k == "border2").map(|(_, v)| *v),
            Some(color::rgba([255.0, 255.0, 255.0], 0.25).as_str())
        );
    }

    #[test]
    fn font_families_are_plain_names() {
        assert_eq!(
            safe_font_family("\"Open Sans\", Arial, sans-serif").as_deref(),
            Some("'Open Sans', Arial, sans-serif")
        );
        assert_eq!(safe_font_family("a;b"), None);
        assert_eq!(safe_font_family("x, url(y)"), None);
        assert_eq!(font_size("1.5em"), Some(24.0));
        assert_eq!(font_size("3px"), None);
    }
}
