//! What decides a drawing's look beyond Mermaid's model: the options of `topomaid render`
//! (`--theme`, `--allow-remote-images`, the Mermaid release it draws for) and what the diagram
//! configures for itself in front matter `config:` and `%%{init: …}%%` (`theme`, `look`,
//! `layout`, `themeVariables`, `fontFamily`, `flowchart.curve`), combined as Mermaid combines a
//! site configuration with a diagram's.

use yaml_rust2::Yaml;

use super::theme::{Theme, ThemeName};
use crate::syntax::ast::Flowchart;
use crate::syntax::preprocess;
use crate::target::MermaidTarget;

/// The options of `topomaid render` that change the drawing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The theme when the diagram names none (mermaid-cli's `-t`: the diagram's own `theme`
    /// wins over it); without it, the release's default (`redux-color` in Mermaid 12,
    /// `default` in 11).
    pub theme: Option<ThemeName>,
    /// Draw `@{ img: … }` nodes as `<image>` elements linking http(s) and relative URLs,
    /// instead of placeholders.
    pub allow_remote_images: bool,
    /// `--mermaid`: the release to read and draw for; `None` takes the `mermaid` of the
    /// nearest `topomaid.toml`, else 12. The drawing functions read the release a diagram
    /// was read as from its model ([`crate::flowdb::FlowDb::target`]); the commands set
    /// [`Options::target`] to it.
    pub mermaid: Option<crate::target::MermaidTarget>,
    /// `--depth N`: draw clusters nested deeper than `N` levels collapsed into one box each
    /// (see [`super::depth`]).
    pub depth: Option<usize>,
    /// The Mermaid release whose defaults (theme, look, text wrapping) the drawing follows.
    pub target: MermaidTarget,
}

/// How nodes and subgraphs are drawn (Mermaid's `look`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LookName {
    /// Mermaid 11's default: flat shapes.
    Classic,
    /// Mermaid 12's default: roomier rectangles, 2px outlines, a drop shadow under nodes and
    /// subgraphs, larger arrowheads.
    #[default]
    Neo,
}

impl LookName {
    /// The look of a Mermaid `look` value: `classic`, `neo`, and `handDrawn` drawn as the
    /// nearest we have (`classic`); `None` for names Mermaid does not know.
    pub fn from_name(name: &str) -> Option<LookName> {
        match name {
            "classic" | "handDrawn" => Some(LookName::Classic),
            "neo" => Some(LookName::Neo),
            _ => None,
        }
    }

    /// The default look of a release.
    pub fn default_for(target: MermaidTarget) -> LookName {
        match target {
            MermaidTarget::V11 => LookName::Classic,
            MermaidTarget::V12 => LookName::Neo,
        }
    }
}

/// The label widths of a release's `flowchart` configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextWidths {
    /// `flowchart.wrappingWidth`: a label line wider than this is broken between words
    /// (200px in Mermaid 11, 120px in 12).
    pub wrap: f64,
    /// `flowchart.minNodeWidth`: the narrowest a node's label block is (Mermaid 12: 120px; 11
    /// has none).
    pub min_node: f64,
}

impl TextWidths {
    /// The widths of a release.
    pub fn of(target: MermaidTarget) -> TextWidths {
        match target {
            MermaidTarget::V11 => TextWidths {
                wrap: 200.0,
                min_node: 0.0,
            },
            MermaidTarget::V12 => TextWidths {
                wrap: 120.0,
                min_node: 120.0,
            },
        }
    }
}

/// Everything that decides a drawing's look beyond Mermaid's model.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    /// Colours and text size.
    pub theme: Theme,
    /// How nodes and subgraphs are drawn.
    pub look: LookName,
    /// Where labels wrap and how narrow nodes may be.
    pub widths: TextWidths,
    /// The curve of edges that name none (`flowchart.curve`).
    pub curve: Option<String>,
    /// See [`Options::allow_remote_images`].
    pub allow_remote_images: bool,
    /// Clusters deeper than this many levels drawn collapsed (`--depth`).
    pub depth: Option<usize>,
}

impl Default for Look {
    /// The look of a diagram that configures nothing, drawn for the default release.
    fn default() -> Look {
        Look::for_target(MermaidTarget::default())
    }
}

