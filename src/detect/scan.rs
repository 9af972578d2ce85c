//! A lenient scanner for what people paste: JSON, JavaScript-style object literals (bare keys,
//! single quotes), JSON inside log lines, several bodies in a row and unterminated bodies. It
//! yields `path = value` pairs grouped by top-level object, and the text outside any object.
//! No recursion, bounded depth: serde_json alone rejects object literals, truncated bodies and
//! surrounding log text, which is what people paste.

/// Deeper nesting is skipped, not followed: real error bodies are shallow.
const MAX_DEPTH: usize = 64;
/// Bodies inside string values are scanned, but not strings inside those.
const MAX_REPARSE: usize = 2;

/// One scalar member of an object (or element of an array) in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// `hid_failure.reason`, `errors[0].message.code`.
    pub path: String,
    /// The last key of the path.
    pub key: String,
    pub value: String,
    /// Which top-level object it belongs to.
    pub group: usize,
    /// 1-based line of the value.
    pub line: usize,
}

/// What a paste is made of: the scalar members of its objects and the text around them.
#[derive(Debug, Default)]
pub struct PasteParts {
    pub pairs: Vec<Pair>,
    /// Byte ranges of text outside any object.
    pub outside: Vec<(usize, usize)>,
    /// The line on which each top-level object opens, by group number (group 1 first).
    pub group_lines: Vec<usize>,
}

enum Frame {
    Object {
        path: String,
        key: Option<String>,
        expect_value: bool,
    },
    Array {
        path: String,
        index: usize,
    },
}

/// The path of member `key` of the object at `path`; an empty key (`{"": ...}`, valid JSON) is
/// written as JSON writes it, `""`, so that a path is never empty and never ends with `.`.
fn join(path: &str, key: &str) -> String {
    let key = if key.is_empty() { "\"\"" } else { key };
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Scans `text` for objects and their scalar members.
pub fn scan(text: &str) -> PasteParts {
    let mut out = PasteParts::default();
    let mut groups = 0;
    scan_into(text, "", 0, 0, &mut out, Grouping::TopLevel(&mut groups));
    out
}

/// Which object the pairs of a scan belong to.
enum Grouping<'g> {
    /// Each top-level object is a group of its own; the counter numbers them.
    TopLevel(&'g mut usize),
    /// A body inside a string value belongs to the object holding that string.
    Within(usize),
}

fn scan_into(
    text: &str,
    prefix: &str,
    line_base: usize,
    reparse: usize,
    out: &mut PasteParts,
    grouping: Grouping<'_>,
) {
    let top = matches!(grouping, Grouping::TopLevel(_));
    let group = match &grouping {
        Grouping::TopLevel(n) => **n,
        Grouping::Within(g) => *g,
    };
    let mut s = Scanner {
        text,
        prefix,
        reparse,
        out,
        grouping,
        frames: Vec::new(),
        overflow: 0,
        i: 0,
        line: line_base + 1,
        outside_start: 0,
        top,
        group,
    };
    while s.i < text.len() {
        if s.frames.is_empty() && s.overflow == 0 {
            if !s.outside() {
                break;
            }
            continue;
        }
        match text.as_bytes()[s.i] {
            b'\n' => {
                s.line += 1;
                s.i += 1;
            }
            b' ' | b'\t' | b'\r' => s.i += 1,
            b @ (b'{' | b'[') => s.open(b),
            b'}' | b']' => s.close(),
            b':' | b'=' => s.key_ends(),
            b',' | b';' => s.member_ends(),
            _ => s.token(),
        }
    }
    if s.top && s.frames.is_empty() && s.outside_start < text.len() {
        s.out.outside.push((s.outside_start, text.len()));
    }
}

/// One scan of a text (or of a body inside a string value): where it is and what is open.
struct Scanner<'t, 'o, 'g> {
    text: &'t str,
    prefix: &'t str,
    reparse: usize,
    out: &'o mut PasteParts,
    grouping: Grouping<'g>,
    frames: Vec<Frame>,
    /// Objects and arrays open beyond `MAX_DEPTH`, skipped.
    overflow: usize,
    i: usize,
    line: usize,
    outside_start: usize,
    top: bool,
    group: usize,
}

