//! Escaping of untrusted text (pasted input, user catalogs) before it reaches a terminal.
//!
//! Control characters, terminal escape sequences and bidirectional-text controls are shown
//! as `\u{..}` escapes, so they can neither move the cursor nor reorder what is displayed.

use std::borrow::Cow;

// One list of the characters that change how the surrounding text is displayed, for the
// schema (which refuses them in names) and for output (which escapes them).
use crate::catalog::schema::is_bidi_control;

/// Must `c` be escaped? Newlines are kept only when `keep_newlines`.
pub fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    (c.is_control() && !(keep_newlines && c == '\n')) || is_bidi_control(c)
}

/// Printable ASCII only: the common case, checked a byte at a time (and vectorized).
fn is_plain_ascii(s: &str) -> bool {
    // One comparison a byte (0x20..=0x7e maps to 0..=0x5e), no early exit: vectorizes.
    s.bytes()
        .fold(true, |ok, b| ok & (b.wrapping_sub(0x20) < 0x5f))
}

fn escape_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if is_plain_ascii(s) || !s.chars().any(|c| is_unsafe(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c, keep_newlines) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of text: every control character escaped, newlines included.
pub fn escape(s: &str) -> Cow<'_, str> {
    escape_with(s, false)
}

/// Multi-line text: newlines kept, every other control character escaped.
pub fn escape_multiline(s: &str) -> Cow<'_, str> {
    escape_with(s, true)
}

/// Text for a tab-separated field: newlines and tabs become spaces, other controls escaped.
pub fn field(s: &str) -> Cow<'_, str> {
    if is_plain_ascii(s) {
        return Cow::Borrowed(s);
    }
    if !s.contains(['\n', '\t', '\r']) {
        return escape(s);
    }
    let flat = s.replace("\r\n", " ").replace(['\n', '\t', '\r'], " ");
    Cow::Owned(escape(&flat).into_owned())
}

/// A user-given string, escaped and cut to a readable length for an error message.
pub fn echo(s: &str) -> String {
    cut(&escape(s), 80)
}

/// `text` cut to at most `max` characters, with `...` after the cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max).collect();
    format!("{kept}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            escape("The session has timed out"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_terminal_sequences_and_bidi() {
        assert_eq!(escape("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(escape("a\nb"), "a\\u{a}b");
        assert_eq!(escape_multiline("a\nb\x07"), "a\nb\\u{7}");
    }

    #[test]
    fn fields_stay_on_one_line() {
        assert_eq!(field("a\nb\tc"), "a b c");
    }

    #[test]
    fn echo_is_bounded() {
        let long = "x".repeat(500);
        assert_eq!(echo(&long).chars().count(), 83);
    }
}
