//! Codes printed with a number added to them: MIT krb5's com_err numbers are its error
//! table's base (`ERROR_TABLE_BASE_krb5`, -1765328384) plus the protocol code, so
//! `-1765328378` is Kerberos error 6. A catalog's rule says so with `base`.

/// The code a printed number stands for: the number minus `base`; `None` when the text is
/// no number or the result is negative (no table's code lies below its base).
pub fn shifted(value: &str, base: i64) -> Option<String> {
    let n: i64 = value.trim().parse().ok()?;
    let code = n.checked_sub(base)?;
    (code >= 0).then(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::shifted;

    #[test]
    fn a_number_above_its_base_is_the_code() {
        assert_eq!(shifted("-1765328378", -1765328384).as_deref(), Some("6"));
        assert_eq!(shifted("-1765328384", -1765328384).as_deref(), Some("0"));
        assert_eq!(shifted("-1765328385", -1765328384), None);
        assert_eq!(shifted("abc", -1765328384), None);
        assert_eq!(shifted("99999999999999999999", 1), None);
    }
}
