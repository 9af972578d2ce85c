//! `autherr scan`'s output: its groups, and with `--each` one line per finding.

use std::io::{self, Write};

use serde::Serialize;

use crate::catalog::Hit;
use crate::logscan::{Group, LineFinding, Seen};
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

/// One finding as `scan --each --json` prints it, one object a line.
#[derive(Serialize)]
struct FindingJson<'f> {
    #[serde(flatten)]
    entry: CodeJson,
    decided: bool,
    candidates: usize,
    #[serde(flatten)]
    seen: &'f Seen,
}

/// One finding as it is found: a JSON line, or `file:line (time)`, vendor, table, code and
/// title or message, tab-separated.
pub fn finding(out: &mut impl Write, f: &LineFinding<'_, '_>, as_json: bool) -> io::Result<()> {
    let hit = f.finding.hit;
    if as_json {
        return json::line(
            out,
            &FindingJson {
                entry: CodeJson::new(&hit),
                decided: f.finding.decided && f.finding.candidates == 1,
                candidates: f.finding.candidates,
                seen: f.seen,
            },
        );
    }
    writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}",
        f.seen,
        field(hit.vendor.id),
        field(hit.entry.table),
        field(hit.entry.code),
        field(&echo(hit.entry.title.unwrap_or(hit.entry.message))),
    )
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
