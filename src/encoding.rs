//! The text encoding of an input. UTF-8 (a byte-order mark dropped) is read as it is; UTF-16
//! with a byte-order mark, as Windows writes its exports, is decoded to UTF-8. What cannot be
//! read but can be told (UTF-16 without a mark, UTF-32) is named, so that "no error found" is
//! never the only answer for a file autherr read as the wrong bytes. A gzip stream is read
//! decompressed, told by its first bytes rather than its name (a `.gz` file, or one piped in);
//! a stream of another compressor (xz, bzip2, zstd, lz4, lzip, compress) or a zip archive,
//! told by its magic number, is not read: every command fails on it, naming the command that
//! decompresses it.

use std::io::{self, Read};

/// How an input's first bytes say it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, or bytes read as UTF-8 (invalid sequences become U+FFFD).
    Utf8,
    /// UTF-8 after a byte-order mark (EF BB BF), which is dropped.
    Utf8Bom,
    /// UTF-16 after its byte-order mark (FF FE, FE FF): decoded.
    Utf16 { big_endian: bool },
    /// Read as UTF-8, but the bytes look like another encoding: its name, for a note.
    Unread(&'static str),
    /// Read as it is: gzip again inside gzip, which is decompressed once only.
    GzipInGzip,
    /// A compressor's stream that autherr does not decompress: what it is (`xz-compressed`,
    /// `a zip archive`) and the command that decompresses it to stdout.
    Compressed {
        what: &'static str,
        command: &'static str,
    },
}

/// The first bytes of a gzip stream (its magic number and the deflate method).
const GZIP: [u8; 3] = [0x1F, 0x8B, 0x08];

/// The magic numbers of the compressors autherr does not decompress (each as its format's
/// documentation gives it; `?` stands for bzip2's block size, a digit from 1), what a stream
/// that starts with one is, and the command that decompresses it to stdout.
const COMPRESSED: [(&[u8], &str, &str); 7] = [
    (b"\xFD7zXZ\0", "xz-compressed", "xz -dc"),
    // `BZh`, the block size, then the first block's magic (pi in BCD).
    (b"BZh?1AY&SY", "bzip2-compressed", "bzip2 -dc"),
    (b"\x28\xB5\x2F\xFD", "zstd-compressed", "zstd -dc"),
    (b"\x04\x22\x4D\x18", "lz4-compressed", "lz4 -dc"),
    (b"LZIP\x01", "lzip-compressed", "lzip -dc"),
    // `compress` (`.Z`), which gzip decompresses too.
    (b"\x1F\x9D", "compressed by compress", "gzip -dc"),
    // A zip archive's first local file header.
    (b"PK\x03\x04", "a zip archive", "unzip -p"),
];

/// Do `start`'s bytes, as far as both go, read as the magic number `magic`?
fn as_magic(start: &[u8], magic: &[u8]) -> bool {
    (start.iter().zip(magic)).all(|(&c, &m)| c == m || (m == b'?' && matches!(c, b'1'..=b'9')))
}

/// What the stream that starts with `start` is, and the command that decompresses it, when
/// it starts with the magic number of a compressor in `COMPRESSED`.
fn compressed(start: &[u8]) -> Option<(&'static str, &'static str)> {
    (COMPRESSED.iter())
        .find(|(magic, _, _)| start.len() >= magic.len() && as_magic(start, magic))
        .map(|&(_, what, command)| (what, command))
}

/// Can more bytes make `start` a compressor's magic number? A live stream waits for them
/// only then.
fn may_be_compressed(start: &[u8]) -> bool {
    (COMPRESSED.iter()).any(|(magic, _, _)| start.len() < magic.len() && as_magic(start, magic))
}

impl Encoding {
    /// Bytes to look at before deciding (fewer when the input has fewer).
    pub const SNIFF: usize = 512;

    /// The encoding of an input that starts with `start`.
    pub fn of(start: &[u8]) -> Self {
        if let Some((what, command)) = compressed(start) {
            return Encoding::Compressed { what, command };
        }
        match start {
            [0xFF, 0xFE, 0, 0, ..] => Encoding::Unread("UTF-32LE"),
            [0, 0, 0xFE, 0xFF, ..] => Encoding::Unread("UTF-32BE"),
            [0xEF, 0xBB, 0xBF, ..] => Encoding::Utf8Bom,
            [0xFF, 0xFE, ..] => Encoding::Utf16 { big_endian: false },
            [0xFE, 0xFF, ..] => Encoding::Utf16 { big_endian: true },
            _ => match unmarked_utf16(start) {
                Some(false) => Encoding::Unread("UTF-16LE"),
                Some(true) => Encoding::Unread("UTF-16BE"),
                None => Encoding::Utf8,
            },
        }
    }

