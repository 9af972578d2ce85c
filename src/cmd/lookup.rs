//! `autherr lookup`: codes looked up at one vendor or at all, given or piped in by the million.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use anyhow::{Context, Result, bail};

use super::{check_table, is_sentence, report_missing, unknown_vendor};
use crate::catalog::{self, Catalog, Hit, Vendor};
use crate::cli::{Format, LookupArgs};
use crate::term::Term;
use crate::{Outcome, detect, render};

/// Is `word` a label pasted with the code after it (`data 52e`, `error code 49`): a word
/// that names codes, no code itself, and followed by another word?
fn is_word_before_a_code(
    catalog: &Catalog,
    vendor: Option<&Vendor>,
    word: &str,
    next: Option<&String>,
) -> bool {
    next.is_some_and(|n| n != "-")
        && catalog::pasted::is_code_word(word)
        && catalog.lookup(vendor, word).is_empty()
}

/// Is `first`, which names no vendor, still meant as one? When it is no code anywhere and
/// either codes follow it (`lookup okta 1902`) or it is close to a vendor's name
/// (`lookup hdi`): never answer with another vendor's entries then.
fn is_meant_as_vendor(catalog: &Catalog, first: &str, codes_follow: bool) -> bool {
    let looks_like_id = first.bytes().any(|b| b.is_ascii_alphabetic())
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    looks_like_id
        && !catalog.knows_code(first)
        && (codes_follow || catalog.suggest_vendor(first).is_some())
}

/// The codes that `explain -` finds in a sentence given as a lookup argument, at `vendor` only
/// when one is named; each entry once.
fn sentence_hits<'a>(catalog: &'a Catalog, vendor: Option<&Vendor>, text: &str) -> Vec<Hit<'a>> {
    let mut hits: Vec<Hit<'a>> = Vec::new();
    for f in detect::detect_paste(catalog, text) {
        let h = f.hit;
        if vendor.is_some_and(|v| v.id != h.vendor.id)
            || hits.iter().any(|x| {
                x.vendor.id == h.vendor.id
                    && (x.entry.table, x.entry.code) == (h.entry.table, h.entry.code)
            })
        {
            continue;
        }
        hits.push(h);
    }
    hits
}

/// Rows of one `lookup` table: past them, a table is written and the next one begun.
const MAX_TABLE_ROWS: usize = 1000;

/// The longest code read from stdin: longer ones are cut here (and found by nothing, as no
/// catalog's code is longer than 200 bytes); the rest of such a word is skipped unread.
pub const MAX_PIPED_CODE: usize = 1024;

/// Calls `each` with every code piped in, as `pasted::tokens` splits them (on white space
/// and commas), holding one code at a time: a line of 512 MB is no more memory than a word.
fn read_codes(stdin: &mut impl BufRead, each: &mut impl FnMut(&str) -> Result<()>) -> Result<()> {
    // ASCII white space and commas end a word here; `tokens` splits it further at Unicode
    // white space. No byte of a longer UTF-8 character is ASCII, so this is the same split.
    let ends_word = |b: u8| b.is_ascii_whitespace() || b == b',' || b == 0x0b;
    let mut word: Vec<u8> = Vec::new();
    let mut flush = |word: &mut Vec<u8>| -> Result<()> {
        if !word.is_empty() {
            for token in catalog::pasted::tokens(&String::from_utf8_lossy(word)) {
                each(token)?;
            }
            word.clear();
        }
        Ok(())
    };
    loop {
        let buf = stdin.fill_buf().context("cannot read stdin")?;
        if buf.is_empty() {
            return flush(&mut word);
        }
        let read = buf.len();
        for &b in buf {
            if ends_word(b) {
                flush(&mut word)?;
            } else if word.len() < MAX_PIPED_CODE {
                word.push(b);
            }
        }
        stdin.consume(read);
    }
}

/// Most "not found" lines to print before summing up; each one costs a scan for the nearest codes.
const MAX_MISSING_REPORTS: usize = 20;

