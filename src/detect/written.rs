//! How a code is written beside its entry's own words: a value spelled as a table spells its
//! codes in hexadecimal (`0x6`, as Microsoft's event 4768 table writes its result codes), and
//! a table row that puts the code and its message in cells (`0x6 | Client not found in
//! Kerberos database |`).

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

#[cfg(test)]
mod tests {
    use super::{after_cell, is_hex_literal};

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
