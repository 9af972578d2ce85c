//! The text of a paste as people read it: HTML entities and percent-encoding decoded.
//!
//! Errors reach engineers HTML-escaped (`{&quot;error&quot;:...}` from a web page or a logged
//! template) and percent-encoded in redirects (`error_description=AADSTS50011%3a+The+redirect`).
//! Detection reads the decoded text; a text with neither is passed through untouched.

use std::borrow::Cow;

/// `text` with its HTML entities and percent-encoded words decoded, or as it is.
pub fn decoded(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    if text.contains('%') || (text.contains('+') && text.contains('&')) {
        if let Some(s) = percent_decoded(&out) {
            out = Cow::Owned(s);
        }
    }
    if out.contains('&') {
        if let Some(s) = entities_decoded(&out) {
            out = Cow::Owned(s);
        }
    }
    out
}

/// `decoded`, and for a paste (one text, not a log of lines): a JSON body in a CSV field,
/// its quotes doubled, read with single quotes; a string's content copied as
/// its JSON or log writes it, on one line with `\n` and `\"` escapes (Sentry shows a Go
/// error so), read with its line breaks and quotes. Not a JSON document itself, whose
/// strings stay strings.
pub fn pasted(text: &str) -> Cow<'_, str> {
    let mut out = decoded(text);
    // A body inside a CSV field (an exported log) doubles its quotes: `{""error"":""x""}`.
    if out.contains("{\"\"") && out.contains("\"\":") {
        out = Cow::Owned(out.replace("\"\"", "\""));
    }
    let trimmed = out.trim_start();
    let escaped = !out.trim_end().contains('\n')
        && out.contains("\\n")
        && out.contains("\\\"")
        && !trimmed.starts_with(['{', '[']);
    if !escaped {
        return out;
    }
    Cow::Owned(
        out.replace("\\r\\n", "\n")
            .replace("\\n", "\n")
            .replace("\\t", "\t")
            .replace("\\\"", "\""),
    )
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Decodes each word (a run without white space) of a URL or query string that holds a `%XX`
/// escape: its escapes, and `+` as a space, as a query string writes it. `None` when no word
/// holds one.
fn percent_decoded(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end_matches(char::is_whitespace);
        let b = word.as_bytes();
        // Only a URL or a query string is percent-encoded: `100%` is not. A query string of
        // several parameters writes a space as `+` even where it needs no escape
        // (`error_description=User+is+not+assigned`).
        let url = word.contains('=') || word.contains("://");
        let query_spaces = word.contains('&') && word.contains('=') && word.contains('+');
        if !url || !(query_spaces || (0..b.len()).any(|i| is_escape(b, i))) {
            out.push_str(piece);
            continue;
        }
        let mut bytes = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if is_escape(b, i) {
                bytes.push(hex(b[i + 1]).unwrap_or(0) * 16 + hex(b[i + 2]).unwrap_or(0));
                i += 3;
                continue;
            }
            bytes.push(if b[i] == b'+' { b' ' } else { b[i] });
            i += 1;
        }
        let decoded = String::from_utf8_lossy(&bytes);
        // A decoded line break would move what follows to another line: keep it a space.
        out.push_str(&decoded.replace(['\n', '\r'], " "));
        out.push_str(&piece[word.len()..]);
        changed = true;
    }
    changed.then_some(out)
}

/// Is `b[i..]` a `%XX` escape? Not after another `%`: `%%2307` is a Windows event's
/// insertion string, written so in XML that also holds `Name="..."`.
fn is_escape(b: &[u8], i: usize) -> bool {
    b[i] == b'%'
        && i + 2 < b.len()
        && hex(b[i + 1]).is_some()
        && hex(b[i + 2]).is_some()
        && (i == 0 || b[i - 1] != b'%')
}

/// Decodes `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&apos;` and numeric references (`&#39;`,
/// `&#x27;`). `None` when the text holds none.
fn entities_decoded(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        // Bytes, not `str`: twelve bytes may end inside a character.
        let end = tail.as_bytes()[..tail.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &tail[1..end];
            let c = match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "apos" => Some('\''),
                _ => name.strip_prefix('#').and_then(|n| {
                    let n = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => n.parse().ok(),
                    };
                    n.and_then(char::from_u32)
                        .filter(|c| *c != '\n' && *c != '\r')
                }),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
                changed = true;
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_percent_escapes_are_decoded() {
        assert_eq!(
            decoded("{&quot;error&quot;:&quot;invalid_grant&quot;} &#39;x&#x27; &amp;"),
            "{\"error\":\"invalid_grant\"} 'x' &"
        );
        assert_eq!(
            decoded("cb#error=access_denied&error_description=AADB2C90118%3a+The+user+has"),
            "cb#error=access_denied&error_description=AADB2C90118: The user has"
        );
        // Nothing to decode: the same text, not a copy.
        assert!(matches!(decoded("100% done & dusted"), Cow::Borrowed(_)));
        assert_eq!(decoded("50%+ of a&b; 100%"), "50%+ of a&b; 100%");
        // A query string's spaces, with no escape in it.
        assert_eq!(
            decoded("url: error=access_denied&error_description=User+is+not+assigned."),
            "url: error=access_denied&error_description=User is not assigned."
        );
        assert!(matches!(
            decoded("2026-12-06T10:00:00+00:00 a&b"),
            Cow::Borrowed(_)
        ));
        // A string's escapes in a one-line paste that is not JSON itself.
        assert_eq!(
            pasted(r#"err: Error 403: denied.\nDetails:\n{\"reason\": \"X_Y\"}"#),
            "err: Error 403: denied.\nDetails:\n{\"reason\": \"X_Y\"}"
        );
        assert_eq!(
            pasted(r#""x: {""error"":""invalid_grant""}""#),
            r#""x: {"error":"invalid_grant"}""#
        );
        let json = r#"{"msg":"a\nb \"c\""}"#;
        assert_eq!(pasted(json), json);
        // A truncated escape at the end is left as it is.
        assert_eq!(decoded("a%2"), "a%2");
        assert_eq!(decoded("q=x%0Ay%20z"), "q=x y z");
        assert_eq!(
            decoded("<Data>%%2307</Data> x%20y"),
            "<Data>%%2307</Data> x%20y"
        );
        let xml = r#"<Data Name="FailureReason">%%2307</Data>"#;
        assert_eq!(decoded(xml), xml);
        assert_eq!(decoded("&ééééééé;"), "&ééééééé;");
    }
}
