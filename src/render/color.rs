//! The colour functions Mermaid's themes use, ported from khroma (the library Mermaid derives
//! its theme colours with): parsing CSS colours, `adjust`, `lighten`, `darken`, `invert` and
//! `rgba`, each taking and returning a colour string exactly as khroma does, so that a derived
//! theme colour is the same text Mermaid would write.

/// A parsed colour: red, green and blue (0–255) or hue (degrees), saturation and lightness
/// (percent), whichever the text gave, and alpha (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Channels {
    Rgb([f64; 3], f64),
    Hsl([f64; 3], f64),
}

impl Channels {
    fn alpha(self) -> f64 {
        match self {
            Channels::Rgb(_, a) | Channels::Hsl(_, a) => a,
        }
    }

    fn rgb(self) -> [f64; 3] {
        match self {
            Channels::Rgb(c, _) => c,
            Channels::Hsl(hsl, _) => [0, 1, 2].map(|i| hsl_to_rgb(hsl, i)),
        }
    }

    fn hsl(self) -> [f64; 3] {
        match self {
            Channels::Hsl(c, _) => c,
            Channels::Rgb(rgb, _) => [0, 1, 2].map(|i| rgb_to_hsl(rgb, i)),
        }
    }
}

/// The CSS colour keywords khroma knows, sorted by name.
const KEYWORDS: &[(&str, &str)] = &[
    ("aliceblue", "f0f8ff"),
    ("antiquewhite", "faebd7"),
    ("aqua", "00ffff"),
    ("aquamarine", "7fffd4"),
    ("azure", "f0ffff"),
    ("beige", "f5f5dc"),
    ("bisque", "ffe4c4"),
    ("black", "000000"),
    ("blanchedalmond", "ffebcd"),
    ("blue", "0000ff"),
    ("blueviolet", "8a2be2"),
    ("brown", "a52a2a"),
    ("burlywood", "deb887"),
    ("cadetblue", "5f9ea0"),
    ("chartreuse", "7fff00"),
    ("chocolate", "d2691e"),
    ("coral", "ff7f50"),
    ("cornflowerblue", "6495ed"),
    ("cornsilk", "fff8dc"),
    ("crimson", "dc143c"),
    ("cyanaqua", "00ffff"),
    ("darkblue", "00008b"),
    ("darkcyan", "008b8b"),
    ("darkgoldenrod", "b8860b"),
    ("darkgray", "a9a9a9"),
    ("darkgreen", "006400"),
    ("darkgrey", "a9a9a9"),
    ("darkkhaki", "bdb76b"),
    ("darkmagenta", "8b008b"),
    ("darkolivegreen", "556b2f"),
    ("darkorange", "ff8c00"),
    ("darkorchid", "9932cc"),
    ("darkred", "8b0000"),
    ("darksalmon", "e9967a"),
    ("darkseagreen", "8fbc8f"),
    ("darkslateblue", "483d8b"),
    ("darkslategray", "2f4f4f"),
    ("darkslategrey", "2f4f4f"),
    ("darkturquoise", "00ced1"),
    ("darkviolet", "9400d3"),
    ("deeppink", "ff1493"),
    ("deepskyblue", "00bfff"),
    ("dimgray", "696969"),
    ("dimgrey", "696969"),
    ("dodgerblue", "1e90ff"),
    ("firebrick", "b22222"),
    ("floralwhite", "fffaf0"),
    ("forestgreen", "228b22"),
    ("fuchsia", "ff00ff"),
    ("gainsboro", "dcdcdc"),
    ("ghostwhite", "f8f8ff"),
    ("gold", "ffd700"),
    ("goldenrod", "daa520"),
    ("gray", "808080"),
    ("green", "008000"),
    ("greenyellow", "adff2f"),
    ("grey", "808080"),
    ("honeydew", "f0fff0"),
    ("hotpink", "ff69b4"),
    ("indianred", "cd5c5c"),
    ("indigo", "4b0082"),
    ("ivory", "fffff0"),
    ("khaki", "f0e68c"),
    ("lavender", "e6e6fa"),
    ("lavenderblush", "fff0f5"),
    ("lawngreen", "7cfc00"),
    ("lemonchiffon", "fffacd"),
    ("lightblue", "add8e6"),
    ("lightcoral", "f08080"),
    ("lightcyan", "e0ffff"),
    ("lightgoldenrodyellow", "fafad2"),
    ("lightgray", "d3d3d3"),
    ("lightgreen", "90ee90"),
    ("lightgrey", "d3d3d3"),
    ("lightpink", "ffb6c1"),
    ("lightsalmon", "ffa07a"),
    ("lightseagreen", "20b2aa"),
    ("lightskyblue", "87cefa"),
    ("lightslategray", "778899"),
    ("lightslategrey", "778899"),
    ("lightsteelblue", "b0c4de"),
    ("lightyellow", "ffffe0"),
    ("lime", "00ff00"),
    ("limegreen", "32cd32"),
    ("linen", "faf0e6"),
    ("magenta", "ff00ff"),
    ("maroon", "800000"),
    ("mediumaquamarine", "66cdaa"),
    ("mediumblue", "0000cd"),
    ("mediumorchid", "ba55d3"),
    ("mediumpurple", "9370db"),
    ("mediumseagreen", "3cb371"),
    ("mediumslateblue", "7b68ee"),
    ("mediumspringgreen", "00fa9a"),
    ("mediumturquoise", "48d1cc"),
    ("mediumvioletred", "c71585"),
    ("midnightblue", "191970"),
    ("mintcream", "f5fffa"),
    ("mistyrose", "ffe4e1"),
    ("moccasin", "ffe4b5"),
    ("navajowhite", "ffdead"),
    ("navy", "000080"),
    ("oldlace", "fdf5e6"),
    ("olive", "808000"),
    ("olivedrab", "6b8e23"),
    ("orange", "ffa500"),
    ("orangered", "ff4500"),
    ("orchid", "da70d6"),
    ("palegoldenrod", "eee8aa"),
    ("palegreen", "98fb98"),
    ("paleturquoise", "afeeee"),
    ("palevioletred", "db7093"),
    ("papayawhip", "ffefd5"),
    ("peachpuff", "ffdab9"),
    ("peru", "cd853f"),
    ("pink", "ffc0cb"),
    ("plum", "dda0dd"),
    ("powderblue", "b0e0e6"),
    ("purple", "800080"),
    ("rebeccapurple", "663399"),
    ("red", "ff0000"),
    ("rosybrown", "bc8f8f"),
    ("royalblue", "4169e1"),
    ("saddlebrown", "8b4513"),
    ("salmon", "fa8072"),
    ("sandybrown", "f4a460"),
    ("seagreen", "2e8b57"),
    ("seashell", "fff5ee"),
    ("sienna", "a0522d"),
    ("silver", "c0c0c0"),
    ("skyblue", "87ceeb"),
    ("slateblue", "6a5acd"),
    ("slategray", "708090"),
    ("slategrey", "708090"),
    ("snow", "fffafa"),
    ("springgreen", "00ff7f"),
    ("tan", "d2b48c"),
    ("teal", "008080"),
    ("thistle", "d8bfd8"),
    ("transparent", "00000000"),
    ("turquoise", "40e0d0"),
    ("violet", "ee82ee"),
    ("wheat", "f5deb3"),
    ("white", "ffffff"),
    ("whitesmoke", "f5f5f5"),
    ("yellow", "ffff00"),
    ("yellowgreen", "9acd32"),
];

