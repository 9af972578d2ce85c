//! Marking a search's matches in its results, as `rg` marks its own.

/// The words of a search to mark in its results, as `rg` marks its matches: every occurrence,
/// ASCII case ignored, carried on to the end of its word (a stem marks the whole word). No
/// marks at all without colour.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    terms: Vec<String>,
    style: anstyle::Style,
}

impl Marks {
    /// `terms` in lower case; `None` when colour is off.
    pub fn new(terms: Vec<String>, color: bool) -> Option<Self> {
        use anstyle::{AnsiColor, Style};
        (color && !terms.is_empty()).then(|| Marks {
            terms,
            style: Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        })
    }

    /// `text` with its matches in the marking style.
    pub fn apply<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let lower = text.to_ascii_lowercase();
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for term in &self.terms {
            for start in memchr::memmem::find_iter(lower.as_bytes(), term.as_bytes()) {
                // Only from a word's start: `locked` is no mark inside `blocked`.
                if text[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let mut end = start + term.len();
                end += text[end..]
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(text.len() - end);
                ranges.push((start, end));
            }
        }
        if ranges.is_empty() {
            return text.into();
        }
        ranges.sort_unstable();
        let mut out = String::with_capacity(text.len() + 16 * ranges.len());
        let (mut at, style) = (0, self.style);
        let mut i = 0;
        while i < ranges.len() {
            let (start, mut end) = ranges[i];
            while i + 1 < ranges.len() && ranges[i + 1].0 <= end {
                i += 1;
                end = end.max(ranges[i].1);
            }
            if start >= at {
                out.push_str(&text[at..start]);
                out.push_str(&format!("{style}{}{style:#}", &text[start..end]));
                at = end;
            }
            i += 1;
        }
        out.push_str(&text[at..]);
        out.into()
    }

    /// A rendered table (`table::entries`: rows framed by `│`, columns parted by `┆`) with the
    /// matches marked in its last column, the titles and messages, below the header row;
    /// borders and the other columns stay as they are.
    pub fn apply_to_table(&self, table: &str) -> String {
        let mut out = String::with_capacity(table.len() + 256);
        let mut header_seen = false;
        for line in table.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            let cells = body.starts_with('│').then(|| {
                let end = body.rfind('│')?;
                let start = body[..end].rfind('┆')?;
                Some((start + '┆'.len_utf8(), end))
            });
            match cells.flatten() {
                Some((start, end)) if header_seen => {
                    out.push_str(&body[..start]);
                    out.push_str(&self.apply(&body[start..end]));
                    out.push_str(&line[end..]);
                }
                Some(_) => {
                    header_seen = true;
                    out.push_str(line);
                }
                None => out.push_str(line),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Marks;

    #[test]
    fn marks_start_at_a_word() {
        let marks = Marks::new(vec!["locked".into()], true).unwrap();
        assert_eq!(
            marks.apply("The account is blocked"),
            "The account is blocked"
        );
        let marked = marks.apply("Account locked out");
        assert!(
            marked.starts_with("Account \u{1b}[") && marked.contains("locked"),
            "{marked}"
        );
    }
}