pub(crate) fn run(
    cx: super::Context<'_, impl Write, impl Write, impl BufRead>,
    args: &LookupArgs,
) -> Result<Outcome> {
    let super::Context {
        catalog,
        format,
        term,
        out,
        err,
        stdin,
    } = cx;
    let piped = [String::from("-")];
    let (vendor, mut codes) = vendor_and_codes(catalog, &args.args)?;
    if codes.is_empty() {
        // `cut -f3 codes | autherr lookup hid`: what is piped in are the codes.
        if term.stdin_tty {
            bail!(
                "no code given: try `autherr lookup {} CODE`, or pipe codes in",
                vendor.map_or("VENDOR", |v| v.id)
            );
        }
        codes = &piped;
    }
    let table = args.table.as_deref().map(str::to_ascii_lowercase);
    if let Some(t) = &table {
        check_table(catalog, vendor, t)?;
    }
    let mut answer = Answer {
        catalog,
        vendor,
        table,
        format,
        term,
        out,
        err,
        rows: Vec::new(),
        json: render::json::ArrayWriter::new(render::json::Layout::of(format)),
        rendered: HashMap::new(),
        given: 0,
        missing: 0,
    };
    // Stdin is read once, however often `-` is given, a code at a time; invalid UTF-8 cannot
    // match a code.
    let mut stdin_read = false;
    for (i, code) in codes.iter().enumerate() {
        if code == "-" {
            if std::mem::replace(&mut stdin_read, true) {
                continue;
            }
            // A codes file saved in UTF-16 (PowerShell's `>`) too.
            let text =
                super::decoded("stdin", &mut *stdin, answer.err).context("cannot read stdin")?;
            let mut text = io::BufReader::with_capacity(64 * 1024, text);
            read_codes(&mut text, &mut |code| answer.code(code))?;
        } else if !is_word_before_a_code(catalog, vendor, code, codes.get(i + 1)) {
            answer.code(code)?;
        }
    }
    answer.finish()
}

/// The vendor named first, if one is, and the codes after it; a first word meant as a vendor
/// that names none is an error.
fn vendor_and_codes<'c, 'a>(
    catalog: &'c Catalog,
    args: &'a [String],
) -> Result<(Option<&'c Vendor>, &'a [String])> {
    Ok(match args.first().map(String::as_str) {
        None => (None, args),
        Some(first) => match catalog.vendor(first) {
            Some(v) => (Some(v), &args[1..]),
            None if is_meant_as_vendor(catalog, first, args.len() > 1) => {
                return Err(unknown_vendor(catalog, first));
            }
            None => (None, args),
        },
    })
}

/// The answer to a lookup, written as each code is read. Plain and JSON are written at once,
/// so a batch of millions of codes needs no more memory than one; a table needs its rows
/// first for its column widths (a thousand at most: see MAX_TABLE_ROWS).
struct Answer<'c, 'w, O, E> {
    catalog: &'c Catalog,
    vendor: Option<&'c Vendor>,
    table: Option<String>,
    format: Format,
    term: &'w Term,
    out: &'w mut O,
    err: &'w mut E,
    rows: Vec<Hit<'c>>,
    json: render::json::ArrayWriter,
    /// Batches repeat codes: what a code found is rendered once (plain lines or JSON items,
    /// an entry each) and written again from here. A few thousand codes at most are kept.
    rendered: HashMap<String, Vec<Vec<u8>>>,
    given: usize,
    missing: usize,
}