/// Parses a CSS colour as khroma does: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`,
/// `rgba()`, `hsl()`, `hsla()` (commas or spaces, `/` before alpha, hue units) and the CSS
/// keywords. `None` where khroma would throw "Unsupported color format".
fn parse(color: &str) -> Option<Channels> {
    let color = color.trim();
    let lower = color.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix('#') {
        return parse_hex(hex);
    }
    if let Some(args) = strip_function(&lower, &["rgba(", "rgb("]) {
        let (values, alpha) = parse_args(args, false)?;
        let channel = |(v, pct): (f64, bool)| clamp_rgb(if pct { v * 2.55 } else { v });
        return Some(Channels::Rgb(
            [channel(values[0]), channel(values[1]), channel(values[2])],
            alpha,
        ));
    }
    if let Some(args) = strip_function(&lower, &["hsla(", "hsl("]) {
        let (values, alpha) = parse_args(args, true)?;
        let [(h, _), (s, s_pct), (l, l_pct)] = values;
        if !(s_pct && l_pct) {
            return None;
        }
        return Some(Channels::Hsl(
            [clamp_h(h), clamp_pct(s), clamp_pct(l)],
            alpha,
        ));
    }
    let hex = KEYWORDS
        .binary_search_by(|(name, _)| name.cmp(&lower.as_str()))
        .ok()?;
    parse_hex(KEYWORDS[hex].1)
}

