//! User styles (`classDef`, `class`, `style`, `linkStyle`) read into a small set of checked
//! properties. Only known properties with plain values survive: no `url(…)`, no quotes, no
//! semicolons, braces or angle brackets, so nothing a user writes can reach the SVG as CSS or
//! markup. The writer emits them as presentation attributes, XML-escaped.

/// The properties a style may set, with values already checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Style {
    /// Shape fill.
    pub fill: Option<String>,
    /// Outline or line colour.
    pub stroke: Option<String>,
    /// Outline or line width.
    pub stroke_width: Option<String>,
    /// Dash pattern.
    pub stroke_dasharray: Option<String>,
    /// Whole-element opacity.
    pub opacity: Option<String>,
    /// Fill opacity.
    pub fill_opacity: Option<String>,
    /// Stroke opacity.
    pub stroke_opacity: Option<String>,
    /// Text colour (`color`).
    pub color: Option<String>,
    /// Text weight.
    pub font_weight: Option<String>,
    /// Text style (`italic`).
    pub font_style: Option<String>,
    /// Text size in pixels, when given in `px` or as a bare number.
    pub font_size: Option<f64>,
}

impl Style {
    /// Applies `prop:value` declarations in order (later ones win); anything unknown or unsafe
    /// is ignored.
    pub fn apply<S: AsRef<str>>(&mut self, decls: &[S]) {
        for decl in decls {
            for part in decl.as_ref().split(';') {
                self.apply_one(part);
            }
        }
    }

    fn apply_one(&mut self, decl: &str) {
        let Some((prop, value)) = decl.split_once(':') else {
            return;
        };
        let prop = prop.trim().to_ascii_lowercase();
        let Some(value) = safe_value(value) else {
            return;
        };
        let slot = match prop.as_str() {
            "fill" | "background" | "background-color" => &mut self.fill,
            "stroke" => &mut self.stroke,
            "stroke-width" => &mut self.stroke_width,
            "stroke-dasharray" => &mut self.stroke_dasharray,
            "opacity" => &mut self.opacity,
            "fill-opacity" => &mut self.fill_opacity,
            "stroke-opacity" => &mut self.stroke_opacity,
            "color" => &mut self.color,
            "font-weight" => &mut self.font_weight,
            "font-style" => &mut self.font_style,
            "font-size" => {
                let n = value.trim_end_matches("px").trim();
                if let Ok(px) = n.parse::<f64>()
                    && (4.0..=200.0).contains(&px)
                {
                    self.font_size = Some(px);
                }
                return;
            }
            _ => return,
        };
        *slot = Some(value);
    }

    /// Whether the text is bold.
    pub fn bold(&self) -> bool {
        match self.font_weight.as_deref() {
            Some("bold" | "bolder") => true,
            Some(w) => w.parse::<u32>().is_ok_and(|n| n >= 600),
            None => false,
        }
    }
}

/// The value if it is plain: letters, digits, spaces and `# . , % -`, or one colour function
/// (`rgb(…)`, `rgba(…)`, `hsl(…)`, `hsla(…)`); `!important` is dropped. `None` otherwise.
pub fn safe_value(value: &str) -> Option<String> {
    let v = value.trim();
    let v = v.strip_suffix("!important").map(str::trim_end).unwrap_or(v);
    if v.is_empty() || v.len() > 64 {
        return None;
    }
    let plain =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '#' | '.' | ',' | '%' | '-');
    if v.chars().all(plain) {
        return Some(v.to_string());
    }
    let lower = v.to_ascii_lowercase();
    let args = ["rgb(", "rgba(", "hsl(", "hsla("]
        .iter()
        .find_map(|f| lower.strip_prefix(f))?
        .strip_suffix(')')?;
    args.chars().all(plain).then(|| v.to_string())
}

/// The link if it is safe to keep: `http:`, `https:` or `mailto:` URLs and relative ones
/// (no scheme). Control characters and spaces, which browsers strip when reading a scheme, make
/// a link unsafe.
pub fn safe_link(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty()
        || url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() && c != ' ')
    {
        return None;
    }
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    match before_path.find(':') {
        None => Some(url.to_string()),
        Some(k) => {
            let scheme = before_path[..k].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto").then(|| url.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_properties_are_kept_in_order() {
        let mut s = Style::default();
        s.apply(&[
            "fill:#f9f",
            "stroke:#333",
            "stroke-width:4px",
            "fill: red !important",
        ]);
        assert_eq!(s.fill.as_deref(), Some("red"));
        assert_eq!(s.stroke.as_deref(), Some("#333"));
        assert_eq!(s.stroke_width.as_deref(), Some("4px"));
        s.apply(&[
            "color:rgb(10, 20, 30)",
            "font-weight:bold",
            "font-size:20px",
        ]);
        assert_eq!(s.color.as_deref(), Some("rgb(10, 20, 30)"));
        assert!(s.bold());
        assert_eq!(s.font_size, Some(20.0));
    }

    proptest::proptest! {
        /// Whatever the declaration, what survives is a known property with a value that
        /// cannot leave an attribute or start CSS, markup or a URL.
        #[test]
        fn anything_kept_is_plain(decl in "\\PC{0,40}") {
            let mut s = Style::default();
            s.apply(&[decl.as_str()]);
            for v in [&s.fill, &s.stroke, &s.stroke_width, &s.stroke_dasharray, &s.opacity,
                      &s.fill_opacity, &s.stroke_opacity, &s.color, &s.font_weight, &s.font_style]
                .into_iter()
                .flatten()
            {
                proptest::prop_assert!(v.len() <= 64);
                proptest::prop_assert!(!v.contains(['<', '>', '"', '\'', ';', '{', '}', '&', '\\', '/', ':']), "{v:?}");
                proptest::prop_assert!(!v.to_ascii_lowercase().contains("url"), "{v:?}");
            }
        }
    }

    #[test]
    fn unsafe_values_are_dropped() {
        for bad in [
            "fill:url(javascript:alert(1))",
            "fill:red;}</style><script>alert(1)</script>",
            "fill:\"red\"",
            "fill:expression(alert(1))",
            "fill:rgb(1,2,3) url(#x)",
            "fill:red\" onload=\"x",
            "fill:<b>",
        ] {
            let mut s = Style::default();
            s.apply(&[bad]);
            assert!(
                s.fill.is_none() || s.fill.as_deref() == Some("red"),
                "{bad} → {:?}",
                s.fill
            );
        }
        let mut s = Style::default();
        s.apply(&["behavior:url(x.htc)", "position:fixed"]);
        assert_eq!(s, Style::default());
    }
}
