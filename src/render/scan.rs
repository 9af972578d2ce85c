//! `autherr scan`'s output: its groups, and with `--each` one line per finding.

use std::io::{self, Write};

use serde::Serialize;

use crate::catalog::Hit;
use crate::logscan::{Group, LineFinding, Seeded, Seen};
use crate::output::Format;
use crate::render::json;
use crate::sanitize::{self, echo, escape, field};
use crate::term::Term;

/// Which entry a group or finding is, as JSON.
#[derive(Serialize)]
struct CodeJson {
    vendor: &'static str,
    table: &'static str,
    code: &'static str,
    title: Option<&'static str>,
    message: &'static str,
}

impl CodeJson {
    fn new(hit: &Hit<'_>) -> Self {
        CodeJson {
            vendor: hit.vendor.id,
            table: hit.entry.table,
            code: hit.entry.code,
            title: hit.entry.title,
            message: hit.entry.message,
        }
    }
}

/// One group as `scan --json` prints it.
#[derive(Serialize)]
struct GroupJson<'g> {
    #[serde(flatten)]
    entry: CodeJson,
    count: u64,
    /// How many of them the input did not decide: another catalog reads the same value.
    undecided: u64,
    first: &'g Seen,
    last: &'g Seen,
    example: Option<&'g str>,
}

/// One finding as it is found: a JSON line, or `file:line (time)`, vendor, table, code and
/// title or message, tab-separated.
pub fn finding(out: &mut impl Write, f: &LineFinding<'_, '_>, as_json: bool) -> io::Result<()> {
    let hit = f.finding.hit;
    if as_json {
        let decided = f.finding.decided && f.finding.candidates == 1;
        return EACH.with_borrow_mut(|each| {
            each.seen.clear();
            json::line(&mut each.seen, f.seen)?;
            out.write_all(each.part(&hit, true))?;
            write!(
                out,
                "\"decided\":{decided},\"candidates\":{},",
                f.finding.candidates
            )?;
            // The place's own object, without its opening brace: the rest of the line.
            out.write_all(&each.seen[1..])
        });
    }
    f.seen.write_to(out)?;
    out.write_all(b"\t")?;
    EACH.with_borrow_mut(|each| out.write_all(each.part(&hit, false)))
}

/// What `--each` prints of an entry, the same for every finding of it: escaped and cut once.
#[derive(Default)]
struct Each {
    parts: std::collections::HashMap<PartKey, Box<[u8]>, Seeded>,
    /// The place of the finding being written, as JSON.
    seen: Vec<u8>,
}

/// An entry's printed strings by address and length: the catalog's strings live as long as
/// the process and never change, so the same key is the same text.
type PartKey = ([(usize, usize); 5], bool);

/// More entries than any catalog set holds: past it the parts are made anew.
const MOST_PARTS: usize = 1 << 14;

thread_local! {
    static EACH: std::cell::RefCell<Each> = std::cell::RefCell::default();
}

impl Each {
    /// The entry's part of a finding's line: in JSON the object's opening up to its place
    /// (`{"vendor":...,"message":...,`); otherwise its tab-separated tail, newline included.
    fn part(&mut self, hit: &Hit<'_>, as_json: bool) -> &[u8] {
        let at = |s: &'static str| (s.as_ptr() as usize, s.len());
        let e = &hit.entry;
        let key = (
            [
                at(hit.vendor.id),
                at(e.table),
                at(e.code),
                e.title.map_or((0, 0), at),
                at(e.message),
            ],
            as_json,
        );
        if self.parts.len() >= MOST_PARTS && !self.parts.contains_key(&key) {
            self.parts.clear();
        }
        self.parts
            .entry(key)
            .or_insert_with(|| entry_part(hit, as_json).into_boxed_slice())
    }
}

fn entry_part(hit: &Hit<'_>, as_json: bool) -> Vec<u8> {
    let mut part = Vec::new();
    if as_json {
        json::line(&mut part, &CodeJson::new(hit)).expect("writing to a Vec");
        // `}\n` gives way to the finding's own members.
        part.truncate(part.len() - 2);
        part.push(b',');
        return part;
    }
    writeln!(
        part,
        "{}\t{}\t{}\t{}",
        field(hit.vendor.id),
        field(hit.entry.table),
        field(hit.entry.code),
        field(&echo(hit.entry.title.unwrap_or(hit.entry.message))),
    )
    .expect("writing to a Vec");
    part
}

/// The groups, most frequent first, in the chosen format.
pub fn groups(
    out: &mut impl Write,
    groups: &[Group<'_>],
    format: Format,
    term: &Term,
) -> io::Result<()> {
    match format {
        Format::Json | Format::Jsonl => {
            let items: Vec<GroupJson<'_>> = groups
                .iter()
                .map(|g| GroupJson {
                    entry: CodeJson::new(&g.hit),
                    count: g.count,
                    undecided: g.undecided,
                    first: &g.first,
                    last: &g.last,
                    example: g.example.as_deref(),
                })
                .collect();
            json::list(out, &items, json::Layout::of(format))
        }
        Format::Plain => groups.iter().try_for_each(|g| {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                g.count,
                g.undecided,
                field(g.hit.vendor.id),
                field(g.hit.entry.table),
                field(g.hit.entry.code),
                field(&echo(g.hit.entry.title.unwrap_or(g.hit.entry.message))),
                g.first,
                g.last,
                g.example.as_deref().unwrap_or(""),
            )
        }),
        Format::Table => {
            let width = groups
                .iter()
                .map(|g| g.count.to_string().len())
                .max()
                .unwrap_or(1);
            let pad = " ".repeat(width + 2);
            for g in groups {
                let what = g.hit.entry.title.unwrap_or(g.hit.entry.message);
                let line = format!(
                    "{:>width$}  {} {} {}  {}",
                    g.count,
                    escape(g.hit.vendor.id),
                    escape(g.hit.entry.table),
                    escape(g.hit.entry.code),
                    escape(what)
                );
                writeln!(out, "{}", fit(&line, term.width))?;
                if g.undecided > 0 {
                    writeln!(
                        out,
                        "{pad}{} of them undecided: another catalog reads the same value (see `autherr explain -`)",
                        g.undecided
                    )?;
                }
                if g.first.line == g.last.line && g.first.file == g.last.file {
                    writeln!(out, "{pad}at {}", g.first)?;
                } else {
                    writeln!(out, "{pad}first {}, last {}", g.first, g.last)?;
                }
                if let Some(e) = &g.example {
                    writeln!(
                        out,
                        "{pad}e.g. {}",
                        fit(e, term.width.saturating_sub(width + 7))
                    )?;
                }
            }
            Ok(())
        }
    }
}

/// `text` cut to fit `width` columns, with `...` where it was cut (no cut when too narrow).
fn fit(text: &str, width: usize) -> String {
    if width < 8 || text.chars().count() <= width {
        return text.to_string();
    }
    sanitize::cut(text, width - 3)
}