/// What khroma returns for a colour it did not change: the text itself, or for a keyword the
/// hex code it stands for.
fn unchanged(color: &str) -> String {
    let lower = color.trim().to_ascii_lowercase();
    match KEYWORDS.binary_search_by(|(name, _)| name.cmp(&lower.as_str())) {
        Ok(k) => format!("#{}", KEYWORDS[k].1),
        Err(_) => color.to_string(),
    }
}

fn parse_hex(hex: &str) -> Option<Channels> {
    if !matches!(hex.len(), 3 | 4 | 6 | 8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digits: Vec<f64> = if hex.len() <= 4 {
        hex.bytes().map(|b| f64::from(hex_digit(b) * 17)).collect()
    } else {
        hex.as_bytes()
            .chunks(2)
            .map(|p| f64::from(hex_digit(p[0]) * 16 + hex_digit(p[1])))
            .collect()
    };
    let alpha = digits.get(3).map_or(1.0, |a| a / 255.0);
    Some(Channels::Rgb([digits[0], digits[1], digits[2]], alpha))
}

fn hex_digit(b: u8) -> u32 {
    char::from(b).to_digit(16).unwrap_or(0)
}

/// The arguments of `name(…)` when `color` is such a call.
fn strip_function<'a>(color: &'a str, names: &[&str]) -> Option<&'a str> {
    let rest = names.iter().find_map(|n| color.strip_prefix(n))?;
    rest.strip_suffix(')')
}

/// Three numbers (each with whether it had `%`) and an optional alpha, as khroma's `rgb`/`hsl`
/// expressions read them; the first may carry a hue unit when `hue` is set.
fn parse_args(args: &str, hue: bool) -> Option<([(f64, bool); 3], f64)> {
    let mut s = Scanner { rest: args };
    s.spaces();
    let first = if hue { s.hue()? } else { s.number_pct()? };
    s.separator(false)?;
    let second = s.number_pct()?;
    s.separator(false)?;
    let third = s.number_pct()?;
    let mut alpha = 1.0;
    let before_alpha = s.rest;
    if s.separator(true).is_some() {
        let (a, pct) = s.number_pct()?;
        alpha = clamp_alpha(if pct { a / 100.0 } else { a });
    } else {
        s.rest = before_alpha;
    }
    s.spaces();
    s.rest.is_empty().then_some(([first, second, third], alpha))
}

struct Scanner<'a> {
    rest: &'a str,
}

