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
    if doubled_quotes(&out) {
        out = Cow::Owned(out.replace("\"\"", "\""));
    }
    if let Some(read) = objects_as_printed(&out) {
        out = Cow::Owned(read);
    }
    let trimmed = out.trim_start();
    let escaped = !out.trim_end().contains('\n')
        && out.contains("\\n")
        && out.contains("\\\"")
        && !trimmed.starts_with(['{', '['])
        // A JSON body inside a log line (`log: '{"win":{...,"message":"\"An account...'`): its
        // strings stay strings.
        && !out.contains("{\"");
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

/// Does `text` hold a JSON body inside a CSV field (an exported log), which doubles its
/// quotes: `{""error"":""x""}`? An object opens with a doubled quote and a key, and a key
/// closes with one before its colon. An empty key (`{"": {"code": 1}}`, valid JSON) does
/// neither: its `""` is the key.
fn doubled_quotes(text: &str) -> bool {
    let b = text.as_bytes();
    let key =
        |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'@' | b'-') || c >= 0x80;
    let opens =
        memchr::memmem::find_iter(b, b"{\"\"").any(|at| b.get(at + 3).is_some_and(|&c| key(c)));
    let closes = memchr::memmem::find_iter(b, b"\"\":").any(|at| at > 0 && key(b[at - 1]));
    opens && closes
}

/// A paste's objects as a runtime or a language printed them, read as the members and text
/// they are: `None` when the text holds none of these.
/// - An inspected error (Node's `util.inspect`, ldapjs): `{ TokenExpiredError: jwt expired`,
///   `{ [NoSuchObjectError: 0000208D: ...`: the brace opens no member list but an error's
///   name and message, text to read as a line.
/// - A lone string in braces, `{"AADSTS70002: Error validating credentials. ..."}`: a message,
///   not a key.
/// - Ruby's and PHP's `=>` between a key and its value (`{:error=>"bad_verification_code"}`).
/// - A body pasted without its first brace (`"error": {...}}`): the brace is put back.
///
/// Every change but the last keeps each byte where it was.
fn objects_as_printed(text: &str) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let mut changed = false;
    for at in memchr::memchr_iter(b'{', text.as_bytes()) {
        if let Some(close) = lone_string_end(text, at) {
            bytes[at] = b' ';
            bytes[close] = b' ';
            changed = true;
        } else if is_inspected_error(text, at) {
            bytes[at] = b' ';
            changed = true;
        }
    }
    for at in memchr::memmem::find_iter(text.as_bytes(), b"=>") {
        if is_key_before(&text[..at]) {
            bytes[at..at + 2].copy_from_slice(b": ");
            changed = true;
        }
    }
    let mut out = String::from_utf8(bytes).ok()?;
    if lacks_first_brace(&out) {
        out.insert(0, '{');
        changed = true;
    }
    changed.then_some(out)
}

/// The index of the `}` closing `{` at `open` when all between is one quoted string.
fn lone_string_end(text: &str, open: usize) -> Option<usize> {
    let rest = &text[open + 1..];
    let start = rest.len() - rest.trim_start().len();
    let b = rest.as_bytes();
    if b.get(start) != Some(&b'"') {
        return None;
    }
    let mut i = start + 1;
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    let after = rest.get(i + 1..)?;
    let close = i + 1 + (after.len() - after.trim_start().len());
    (b.get(close) == Some(&b'}')).then_some(open + 1 + close)
}

/// Does `{` at `open` begin an inspected error: a capitalised name, `: `, and text that is
/// no member value (unquoted words with a space between them before any `,` or `}`)?
fn is_inspected_error(text: &str, open: usize) -> bool {
    let rest = text[open + 1..].trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.'))
        .unwrap_or(rest.len());
    if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let Some(value) = rest[name_len..].strip_prefix(": ") else {
        return false;
    };
    if value.starts_with(['"', '\'', '{', '[']) {
        return false;
    }
    let value = value
        .split([',', '}', '\n', ']'])
        .next()
        .unwrap_or("")
        .trim_end();
    value.contains(' ')
}

/// Does the text before `=>` end with a key: a quoted string or a Ruby `:symbol`?
fn is_key_before(before: &str) -> bool {
    let before = before.trim_end_matches(' ');
    if before.ends_with(['"', '\'']) {
        return true;
    }
    let word = before
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    !word.is_empty() && before[..before.len() - word.len()].ends_with(':')
}