impl<'c, O: Write, E: Write> Answer<'c, '_, O, E> {
    /// Looks one code up and writes (or, for a table, keeps) what it finds.
    fn code(&mut self, code: &str) -> Result<()> {
        self.given += 1;
        if let Some(items) = self.rendered.get(code) {
            for item in items {
                match self.format {
                    Format::Plain => self.out.write_all(item)?,
                    _ => self.json.item(self.out, item)?,
                }
            }
            return Ok(());
        }
        let found = self.found(code);
        if found.is_empty() {
            self.missing += 1;
            if self.missing <= MAX_MISSING_REPORTS {
                report_missing(self.err, self.catalog, self.vendor, code)?;
            }
        }
        if self.format == Format::Table {
            self.rows.extend(found);
            // Codes streamed in may never end (`yes 1902 | autherr lookup hid`): a table is
            // written for every so many rows, and memory stays that many rows.
            if self.rows.len() >= MAX_TABLE_ROWS {
                render::entries(self.out, self.catalog, &self.rows, self.format, self.term)?;
                self.rows.clear();
            }
            return Ok(());
        }
        let items = self.write_items(&found)?;
        // Only found codes: a missing one is reported (and counted) each time.
        if !found.is_empty() {
            if self.rendered.len() >= 4096 {
                self.rendered.clear();
            }
            self.rendered.insert(code.to_string(), items);
        }
        Ok(())
    }

    /// The entries `code` names, in the table asked for.
    fn found(&self, code: &str) -> Vec<Hit<'c>> {
        let mut found = self.catalog.lookup(self.vendor, code);
        if found.is_empty() && is_sentence(code) {
            // `autherr 'AADSTS50126: Error validating credentials ...'`: a sentence is read as
            // a paste, and the codes in it are the answer.
            found = sentence_hits(self.catalog, self.vendor, code);
        }
        if let Some(t) = &self.table {
            found.retain(|h| h.entry.table == t);
        }
        found
    }

    /// Writes `found` as plain lines or JSON items, and returns what it wrote, an item each.
    fn write_items(&mut self, found: &[Hit<'_>]) -> Result<Vec<Vec<u8>>> {
        let mut items = Vec::with_capacity(found.len());
        for h in found {
            let item = if self.format == Format::Plain {
                let mut line = Vec::new();
                render::plain::entry(&mut line, h, self.term.color)?;
                self.out.write_all(&line)?;
                line
            } else {
                let item = self
                    .json
                    .render(&render::json::EntryJson::new(self.catalog, h))?;
                self.json.item(self.out, &item)?;
                item
            };
            items.push(item);
        }
        Ok(items)
    }

    /// Ends the output (the JSON array, the last table) and says how many codes were missing.
    fn finish(self) -> Result<Outcome> {
        if self.given == 0 {
            bail!("no code given: the input held no code; try `autherr lookup VENDOR CODE`");
        }
        if self.missing > MAX_MISSING_REPORTS {
            writeln!(
                self.err,
                "autherr: {} more codes not found",
                self.missing - MAX_MISSING_REPORTS
            )?;
        }
        match self.format {
            Format::Json | Format::Jsonl => self.json.finish(self.out)?,
            Format::Table => {
                render::entries(self.out, self.catalog, &self.rows, self.format, self.term)?
            }
            Format::Plain => {}
        }
        Ok(Outcome::from_found(self.missing == 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    /// Piped codes are the words `pasted::tokens` finds line by line, read a word at a time;
    /// a word longer than any code is cut.
    #[test]
    fn piped_codes_are_split_as_lines_are() {
        let input = "1902, 1903\r\n\"52e\"\u{a0}0x18\t\u{2003}x\n\u{ff}1\x0b,,\nlast"
            .replace('\u{ff}', "\u{fffd}")
            .into_bytes();
        let mut codes: Vec<String> = Vec::new();
        let mut reader = io::BufReader::with_capacity(3, &input[..]);
        read_codes(&mut reader, &mut |c: &str| {
            codes.push(c.to_string());
            Ok(())
        })
        .unwrap();
        let by_line: Vec<String> = (String::from_utf8_lossy(&input).lines())
            .flat_map(|l| {
                catalog::pasted::tokens(l)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(codes, by_line);
        let mut long = Vec::new();
        let word = "7".repeat(MAX_PIPED_CODE * 3);
        read_codes(&mut format!("{word} 1902").as_bytes(), &mut |c: &str| {
            long.push(c.len());
            Ok(())
        })
        .unwrap();
        assert_eq!(long, [MAX_PIPED_CODE, 4]);
    }
}
