//! Icon and image nodes (`@{ icon: …, form: …, pos: …, h: … }`, `@{ img: …, w: …, h: …,
//! constraint: on }`), sized as Mermaid's `icon`, `iconSquare`, `iconCircle`, `iconRounded` and
//! `imageSquare` shapes size them. We have no icon packs and fetch nothing, so an icon is drawn
//! as a line pictogram when its name is a common one ([`Pictogram`]), else as a badge with its
//! name's initials, and an image as a framed placeholder unless remote images are allowed.

use super::pictogram::Pictogram;
use super::style::safe_link;

/// Mermaid's icon size when neither `w` nor `h` is given.
const DEFAULT_ICON: f64 = 48.0;

/// Mermaid's `flowchart.padding`, half of which surrounds a square or rounded icon.
const FLOWCHART_PADDING: f64 = 15.0;

/// The room around the icon inside an icon circle, on each side.
const CIRCLE_PADDING: f64 = 20.0;

/// Mermaid's `flowchart.wrappingWidth`: a labelled image is at least this wide.
const WRAPPING_WIDTH: f64 = 200.0;

/// Space between the icon or image and its label.
pub const LABEL_GAP: f64 = 8.0;

/// Sizes given with `w`/`h` are kept within this range (pixels).
const MAX_SIZE: f64 = 1000.0;

/// The background behind an icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// None: the icon alone (Mermaid's `icon` shape).
    Plain,
    /// `form: square`.
    Square,
    /// `form: rounded`.
    Rounded,
    /// `form: circle`.
    Circle,
}

/// What the node shows above or below its label.
#[derive(Debug, Clone, PartialEq)]
pub enum AssetKind {
    /// An icon, drawn as a pictogram or with the initials of its name.
    Icon {
        /// The pictogram for its name, when there is one.
        pictogram: Option<Pictogram>,
        /// The initials (one or two characters, `?` when the name has none).
        initials: String,
        /// Its background.
        form: Form,
    },
    /// An image.
    Image {
        /// The URL to link as `<image>`, when remote images are allowed and it is http(s) or
        /// relative; a placeholder is drawn otherwise.
        href: Option<String>,
    },
}

/// An icon or image and where its label goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// What is drawn.
    pub kind: AssetKind,
    /// Width of the icon's background or the image.
    pub width: f64,
    /// Height of the icon's background or the image.
    pub height: f64,
    /// `pos: t`: the label above rather than below.
    pub label_on_top: bool,
}

/// Where the parts of an asset node are, inside its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parts {
    /// The icon's background or the image: x, y, width, height.
    pub asset: (f64, f64, f64, f64),
    /// The label's box (x, y, width, height), when there is a label.
    pub label: Option<(f64, f64, f64, f64)>,
}

impl Parts {
    /// The outlines edges end on: the icon's background or the image (a circle as a
    /// polygon), and the label's box stretched over the gap to it, as Mermaid's
    /// `intersect` polygon joins them.
    pub fn outlines(&self, form: Option<Form>) -> Vec<Vec<(f64, f64)>> {
        let rect = |(x, y, w, h): (f64, f64, f64, f64)| {
            vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        };
        let (ax, ay, aw, ah) = self.asset;
        let mut out = vec![if form == Some(Form::Circle) {
            let (cx, cy, r) = (ax + aw / 2.0, ay + ah / 2.0, aw / 2.0);
            (0..32)
                .map(|k| {
                    let a = f64::from(k) * std::f64::consts::TAU / 32.0;
                    (cx + r * a.cos(), cy + r * a.sin())
                })
                .collect()
        } else {
            rect(self.asset)
        }];
        if let Some((lx, ly, lw, lh)) = self.label {
            let (top, bottom) = (ly.min(ay + ah), (ly + lh).max(ay));
            out.push(rect((lx, top, lw, bottom - top)));
        }
        out
    }
}

/// A size from node data: finite and positive, at most [`MAX_SIZE`].
fn size(v: Option<f64>) -> Option<f64> {
    v.filter(|s| s.is_finite() && *s > 0.0)
        .map(|s| s.min(MAX_SIZE))
}

impl Asset {
    /// The asset of a node with `icon` or `img` data, as Mermaid's `getTypeFromVertex` picks
    /// its shape (an image wins over an icon).
    pub fn of(
        vertex: &crate::flowdb::Vertex,
        labelled: bool,
        allow_remote_images: bool,
    ) -> Option<Asset> {
        let (w, h) = (size(vertex.asset_width()), size(vertex.asset_height()));
        let label_on_top = vertex.pos() == Some("t");
        if let Some(url) = vertex.img() {
            let (width, height) = image_size(w, h, labelled, vertex.constraint());
            let href = allow_remote_images.then(|| image_link(url)).flatten();
            return Some(Asset {
                kind: AssetKind::Image { href },
                width,
                height,
                label_on_top,
            });
        }
        let icon = vertex.icon()?;
        let form = match vertex.form() {
            Some("square") => Form::Square,
            Some("rounded") => Form::Rounded,
            Some("circle") => Form::Circle,
            _ => Form::Plain,
        };
        let icon_size = w.unwrap_or(DEFAULT_ICON).max(h.unwrap_or(DEFAULT_ICON));
        let side = match form {
            Form::Plain => icon_size,
            Form::Square | Form::Rounded => icon_size + FLOWCHART_PADDING,
            Form::Circle => icon_size * std::f64::consts::SQRT_2 + 2.0 * CIRCLE_PADDING,
        };
        Some(Asset {
            kind: AssetKind::Icon {
                pictogram: Pictogram::for_icon(icon),
                initials: initials(icon),
                form,
            },
            width: side,
            height: side,
            label_on_top,
        })
    }

