//! `autherr catalog`: check user catalog files, and show where autherr looks for them.

use std::io::{self, Write};

use anyhow::{Result, bail};

use crate::catalog::schema::{CatalogError, VendorDef};
use crate::catalog::{self, Catalog};

/// A file checked: its definition, or why it is invalid.
type Checked = Result<VendorDef, CatalogError>;
use crate::cli::{CatalogCommand, Format};
use crate::sanitize::{self, echo};
use crate::{Outcome, detect, render};

pub(crate) fn run(
    command: &CatalogCommand,
    dir: Option<(std::path::PathBuf, &'static str)>,
    format: Format,
    width: usize,
    out: &mut impl Write,
) -> Result<Outcome> {
    match command {
        CatalogCommand::Check { files } => check(files, format, out),
        CatalogCommand::Sources => {
            let (catalog, _) = Catalog::load(dir);
            render::sources::write(out, catalog.vendors(), format, width)?;
            Ok(Outcome::Found)
        }
        CatalogCommand::Paths => paths(dir, format, out),
    }
}

/// `catalog check FILE...`: each file validated, its examples run against the built-in
/// catalogs with it merged in.
fn check(files: &[std::path::PathBuf], format: Format, out: &mut impl Write) -> Result<Outcome> {
    let builtin = Catalog::builtin();
    let results: Vec<_> = files
        .iter()
        .map(|file| (file, check_file(&builtin, file)))
        .collect();
    if format.is_json() {
        return check_json(&results, format, out);
    }
    let mut errors = Vec::new();
    for (file, r) in results {
        match r {
            Ok(def) => writeln!(
                out,
                "ok: {}: vendor {}, {}{}",
                echo(&file.display().to_string()),
                echo(&def.id),
                render::count(def.entries.len(), "entry", "entries"),
                match def.annotations.len() {
                    0 => String::new(),
                    n => format!(", {}", render::count(n, "annotation", "annotations")),
                }
            )?,
            Err(e) => errors.push(e.to_string()),
        }
    }
    match errors.len() {
        0 => Ok(Outcome::Found),
        // main escapes the whole message before printing it.
        1 => bail!("{}", errors[0]),
        n => bail!("{n} catalogs are invalid:\n  {}", errors.join("\n  ")),
    }
}

/// One user catalog file: valid when it parses and its examples give what they say.
fn check_file(builtin: &Catalog, file: &std::path::Path) -> Checked {
    catalog::user::check_file(builtin, file).and_then(|def| {
        let name = file.display().to_string();
        let examples = def.examples.clone();
        let merged = builtin.with_file(def.clone(), &name);
        match detect::check_examples(&merged, &examples).first() {
            None => Ok(def),
            Some(failure) => Err(CatalogError {
                file: name,
                line: None,
                column: None,
                entry: None,
                reason: failure.clone(),
            }),
        }
    })
}

/// `catalog check --json`: an object per file; an invalid one is still an error (exit 2).
fn check_json(
    results: &[(&std::path::PathBuf, Checked)],
    format: Format,
    out: &mut impl Write,
) -> Result<Outcome> {
    let bad = results.iter().filter(|(_, r)| r.is_err()).count();
    let items: Vec<serde_json::Value> = results
        .iter()
        .map(|(file, r)| match r {
            Ok(def) => serde_json::json!({
                "file": file.display().to_string(),
                "ok": true,
                "vendor": def.id,
                "entries": def.entries.len(),
                "annotations": def.annotations.len(),
            }),
            Err(e) => serde_json::json!({
                "file": file.display().to_string(),
                "ok": false,
                "error": e.to_string(),
            }),
        })
        .collect();
    render::json::list(out, &items, render::json::Layout::of(format))?;
    if bad == 0 {
        Ok(Outcome::Found)
    } else {
        Err(anyhow::anyhow!(
            "{} invalid",
            render::count(bad, "catalog is", "catalogs are")
        ))
    }
}

/// `catalog paths`: the directory read, and what each file in it gave.
fn paths(
    dir: Option<(std::path::PathBuf, &'static str)>,
    format: Format,
    out: &mut impl Write,
) -> Result<Outcome> {
    let (_, report) = Catalog::load(dir);
    if format.is_json() {
        // One object, not a list: the same in both layouts but for its line breaks.
        match format {
            Format::Jsonl => render::json::line(out, &paths_json(&report))?,
            _ => render::json::write(out, &paths_json(&report))?,
        }
    } else {
        write_paths(out, &report)?;
    }
    if report.skipped.is_empty() {
        Ok(Outcome::Found)
    } else {
        bail!(
            "{} left out: `autherr catalog check FILE` shows why",
            render::count(report.skipped.len(), "user catalog is", "user catalogs are")
        )
    }
}

fn paths_json(report: &catalog::LoadReport) -> serde_json::Value {
    serde_json::json!({
        "directory": report.dir.as_ref().map(|(p, _)| p.display().to_string()),
        "chosen_by": report.dir.as_ref().map(|(_, why)| *why),
        "exists": report.exists,
        "loaded": report.files.iter().map(|f| serde_json::json!({
            "file": f.path,
            "vendor": f.vendor,
            "new_vendor": f.new_vendor,
            "entries": f.entries,
            "overrides": f.overrides,
            "annotations": f.annotations,
        })).collect::<Vec<_>>(),
        "skipped": report.skipped.iter().map(|e| serde_json::json!({
            "file": e.file,
            "line": e.line,
            "error": e.to_string(),
        })).collect::<Vec<_>>(),
        "conflicts": report.conflicts.iter().map(|c| serde_json::json!({
            "entry": c.entry,
            "first": c.first,
            "again": c.again,
            "used": c.used(),
        })).collect::<Vec<_>>(),
    })
}

fn write_paths(out: &mut impl Write, report: &catalog::LoadReport) -> io::Result<()> {
    match &report.dir {
        Some((path, why)) => writeln!(
            out,
            "directory: {} ({why})",
            echo(&path.display().to_string())
        )?,
        None => writeln!(
            out,
            "directory: none (--no-user-catalogs, or none of AUTHERR_CATALOG_DIR, XDG_CONFIG_HOME, HOME is set)"
        )?,
    }
    if report.dir.is_some() && !report.exists {
        writeln!(out, "status: does not exist; built-in catalogs only")?;
    } else if report.exists && report.files.is_empty() && report.skipped.is_empty() {
        writeln!(out, "status: no *.toml files; built-in catalogs only")?;
    }
    for f in &report.files {
        let what = if f.new_vendor {
            "adds vendor"
        } else {
            "extends vendor"
        };
        writeln!(
            out,
            "loaded: {}: {what} {}, {}{}{}",
            echo(&f.path),
            echo(f.vendor),
            render::count(f.entries, "entry", "entries"),
            match f.overrides {
                0 => String::new(),
                1 => " (1 replaces a built-in entry)".to_string(),
                n => format!(" ({n} replace built-in entries)"),
            },
            match f.annotations {
                0 => String::new(),
                n => format!(", {}", render::count(n, "team note", "team notes")),
            }
        )?;
    }
    for e in &report.skipped {
        writeln!(
            out,
            "left out: {}",
            sanitize::escape_multiline(&e.to_string())
        )?;
    }
    for c in &report.conflicts {
        writeln!(
            out,
            "conflict: {}",
            sanitize::escape_multiline(&c.to_string())
        )?;
    }
    Ok(())
}
