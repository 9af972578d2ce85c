//! Fuzzes the raw-error parser behind `autherr explain -`: any bytes, no panic, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let catalog = autherr::catalog::Catalog::builtin();
    let text = String::from_utf8_lossy(data);
    for finding in autherr::detect::detect(&catalog, &text) {
        assert!(finding.rank >= 1);
    }
});