    /// The node's box around the asset and a label block of `label` size (zero when there is
    /// no label): as wide as the wider, as tall as both with [`LABEL_GAP`] between.
    pub fn box_size(&self, label: Option<(f64, f64)>) -> (f64, f64) {
        match label {
            Some((w, h)) => (self.width.max(w), self.height + LABEL_GAP + h),
            None => (self.width, self.height),
        }
    }

    /// Where the asset and the label go in the node box `(x, y, width, height)`.
    pub fn parts(&self, node: (f64, f64, f64, f64), label: Option<(f64, f64)>) -> Parts {
        let (x, y, width, height) = node;
        let cx = x + width / 2.0;
        let asset_y = match (label, self.label_on_top) {
            (Some(_), true) => y + height - self.height,
            _ => y,
        };
        let asset = (cx - self.width / 2.0, asset_y, self.width, self.height);
        let label = label.map(|(w, h)| {
            let ly = if self.label_on_top { y } else { y + height - h };
            (cx - w / 2.0, ly, w, h)
        });
        Parts { asset, label }
    }
}

/// `imageSquare`'s size without the image's natural size (we do not fetch it): the natural
/// size is taken as `w`×`h` (square when one is missing, 48px when both are).
fn image_size(
    w: Option<f64>,
    h: Option<f64>,
    labelled: bool,
    constraint: Option<&str>,
) -> (f64, f64) {
    let natural_w = w.or(h).unwrap_or(DEFAULT_ICON);
    let natural_h = h.or(w).unwrap_or(DEFAULT_ICON);
    let aspect = natural_w / natural_h;
    let raw_width = (if labelled { WRAPPING_WIDTH } else { 0.0 }).max(w.unwrap_or(natural_w));
    let on = constraint == Some("on");
    let width = match (on, h) {
        (true, Some(h)) => h * aspect,
        _ => raw_width,
    };
    let height = if on {
        width / aspect
    } else {
        h.unwrap_or(natural_h)
    };
    (width.min(MAX_SIZE), height.min(MAX_SIZE))
}

/// The image URL if it may be linked: `http:`, `https:` or relative (no `data:`, no
/// `javascript:`, no `mailto:`).
pub fn image_link(url: &str) -> Option<String> {
    let link = safe_link(url)?;
    let scheme_end = link.split(['/', '?', '#']).next().unwrap_or("").find(':');
    match scheme_end {
        Some(k) if link[..k].eq_ignore_ascii_case("mailto") => None,
        _ => Some(link),
    }
}

