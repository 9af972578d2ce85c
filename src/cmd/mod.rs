//! One module per command, each a function from parsed arguments to rendered output; and
//! what several commands share: the vendor and table a user names, the report of a missing code.

pub(crate) mod catalog;
pub(crate) mod explain;
pub(crate) mod inspect;
pub(crate) mod list;
pub(crate) mod lookup;
pub(crate) mod scan;
pub(crate) mod search;

use std::io::{self, Write};

use anyhow::{Context as _, Result, bail};

use crate::catalog::{Catalog, LoadReport, Vendor, pasted};
use crate::cli::Format;
use crate::sanitize::{self, echo};
use crate::term::Term;

/// What a command runs with besides its own arguments: the catalogs loaded, the output format
/// chosen, the terminal's facts (decided once), and where results, diagnostics and piped input
/// go and come from. A command takes it whole and keeps the parts it uses.
pub(crate) struct Context<'a, Out, Err, In> {
    pub catalog: &'a Catalog,
    pub format: Format,
    pub term: &'a Term,
    /// Results.
    pub out: &'a mut Out,
    /// Diagnostics: not found, hints, warnings.
    pub err: &'a mut Err,
    pub stdin: &'a mut In,
}

/// Most tokens one paste is searched for.
pub(crate) const MAX_TOKENS: usize = 20;

/// `input` (`name`, as shown) as UTF-8 text, as every command reads what it is given: its
/// encoding told by its first bytes (`encoding::reader`: gzip decompressed, UTF-16 with a
/// byte-order mark decoded, another compressor's stream an error), and named on `err` when
/// autherr cannot read it.
pub(crate) fn decoded<'r>(
    name: &str,
    input: impl io::Read + 'r,
    err: &mut impl Write,
) -> io::Result<Box<dyn io::Read + 'r>> {
    let (reader, encoding) = crate::encoding::reader(input)?;
    if let Some(note) = encoding.note() {
        writeln!(err, "autherr: {name}: {note}")?;
    }
    Ok(reader)
}

/// All of `input` (`name`, as shown) as text (see `decoded`); `None` when it holds more than
/// `most` bytes of text (`/dev/zero`, a gzip bomb), read no further.
pub(crate) fn read_whole(
    input: impl io::Read,
    name: &str,
    most: u64,
    err: &mut impl Write,
) -> Result<Option<Vec<u8>>> {
    use io::Read;
    let cannot = || format!("cannot read {name}");
    let text = decoded(name, input, err).with_context(cannot)?;
    let mut bytes = Vec::new();
    (text.take(most + 1).read_to_end(&mut bytes)).with_context(cannot)?;
    Ok((bytes.len() as u64 <= most).then_some(bytes))
}

pub(crate) fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Says on stderr which user catalog files were left out and which entries two files define.
pub(crate) fn warn_about_user_catalogs(
    report: &LoadReport,
    err: &mut impl Write,
) -> io::Result<()> {
    for e in &report.skipped {
        writeln!(
            err,
            "autherr: warning: user catalog left out: {} (the other catalogs still answer; `autherr catalog check` shows the problem, `--no-user-catalogs` reads none)",
            sanitize::escape_multiline(&e.to_string())
        )?;
    }
    for c in &report.conflicts {
        writeln!(
            err,
            "autherr: warning: {}",
            sanitize::escape_multiline(&c.to_string())
        )?;
    }
    Ok(())
}

fn vendor_list(catalog: &Catalog) -> String {
    let ids: Vec<&str> = catalog.vendors().iter().map(|v| v.id).collect();
    echo_all(&ids)
}

/// Ids and names from catalogs, joined for a message, escaped (never cut: every one counts).
fn echo_all(names: &[&str]) -> String {
    sanitize::escape(&names.join(", ")).into_owned()
}

