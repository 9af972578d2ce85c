//! `autherr list`: the vendors, or the entries of one vendor or table.

use std::io::{BufRead, Write};

use anyhow::Result;

use super::{check_table, resolve_vendor};
use crate::catalog::Hit;
use crate::cli::ListArgs;
use crate::{Outcome, render};

pub(crate) fn run(
    cx: super::Context<'_, impl Write, impl Write, impl BufRead>,
    args: &ListArgs,
) -> Result<Outcome> {
    let super::Context {
        catalog,
        format,
        term,
        out,
        ..
    } = cx;
    let table = args.table.as_deref().map(str::to_ascii_lowercase);
    let vendor = match (&args.vendor, &table) {
        (None, None) => {
            render::vendors(out, catalog.vendors(), format, term)?;
            return Ok(Outcome::Found);
        }
        (Some(name), _) => Some(resolve_vendor(catalog, name)?),
        (None, Some(_)) => None,
    };
    if let Some(t) = &table {
        check_table(catalog, vendor, t)?;
    }
    let vendors = vendor.map_or(catalog.vendors(), std::slice::from_ref);
    let hits: Vec<Hit<'_>> = vendors
        .iter()
        .flat_map(|vendor| {
            vendor
                .entries
                .iter()
                .filter(|e| table.as_deref().is_none_or(|t| t == e.table))
                .map(move |entry| Hit { vendor, entry })
        })
        .collect();
    render::entries(out, catalog, &hits, format, term)?;
    Ok(Outcome::Found)
}
