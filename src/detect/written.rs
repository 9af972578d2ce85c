//! How a code is written beside its entry's own words: a value spelled as a table spells its
//! codes in hexadecimal (`0x6`, as Microsoft's event 4768 table writes its result codes), and
//! a table row that puts the code and its message in cells (`0x6 | Client not found in
//! Kerberos database |`), and a number glued to its entry's words when a program prints its
//! fields with nothing between them (`49Invalid credentials80090308: ...`, an LDAP library's
//! result code, its text and Active Directory's diagnostic message, echoed one after another).

/// Is this word a hexadecimal value written with `0x` (`0x6`, `0xC000006D`)?
pub fn is_hex_literal(word: &str) -> bool {
    let digits = word.strip_prefix("0x").or_else(|| word.strip_prefix("0X"));
    digits.is_some_and(|d| (1..=8).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The text after a code, from its first word: spaces and a table's cell separator (`|`)
/// dropped, so that the words of its entry can be read there.
pub fn after_cell(after: &str) -> &str {
    let rest = after.trim_start_matches([' ', '\t']);
    rest.strip_prefix('|').unwrap_or(rest)
}

/// `49Invalid`: the length of the number a word starts with, when a capital letter follows it
/// at once (the start of words glued to it).
pub fn glued_number(word: &str) -> Option<usize> {
    let n = word.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0 && n <= 6 && word.as_bytes().get(n).is_some_and(u8::is_ascii_uppercase)).then_some(n)
}

/// Does `text` start with the words of `title`, ignoring ASCII case, with no letter glued
/// after them (a number may be: `Invalid credentials80090308`)?
pub fn starts_glued(text: &str, title: &str) -> bool {
    text.get(..title.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(title))
        && !text[title.len()..].starts_with(|c: char| c.is_alphabetic() || c == '_')
}

impl<'a> super::Detector<'a, '_, '_> {
    /// `49Invalid credentials`: the number at the start of `text` (its first `digits` bytes)
    /// is a code of the entries whose own words are glued after it; 1 when there are any.
    pub(super) fn glued_place(
        &self,
        text: &str,
        digits: usize,
        column: usize,
        places: &mut super::Places<'a, '_>,
    ) -> usize {
        let key = crate::catalog::normalize_code(&text[..digits]);
        if !self.catalog.may_know(&key) {
            return 0;
        }
        let after = &text[digits..];
        let hits: Vec<crate::catalog::Hit<'a>> = (self.catalog.lookup(None, &key).into_iter())
            .filter(|h| super::own_texts(&h.entry).any(|t| starts_glued(after, t)))
            .collect();
        let says = "a code named in log text, its entry's own words glued after it";
        for &hit in &hits {
            // The entry's own words, glued to the number: the evidence a number needs.
            let c = super::Candidate {
                own_words: true,
                ..super::Candidate::found(hit, 0, says.to_string())
            };
            places.found_at.push((column, c));
        }
        usize::from(!hits.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::{after_cell, glued_number, is_hex_literal, starts_glued};

    #[test]
    fn a_number_glued_to_words_is_read_before_them() {
        assert_eq!(glued_number("49Invalid"), Some(2));
        assert_eq!(glued_number("49invalid"), None);
        assert_eq!(glued_number("Invalid49"), None);
        assert_eq!(glued_number("1234567Abc"), None);
        assert!(starts_glued(
            "Invalid credentials80090308: x",
            "Invalid credentials"
        ));
        assert!(!starts_glued("Invalid credentialsx", "Invalid credentials"));
        assert!(!starts_glued("Invalid", "Invalid credentials"));
    }

    #[test]
    fn hex_literals_are_written_with_0x() {
        assert!(is_hex_literal("0x6"));
        assert!(is_hex_literal("0XC000006D"));
        assert!(!is_hex_literal("0x"));
        assert!(!is_hex_literal("6"));
        assert!(!is_hex_literal("0x6g"));
        assert!(!is_hex_literal("0x123456789"));
    }

    #[test]
    fn a_cell_separator_is_dropped_once() {
        assert_eq!(after_cell(" | Client not found |"), " Client not found |");
        assert_eq!(after_cell(" Unauthorized"), "Unauthorized");
        assert_eq!(after_cell(" || x"), "| x");
    }
}