    /// The length of the byte-order mark that starts the input.
    fn mark_len(self) -> usize {
        match self {
            Encoding::Utf8Bom => 3,
            Encoding::Utf16 { .. } => 2,
            Encoding::Utf8
            | Encoding::Unread(_)
            | Encoding::GzipInGzip
            | Encoding::Compressed { .. } => 0,
        }
    }

    /// What to tell the user about it, if anything.
    pub fn note(self) -> Option<String> {
        match self {
            Encoding::Unread(name) => Some(format!(
                "the input looks like {name}, which autherr does not read (UTF-8, and UTF-16 with a byte-order mark, are read): convert it first, e.g. `iconv -f {name} -t UTF-8`"
            )),
            Encoding::GzipInGzip => Some(
                "the input is gzip inside gzip, which autherr decompresses once only: decompress it first, e.g. `zcat FILE | zcat`".to_string(),
            ),
            Encoding::Compressed { what, command } => Some(format!(
                "the input is {what}, which autherr does not read: decompress it first, e.g. `{command} FILE`"
            )),
            _ => None,
        }
    }
}

/// Text in UTF-16 without a byte-order mark: much of it ASCII, so most high bytes (every
/// other byte) are NUL, and almost no low byte is. `Some(big_endian)` when it looks so.
fn unmarked_utf16(start: &[u8]) -> Option<bool> {
    let pairs = start.len() / 2;
    if pairs < 2 {
        return None;
    }
    let nul = |offset: usize| (0..pairs).filter(|i| start[2 * i + offset] == 0).count();
    let (even, odd) = (nul(0), nul(1));
    let most = |n: usize| n * 10 >= pairs * 6;
    let few = |n: usize| n * 20 <= pairs;
    match (few(even) && most(odd), most(even) && few(odd)) {
        (true, _) => Some(false),
        (_, true) => Some(true),
        _ => None,
    }
}

/// A stream (a log being scanned, a paste) read as UTF-8: its first bytes are read to tell its
/// encoding, and UTF-16 is decoded as it is read. Only as many bytes are waited for as a
/// byte-order mark needs: a live stream (`tail -F`) is answered as it comes.
pub fn reader<'r>(input: impl Read + 'r) -> io::Result<(Box<dyn Read + 'r>, Encoding)> {
    read_as_text(input, true)
}