impl Scanner<'_, '_, '_> {
    /// Outside every object only a new line or an opening brace matters: on to the next.
    /// `false` when there is none.
    fn outside(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        match memchr::memchr2(b'\n', b'{', &bytes[self.i..]) {
            Some(skip) => self.i += skip,
            None => return false,
        }
        if bytes[self.i] == b'\n' {
            self.line += 1;
        } else {
            if self.top && self.outside_start < self.i {
                self.out.outside.push((self.outside_start, self.i));
            }
            if let Grouping::TopLevel(n) = &mut self.grouping {
                **n += 1;
                self.group = **n;
                self.out.group_lines.push(self.line);
            }
            self.frames.push(Frame::Object {
                path: self.prefix.to_string(),
                key: None,
                expect_value: false,
            });
        }
        self.i += 1;
        true
    }

    /// `{` or `[` inside an object: a member's value, or an array's element, opens.
    fn open(&mut self, b: u8) {
        if self.frames.len() >= MAX_DEPTH || self.overflow > 0 {
            self.overflow += 1;
        } else {
            let path = match self.frames.last_mut() {
                Some(Frame::Object {
                    path,
                    key,
                    expect_value,
                }) => {
                    let p = join(path, key.as_deref().unwrap_or("?"));
                    *expect_value = false;
                    p
                }
                Some(Frame::Array { path, index }) => format!("{path}[{index}]"),
                None => self.prefix.to_string(),
            };
            self.frames.push(if b == b'{' {
                Frame::Object {
                    path,
                    key: None,
                    expect_value: false,
                }
            } else {
                Frame::Array { path, index: 0 }
            });
        }
        self.i += 1;
    }

    /// `}` or `]`.
    fn close(&mut self) {
        if self.overflow > 0 {
            self.overflow -= 1;
        } else {
            self.frames.pop();
        }
        self.i += 1;
        if self.frames.is_empty() && self.overflow == 0 {
            self.outside_start = self.i;
        }
    }

    /// `:` or `=`: a value follows the key read.
    fn key_ends(&mut self) {
        if let Some(Frame::Object {
            expect_value, key, ..
        }) = self.frames.last_mut()
        {
            *expect_value = key.is_some();
        }
        self.i += 1;
    }

    /// `,` or `;`: the next member, or element.
    fn member_ends(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Object {
                key, expect_value, ..
            }) => {
                *key = None;
                *expect_value = false;
            }
            Some(Frame::Array { index, .. }) => *index += 1,
            None => {}
        }
        self.i += 1;
    }

    /// A quoted string or a bare word: a key, or a scalar member's value (a body inside a
    /// quoted value is scanned too).
    fn token(&mut self) {
        let start_line = self.line;
        let (token, quoted, next) = read_token(self.text, self.i, &mut self.line);
        self.i = next.max(self.i + 1);
        if self.overflow > 0 {
            return;
        }
        let (path, key) = match self.frames.last_mut() {
            Some(Frame::Object {
                key,
                expect_value,
                path,
            }) => {
                if !*expect_value {
                    *key = Some(token);
                    return;
                }
                *expect_value = false;
                let k = key.clone().unwrap_or_default();
                (join(path, &k), k)
            }
            Some(Frame::Array { path, index }) => {
                let k = path.rsplit('.').next().unwrap_or("").to_string();
                (format!("{path}[{index}]"), k)
            }
            None => return,
        };
        let trimmed = token.trim_start();
        if quoted && self.reparse < MAX_REPARSE && trimmed.starts_with('{') {
            scan_into(
                &token,
                &path,
                start_line - 1,
                self.reparse + 1,
                self.out,
                Grouping::Within(self.group),
            );
        }
        self.out.pairs.push(Pair {
            path,
            key,
            value: token,
            group: self.group,
            line: start_line,
        });
    }
}

/// Reads a quoted string or a bare word at `i`; returns it, whether it was quoted, and the
/// index after it.
fn read_token(text: &str, i: usize, line: &mut usize) -> (String, bool, usize) {
    let bytes = text.as_bytes();
    let quote = bytes[i];
    if quote == b'"' || quote == b'\'' {
        let mut value = String::new();
        let mut chars = text[i + 1..].char_indices();
        while let Some((j, c)) = chars.next() {
            match c {
                c if c as u32 == quote as u32 => return (value, true, i + 1 + j + 1),
                '\\' => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, 'r')) => value.push('\r'),
                    Some((_, 'u')) => {
                        let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                        value.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some((_, other)) => value.push(other),
                    None => break,
                },
                '\n' => {
                    *line += 1;
                    value.push(c);
                }
                c => value.push(c),
            }
        }
        return (value, true, bytes.len());
    }
    let end = text[i..]
        .find(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '{' | '}' | '[' | ']' | ':' | ',' | '"' | '\'' | ';' | '='
                )
        })
        .map_or(bytes.len(), |n| i + n);
    // A lone delimiter the caller does not handle (Unicode white space): step over the
    // whole character, never into it.
    let end = end.max(i + text[i..].chars().next().map_or(1, char::len_utf8));
    (text[i..end].to_string(), false, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_reads_object_literals_and_nesting() {
        let s = scan("log: {message: 'busy', code: 1000, data: null, x: {y: [1, {z: \"q\"}]}}");
        let paths: Vec<_> = s
            .pairs
            .iter()
            .map(|p| (p.path.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("message", "busy"),
                ("code", "1000"),
                ("data", "null"),
                ("x.y[0]", "1"),
                ("x.y[1].z", "q")
            ]
        );
        assert_eq!(s.outside, [(0, 5)]);
    }

    /// An empty key (valid JSON) is written `""` in a path: a code found under it is found
    /// somewhere, never at an empty path.
    #[test]
    fn an_empty_key_is_written_in_its_path() {
        let s = scan(r#"{"": 1, "a": {"": {"code": 2}}, "b": "{\"\": 3}"}"#);
        let paths: Vec<_> = (s.pairs.iter())
            .map(|p| (p.path.as_str(), p.value.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("\"\"", "1"),
                ("a.\"\".code", "2"),
                ("b.\"\"", "3"),
                ("b", "{\"\": 3}")
            ]
        );
    }

    #[test]
    fn scanner_survives_deep_and_unterminated_input() {
        let deep = "{\"a\":".repeat(100_000) + "1";
        assert!(scan(&deep).pairs.is_empty());
        let s = scan("{\"code\": 12500009, \"message\": \"unterminated");
        assert_eq!(s.pairs[0].value, "12500009");
    }
}
