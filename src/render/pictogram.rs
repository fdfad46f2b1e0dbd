//! Line pictograms for the icons network diagrams use most (people, databases, servers,
//! clouds), drawn where Mermaid would draw a glyph from an icon pack we do not have (other
//! icons get their name's initials, see [`super::asset::initials`]), and the placeholder of an
//! image we do not link.

use super::num::{fmt, fmt_pt};
use super::shapes::{ellipse, poly, rect};

/// A pictogram we can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pictogram {
    /// A head and shoulders (`user`, `person`, `users`, `customer`, …).
    User,
    /// A cylinder (`database`, `db`, `sql`, …).
    Database,
    /// Two stacked units with a light each (`server`, `host`, `rack`, …).
    Server,
    /// A cloud (`cloud`).
    Cloud,
}

/// Paths of a pictogram: outlines to stroke and shapes to fill, in the icon colour.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawing {
    /// Path data drawn as lines.
    pub strokes: Vec<String>,
    /// Path data drawn filled.
    pub fills: Vec<String>,
}

impl Pictogram {
    /// The pictogram for an icon name (`fa:user`, `mdi:database-outline`, `fa:fa-server`), when
    /// one of its words names something we draw.
    pub fn for_icon(icon: &str) -> Option<Pictogram> {
        let name = icon.rsplit_once(':').map_or(icon, |(_, n)| n);
        name.split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_ascii_lowercase)
            .find_map(|word| {
                Some(match word.as_str() {
                    "user" | "users" | "person" | "people" | "customer" | "client" | "account"
                    | "human" => Pictogram::User,
                    "database" | "db" | "sql" | "postgres" | "postgresql" | "mysql" | "mongodb"
                    | "datastore" => Pictogram::Database,
                    "server" | "servers" | "host" | "rack" | "computer" | "vm" => Pictogram::Server,
                    "cloud" => Pictogram::Cloud,
                    _ => return None,
                })
            })
    }

    /// The pictogram centred on `(cx, cy)` in a square `size` across.
    pub fn draw(self, cx: f64, cy: f64, size: f64) -> Drawing {
        let s = size;
        let pt = |dx: f64, dy: f64| fmt_pt(cx + dx * s, cy + dy * s);
        match self {
            Pictogram::User => Drawing {
                strokes: Vec::new(),
                fills: vec![
                    ellipse(cx, cy - 0.16 * s, 0.14 * s, 0.14 * s),
                    format!(
                        "M{} A{},{} 0 0 1 {} Z",
                        pt(-0.3, 0.38),
                        fmt(0.3 * s),
                        fmt(0.3 * s),
                        pt(0.3, 0.38)
                    ),
                ],
            },
            Pictogram::Database => {
                let (rx, ry) = (fmt(0.3 * s), fmt(0.09 * s));
                Drawing {
                    strokes: vec![
                        ellipse(cx, cy - 0.28 * s, 0.3 * s, 0.09 * s),
                        format!(
                            "M{} L{} A{rx},{ry} 0 0 0 {} L{}",
                            pt(-0.3, -0.28),
                            pt(-0.3, 0.28),
                            pt(0.3, 0.28),
                            pt(0.3, -0.28)
                        ),
                        format!("M{} A{rx},{ry} 0 0 0 {}", pt(-0.3, 0.0), pt(0.3, 0.0)),
                    ],
                    fills: Vec::new(),
                }
            }
            Pictogram::Server => {
                let (x, w, h) = (cx - 0.32 * s, 0.64 * s, 0.24 * s);
                let mut strokes = Vec::new();
                let mut fills = Vec::new();
                for top in [cy - 0.28 * s, cy + 0.04 * s] {
                    strokes.push(rect(x, top, w, h, 0.04 * s));
                    strokes.push(format!(
                        "M{} L{}",
                        fmt_pt(x + 0.08 * s, top + h / 2.0),
                        fmt_pt(x + 0.3 * s, top + h / 2.0)
                    ));
                    fills.push(ellipse(x + w - 0.1 * s, top + h / 2.0, 0.04 * s, 0.04 * s));
                }
                Drawing { strokes, fills }
            }
            Pictogram::Cloud => Drawing {
                strokes: vec![format!(
                    "M{} A{r1},{r1} 0 0 1 {} A{r2},{r2} 0 0 1 {} A{r3},{r3} 0 0 1 {} Z",
                    pt(-0.36, 0.18),
                    pt(-0.2, -0.06),
                    pt(0.14, -0.12),
                    pt(0.36, 0.18),
                    r1 = fmt(0.15 * s),
                    r2 = fmt(0.2 * s),
                    r3 = fmt(0.19 * s),
                )],
                fills: Vec::new(),
            },
        }
    }
}

/// The placeholder of an image `size` across at `(cx, cy)`: a sun over two hills, one path to
/// fill.
pub fn picture(cx: f64, cy: f64, size: f64) -> String {
    let k = size / 2.0;
    let sun = ellipse(cx + 0.35 * k, cy - 0.3 * k, 0.14 * k, 0.14 * k);
    let hills = poly(
        &[
            (cx - 0.7 * k, cy + 0.5 * k),
            (cx - 0.25 * k, cy - 0.1 * k),
            (cx + 0.05 * k, cy + 0.25 * k),
            (cx + 0.3 * k, cy + 0.05 * k),
            (cx + 0.7 * k, cy + 0.5 * k),
        ],
        true,
    );
    format!("{sun} {hills}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_icon_names_have_pictograms() {
        for (icon, p) in [
            ("fa:user", Some(Pictogram::User)),
            ("fa:fa-users", Some(Pictogram::User)),
            ("mdi:account-circle", Some(Pictogram::User)),
            ("fa:database", Some(Pictogram::Database)),
            ("logos:postgresql", Some(Pictogram::Database)),
            ("fa:server", Some(Pictogram::Server)),
            ("mdi:cloud-outline", Some(Pictogram::Cloud)),
            ("fa:shield-halved", None),
            ("aws:lambda", None),
            ("", None),
        ] {
            assert_eq!(Pictogram::for_icon(icon), p, "{icon}");
        }
    }

    #[test]
    fn pictograms_stay_in_their_square() {
        for p in [
            Pictogram::User,
            Pictogram::Database,
            Pictogram::Server,
            Pictogram::Cloud,
        ] {
            let d = p.draw(100.0, 100.0, 48.0);
            assert!(!d.strokes.is_empty() || !d.fills.is_empty());
            for path in d.strokes.iter().chain(&d.fills) {
                // Every coordinate pair that is a point (not an arc radius) lies in the square.
                for token in path.split([' ', 'M', 'L', 'A', 'Z']) {
                    if let Some((x, y)) = token.split_once(',')
                        && let (Ok(x), Ok(y)) = (x.parse::<f64>(), y.parse::<f64>())
                        && x > 30.0
                    {
                        assert!((76.0..=124.0).contains(&x), "{p:?}: {path}");
                        assert!((76.0..=124.0).contains(&y), "{p:?}: {path}");
                    }
                }
            }
        }
    }
}
