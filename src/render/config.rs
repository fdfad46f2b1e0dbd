//! What decides a drawing's look beyond Mermaid's model: the options of `topomaid render`
//! (`--theme`, `--allow-remote-images`) and what the diagram configures for itself in front
//! matter `config:` and `%%{init: …}%%` (`theme`, `themeVariables`, `fontFamily`,
//! `flowchart.curve`), combined as Mermaid combines a site configuration with a diagram's.

use yaml_rust2::Yaml;

use super::theme::{Theme, ThemeName};
use crate::syntax::ast::Flowchart;
use crate::syntax::preprocess;

/// The options of `topomaid render` that change the drawing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The theme when the diagram names none (mermaid-cli's `-t`: the diagram's own `theme`
    /// wins over it).
    pub theme: ThemeName,
    /// Draw `@{ img: … }` nodes as `<image>` elements linking http(s) and relative URLs,
    /// instead of placeholders.
    pub allow_remote_images: bool,
    /// `--depth N`: draw clusters nested deeper than `N` levels collapsed into one box each
    /// (see [`super::depth`]).
    pub depth: Option<usize>,
}

/// Everything that decides a drawing's look beyond Mermaid's model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Look {
    /// Colours and text size.
    pub theme: Theme,
    /// The curve of edges that name none (`flowchart.curve`).
    pub curve: Option<String>,
    /// See [`Options::allow_remote_images`].
    pub allow_remote_images: bool,
    /// Clusters deeper than this many levels drawn collapsed (`--depth`).
    pub depth: Option<usize>,
}

impl Look {
    /// The look of a diagram drawn with `options`.
    pub fn of(chart: &Flowchart, options: &Options) -> Look {
        let config = DiagramConfig::of(chart);
        Look {
            theme: config.theme(options.theme),
            curve: config.curve,
            allow_remote_images: options.allow_remote_images,
            depth: options.depth,
        }
    }
}

/// The settings a diagram makes for itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiagramConfig {
    /// `theme`, as written.
    pub theme: Option<String>,
    /// `themeVariables` (with a top-level `fontFamily` added as Mermaid's `addDirective`
    /// does), values as JavaScript would print them; values Mermaid's `sanitizeDirective`
    /// blanks are empty.
    pub theme_variables: Vec<(String, String)>,
    /// `flowchart.curve`.
    pub curve: Option<String>,
}

impl DiagramConfig {
    /// Reads the front matter and `init` directives of a parsed diagram.
    pub fn of(chart: &Flowchart) -> DiagramConfig {
        if chart.front_matter.is_none() && chart.directives.is_empty() {
            return DiagramConfig::default();
        }
        // The preprocessor reads configuration from text; give it the front matter and the
        // directives as they were written, in their order.
        let mut text = String::new();
        if let Some(front) = &chart.front_matter {
            text.push_str("---\n");
            text.push_str(&front.yaml);
            text.push_str("\n---\n");
        }
        for d in &chart.directives {
            text.push_str(&d.text);
            text.push('\n');
        }
        text.push_str("flowchart\n");
        DiagramConfig::from_yaml(&preprocess::diagram_config(&text))
    }

    /// Reads the settings out of a merged configuration.
    pub fn from_yaml(config: &Yaml) -> DiagramConfig {
        let mut theme_variables: Vec<(String, String)> = match &config["themeVariables"] {
            Yaml::Hash(h) => h
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), scalar(v)?)))
                .map(|(k, v)| (k, mermaid_sanitised(v)))
                .collect(),
            _ => Vec::new(),
        };
        if let Some(family) = config["fontFamily"].as_str().filter(|f| !f.is_empty())
            && !theme_variables.iter().any(|(k, _)| k == "fontFamily")
        {
            theme_variables.push(("fontFamily".to_string(), mermaid_sanitised(family.into())));
        }
        DiagramConfig {
            theme: config["theme"].as_str().map(str::to_string),
            theme_variables,
            curve: config["flowchart"]["curve"].as_str().map(str::to_string),
        }
    }

    /// The theme to draw with: the diagram's own theme (or the nearest we have) with its
    /// `themeVariables` derived into it, or, when it names none, `site` with the variables
    /// copied over
    /// (Mermaid's `updateCurrentConfig` derives only when a directive sets `theme`).
    pub fn theme(&self, site: ThemeName) -> Theme {
        match self.theme.as_deref().and_then(ThemeName::nearest) {
            Some(name) => Theme::new(name, &self.theme_variables),
            None if self.theme_variables.is_empty() => Theme::new(site, &[]),
            None => Theme::with_copied(site, &self.theme_variables),
        }
    }
}

/// A configuration value as JavaScript's `String(value)` prints it; `None` for lists and maps.
fn scalar(v: &Yaml) -> Option<String> {
    Some(match v {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        _ => return None,
    })
}

