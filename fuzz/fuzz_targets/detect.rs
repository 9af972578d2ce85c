//! Fuzzes the raw-error parser behind `autherr explain -` and `scan`: any bytes, no panic, no
//! hang. The catalogs and their compiled rules are made once, as `scan` makes them once for
//! every line: made for each input, they took most of the time (40 inputs a second).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use autherr::catalog::Catalog;
use autherr::detect::Engine;

fn engine() -> &'static Engine<'static> {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    static ENGINE: OnceLock<Engine<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(CATALOG.get_or_init(Catalog::builtin)))
}

fuzz_target!(|data: &[u8]| {
    let engine = engine();
    let text = String::from_utf8_lossy(data);
    for finding in engine.detect(&text) {
        assert!(finding.rank >= 1 && finding.rank <= finding.candidates.max(1));
    }
    // The sieve that `scan` puts before detection never panics either.
    let _ = engine.candidate_lines(data);
});
