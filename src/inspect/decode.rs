//! Bounded decoders for what a token is made of: base64 (standard and URL-safe, padding
//! optional), percent-encoding, raw deflate with a cap on the inflated size, and clock times.

use std::io::Read;

/// Largest single token (a JWT, a base64 SAML response) read; longer ones are refused.
pub const MAX_TOKEN: usize = 256 * 1024;
/// Largest XML a SAML response may decode or inflate to.
pub const MAX_XML: usize = 1024 * 1024;
/// Times are read within this many seconds of 1970 (about 31,700 years either way): the
/// difference of two of them, and its absolute value, cannot overflow.
pub const MAX_SECS: i64 = 1_000_000_000_000;

fn sextet(b: u8) -> Option<u32> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

/// Decodes base64 in either alphabet; `=` padding and ASCII whitespace are skipped.
pub fn base64(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut padded = false;
    for (i, b) in s.bytes().enumerate() {
        if b == b'=' {
            padded = true;
            continue;
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        let v = match sextet(b) {
            Some(v) if !padded => v,
            _ => {
                return Err(format!(
                    "invalid base64: byte {} is {:?}",
                    i + 1,
                    char::from(b).escape_default().to_string()
                ));
            }
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits == 6 {
        return Err("invalid base64: its length leaves a lone character".into());
    }
    Ok(out)
}

/// Decodes `%XX` escapes (a query string); other bytes stay as they are.
pub fn percent(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Inflates raw deflate (the SAML redirect binding), refusing more than `MAX_XML` bytes.
pub fn inflate(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(data)
        .take(MAX_XML as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("not deflate data: {e}"))?;
    if out.len() > MAX_XML {
        return Err(format!(
            "inflates to more than {} KiB: refused (a deflate bomb?)",
            MAX_XML / 1024
        ));
    }
    Ok(out)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2026-12-06 07:45:11 UTC`.
pub fn utc(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `3 h 12 min`, `2 d 4 h`, `45 s`: the two largest units.
pub fn span(secs: i64) -> String {
    let s = secs.abs();
    let (d, h, m, sec) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
    if d >= 365 {
        format!("{} y {} d", d / 365, d % 365)
    } else if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min {sec} s")
    } else {
        format!("{sec} s")
    }
}

/// Parses an ISO 8601 / RFC 3339 time (`2026-12-06T07:45:11Z`, `...11.123+01:00`, a space for
/// `T`, a date alone), or Unix seconds (`1765000000`, `@1765000000`); None beyond `MAX_SECS`.
pub fn parse_time(s: &str) -> Option<i64> {
    parse_any_time(s).filter(|secs| secs.abs() < MAX_SECS)
}

fn parse_any_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let digits = s.strip_prefix('@').unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse().ok();
    }
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, mo, d) * 86_400;
    if b.len() == 10 {
        return Some(secs);
    }
    if !matches!(b[10], b'T' | b't' | b' ') || b.len() < 16 || b[13] != b':' {
        return None;
    }
    let (h, mi) = (num(11..13)?, num(14..16)?);
    let mut i = 16;
    let mut sec = 0;
    if b.get(16) == Some(&b':') {
        sec = num(17..19)?;
        i = 19;
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    secs += h * 3600 + mi * 60 + sec;
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    match b.get(i) {
        None => Some(secs),
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(secs),
        Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let off = num(i + 1..i + 3)? * 3600 + num(i + 4..i + 6)? * 60;
            Some(if sign == b'+' { secs - off } else { secs + off })
        }
        Some(b' ') if &s[i..] == " UTC" => Some(secs),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_both_alphabets_and_padding() {
        assert_eq!(base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64("-_-_").unwrap(), base64("+/+/").unwrap());
        assert!(base64("a$b").is_err());
        assert!(base64("a").is_err());
        assert!(base64("aa=a").is_err());
    }

    #[test]
    fn times_round_trip() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_time("2026-12-06T07:45:11Z").map(utc).unwrap(),
            "2026-12-06 07:45:11 UTC"
        );
        assert_eq!(
            parse_time("2026-12-06T08:45:11.5+01:00"),
            parse_time("2026-12-06 07:45:11")
        );
        assert_eq!(parse_time("@86400"), Some(86_400));
        assert_eq!(parse_time("2000-02-29"), Some(951_782_400));
        assert_eq!(parse_time("yesterday"), None);
        // Beyond the times a difference can be taken of.
        assert_eq!(parse_time("@999999999999"), Some(999_999_999_999));
        assert_eq!(parse_time("9223372036854775807"), None);
        assert_eq!(span(3 * 3600 + 12 * 60 + 5), "3 h 12 min");
        assert_eq!(span(-45), "45 s");
    }

    #[test]
    fn percent_and_inflate_are_bounded() {
        assert_eq!(percent("a%2Bb%3D%3d%"), "a+b==%");
        let bomb = {
            use std::io::Write;
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
            e.write_all(&vec![b'a'; MAX_XML + 10]).unwrap();
            e.finish().unwrap()
        };
        assert!(inflate(&bomb).unwrap_err().contains("refused"));
    }
}