/// `sanitizeDirective`'s rule for theme variables: a value with anything but letters, digits,
/// spaces and `"#%(),.;` is blanked.
fn mermaid_sanitised(v: String) -> String {
    let ok = !v.is_empty()
        && v.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, ' ' | '"' | '#' | '%' | '(' | ')' | ',' | '.' | ';')
        });
    if ok { v } else { String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    fn config(src: &str) -> DiagramConfig {
        DiagramConfig::of(&syntax::parse(src).expect("parses"))
    }

    #[test]
    fn init_directive_and_front_matter_are_read() {
        let c = config(
            "%%{init: {\"theme\": \"dark\", \"themeVariables\": {\"primaryColor\": \"#ff0000\", \"fontSize\": 18}, \"flowchart\": {\"curve\": \"linear\"}}}%%\nflowchart LR\nA-->B\n",
        );
        assert_eq!(c.theme.as_deref(), Some("dark"));
        assert_eq!(
            c.theme_variables,
            [
                ("primaryColor".to_string(), "#ff0000".to_string()),
                ("fontSize".to_string(), "18".to_string())
            ]
        );
        assert_eq!(c.curve.as_deref(), Some("linear"));

        let f = config(
            "---\nconfig:\n  theme: forest\n  fontFamily: Arial\n  flowchart:\n    curve: stepBefore\n---\nflowchart LR\nA-->B\n",
        );
        assert_eq!(f.theme.as_deref(), Some("forest"));
        assert_eq!(
            f.theme_variables,
            [("fontFamily".to_string(), "Arial".to_string())]
        );
        assert_eq!(f.curve.as_deref(), Some("stepBefore"));
    }

    #[test]
    fn directives_win_over_front_matter() {
        let c = config(
            "---\nconfig:\n  theme: forest\n---\n%%{init: {'theme': 'neutral'}}%%\nflowchart LR\nA-->B\n",
        );
        assert_eq!(c.theme.as_deref(), Some("neutral"));
        assert_eq!(c.theme(ThemeName::Dark).node_fill.color, "#eee");
    }

    #[test]
    fn the_diagram_theme_wins_over_the_site_theme() {
        assert_eq!(
            config("flowchart LR\nA\n").theme(ThemeName::Dark),
            Theme::new(ThemeName::Dark, &[])
        );
        assert_eq!(
            config("%%{init: {\"theme\": \"default\"}}%%\nflowchart LR\nA\n")
                .theme(ThemeName::Dark),
            Theme::default()
        );
        // Variables without a theme are copied over the site theme, not derived.
        let copied = config(
            "%%{init: {\"themeVariables\": {\"primaryColor\": \"#ff0000\", \"lineColor\": \"#00ff00\"}}}%%\nflowchart LR\nA\n",
        )
        .theme(ThemeName::Base);
        assert_eq!(copied.node_fill.color, "#fff4dd");
        assert_eq!(copied.line.color, "#00ff00");
    }

    /// Diagrams that set their theme in front matter and directives, under two site themes,
    /// against the colours and curve Mermaid 11.17.2 settles on (`tools/mermaid-oracle/
    /// config.mjs`); where Mermaid fails (an unreadable colour), the theme's own values.
    #[test]
    fn configuration_matches_mermaid() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../fixtures/render/config-oracle.json"))
                .expect("JSON");
        let cases = cases.as_array().expect("cases");
        assert_eq!(cases.len(), 22);
        for case in cases {
            let site = ThemeName::from_name(case["site"].as_str().unwrap()).unwrap();
            let text = case["text"].as_str().unwrap();
            let c = config(text);
            let t = c.theme(site);
            let Some(expected) = case.get("expected") else {
                assert_eq!(t, Theme::new(ThemeName::Base, &[]), "{text}");
                continue;
            };
            let ours = [
                ("mainBkg", &t.node_fill),
                ("nodeBorder", &t.node_stroke),
                ("lineColor", &t.line),
                ("clusterBkg", &t.cluster_fill),
            ];
            for (key, paint) in ours {
                assert_eq!(
                    Some(paint.color.as_str()),
                    expected[key].as_str(),
                    "{site:?} {text}: {key}"
                );
            }
            assert_eq!(
                c.curve.as_deref().unwrap_or("basis"),
                expected["curve"].as_str().unwrap(),
                "{text}"
            );
        }
    }

    #[test]
    fn newer_mermaid_themes_get_the_nearest() {
        let t = |name: &str| {
            config(&format!(
                "%%{{init: {{\"theme\": \"{name}\"}}}}%%\nflowchart LR\nA\n"
            ))
            .theme(ThemeName::Forest)
        };
        assert_eq!(t("neo-dark"), Theme::new(ThemeName::Dark, &[]));
        assert_eq!(t("redux"), Theme::default());
        assert_eq!(t("nonsense"), Theme::new(ThemeName::Forest, &[]));
    }

    #[test]
    fn hostile_variables_are_blanked() {
        let c = config(
            "%%{init: {\"theme\": \"base\", \"themeVariables\": {\"primaryColor\": \"url(javascript:alert(1))\", \"lineColor\": \"red</style>\", \"nodeBorder\": \"x\\\"/><script>\"}}}%%\nflowchart LR\nA\n",
        );
        for (k, v) in &c.theme_variables {
            assert!(v.is_empty(), "{k}={v}");
        }
        let t = c.theme(ThemeName::Default);
        assert_eq!(t, Theme::new(ThemeName::Base, &[]));
    }
}