impl Scanner<'_> {
    fn spaces(&mut self) {
        self.rest = self.rest.trim_start();
    }

    /// `\s*?(?:,|\s)\s*?`, or before an alpha `\s*?(?:,|\/)\s*?\+?`.
    fn separator(&mut self, alpha: bool) -> Option<()> {
        let trimmed = self.rest.trim_start();
        let had_space = trimmed.len() < self.rest.len();
        let after = match trimmed.chars().next() {
            Some(',') => &trimmed[1..],
            Some('/') if alpha => &trimmed[1..],
            _ if had_space && !alpha => trimmed,
            _ => return None,
        };
        let after = after.trim_start();
        self.rest = if alpha {
            after.strip_prefix('+').unwrap_or(after)
        } else {
            after
        };
        Some(())
    }

    /// `-?(\d+(\.\d+)?|\.\d+)(e-?\d+)?`.
    fn number(&mut self) -> Option<f64> {
        let b = self.rest.as_bytes();
        let mut i = usize::from(b.first() == Some(&b'-'));
        let digits = |i: &mut usize| {
            let start = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > start
        };
        let int = digits(&mut i);
        if b.get(i) == Some(&b'.') {
            let mut j = i + 1;
            if digits(&mut j) {
                i = j;
            } else if !int {
                return None;
            }
        } else if !int {
            return None;
        }
        if b.get(i) == Some(&b'e') {
            let mut j = i + 1;
            if b.get(j) == Some(&b'-') {
                j += 1;
            }
            if digits(&mut j) {
                i = j;
            }
        }
        let v = self.rest[..i].parse::<f64>().ok()?;
        self.rest = &self.rest[i..];
        Some(v)
    }

    fn number_pct(&mut self) -> Option<(f64, bool)> {
        let v = self.number()?;
        let pct = self.rest.starts_with('%');
        if pct {
            self.rest = &self.rest[1..];
        }
        Some((v, pct))
    }

    /// A hue in degrees, from a number with an optional `deg`, `grad`, `rad` or `turn`.
    fn hue(&mut self) -> Option<(f64, bool)> {
        let v = self.number()?;
        for (unit, factor) in [
            ("deg", 1.0),
            ("grad", 0.9),
            ("rad", 180.0 / std::f64::consts::PI),
            ("turn", 360.0),
        ] {
            if let Some(rest) = self.rest.strip_prefix(unit) {
                self.rest = rest;
                return Some((clamp_h(v * factor), false));
            }
        }
        Some((clamp_h(v), false))
    }
}

fn clamp_rgb(v: f64) -> f64 {
    v.clamp(0.0, 255.0)
}

fn clamp_pct(v: f64) -> f64 {
    v.clamp(0.0, 100.0)
}

fn clamp_alpha(v: f64) -> f64 {
    v.clamp(0.0, 1.0)
}

/// JavaScript's `h % 360` (the sign of `h` is kept).
fn clamp_h(v: f64) -> f64 {
    v % 360.0
}

