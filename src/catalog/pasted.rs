//! Codes as people paste them from logs, chat and web pages: `"1902",`, `[1902]`, `code=1902`,
//! `“1902”`, `−100` (a typographic minus). Lookup tries the text as typed first, so a code that
//! itself holds such characters (`urn:...:AuthnFailed`) is never cut; only when that misses is
//! the cleaned form tried.

/// Words that name the code after them in logs and messages (`Code is 12500009`, `error
/// code 49`, `errCode=5`), whatever the vendor. A word only one table's codes follow (Active
/// Directory's `data 52e`) is that table's `label`, declared in its catalog.
pub const CODE_WORDS: [&str; 9] = [
    "code",
    "error",
    "err",
    "errcode",
    "errorcode",
    "error_code",
    "reason",
    "status",
    "result",
];

/// Is `word` one of `CODE_WORDS`, ignoring case and a trailing `:` or `=`?
pub fn is_code_word(word: &str) -> bool {
    let w = word.trim_end_matches([':', '=']);
    CODE_WORDS.iter().any(|k| w.eq_ignore_ascii_case(k))
}

/// Quotes and brackets that wrap a pasted code, typographic ones included.
fn is_wrapper(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '`'
            | '(' | ')'
            | '[' | ']'
            | '{' | '}'
            | '<' | '>'
            | '\u{201C}' // “
            | '\u{201D}' // ”
            | '\u{2018}' // ‘
            | '\u{2019}' // ’
            | '\u{00AB}' // «
            | '\u{00BB}' // »
    )
}

/// Punctuation that follows a code in a sentence or a list.
fn is_trailing(c: char) -> bool {
    matches!(c, ',' | ';' | '.' | '!' | '?' | ':')
}

/// Characters that are a minus sign to a reader: U+2212 MINUS SIGN, small and full-width
/// hyphen-minus.
fn is_minus(c: char) -> bool {
    MINUS_SIGNS.contains(&c)
}

/// U+2212 MINUS SIGN, small and full-width hyphen-minus.
pub const MINUS_SIGNS: [char; 3] = ['\u{2212}', '\u{FE63}', '\u{FF0D}'];

/// A name before `=` or `:` that labels a code (`code`, `hid_error`, `errorCode`).
fn is_label(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `s` without the quotes and brackets around it and the punctuation after it.
pub fn strip_around(mut s: &str) -> &str {
    loop {
        let before = s;
        s = s
            .trim_matches(|c: char| is_wrapper(c) || c.is_whitespace())
            .trim_end_matches(is_trailing);
        if s == before {
            return s;
        }
    }
}

/// The code inside a pasted token, or `None` when cleaning changes nothing: wrapping quotes
/// and brackets and trailing punctuation dropped, a leading `name=` or `name:` removed, a
/// typographic minus read as `-`. The code's own characters are kept (`-100`,
/// `auth/invalid-credential`, `Operation.Failure.User.Locked`).
pub fn clean(raw: &str) -> Option<String> {
    let mut s = strip_around(raw);
    if let Some(at) = s.find(['=', ':']) {
        let rest = strip_around(&s[at + 1..]);
        if is_label(&s[..at]) && !rest.is_empty() {
            s = rest;
        }
    }
    // `data 52e`, `error code 49`: words before the code.
    if let Some((head, last)) = s.rsplit_once(char::is_whitespace) {
        if head.split_whitespace().all(is_code_word) && !last.is_empty() {
            s = strip_around(last);
        }
    }
    let cleaned: String = s
        .chars()
        .map(|c| if is_minus(c) { '-' } else { c })
        .collect();
    (!cleaned.is_empty() && cleaned != raw.trim()).then_some(cleaned)
}

/// The other readings of a hexadecimal code (`0x18`, `0x52E`): its digits as written (`18`,
/// `52e`, for tables that write hex without the prefix) and its decimal value (`24`, for
/// tables that write the number in decimal).
pub fn hex_forms(code: &str) -> Option<(String, String)> {
    let digits = code
        .strip_prefix("0x")
        .or_else(|| code.strip_prefix("0X"))
        .filter(|d| !d.is_empty() && d.len() <= 16 && d.bytes().all(|b| b.is_ascii_hexdigit()))?;
    let n = u64::from_str_radix(digits, 16).ok()?;
    Some((digits.to_ascii_lowercase(), n.to_string()))
}

/// The codes in one line of a batch: split on white space and commas.
pub fn tokens(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_forms_give_the_code() {
        for pasted in [
            "1902,",
            "\"1902\",",
            "1902.",
            "[1902]",
            "(1902)",
            "code:1902",
            "code=1902",
            "hid_error=1902",
            "\u{201C}1902\u{201D}",
            " '1902'; ",
            "code: \"1902\"",
        ] {
            assert_eq!(clean(pasted).as_deref(), Some("1902"), "{pasted:?}");
        }
        assert_eq!(clean("\u{2212}100").as_deref(), Some("-100"));
        assert_eq!(clean("data 52e"), None, "a table's label, not a code word");
        assert_eq!(clean("error code 49").as_deref(), Some("49"));
        assert_eq!(hex_forms("0x18"), Some(("18".into(), "24".into())));
        assert_eq!(hex_forms("0X52E"), Some(("52e".into(), "1326".into())));
        assert!(hex_forms("18").is_none() && hex_forms("0xzz").is_none());
        assert_eq!(
            clean("error=auth/invalid-credential.").as_deref(),
            Some("auth/invalid-credential")
        );
        assert_eq!(
            clean("(Operation.Failure.User.Locked)").as_deref(),
            Some("Operation.Failure.User.Locked")
        );
    }

    #[test]
    fn a_clean_code_is_left_alone() {
        for code in [
            "1902",
            "-100",
            "E0000004",
            "auth/invalid-credential",
            "invalid_grant",
        ] {
            assert_eq!(clean(code), None, "{code}");
        }
        assert_eq!(clean("\"\""), None);
        assert_eq!(clean(",,,"), None);
    }

    #[test]
    fn batch_lines_split_on_spaces_and_commas() {
        let t: Vec<&str> = tokens(" 1902, 1903  \"1904\",1905 ").collect();
        assert_eq!(t, ["1902", "1903", "\"1904\"", "1905"]);
    }
}
