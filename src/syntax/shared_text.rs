//! Label text that points into the diagram text instead of owning a copy.
//!
//! Most labels are one run of the preprocessed text. Every label of a diagram shares that text
//! through one reference-counted buffer (the preprocessed `String` itself, moved, not copied), so
//! a label costs no allocation of its own; a label that had to be pieced together (entity codes
//! decoded, a string followed by more tokens) gets a buffer of its own.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// A string slice of a shared buffer; reads as a `&str` (it dereferences to one).
#[derive(Clone)]
pub struct SharedText {
    buf: Arc<String>,
    start: u32,
    end: u32,
}

impl SharedText {
    /// The range `[start, end)` of `buf`, which must lie on character boundaries.
    ///
    /// # Panics
    /// When the range is not a valid `str` range of `buf` (a bug in the caller).
    pub fn slice(buf: &Arc<String>, start: u32, end: u32) -> Self {
        assert!(
            buf.get(start as usize..end as usize).is_some(),
            "label range {start}..{end} is not a str range of its buffer"
        );
        SharedText {
            buf: Arc::clone(buf),
            start,
            end,
        }
    }

    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        &self.buf[self.start as usize..self.end as usize]
    }
}

impl Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// A text of its own (a buffer of one label).
///
/// # Panics
/// When the text is 4 GiB or longer (`syntax::parse` refuses such diagrams before any label).
impl From<String> for SharedText {
    fn from(text: String) -> Self {
        let end = u32::try_from(text.len()).expect("label text under 4 GiB");
        SharedText {
            buf: Arc::new(text),
            start: 0,
            end,
        }
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        SharedText::from(text.to_string())
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedText {}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedText> for String {
    fn eq(&self, other: &SharedText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedText> for str {
    fn eq(&self, other: &SharedText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedText> for &str {
    fn eq(&self, other: &SharedText) -> bool {
        *self == other.as_str()
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_reads_its_range_and_shares_the_buffer() {
        let buf = Arc::new(String::from("A[\"hello\"] --> B"));
        let t = SharedText::slice(&buf, 3, 8);
        assert_eq!(t.as_str(), "hello");
        assert_eq!(&*t, "hello");
        assert_eq!(Arc::strong_count(&buf), 2);
        drop(t);
        assert_eq!(Arc::strong_count(&buf), 1);
    }

    #[test]
    fn compares_serialises_and_prints_as_the_text() {
        let buf = Arc::new(String::from("xx é yy"));
        let t = SharedText::slice(&buf, 3, 5);
        assert_eq!(t, "é");
        assert_eq!(t, SharedText::from("é"));
        assert_eq!(String::from("é"), t);
        assert_ne!(t, SharedText::from("e"));
        assert_eq!(format!("{t:?} {t}"), "\"é\" é");
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"é\"");
    }

    #[test]
    #[should_panic(expected = "not a str range")]
    fn a_range_inside_a_character_is_refused() {
        let buf = Arc::new(String::from("é"));
        let _ = SharedText::slice(&buf, 1, 2);
    }
}
