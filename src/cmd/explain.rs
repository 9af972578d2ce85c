//! `autherr explain`: the long form of entries, or the codes named in a pasted error.

use std::io::{self, BufRead, Write};

use anyhow::{Context, Result, bail};

use super::{MAX_TOKENS, check_table, now_secs, report_missing, unknown_vendor};
use crate::catalog::{self, Catalog, Hit, Vendor};
use crate::cli::{ExplainArgs, Format};
use crate::sanitize::{self, echo};
use crate::term::Term;
use crate::{Outcome, detect, inspect, render, search};

/// The most `explain -` (or `--input`) reads: a pasted error is a few kilobytes, a log to
/// search through is `scan`'s, which reads any length a line at a time.
pub const MAX_EXPLAIN_INPUT: u64 = 16 << 20;

/// All of `input` as text (see `read_whole`), up to `MAX_EXPLAIN_INPUT` bytes; past that
/// an error, not gigabytes of memory.
fn read_raw_error(input: impl io::Read, name: &str, err: &mut impl Write) -> Result<Vec<u8>> {
    match super::read_whole(input, name, MAX_EXPLAIN_INPUT, err)? {
        Some(bytes) => Ok(bytes),
        None => bail!(
            "{name} holds more than {} MiB, the most `explain` reads: give it the lines around the error, or `autherr scan` the log",
            MAX_EXPLAIN_INPUT >> 20
        ),
    }
}

pub(crate) fn run(
    cx: super::Context<'_, impl Write, impl Write, impl BufRead>,
    args: &ExplainArgs,
) -> Result<Outcome> {
    let super::Context {
        catalog,
        format,
        term,
        out,
        err,
        stdin,
    } = cx;
    if let Some(path) = &args.input {
        let name = echo(&path.display().to_string());
        let file = std::fs::File::open(path).with_context(|| format!("cannot read {name}"))?;
        let bytes = read_raw_error(file, &name, err)?;
        return explain_raw(catalog, &bytes, format, term, out, err);
    }
    // `echo '{...}' | autherr explain`: with nothing named, what is piped in is the error.
    let first = match args.vendor.as_deref() {
        Some(first) => first,
        None if !term.stdin_tty => "-",
        None => bail!("give VENDOR CODE, `-` (a raw error on stdin) or --input FILE"),
    };
    if first == "-" {
        if term.stdin_tty {
            let _ = writeln!(
                err,
                "autherr: paste the error (a response body or log lines), then press Ctrl-D"
            );
        }
        if let Some(code) = args.codes.first() {
            bail!(
                "`-` reads a raw error from stdin and takes no code (got '{}'): `autherr explain - < error.txt`, `autherr explain --input FILE`, or `autherr explain VENDOR CODE`",
                echo(code)
            );
        }
        let bytes = read_raw_error(stdin, "stdin", err)?;
        return explain_raw(catalog, &bytes, format, term, out, err);
    }
    if catalog.vendor(first).is_none()
        && !catalog.knows_code(first)
        && std::path::Path::new(first).is_file()
    {
        bail!(
            "'{}' is a file, not a vendor: to explain the error in it, use `autherr explain --input {}`",
            echo(first),
            echo(first)
        );
    }
    // `explain VENDOR CODE...`, or `explain CODE...` for codes at any vendor.
    let (vendor, codes): (Option<&Vendor>, Vec<&str>) = match catalog.vendor(first) {
        Some(v) if args.codes.is_empty() => {
            bail!("no code given: try `autherr explain {} CODE`", v.id)
        }
        Some(v) => (Some(v), args.codes.iter().map(String::as_str).collect()),
        None if catalog.knows_code(first) => (
            None,
            std::iter::once(first)
                .chain(args.codes.iter().map(String::as_str))
                .collect(),
        ),
        None => return Err(unknown_vendor(catalog, first)),
    };
    let table = args.table.as_deref().map(str::to_ascii_lowercase);
    if let Some(t) = &table {
        check_table(catalog, vendor, t)?;
    }
    let mut hits = Vec::new();
    let mut missing = false;
    for code in codes {
        let found: Vec<Hit<'_>> = catalog
            .lookup(vendor, code)
            .into_iter()
            .filter(|h| table.as_deref().is_none_or(|t| h.entry.table == t))
            .collect();
        if found.is_empty() {
            missing = true;
            report_missing(err, catalog, vendor, code)?;
        }
        hits.extend(found);
    }
    if args.web {
        return open_sources(&hits, out, err).map(|()| Outcome::from_found(!missing));
    }
    if format.is_json() {
        render::entries(out, catalog, &hits, format, term)?;
    } else {
        render::explain::entries(
            out,
            catalog,
            hits.into_iter().map(|h| (h, Vec::new())),
            term,
        )?;
    }
    Ok(Outcome::from_found(!missing))
}