/// Does the paste begin with a quoted key and its `:`, and close more braces than it opens?
fn lacks_first_brace(text: &str) -> bool {
    let t = text.trim_start();
    let Some(key) = t.strip_prefix('"') else {
        return false;
    };
    let Some(end) = key.find('"') else {
        return false;
    };
    let opens = memchr::memchr_iter(b'{', t.as_bytes()).count();
    let closes = memchr::memchr_iter(b'}', t.as_bytes()).count();
    key[end + 1..].trim_start().starts_with(':') && closes > opens
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Decodes each word (a run without white space) of a URL or query string that holds a `%XX`
/// escape: its escapes, and `+` as a space, as a query string writes it. `None` when no word
/// holds one.
fn percent_decoded(text: &str) -> Option<String> {
    // Made at the first word that changes: most texts have none.
    let mut out: Option<String> = None;
    // How much of `text` is in `out`.
    let mut copied = 0;
    // Only a word with a `%` or a `+` may change: each such word once.
    let mut from = 0;
    while let Some(at) = memchr::memchr2(b'%', b'+', &text.as_bytes()[from..]) {
        let at = from + at;
        let start = (text[..at].char_indices().rev())
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        from = end;
        let word = &text[start..end];
        let b = word.as_bytes();
        // Only a URL or a query string is percent-encoded: `100%` is not. A query string of
        // several parameters writes a space as `+` even where it needs no escape
        // (`error_description=User+is+not+assigned`).
        let url = memchr::memchr(b'=', b).is_some() || memchr::memmem::find(b, b"://").is_some();
        if !url {
            continue;
        }
        let query_spaces = memchr::memchr(b'=', b).is_some()
            && memchr::memchr(b'&', b).is_some()
            && memchr::memchr(b'+', b).is_some();
        if !(query_spaces || memchr::memchr_iter(b'%', b).any(|i| is_escape(b, i))) {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        out.push_str(&text[copied..start]);
        copied = start + word.len();
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
        // A decoded line break would move what follows to another line: keep it a space.
        let decoded = String::from_utf8_lossy(&bytes);
        match memchr::memchr2(b'\n', b'\r', decoded.as_bytes()) {
            Some(_) => out.push_str(&decoded.replace(['\n', '\r'], " ")),
            None => out.push_str(&decoded),
        }
    }
    out.map(|mut out| {
        out.push_str(&text[copied..]);
        out
    })
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
        // A member with an empty key is valid JSON, not quotes a CSV field doubled.
        for json in [r#"{"": {"code": 1}}"#, r#"{"a": {"": 1}, "b": {"":"x"}}"#] {
            assert_eq!(pasted(json), json);
        }
        assert_eq!(
            pasted(r#""{""错误"":""invalid_grant""}""#),
            r#""{"错误":"invalid_grant"}""#
        );
        let json = r#"{"msg":"a\nb \"c\""}"#;
        assert_eq!(pasted(json), json);
        let logged = r#"log: '{"message":"\"Failed.\r\n\tStatus:\t0x1\"'"#;
        assert_eq!(pasted(logged), logged);
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

    #[test]
    fn objects_are_read_as_printed() {
        // Node's inspected error and ldapjs's: the brace opens text, not members.
        assert_eq!(
            pasted("{ TokenExpiredError: jwt expired\n    at verify.js"),
            "  TokenExpiredError: jwt expired\n    at verify.js"
        );
        assert_eq!(
            pasted("x { [NoSuchObjectError: 0000208D: NameErr: DSID, problem"),
            "x   [NoSuchObjectError: 0000208D: NameErr: DSID, problem"
        );
        // A lone string in braces is a message.
        assert_eq!(
            pasted(r#" {"AADSTS70002: Error."}"#),
            r#"  "AADSTS70002: Error." "#
        );
        // Ruby's and PHP's `=>` after a key.
        assert_eq!(
            pasted(r#"@attrs={:error=>"bad_verification_code"}"#),
            r#"@attrs={:error: "bad_verification_code"}"#
        );
        assert_eq!(pasted("['error' => 'x']"), "['error' :  'x']");
        // A body without its first brace gets it back.
        assert_eq!(
            pasted("\"error\": {\n\"code\": 400}\n}"),
            "{\"error\": {\n\"code\": 400}\n}"
        );
        // Members, arrow functions and balanced bodies stay as they are.
        for same in [
            "{message: 'busy', code: 1000}",
            "{ Error: 'x' }",
            "{ error: invalid_grant, a: 1 }",
            "{\"a\": \"b c\"}",
            "xs.map((x) => x)",
            "\"error\": {\"code\": 400}",
        ] {
            assert!(matches!(pasted(same), Cow::Borrowed(_)), "{same}");
        }
    }
}
