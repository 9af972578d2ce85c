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

/// The mark that stands where a secret was.
pub const REDACTED: &str = "[redacted]";

/// The patterns of secrets in log lines, each with what replaces a match (`$name` keeps a
/// group), in this order: a bearer token, a password, secret or token value, a cookie's value and an
/// e-mail address keep nothing; a JWT anywhere else keeps its first 8 characters
/// (`eyJhbGci…[redacted]`: the header's start, no claim).
fn secrets() -> &'static [(regex::bytes::Regex, &'static str)] {
    static SECRETS: std::sync::OnceLock<Vec<(regex::bytes::Regex, &'static str)>> =
        std::sync::OnceLock::new();
    SECRETS.get_or_init(|| {
        let build = |re: &str| {
            regex::bytes::RegexBuilder::new(re)
                .unicode(false)
                .build()
                .expect("a redaction pattern compiles")
        };
        vec![
            // `Authorization: Bearer x`, `Basic x`, `token=x`.
            (
                build(r"(?i)\b(?P<scheme>bearer|basic|negotiate)(?P<sp>\s+)[A-Za-z0-9._~+/=-]{6,}"),
                "${scheme}${sp}[redacted]",
            ),
            // `password=x`, `"client_secret": "x"`, `access_token=x`, also in query strings.
            (
                build(
                    r#"(?i)(?P<name>["']?\b(?:[a-z0-9]+[_-])*(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|assertion|code_verifier)["']?\s*[=:]\s*["']?)[^\s"'&,;}]+"#,
                ),
                "${name}[redacted]",
            ),
            // `Cookie: a=b; c=d` and `Set-Cookie: a=b; Path=/`: the whole value.
            (
                build(r#"(?i)\b(?P<name>(?:set-)?cookie["']?\s*[=:]\s*["']?)[^"'\r\n]+"#),
                "${name}[redacted]",
            ),
            // An e-mail address.
            (
                build(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
                "[redacted e-mail]",
            ),
            // A JWT (JWS or JWE), anywhere: header.payload.signature in base64url.
            (
                build(r"(?P<head>eyJ[A-Za-z0-9_-]{5})[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]*"),
                "${head}\u{2026}[redacted]",
            ),
        ]
    })
}

/// `line` with the secrets it holds replaced by a mark: JWTs, bearer tokens, password,
/// secret and token values, cookies, e-mail addresses (`scan`'s example lines).
pub fn redact(line: &str) -> Cow<'_, str> {
    let mut text: Cow<'_, [u8]> = Cow::Borrowed(line.as_bytes());
    for (re, with) in secrets() {
        if let Cow::Owned(replaced) = re.replace_all(&text, with.as_bytes()) {
            text = Cow::Owned(replaced);
        }
    }
    match text {
        Cow::Borrowed(_) => Cow::Borrowed(line),
        Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
    }
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

    #[test]
    fn secrets_are_redacted() {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";
        assert_eq!(
            redact(&format!("Authorization: Bearer {jwt} rejected")),
            "Authorization: Bearer [redacted] rejected"
        );
        assert_eq!(redact(&format!("id_token={jwt}")), "id_token=[redacted]");
        assert_eq!(
            redact(&format!("rejected {jwt}: expired")),
            "rejected eyJhbGci\u{2026}[redacted]: expired"
        );
        assert_eq!(
            redact("Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA failed"),
            "Authorization: Bearer [redacted] failed"
        );
        assert_eq!(
            redact(
                "POST /token grant_type=password&username=bob&password=hunter2&client_secret=s3cr3t"
            ),
            "POST /token grant_type=password&username=bob&password=[redacted]&client_secret=[redacted]"
        );
        assert_eq!(
            redact(r#"{"client_secret": "abc123", "error":"invalid_client"}"#),
            r#"{"client_secret": "[redacted]", "error":"invalid_client"}"#
        );
        assert_eq!(
            redact("Cookie: SESSION=abc; csrftoken=xyz"),
            "Cookie: [redacted]"
        );
        assert_eq!(
            redact("login failed for jane.doe@example.com: AADSTS50126"),
            "login failed for [redacted e-mail]: AADSTS50126"
        );
        assert!(matches!(
            redact("AADSTS50126: Error validating credentials"),
            Cow::Borrowed(_)
        ));
        assert_eq!(redact("error=invalid_token"), "error=invalid_token");
    }
}