/// `explain --web`: each entry's source document, its address printed and opened in a browser
/// (`$BROWSER`, else the system's opener); with no browser the address is all there is.
fn open_sources(hits: &[Hit<'_>], out: &mut impl Write, err: &mut impl Write) -> Result<()> {
    let mut seen: Vec<&str> = Vec::new();
    for h in hits {
        let doc = h.vendor.document_of(&h.entry);
        let Some(url) = doc.url else {
            writeln!(
                err,
                "autherr: no address is known for {} ({})",
                echo(doc.title),
                echo(doc.date)
            )?;
            continue;
        };
        if seen.contains(&url) {
            continue;
        }
        seen.push(url);
        // The whole address, never cut: it is copied from here (over SSH, say).
        writeln!(out, "{}", sanitize::escape(url))?;
        // The schema admits no other address; a browser is never handed one all the same.
        if !catalog::schema::is_web_address(url) {
            writeln!(
                err,
                "autherr: not opened: {} is not an http or https address",
                sanitize::escape(url)
            )?;
            continue;
        }
        let opener: Vec<String> = match std::env::var("BROWSER") {
            Ok(b) if !b.trim().is_empty() => b.split_whitespace().map(str::to_string).collect(),
            _ if cfg!(target_os = "macos") => vec!["open".into()],
            _ if cfg!(windows) => vec!["explorer".into()],
            _ => vec!["xdg-open".into()],
        };
        // `--` ends a browser's options: the address is never read as one. The system
        // openers take no options but their own, and xdg-open refuses `--` itself.
        let program = std::path::Path::new(&opener[0]).file_name();
        let system = program.and_then(|p| p.to_str()).is_some_and(|p| {
            matches!(
                p,
                "xdg-open" | "open" | "explorer" | "explorer.exe" | "wslview"
            )
        });
        let opened = std::process::Command::new(&opener[0])
            .args(&opener[1..])
            .args((!system).then_some("--"))
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !opened {
            writeln!(
                err,
                "autherr: no browser opened it (set $BROWSER); the address is above"
            )?;
        }
    }
    Ok(())
}

/// `autherr explain -`: detect, then explain every finding of the text read, `bytes`.
fn explain_raw(
    catalog: &Catalog,
    bytes: &[u8],
    format: Format,
    term: &Term,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<Outcome> {
    let text = String::from_utf8_lossy(bytes);
    let findings = detect::detect_paste(catalog, &text);
    let errors = findings.iter().filter(|f| !f.hit.entry.success).count();
    // Tokens in the paste are shown after the findings (text formats only: the JSON shape
    // of `explain -` stays an array of findings; `autherr inspect --json` has the tokens).
    let judge = inspect::Judge {
        now: now_secs(),
        audience: None,
    };
    let tokens = if matches!(format, Format::Table | Format::Plain) {
        inspect::find(&inspect::Links::new(catalog), &text, &judge, MAX_TOKENS)
    } else {
        Vec::new()
    };
    if findings.is_empty() && !tokens.is_empty() {
        inspect::render::text(out, &tokens, &judge, false)?;
        return Ok(Outcome::Found);
    }
    if findings.is_empty() {
        writeln!(
            err,
            "autherr: no known error code found in the input ({})",
            render::count(bytes.len(), "byte", "bytes")
        )?;
        if format == Format::Json {
            render::json::write(out, &[(); 0])?;
        }
        // (JSON Lines of nothing are no lines at all.)
        if format == Format::Table || format == Format::Plain {
            words_searched(catalog, &text, format, term, out)?;
        }
        return Ok(Outcome::NotFound);
    }
    if errors == 0 {
        // Success codes only: named as such (each entry says so), and no error found.
        writeln!(
            err,
            "autherr: no authentication error in the input: what it names is success"
        )?;
    }
    if findings.len() >= detect::MAX_FINDINGS {
        writeln!(
            err,
            "autherr: showing the first {} findings",
            detect::MAX_FINDINGS
        )?;
    }
    match format {
        Format::Json | Format::Jsonl => {
            render::json::findings(out, catalog, &findings, render::json::Layout::of(format))?
        }
        Format::Plain => findings
            .iter()
            .try_for_each(|f| render::plain::finding(out, f))?,
        Format::Table => render::explain::findings(out, catalog, &findings, term)?,
    }
    if !tokens.is_empty() {
        writeln!(out)?;
        inspect::render::text(out, &tokens, &judge, false)?;
    }
    Ok(Outcome::from_found(errors > 0))
}

/// No code in a paste: the entries that a search over its words finds best, under a heading
/// that says they are search results, not a detected code.
fn words_searched(
    catalog: &Catalog,
    text: &str,
    format: Format,
    term: &Term,
    out: &mut impl Write,
) -> Result<()> {
    let mut words: Vec<&str> = Vec::new();
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\'')) {
        let w = w.trim_matches('\'');
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 3 && letters == w.chars().count() && !words.contains(&w) {
            words.push(w);
        }
        if words.len() == 12 {
            break;
        }
    }
    if words.is_empty() {
        return Ok(());
    }
    let options = search::SearchOptions {
        vendor: None,
        table: None,
        limit: 3,
    };
    let results = search::search(catalog, &words.join(" "), options);
    // Only entries that hold the words as written, three of them at least: a likeness of
    // spelling, a stem or an equivalent word is no answer for a paste.
    let lower: Vec<String> = words
        .iter()
        .filter(|w| w.len() >= 4)
        .map(|w| w.to_lowercase())
        .collect();
    let hits: Vec<Hit<'_>> = results
        .iter()
        .filter(|s| s.tier <= search::Tier::WordsInText)
        .filter(|s| {
            let e = s.hit.entry;
            let text = format!("{} {} {}", e.code, e.title.unwrap_or(""), e.message).to_lowercase();
            let held = lower
                .iter()
                .filter(|w| {
                    text.split(|c: char| !c.is_alphanumeric())
                        .any(|t| t == w.as_str())
                })
                .count();
            held >= 3
        })
        .map(|s| s.hit)
        .collect();
    if hits.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "No code was detected. Entries that a search for the words of the input finds (search results, not a detected code):"
    )?;
    render::search_results(out, catalog, &hits, format, term, None)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_opened() {
        let web = catalog::schema::is_web_address;
        assert!(web("https://docs.hidglobal.com/x") && web("HTTP://example.com"));
        for bad in [
            "--gpu-launcher=touch /tmp/x",
            "file:///etc/shadow",
            "javascript:alert(1)",
            "https://",
            "https:///etc",
            "https://a b",
            "https://a\x1b[2J",
            "",
        ] {
            assert!(!web(bad), "{bad}");
        }
    }
}
