//! Fuzzes the user-catalog loader behind `autherr catalog check` and every command that reads
//! user catalogs: any text is refused with a reason or loaded, and a loaded catalog answers
//! lookups, runs its examples through detection and renders, without a panic or a hang.
//!
//! A loaded catalog is leaked into the `'static` model, as the binary does once per run: run
//! it without leak checks and in forked children (each fuzzes a while and exits, giving the
//! memory back): `ASAN_OPTIONS=detect_leaks=0 cargo +nightly fuzz run catalog --
//! -detect_leaks=0 -fork=1 -max_len=16384`.
#![no_main]

use libfuzzer_sys::fuzz_target;

use autherr::catalog::{Catalog, Hit};
use autherr::term::Term;

fuzz_target!(|data: &[u8]| {
    // A file that is not UTF-8 is refused before it is parsed.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let builtin = Catalog::builtin();
    let def = match autherr::catalog::user::check_text(&builtin, "fuzz.toml", text) {
        Ok(def) => def,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let examples = def.examples.clone();
    let codes: Vec<String> = def.entries.iter().map(|e| e.code.clone()).collect();
    let id = def.id.clone();
    let merged = builtin.with_file(def, "fuzz.toml");
    let _ = autherr::detect::check_examples(&merged, &examples);
    let vendor = merged.vendor(&id);
    assert!(vendor.is_some(), "a loaded vendor is found by its id");
    let term = Term::fixed(80, false);
    for code in codes.iter().take(8) {
        let hits: Vec<Hit<'_>> = merged.lookup(vendor, code);
        assert!(!hits.is_empty(), "an entry is found by its code: {code:?}");
        let mut out = Vec::new();
        for format in [autherr::cli::Format::Table, autherr::cli::Format::Json] {
            autherr::render::entries(&mut out, &merged, &hits, format, &term).unwrap();
        }
        autherr::render::explain::entry(&mut out, &merged, &hits[0], &term, &[]).unwrap();
        let _ = merged.nearest(None, code, 3);
    }
});