impl Look {
    /// The look of a diagram that configures nothing, drawn for `target`.
    pub fn for_target(target: MermaidTarget) -> Look {
        Look {
            theme: Theme::new(default_theme(target), &[]),
            look: LookName::default_for(target),
            widths: TextWidths::of(target),
            curve: None,
            allow_remote_images: false,
            depth: None,
        }
    }

    /// The look of a diagram drawn with `options`.
    pub fn of(chart: &Flowchart, options: &Options) -> Look {
        let config = DiagramConfig::of(chart);
        Look {
            theme: config.theme_for(options.theme, options.target),
            look: config.look_for(options.target),
            widths: TextWidths::of(options.target),
            curve: config.curve,
            allow_remote_images: options.allow_remote_images,
            depth: options.depth,
        }
    }
}

/// The theme of a release's flowcharts when neither the diagram nor the site names one.
pub fn default_theme(target: MermaidTarget) -> ThemeName {
    match target {
        MermaidTarget::V11 => ThemeName::Default,
        MermaidTarget::V12 => ThemeName::ReduxColor,
    }
}

/// The settings a diagram makes for itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiagramConfig {
    /// `theme`, as written.
    pub theme: Option<String>,
    /// `flowchart.theme`, as written (Mermaid 12 reads it before `theme`).
    pub flowchart_theme: Option<String>,
    /// `look`, as written.
    pub look: Option<String>,
    /// `flowchart.look`, as written (Mermaid 12 reads it before `look`).
    pub flowchart_look: Option<String>,
    /// `layout` (or `flowchart.layout`), as written: `elk`, `dagre`, … Read and accepted, never
    /// used: our own layout engine draws every diagram.
    pub layout: Option<String>,
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
        let text = |v: &Yaml| v.as_str().map(str::to_string);
        DiagramConfig {
            theme: text(&config["theme"]),
            flowchart_theme: text(&config["flowchart"]["theme"]),
            look: text(&config["look"]),
            flowchart_look: text(&config["flowchart"]["look"]),
            layout: text(&config["flowchart"]["layout"]).or_else(|| text(&config["layout"])),
            theme_variables,
            curve: config["flowchart"]["curve"].as_str().map(str::to_string),
        }
    }

    /// The theme to draw with for Mermaid 11: the diagram's own theme (or the nearest we
    /// have) with its `themeVariables` derived into it, or, when it names none, `site` with
    /// the variables copied over (Mermaid's `updateCurrentConfig` derives only when a
    /// directive sets `theme`).
    pub fn theme(&self, site: ThemeName) -> Theme {
        self.theme_for(Some(site), MermaidTarget::V11)
    }

    /// The theme to draw with for `target`, `site` being the `--theme` given (if any).
    ///
    /// Mermaid 11: as [`DiagramConfig::theme`], the site theme being `default` when none is
    /// given. Mermaid 12 resolves `flowchart.theme`, then `theme`, in the diagram, then the site
    /// theme, then the flowchart's own default (`redux-color`), and derives the variables into
    /// the theme whenever it is not the site's (12's `updateCurrentConfig`), so a diagram
    /// that sets only `themeVariables` has them derived into `redux-color`.
    pub fn theme_for(&self, site: Option<ThemeName>, target: MermaidTarget) -> Theme {
        let own = match target {
            MermaidTarget::V11 => self
                .theme
                .as_deref()
                .and_then(|t| ThemeName::nearest(t, target)),
            MermaidTarget::V12 => [&self.flowchart_theme, &self.theme]
                .into_iter()
                .find_map(|t| t.as_deref().and_then(|t| ThemeName::nearest(t, target))),
        };
        let derived = |name| Theme::new(name, &self.theme_variables);
        match (own, site) {
            (Some(name), _) => derived(name),
            (None, None) if target == MermaidTarget::V12 => derived(ThemeName::ReduxColor),
            (None, site) => {
                let site = match (site, target) {
                    // 11's `redux-color` is not 12's: drawn as `default`, as when a diagram
                    // names it.
                    (Some(ThemeName::ReduxColor), MermaidTarget::V11) => ThemeName::Default,
                    (Some(site), _) => site,
                    (None, _) => default_theme(target),
                };
                if self.theme_variables.is_empty() {
                    Theme::new(site, &[])
                } else {
                    Theme::with_copied(site, &self.theme_variables)
                }
            }
        }
    }

    /// The look to draw with for `target`: the diagram's `look` (Mermaid 12 reads
    /// `flowchart.look` first) when Mermaid knows it, else the release's default.
    pub fn look_for(&self, target: MermaidTarget) -> LookName {
        let written: &[&Option<String>] = match target {
            MermaidTarget::V11 => &[&self.look],
            MermaidTarget::V12 => &[&self.flowchart_look, &self.look],
        };
        written
            .iter()
            .find_map(|l| l.as_deref().and_then(LookName::from_name))
            .unwrap_or_else(|| LookName::default_for(target))
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
    fn mermaid_12_draws_redux_color_and_neo_unless_told_otherwise() {
        use MermaidTarget::{V11, V12};
        let plain = config("flowchart LR\nA\n");
        assert_eq!(
            plain.theme_for(None, V12),
            Theme::new(ThemeName::ReduxColor, &[])
        );
        assert_eq!(plain.theme_for(None, V11), Theme::default());
        assert_eq!(plain.look_for(V12), LookName::Neo);
        assert_eq!(plain.look_for(V11), LookName::Classic);
        // The site theme (`--theme`) wins over the release's default, not over the diagram's.
        assert_eq!(
            plain.theme_for(Some(ThemeName::Dark), V12),
            Theme::new(ThemeName::Dark, &[])
        );
        let own = config(
            "---\nconfig:\n  theme: forest\n  look: classic\n  layout: elk\n---\nflowchart LR\nA\n",
        );
        assert_eq!(
            own.theme_for(Some(ThemeName::Dark), V12),
            Theme::new(ThemeName::Forest, &[])
        );
        assert_eq!(own.look_for(V12), LookName::Classic);
        assert_eq!(own.layout.as_deref(), Some("elk"));
        // Mermaid 12 reads the flowchart's own section first; 11 does not know it.
        let scoped = config(
            "%%{init: {\"theme\": \"forest\", \"look\": \"classic\", \"layout\": \"dagre\", \"flowchart\": {\"theme\": \"neutral\", \"look\": \"neo\"}}}%%\nflowchart LR\nA\n",
        );
        assert_eq!(
            scoped.theme_for(None, V12),
            Theme::new(ThemeName::Neutral, &[])
        );
        assert_eq!(scoped.look_for(V12), LookName::Neo);
        assert_eq!(
            scoped.theme_for(None, V11),
            Theme::new(ThemeName::Forest, &[])
        );
        assert_eq!(scoped.look_for(V11), LookName::Classic);
        assert_eq!(scoped.layout.as_deref(), Some("dagre"));
        // Unknown looks fall back to the release's default; handDrawn is drawn classic.
        assert_eq!(
            config("---\nconfig:\n  look: sketchy\n---\nflowchart LR\nA\n").look_for(V12),
            LookName::Neo
        );
        assert_eq!(
            config("---\nconfig:\n  look: handDrawn\n---\nflowchart LR\nA\n").look_for(V12),
            LookName::Classic
        );
        // Variables without a theme are derived into redux-color under 12 (it is not the
        // site's theme), copied over the site theme under 11.
        let vars = config(
            "%%{init: {\"themeVariables\": {\"primaryColor\": \"#ff0000\", \"darkMode\": true}}}%%\nflowchart LR\nA\n",
        );
        assert_eq!(vars.theme_for(None, V12).node_text.color, "#eee");
        assert_eq!(vars.theme_for(None, V11).node_text.color, "#333");
        // redux-color is 12's; 11 draws its older namesake as `default`.
        let redux = config("%%{init: {\"theme\": \"redux-color\"}}%%\nflowchart LR\nA\n");
        assert_eq!(redux.theme_for(None, V11), Theme::default());
        assert_eq!(
            plain.theme_for(Some(ThemeName::ReduxColor), V11),
            Theme::default()
        );
        assert_eq!(
            redux.theme_for(Some(ThemeName::Dark), V12),
            Theme::new(ThemeName::ReduxColor, &[])
        );
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