/// `reader`; a gzip stream (a `.gz` file, one piped in or named otherwise), when `inflate`,
/// is read decompressed, its own first bytes then telling its encoding; once only, so that
/// layer upon layer of gzip costs no more than one.
fn read_as_text<'r>(
    mut input: impl Read + 'r,
    inflate: bool,
) -> io::Result<(Box<dyn Read + 'r>, Encoding)> {
    let mut start = vec![0u8; Encoding::SNIFF];
    let mut filled = 0;
    while filled < 4 || may_be_compressed(&start[..filled]) {
        match input.read(&mut start[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    start.truncate(filled);
    if inflate && start.starts_with(&GZIP) {
        let whole = io::Cursor::new(start).chain(input);
        let inflated: Box<dyn Read + 'r> = Box::new(flate2::read::MultiGzDecoder::new(whole));
        return read_as_text(inflated, false);
    }
    let encoding = match start.starts_with(&GZIP) {
        true => Encoding::GzipInGzip,
        false => Encoding::of(&start),
    };
    // Its bytes read as lines would hold nothing, and "no error found" would be the answer:
    // what `explain -` notes is here the error.
    if let (Encoding::Compressed { .. }, Some(note)) = (encoding, encoding.note()) {
        return Err(io::Error::new(io::ErrorKind::InvalidData, note));
    }
    start.drain(..encoding.mark_len().min(filled));
    let whole = io::Cursor::new(start).chain(input);
    let decoded: Box<dyn Read + 'r> = match encoding {
        Encoding::Utf16 { big_endian } => Box::new(Utf16Reader {
            inner: whole,
            decoder: Utf16Decoder::new(big_endian),
            text: String::new(),
            at: 0,
            done: false,
        }),
        _ => Box::new(whole),
    };
    Ok((decoded, encoding))
}

/// UTF-16 to UTF-8, a piece at a time: a code unit or a surrogate pair cut between pieces
/// waits for the next; what is not UTF-16 becomes U+FFFD.
struct Utf16Decoder {
    big_endian: bool,
    /// The first byte of a code unit whose second is in the next piece.
    odd: Option<u8>,
    /// A high surrogate whose low one is in the next piece.
    high: Option<u16>,
}

impl Utf16Decoder {
    fn new(big_endian: bool) -> Self {
        Utf16Decoder {
            big_endian,
            odd: None,
            high: None,
        }
    }

    fn decode(&mut self, bytes: &[u8], out: &mut String) {
        let mut units: Vec<u16> = Vec::with_capacity(bytes.len() / 2 + 2);
        units.extend(self.high.take());
        let mut bytes = bytes.iter().copied();
        let first = self.odd.take().or_else(|| bytes.next());
        let mut pending = first;
        while let Some(a) = pending {
            let Some(b) = bytes.next() else {
                self.odd = Some(a);
                break;
            };
            units.push(if self.big_endian {
                u16::from_be_bytes([a, b])
            } else {
                u16::from_le_bytes([a, b])
            });
            pending = bytes.next();
        }
        if units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            self.high = units.pop();
        }
        out.extend(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
    }

    /// The end of the input: a unit or pair left incomplete is U+FFFD.
    fn finish(&mut self, out: &mut String) {
        if self.high.take().is_some() || self.odd.take().is_some() {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
}

/// A reader of UTF-16 that gives UTF-8.
struct Utf16Reader<R> {
    inner: R,
    decoder: Utf16Decoder,
    /// Decoded text not yet read, from `at`.
    text: String,
    at: usize,
    done: bool,
}

impl<R: Read> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.text.len() && !self.done {
            self.text.clear();
            self.at = 0;
            let mut bytes = [0u8; 16 * 1024];
            match self.inner.read(&mut bytes)? {
                0 => {
                    self.done = true;
                    self.decoder.finish(&mut self.text);
                }
                n => self.decoder.decode(&bytes[..n], &mut self.text),
            }
        }
        let rest = &self.text.as_bytes()[self.at..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A live stream waits for more bytes only while they may still make a longer magic
    /// number: `BZh` then a line break is a line.
    #[test]
    fn a_stream_waits_only_for_a_magic_number_it_may_be() {
        for start in [&b"BZh9"[..], b"BZh91AY", b"\xFD7zX", b"LZIP"] {
            assert!(may_be_compressed(start), "{start:?}");
        }
        for start in [
            &b"BZh\n"[..],
            b"BZh0",
            b"BZh91AX",
            b"\xFD7zY",
            b"LZIP\x02",
            b"2026",
        ] {
            assert!(!may_be_compressed(start), "{start:?}");
        }
        assert_eq!(
            Encoding::of(b"BZh91AY&SY\x00"),
            Encoding::Compressed {
                what: "bzip2-compressed",
                command: "bzip2 -dc"
            }
        );
        assert_eq!(Encoding::of(b"BZh9 is a line\n"), Encoding::Utf8);
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    /// All of `bytes`, read by `reader`, and their encoding.
    fn read(bytes: &[u8]) -> (String, Encoding) {
        let (mut text, encoding) = reader(bytes).unwrap();
        let mut whole = String::new();
        text.read_to_string(&mut whole).unwrap();
        (whole, encoding)
    }

    #[test]
    fn utf16_is_decoded_whole_and_streamed_in_any_pieces() {
        let text = "a=AADSTS50126 ü 用户 😀\r\nline 2\n";
        for big_endian in [false, true] {
            let bytes = utf16(text, big_endian);
            let (whole, encoding) = read(&bytes);
            assert_eq!(
                (whole.as_str(), encoding),
                (text, Encoding::Utf16 { big_endian })
            );
            // Read a byte at a time: every unit and pair is cut somewhere.
            struct Trickle<'b>(&'b [u8]);
            impl Read for Trickle<'_> {
                fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                    let n = self.0.len().min(buf.len()).min(1);
                    buf[..n].copy_from_slice(&self.0[..n]);
                    self.0 = &self.0[n..];
                    Ok(n)
                }
            }
            let (mut read, _) = reader(Trickle(&bytes)).unwrap();
            let mut streamed = String::new();
            read.read_to_string(&mut streamed).unwrap();
            assert_eq!(streamed, text);
        }
        // A lone surrogate, an odd last byte: U+FFFD, never a panic.
        let (broken, _) = read(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0, 7]);
        assert_eq!(broken, "\u{FFFD}a\u{FFFD}");
    }

    #[test]
    fn encodings_are_told_by_their_start() {
        assert_eq!(Encoding::of(b"2026-11-27 ERROR"), Encoding::Utf8);
        assert_eq!(Encoding::of(b"\xEF\xBB\xBFx"), Encoding::Utf8Bom);
        assert_eq!(Encoding::of(b"a\0b\0c\0d\0"), Encoding::Unread("UTF-16LE"));
        assert_eq!(Encoding::of(b"\0a\0b\0c\0d"), Encoding::Unread("UTF-16BE"));
        assert_eq!(
            Encoding::of(b"\xFF\xFE\0\0a\0\0\0"),
            Encoding::Unread("UTF-32LE")
        );
        // Binary noise and text with a few NULs are read as they are.
        assert_eq!(Encoding::of(b"ok \xff\xfe\0 status=200"), Encoding::Utf8);
        assert_eq!(Encoding::of(b"\0\0\0\0\0\0"), Encoding::Utf8);
        let (text, _) = read(b"\xEF\xBB\xBF2026 x");
        assert_eq!(text, "2026 x");
    }
}