/// The vendor named `name`, or a usage error that suggests the closest one.
pub(crate) fn resolve_vendor<'a>(catalog: &'a Catalog, name: &str) -> Result<&'a Vendor> {
    catalog
        .vendor(name)
        .ok_or_else(|| unknown_vendor(catalog, name))
}

/// The usage error for a name that is no vendor: the closest vendor, and the list.
pub(crate) fn unknown_vendor(catalog: &Catalog, name: &str) -> anyhow::Error {
    let hint = match catalog.suggest_vendor(name) {
        Some(s) => format!(": did you mean '{s}'?"),
        None => ".".to_string(),
    };
    anyhow::anyhow!(
        "unknown vendor '{}'{hint} Vendors: {}",
        echo(name),
        vendor_list(catalog)
    )
}

pub(crate) fn check_table(catalog: &Catalog, vendor: Option<&Vendor>, table: &str) -> Result<()> {
    let vendors = vendor.map_or(catalog.vendors(), std::slice::from_ref);
    if vendors.iter().any(|v| v.table(table).is_some()) {
        return Ok(());
    }
    let mut ids: Vec<&str> = vendors
        .iter()
        .flat_map(|v| v.tables.iter().map(|t| t.id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    bail!(
        "unknown table '{}'. Tables: {}",
        echo(table),
        echo_all(&ids)
    )
}

/// Is a lookup argument a sentence (words and a code, pasted), not a code? Codes hold no space.
pub(crate) fn is_sentence(code: &str) -> bool {
    code.split_whitespace().nth(1).is_some()
}

/// Says on stderr that `code` was not found, where it was looked for, and the nearest codes.
pub(crate) fn report_missing(
    err: &mut impl Write,
    catalog: &Catalog,
    vendor: Option<&Vendor>,
    code: &str,
) -> io::Result<()> {
    let searched = match vendor {
        Some(v) => format!(
            "in {} (tables {})",
            echo(v.id),
            echo_all(&v.tables.iter().map(|t| t.id).collect::<Vec<_>>())
        ),
        None => "at any vendor".to_string(),
    };
    // Whole codes, each escaped on its own: a hint cut mid-code misleads.
    let near: Vec<String> = catalog
        .nearest(vendor, code, 3)
        .iter()
        .map(|h| {
            let code = sanitize::escape(h.entry.code);
            if vendor.is_some() {
                code.into_owned()
            } else {
                format!("{} {code}", sanitize::escape(h.vendor.id))
            }
        })
        .collect();
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; nearest: {}", near.join(", "))
    };
    writeln!(err, "autherr: no code '{}' {searched}{hint}", echo(code))?;
    if is_sentence(code) {
        writeln!(
            err,
            "autherr: to find the code in a pasted error, give it to `autherr explain -` (paste, then Ctrl-D), or `autherr explain --input FILE`"
        )?;
    } else {
        // A code the vendor published after the catalog: the vendor's own lookup address, at
        // the vendor named, or at any vendor whose prefix the code carries (`AADSTS700024`).
        let cleaned = pasted::clean(code);
        let code = cleaned.as_deref().unwrap_or(code).trim();
        for v in vendor.map_or(catalog.vendors(), std::slice::from_ref) {
            for t in v.tables.iter() {
                let Some(url) = t.lookup_url else { continue };
                let unprefixed = t.code_prefix.and_then(|p| {
                    code.get(..p.len())
                        .filter(|head| head.eq_ignore_ascii_case(p))
                        .map(|_| &code[p.len()..])
                });
                let bare = match (unprefixed, vendor) {
                    (Some(bare), _) => bare,
                    (None, Some(_)) => code,
                    (None, None) => continue,
                };
                let safe = !bare.is_empty()
                    && bare
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                if safe {
                    writeln!(
                        err,
                        "autherr: {} ({}) may be newer than the catalog: {}",
                        t.name,
                        v.name,
                        url.replace("{code}", bare)
                    )?;
                }
            }
        }
    }
    Ok(())
}
