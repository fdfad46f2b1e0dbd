//! Fixed number formatting for the SVG and the layout JSON, so that the output is the same bytes
//! on every run and platform.

/// `v` rounded to 2 decimals, without trailing zeros (`12`, `12.5`, `-3.25`; never `-0`).
pub fn fmt(v: f64) -> String {
    let mut s = String::with_capacity(8);
    push(&mut s, v);
    s
}

/// Appends [`fmt`]`(v)` to `out` without an intermediate string.
pub fn push(out: &mut String, v: f64) {
    let hundredths = (v * 100.0).round();
    if !hundredths.is_finite() || hundredths.abs() >= 1e15 {
        out.push('0');
        return;
    }
    let c = hundredths as i64;
    if c < 0 {
        out.push('-');
    }
    let a = c.unsigned_abs();
    let (int, frac) = (a / 100, a % 100);
    let _ = std::fmt::Write::write_fmt(out, format_args!("{int}"));
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            out.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
}

/// A point as `x,y`.
pub fn fmt_pt(x: f64, y: f64) -> String {
    let mut s = String::with_capacity(16);
    push(&mut s, x);
    s.push(',');
    push(&mut s, y);
    s
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
        assert_eq!(fmt(-0.5), "-0.5");
        assert_eq!(fmt(-12.05), "-12.05");
        assert_eq!(fmt(1e300), "0");
        for k in -2000..2000 {
            let v = f64::from(k) * 0.173;
            assert_eq!(fmt(v).parse::<f64>().unwrap(), round2(v), "{v}");
        }
    }
}
