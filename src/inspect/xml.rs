//! A small XML reader for SAML responses: elements, attributes and text, nothing more. No
//! DTD is read and no entity but the five predefined ones and character references is ever
//! expanded; a document with a DOCTYPE is refused, and so is nesting deeper than `MAX_DEPTH`.

/// Deepest nesting accepted (a SAML response is about ten levels deep).
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Default, Clone)]
pub struct Element {
    /// The local name, without its namespace prefix.
    pub name: String,
    /// Attributes by local name.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Replaces the predefined entities and character references; any other `&name;` is kept
/// as written (never expanded).
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // Within a few bytes, counted as bytes: a character there may be several (`é`).
        let end = (rest.bytes().take(12)).position(|b| b == b';');
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses a document into its root element.
pub fn parse(doc: &str) -> Result<Element, String> {
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut rest = doc.trim_start_matches('\u{feff}');
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&unescape(rest));
            }
            break;
        };
        if lt > 0 {
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&unescape(&rest[..lt]));
            }
        }
        rest = &rest[lt..];
        let skip_to = |rest: &str, open: &str, close: &str| -> Result<usize, String> {
            rest.find(close)
                .map(|i| i + close.len())
                .ok_or_else(|| format!("malformed XML: {open} without {close}"))
        };
        if rest.starts_with("<!--") {
            rest = &rest[skip_to(rest, "<!--", "-->")?..];
        } else if rest.starts_with("<?") {
            rest = &rest[skip_to(rest, "<?", "?>")?..];
        } else if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata
                .find("]]>")
                .ok_or("malformed XML: CDATA without ]]>")?;
            if let Some(top) = stack.last_mut() {
                top.text.push_str(&cdata[..end]);
            }
            rest = &cdata[end + 3..];
        } else if rest.starts_with("<!") {
            return Err(
                "XML with a DOCTYPE or entity declaration: refused (autherr never expands entities, and SAML forbids a DTD)"
                    .into(),
            );
        } else if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>').ok_or("malformed XML: unclosed end tag")?;
            let name = local(close[..end].trim());
            let el = stack
                .pop()
                .ok_or("malformed XML: an end tag with no start")?;
            if el.name != name {
                return Err(format!(
                    "malformed XML: <{}> closed by </{}>",
                    el.name, name
                ));
            }
            match stack.last_mut() {
                Some(parent) => parent.children.push(el),
                None => root = Some(el),
            }
            rest = &close[end + 1..];
            if root.is_some() {
                break;
            }
        } else {
            let i = start_tag_end(rest)?;
            let inner = &rest[1..i];
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(s) => (s, true),
                None => (inner, false),
            };
            let el = start_tag(inner)?;
            rest = &rest[i + 1..];
            if empty {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => {
                        root = Some(el);
                        break;
                    }
                }
            } else {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "XML nested deeper than {MAX_DEPTH} elements: refused"
                    ));
                }
                stack.push(el);
            }
        }
    }
    root.ok_or_else(|| "malformed XML: the document ends inside an element".into())
}

/// Where the start tag that `rest` begins with ends: its `>` outside quotes.
fn start_tag_end(rest: &str) -> Result<usize, String> {
    let b = rest.as_bytes();
    let mut i = 1;
    let mut quote = 0u8;
    while i < b.len() {
        match (quote, b[i]) {
            (0, q @ (b'"' | b'\'')) => quote = q,
            (0, b'>') => break,
            (q, c) if q == c => quote = 0,
            _ => {}
        }
        i += 1;
    }
    if i >= b.len() {
        return Err("malformed XML: unclosed start tag".into());
    }
    Ok(i)
}

fn start_tag(inner: &str) -> Result<Element, String> {
    let name_end = inner
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() {
        return Err("malformed XML: a tag without a name".into());
    }
    let mut el = Element {
        name: local(name).to_string(),
        ..Element::default()
    };
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or("malformed XML: an attribute without a value")?;
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let q = after
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or("malformed XML: an attribute value without quotes")?;
        let end = after[1..]
            .find(q)
            .ok_or("malformed XML: an attribute value without its closing quote")?;
        el.attrs
            .push((local(key).to_string(), unescape(&after[1..1 + end])));
        rest = after[end + 2..].trim_start();
    }
    Ok(el)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_and_text() {
        let r = parse(r#"<?xml version="1.0"?><p:R a="1 &amp; &lt;" b='x>y'><!-- c --><p:S>t&#65;&foo;</p:S><e/></p:R>"#)
            .unwrap();
        assert_eq!(r.name, "R");
        assert_eq!(r.attr("a"), Some("1 & <"));
        assert_eq!(r.attr("b"), Some("x>y"));
        assert_eq!(r.child("S").unwrap().text, "tA&foo;");
        assert!(r.child("e").is_some());
    }

    #[test]
    fn text_after_an_ampersand_may_hold_any_character() {
        // Found by fuzz/fuzz_targets/inspect.rs: the 12th byte after `&` inside an `é`.
        let r = parse("<r>&caféééé; &amp;é</r>").unwrap();
        assert_eq!(r.text, "&caféééé; &é");
    }

    #[test]
    fn refuses_doctype_and_depth() {
        assert!(
            parse("<!DOCTYPE r [<!ENTITY a 'b'>]><r>&a;</r>")
                .unwrap_err()
                .contains("DOCTYPE")
        );
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(parse(&deep).unwrap_err().contains("deeper"));
        assert!(parse("<a><b></a>").is_err());
    }
}