/// Up to two initials of an icon name (`fa:user-secret` → `US`, `fa:fa-user` → `U`,
/// `logos:aws` → `A`); `?` when it has no letters or digits.
pub fn initials(icon: &str) -> String {
    let (prefix, name) = icon.split_once(':').unwrap_or(("", icon));
    let mut words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && words[0].eq_ignore_ascii_case(prefix) {
        words.remove(0);
    }
    let s: String = words
        .iter()
        .take(2)
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    if s.is_empty() { "?".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flowdb::FlowDb;
    use crate::syntax;

    fn asset(data: &str, allow: bool) -> Asset {
        let chart = syntax::parse(&format!("flowchart TB\nA@{{ {data} }}\n")).expect("parses");
        let db = FlowDb::build(&chart).expect("builds");
        let v = &db.vertices[0];
        Asset::of(v, !v.text.is_empty(), allow).expect("an asset")
    }

    #[test]
    fn icon_sizes_follow_mermaid() {
        let plain = asset("icon: 'fa:user'", false);
        assert_eq!((plain.width, plain.height), (48.0, 48.0));
        assert_eq!(
            plain.kind,
            AssetKind::Icon {
                pictogram: Some(Pictogram::User),
                initials: "U".into(),
                form: Form::Plain
            }
        );
        let square = asset("icon: 'fa:user', form: square, h: 60", false);
        assert_eq!((square.width, square.height), (75.0, 75.0));
        // Mermaid takes the larger of w and h, each 48 when missing.
        assert_eq!(asset("icon: 'x', form: rounded, h: 20", false).width, 63.0);
        let circle = asset("icon: 'fa:user', form: circle", false);
        assert!((circle.width - (48.0 * 2f64.sqrt() + 40.0)).abs() < 1e-9);
        assert!(asset("icon: 'fa:user', pos: t", false).label_on_top);
    }

    #[test]
    fn image_sizes_follow_mermaid() {
        // A labelled image is at least the wrapping width wide unless its ratio is kept.
        let stretched = asset("img: 'https://x/a.png', label: 'L', w: 60, h: 60", false);
        assert_eq!((stretched.width, stretched.height), (200.0, 60.0));
        let kept = asset(
            "img: 'https://x/a.png', label: 'L', w: 80, h: 40, constraint: 'on'",
            false,
        );
        assert_eq!((kept.width, kept.height), (80.0, 40.0));
        let bare = asset("img: 'https://x/a.png', w: 60, h: 30", false);
        assert_eq!((bare.width, bare.height), (60.0, 30.0));
        let huge = asset("img: 'https://x/a.png', w: 1e12, h: 99999999", false);
        assert_eq!((huge.width, huge.height), (1000.0, 1000.0));
        let nan = asset("img: 'https://x/a.png', w: wide, h: -5", false);
        assert_eq!((nan.width, nan.height), (48.0, 48.0));
    }

    #[test]
    fn images_link_only_when_allowed_and_safe() {
        let link = |url: &str, allow: bool| match asset(&format!("img: '{url}'"), allow).kind {
            AssetKind::Image { href } => href,
            k => panic!("{k:?}"),
        };
        assert_eq!(link("https://x/a.png", false), None);
        assert_eq!(
            link("https://x/a.png", true).as_deref(),
            Some("https://x/a.png")
        );
        assert_eq!(link("img/a.png", true).as_deref(), Some("img/a.png"));
        for bad in [
            "javascript:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "mailto:a@b",
            "JaVaScRiPt:x",
        ] {
            assert_eq!(link(bad, true), None, "{bad}");
        }
    }

    #[test]
    fn parts_put_the_label_at_pos() {
        let a = Asset {
            kind: AssetKind::Image { href: None },
            width: 60.0,
            height: 60.0,
            label_on_top: false,
        };
        let label = Some((100.0, 24.0));
        let (w, h) = a.box_size(label);
        assert_eq!((w, h), (100.0, 92.0));
        let p = a.parts((0.0, 0.0, w, h), label);
        assert_eq!(p.asset, (20.0, 0.0, 60.0, 60.0));
        assert_eq!(p.label, Some((0.0, 68.0, 100.0, 24.0)));
        let top = Asset {
            label_on_top: true,
            ..a
        };
        let p = top.parts((0.0, 0.0, w, h), label);
        assert_eq!(p.asset, (20.0, 32.0, 60.0, 60.0));
        assert_eq!(p.label, Some((0.0, 0.0, 100.0, 24.0)));
    }

    proptest::proptest! {
        /// The asset and the label always lie inside the box sized for them, without overlap.
        #[test]
        fn parts_fit_their_box(
            aw in 1.0..400.0f64, ah in 1.0..400.0f64,
            label in proptest::option::of((0.0..400.0f64, 0.0..100.0f64)),
            top: bool, x in -500.0..500.0f64, y in -500.0..500.0f64,
        ) {
            let a = Asset { kind: AssetKind::Image { href: None }, width: aw, height: ah, label_on_top: top };
            let (w, h) = a.box_size(label);
            let p = a.parts((x, y, w, h), label);
            let fits = |(px, py, pw, ph): (f64, f64, f64, f64)| {
                px >= x - 1e-9 && py >= y - 1e-9 && px + pw <= x + w + 1e-9 && py + ph <= y + h + 1e-9
            };
            proptest::prop_assert!(fits(p.asset));
            if let Some(l) = p.label {
                proptest::prop_assert!(fits(l));
                let apart = l.1 + l.3 <= p.asset.1 + 1e-9 || p.asset.1 + p.asset.3 <= l.1 + 1e-9;
                proptest::prop_assert!(apart, "{p:?}");
            }
        }
    }

    #[test]
    fn empty_icon_or_image_is_none_as_in_mermaid() {
        let chart = syntax::parse(
            "flowchart TB\nA@{ icon: '' }\nB@{ img: '', label: 'b' }\nC@{ icon: 0 }\n",
        )
        .expect("parses");
        let db = FlowDb::build(&chart).expect("builds");
        for v in &db.vertices {
            assert!(v.icon().is_none() && v.img().is_none(), "{v:?}");
            assert!(Asset::of(v, true, true).is_none());
        }
        assert_eq!(db.vertices[0].text, "A");
    }

    #[test]
    fn initials_of_icon_names() {
        assert_eq!(initials("fa:user-secret"), "US");
        assert_eq!(initials("fa:fa-user"), "U");
        assert_eq!(initials("logos:aws"), "A");
        assert_eq!(initials("mdi:database-outline-x"), "DO");
        assert_eq!(initials(":-"), "?");
        assert_eq!(initials("서버"), "서");
    }
}