/// khroma's `rgb2hsl` for channel `i` (0 hue, 1 saturation, 2 lightness).
fn rgb_to_hsl([r, g, b]: [f64; 3], i: usize) -> f64 {
    let (r, g, b) = (r / 255.0, g / 255.0, b / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    if i == 2 {
        return l * 100.0;
    }
    if max == min {
        return 0.0;
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    if i == 1 {
        return s * 100.0;
    }
    if max == r {
        ((g - b) / d + if g < b { 6.0 } else { 0.0 }) * 60.0
    } else if max == g {
        ((b - r) / d + 2.0) * 60.0
    } else {
        ((r - g) / d + 4.0) * 60.0
    }
}

/// khroma's `hsl2rgb` for channel `i` (0 red, 1 green, 2 blue).
fn hsl_to_rgb([h, s, l]: [f64; 3], i: usize) -> f64 {
    if s == 0.0 || s.is_nan() {
        return l * 2.55;
    }
    let (h, s, l) = (h / 360.0, s / 100.0, l / 100.0);
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let t = match i {
        0 => h + 1.0 / 3.0,
        1 => h,
        _ => h - 1.0 / 3.0,
    };
    hue_to_rgb(p, q, t) * 255.0
}

fn hue_to_rgb(p: f64, q: f64, mut t: f64) -> f64 {
    if t < 0.0 {
        t += 1.0;
    }
    if t > 1.0 {
        t -= 1.0;
    }
    if t < 1.0 / 6.0 {
        p + (q - p) * 6.0 * t
    } else if t < 0.5 {
        q
    } else if t < 2.0 / 3.0 {
        p + (q - p) * (2.0 / 3.0 - t) * 6.0
    } else {
        p
    }
}

/// JavaScript's `Math.round`: halves go up.
fn js_round(v: f64) -> f64 {
    (v + 0.5).floor()
}

/// khroma's rounding to 10 decimals.
fn round10(v: f64) -> f64 {
    js_round(v * 1e10) / 1e10
}

/// A number as JavaScript prints it (`0` for `-0`, no `.0` on integers).
fn js_num(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    if v.abs() < 1e-6 {
        return format!("{v:e}");
    }
    format!("{v}")
}

fn hsl_string([h, s, l]: [f64; 3], a: f64) -> String {
    let (h, s, l) = (js_num(round10(h)), js_num(round10(s)), js_num(round10(l)));
    if a < 1.0 {
        format!("hsla({h}, {s}%, {l}%, {})", js_num(a))
    } else {
        format!("hsl({h}, {s}%, {l}%)")
    }
}

/// khroma's `Color.stringify` for channels changed in RGB: hex when the channels are whole and
/// opaque, `rgb()`/`rgba()` otherwise.
fn rgb_string(rgb: [f64; 3], a: f64) -> String {
    if a < 1.0 || rgb.iter().any(|c| c.fract() != 0.0) {
        let [r, g, b] = rgb.map(|c| js_num(round10(c)));
        if a < 1.0 {
            format!("rgba({r}, {g}, {b}, {})", js_num(round10(a)))
        } else {
            format!("rgb({r}, {g}, {b})")
        }
    } else {
        let [r, g, b] = rgb.map(|c| js_round(c) as u8);
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// Whether khroma can read `color`.
pub fn is_valid(color: &str) -> bool {
    parse(color).is_some()
}

/// The colour as opaque `#rrggbb` and its alpha, for writing a colour with alpha as a colour
/// and an opacity attribute.
pub fn split_alpha(color: &str) -> Option<(String, f64)> {
    let ch = parse(color)?;
    let [r, g, b] = ch.rgb().map(|c| js_round(clamp_rgb(c)) as u8);
    Some((format!("#{r:02x}{g:02x}{b:02x}"), ch.alpha()))
}

/// khroma's `adjust(color, {h, s, l})`: the hue, saturation and lightness moved by the given
/// amounts (a zero amount leaves its channel alone), written as `hsl()`; the colour unchanged
/// when every amount is zero. `None` when the colour cannot be read.
pub fn adjust(color: &str, h: f64, s: f64, l: f64) -> Option<String> {
    let ch = parse(color)?;
    if h == 0.0 && s == 0.0 && l == 0.0 {
        return Some(unchanged(color));
    }
    let mut hsl = ch.hsl();
    for (i, (d, clamp)) in [
        (h, clamp_h as fn(f64) -> f64),
        (s, clamp_pct),
        (l, clamp_pct),
    ]
    .into_iter()
    .enumerate()
    {
        if d != 0.0 {
            hsl[i] = clamp(hsl[i] + d);
        }
    }
    Some(hsl_string(hsl, ch.alpha()))
}

/// khroma's `lighten(color, amount)`: lightness raised by `amount` percent (the colour
/// unchanged when it cannot get lighter).
pub fn lighten(color: &str, amount: f64) -> Option<String> {
    adjust_lightness(color, amount)
}

/// khroma's `darken(color, amount)`: lightness lowered by `amount` percent.
pub fn darken(color: &str, amount: f64) -> Option<String> {
    adjust_lightness(color, -amount)
}

fn adjust_lightness(color: &str, amount: f64) -> Option<String> {
    let ch = parse(color)?;
    let mut hsl = ch.hsl();
    let next = clamp_pct(hsl[2] + amount);
    if next == hsl[2] {
        return Some(unchanged(color));
    }
    hsl[2] = next;
    Some(hsl_string(hsl, ch.alpha()))
}

/// khroma's `invert(color)`: every RGB channel `c` becomes `255 - c`, alpha kept.
pub fn invert(color: &str) -> Option<String> {
    let ch = parse(color)?;
    Some(rgba(ch.rgb().map(|c| 255.0 - c), ch.alpha()))
}

/// khroma's `rgba(r, g, b, a)`: the colour of those channels.
pub fn rgba(rgb: [f64; 3], a: f64) -> String {
    rgb_string(rgb.map(clamp_rgb), clamp_alpha(a))
}

/// Mermaid's `mkBorder`: a border colour for a fill, less saturated and darker (lighter in
/// dark mode).
pub fn mk_border(color: &str, dark_mode: bool) -> Option<String> {
    if dark_mode {
        adjust(color, 0.0, -40.0, 10.0)
    } else {
        adjust(color, 0.0, -40.0, -10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: Option<String>) -> String {
        v.expect("valid colour")
    }

    #[test]
    fn keywords_are_sorted_for_lookup() {
        assert!(KEYWORDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(parse("White"), Some(Channels::Rgb([255.0; 3], 1.0)));
        assert_eq!(parse("transparent"), Some(Channels::Rgb([0.0; 3], 0.0)));
    }

    #[test]
    fn reads_every_css_notation() {
        assert_eq!(parse("#abc"), parse("#aabbcc"));
        assert_eq!(parse("#aabbcc80").map(Channels::alpha), Some(128.0 / 255.0));
        assert_eq!(parse("#abcd").map(Channels::alpha), Some(221.0 / 255.0));
        assert_eq!(
            parse("rgba(232,232,232, 0.8)"),
            Some(Channels::Rgb([232.0; 3], 0.8))
        );
        assert_eq!(
            parse("rgb(100% 0% 50% / 50%)"),
            Some(Channels::Rgb([100.0 * 2.55, 0.0, 50.0 * 2.55], 0.5))
        );
        assert_eq!(
            parse("hsl(0.5turn, 50%, 40%)"),
            Some(Channels::Hsl([180.0, 50.0, 40.0], 1.0))
        );
        for bad in [
            "",
            "#ab",
            "#abcde",
            "#ggg",
            "rgb(1,2)",
            "rgb(1,2,3",
            "hsl(1, 2, 3)",
            "url(x)",
            "nosuchcolour",
            "rgb(1,,2,3)",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    /// Values Mermaid's theme files compute with khroma, worked out by hand from khroma's
    /// formulas (and matching the colours in SVGs Mermaid 11 writes).
    #[test]
    fn derived_colours_match_khroma() {
        // default theme: primaryBorderColor = mkBorder('#ECECFF').
        assert_eq!(
            s(mk_border("#ECECFF", false)),
            "hsl(240, 60%, 86.2745098039%)"
        );
        // tertiaryColor = adjust('#ECECFF', { h: -160 }).
        assert_eq!(
            s(adjust("#ECECFF", -160.0, 0.0, 0.0)),
            "hsl(80, 100%, 96.2745098039%)"
        );
        // base theme: lineColor = invert('#f4f4f4').
        assert_eq!(s(invert("#f4f4f4")), "#0b0b0b");
        assert_eq!(s(invert("white")), "#000000");
        assert_eq!(s(invert("rgba(255, 0, 0, 0.5)")), "rgba(0, 255, 255, 0.5)");
        // dark theme: secondBkg = lighten('#1f2020', 16).
        assert_eq!(
            s(lighten("#1f2020", 16.0)),
            "hsl(180, 1.5873015873%, 28.3529411765%)"
        );
        // dark theme: edgeLabelBackground = lighten('#181818', 25).
        assert_eq!(s(lighten("#181818", 25.0)), "hsl(0, 0%, 34.4117647059%)");
        assert_eq!(
            rgba([255.0, 255.0, 255.0], 0.25),
            "rgba(255, 255, 255, 0.25)"
        );
        // base theme: secondaryColor = adjust('#fff4dd', { h: -120 }) keeps a negative hue.
        assert_eq!(
            s(adjust("#fff4dd", -120.0, 0.0, 0.0)),
            "hsl(-79.4117647059, 100%, 93.3333333333%)"
        );
    }

    /// 24 colours in every notation through the operations Mermaid's themes use, against
    /// khroma 2.1.0 itself (`tools/mermaid-oracle/khroma.mjs`).
    #[test]
    fn operations_match_khroma() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../fixtures/render/khroma-oracle.json"))
                .expect("JSON");
        let cases = cases.as_array().expect("cases");
        assert_eq!(cases.len(), 192);
        for case in cases {
            let c = case["colour"].as_str().unwrap();
            let op = case["op"].as_str().unwrap();
            let ours = match op {
                "invert" => invert(c),
                "lighten 16" => lighten(c, 16.0),
                "lighten 55" => lighten(c, 55.0),
                "darken 30" => darken(c, 30.0),
                "adjust h -160" => adjust(c, -160.0, 0.0, 0.0),
                "adjust h 180 l 5" => adjust(c, 180.0, 0.0, 5.0),
                "adjust s -40 l -10" => mk_border(c, false),
                "adjust s -40 l 10" => mk_border(c, true),
                other => panic!("{other}"),
            };
            assert_eq!(ours.as_deref(), case["result"].as_str(), "{op}({c:?})");
        }
    }

    #[test]
    fn unchanged_colours_keep_their_text() {
        assert_eq!(s(lighten("white", 10.0)), "#ffffff");
        assert_eq!(s(darken("black", 10.0)), "#000000");
        assert_eq!(s(darken("#ABC", 0.0)), "#ABC");
        assert_eq!(s(adjust("#ABC", 0.0, 0.0, 0.0)), "#ABC");
        assert_eq!(s(darken("#ffffff", 100.0)), "hsl(0, 0%, 0%)");
    }

    proptest::proptest! {
        /// Any text: no panic, and whatever comes out of a colour function is a colour khroma
        /// reads again, written only with the characters of CSS colour notation.
        #[test]
        fn colour_functions_are_total(text in "\\PC{0,24}", d in -400.0..400.0f64) {
            for out in [adjust(&text, d, d / 3.0, -d / 5.0), lighten(&text, d), invert(&text)]
                .into_iter()
                .flatten()
                .filter(|o| *o != text)
            {
                proptest::prop_assert!(is_valid(&out), "{out:?}");
                proptest::prop_assert!(
                    out.chars().all(|c| c.is_ascii_alphanumeric() || " #.,%()-".contains(c)),
                    "{out:?}"
                );
            }
        }

        /// Every RGB colour survives the trip through HSL.
        #[test]
        fn hsl_round_trips(r in 0u8..=255, g in 0u8..=255, b in 0u8..=255) {
            let rgb = [f64::from(r), f64::from(g), f64::from(b)];
            let hsl = [0, 1, 2].map(|i| rgb_to_hsl(rgb, i));
            let back = [0, 1, 2].map(|i| hsl_to_rgb(hsl, i));
            for (x, y) in rgb.iter().zip(back) {
                proptest::prop_assert!((x - y).abs() < 1e-6, "{rgb:?} → {hsl:?} → {back:?}");
            }
        }
    }

    #[test]
    fn khroma_number_formatting() {
        assert_eq!(js_num(-0.0), "0");
        assert_eq!(js_num(86.27450980392157_f64), "86.27450980392157");
        assert_eq!(js_num(round10(86.27450980392157)), "86.2745098039");
        assert_eq!(js_round(-2.5), -2.0);
        assert_eq!(rgba([1.5, 2.0, 3.0], 1.0), "rgb(1.5, 2, 3)");
        assert_eq!(rgba([300.0, -4.0, 16.0], 2.0), "#ff0010");
    }
}
