//! Codes printed with a number added to them: MIT krb5's com_err numbers are its error
//! table's base (`ERROR_TABLE_BASE_krb5`, -1765328384) plus the protocol code, so
//! `-1765328378` is Kerberos error 6. A catalog's rule says so with `base`. A table that
//! writes its codes in hexadecimal gets the shifted number so (`hex_digits`): an NTSTATUS is
//! a signed 32-bit value (MS-DTYP 2.2.38, `typedef long NTSTATUS`), so a program that prints
//! it as a decimal writes 0xC000006D as -1073741715, which is the code minus 2^32.

/// The code a printed number stands for: the number minus `base`; `None` when the text is
/// no number or the result is negative (no table's code lies below its base).
pub fn shifted(value: &str, base: i64) -> Option<String> {
    let n: i64 = value.trim().parse().ok()?;
    let code = n.checked_sub(base)?;
    (code >= 0).then(|| code.to_string())
}

/// `shifted`, written as `0x` and `hex_digits` upper-case hexadecimal digits where the rule
/// says its table writes codes so.
pub fn shifted_as(value: &str, base: i64, hex_digits: Option<u32>) -> Option<String> {
    let code = shifted(value, base)?;
    let Some(width) = hex_digits else {
        return Some(code);
    };
    let n: u64 = code.parse().ok()?;
    let width = width as usize;
    let hex = format!("0x{n:0width$X}");
    // A number wider than the table writes is none of its codes.
    (hex.len() <= width + 2).then_some(hex)
}

#[cfg(test)]
mod tests {
    use super::{shifted, shifted_as};

    #[test]
    fn a_signed_ntstatus_is_its_hex_code() {
        let base = -4_294_967_296;
        assert_eq!(
            shifted_as("-1073741715", base, Some(8)).as_deref(),
            Some("0xC000006D")
        );
        assert_eq!(shifted_as("-4294967297", base, Some(8)), None);
        assert_eq!(shifted_as("5", base, Some(8)), None);
        assert_eq!(
            shifted_as("-1765328378", -1765328384, None).as_deref(),
            Some("6")
        );
    }

    #[test]
    fn a_number_above_its_base_is_the_code() {
        assert_eq!(shifted("-1765328378", -1765328384).as_deref(), Some("6"));
        assert_eq!(shifted("-1765328384", -1765328384).as_deref(), Some("0"));
        assert_eq!(shifted("-1765328385", -1765328384), None);
        assert_eq!(shifted("abc", -1765328384), None);
        assert_eq!(shifted("99999999999999999999", 1), None);
    }
}
