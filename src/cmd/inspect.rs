//! `autherr inspect`: the JWTs and SAML responses in the input, decoded and judged.

use std::io::{BufRead, Write};

use anyhow::{Context, Result, bail};

use super::{MAX_TOKENS, now_secs};
use crate::cli::{self, Format};
use crate::sanitize::{self, echo};
use crate::{Outcome, inspect, render};

/// Most input `inspect` reads (a paste holding a token).
const MAX_INSPECT_INPUT: u64 = 8 * 1024 * 1024;

/// `autherr inspect`: the JWTs and SAML responses in the input, decoded and judged.
pub(crate) fn run(
    cx: super::Context<'_, impl Write, impl Write, impl BufRead>,
    args: &cli::InspectArgs,
) -> Result<Outcome> {
    let super::Context {
        catalog,
        format,
        out,
        err,
        stdin,
        ..
    } = cx;
    let now = match &args.at {
        Some(at) => inspect::decode::parse_time(at).with_context(|| {
            format!(
                "--at {}: not a time (2026-12-06T07:45:00Z, 2026-12-06 07:45, or Unix seconds)",
                echo(at)
            )
        })?,
        None => now_secs(),
    };
    let read = match &args.input {
        Some(path) => {
            let name = echo(&path.display().to_string());
            let file = std::fs::File::open(path).with_context(|| format!("cannot read {name}"))?;
            super::read_whole(file, &name, MAX_INSPECT_INPUT, err)?
        }
        None => super::read_whole(stdin, "stdin", MAX_INSPECT_INPUT, err)?,
    };
    let Some(bytes) = read else {
        bail!(
            "the input is larger than {} MiB: refused",
            MAX_INSPECT_INPUT / 1024 / 1024
        );
    };
    let text = String::from_utf8_lossy(&bytes);
    let judge = inspect::Judge {
        now,
        audience: args.audience.clone(),
    };
    let links = inspect::Links::new(catalog);
    let tokens = inspect::find(&links, &text, &judge, MAX_TOKENS);
    if tokens.is_empty() {
        writeln!(
            err,
            "autherr: no JWT or SAML response found in the input ({})",
            render::count(bytes.len(), "byte", "bytes")
        )?;
        return Ok(Outcome::NotFound);
    }
    if tokens
        .iter()
        .all(|t| matches!(t, inspect::Token::Refused { .. }))
    {
        let why: Vec<String> = tokens
            .iter()
            .filter_map(|t| match t {
                inspect::Token::Refused { what, why } => {
                    Some(format!("{what}: {}", sanitize::escape(why)))
                }
                _ => None,
            })
            .collect();
        bail!("{}", why.join("; "));
    }
    match format {
        Format::Json | Format::Jsonl => inspect::render::json(out, &tokens, &judge, args.claims)?,
        _ => inspect::render::text(out, &tokens, &judge, args.claims)?,
    }
    Ok(Outcome::Found)
}
