//! Fixed number formatting for the SVG and the layout JSON, so that the output is the same bytes
//! on every run and platform.

/// `v` rounded to 2 decimals, without trailing zeros (`12`, `12.5`, `-3.25`; never `-0`).
pub fn fmt(v: f64) -> String {
    let r = round2(v);
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A point as `x,y`.
pub fn fmt_pt(x: f64, y: f64) -> String {
    format!("{},{}", fmt(x), fmt(y))
}

/// `v` rounded to 2 decimals; NaN and infinities become 0.
pub fn round2(v: f64) -> f64 {
    if !v.is_finite() {
        return 0.0;
    }
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_decimals_without_trailing_zeros() {
        assert_eq!(fmt(12.0), "12");
        assert_eq!(fmt(12.5), "12.5");
        assert_eq!(fmt(1.0 / 3.0), "0.33");
        assert_eq!(fmt(-0.001), "0");
        assert_eq!(fmt(f64::NAN), "0");
        assert_eq!(fmt_pt(1.005, -2.25), "1,-2.25");
    }
}
