//! Search scaling: ranked search over a generated 100,000-entry catalog, against the goal
//! of 50 ms. Run with `cargo bench --bench search` (or `scripts/bench` for every figure).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use autherr::catalog::Catalog;
use autherr::search::{SearchOptions, search};

const ENTRIES: usize = 100_000;
const GOAL: Duration = Duration::from_millis(50);

/// A catalog of `ENTRIES` entries whose texts are the built-in ones, cycled and numbered.
fn generated_catalog() -> Catalog {
    let builtin = Catalog::builtin();
    let texts: Vec<(&str, &str, Option<&str>)> = builtin
        .vendors()
        .iter()
        .flat_map(|v| {
            v.entries
                .iter()
                .map(|e| (e.message, e.title.unwrap_or(""), e.description))
        })
        .collect();
    let mut toml = String::from(
        "[vendor]\nid = \"bench\"\nname = \"Bench\"\nsource_url = \"https://example.invalid\"\ndate = \"generated\"\n\n[[tables]]\nid = \"t\"\nname = \"T\"\nfield = \"code\"\n\n",
    );
    for i in 0..ENTRIES {
        let (message, title, description) = texts[i % texts.len()];
        let _ = writeln!(
            toml,
            "[[entries]]\ntable = \"t\"\ncode = \"B{i}\"\ntitle = {title:?}\nmessage = {:?}",
            format!("{message} #{i}")
        );
        if let Some(d) = description {
            let _ = writeln!(toml, "description = {d:?}");
        }
    }
    let dir = std::env::temp_dir().join(format!("autherr-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("bench.toml"), toml).expect("write catalog");
    let (catalog, report) = Catalog::load(Some((dir.clone(), "bench")));
    assert!(
        report.skipped.is_empty(),
        "generated catalog loads: {:?}",
        report.skipped
    );
    let _ = std::fs::remove_dir_all(dir);
    catalog
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let catalog = generated_catalog();
    let total: usize = catalog.vendors().iter().map(|v| v.entries.len()).sum();
    for query in [
        "session timed out",
        "sesion tmed out",
        "Operation.Failure.User.Locked",
        "zzqqxxv nothing",
    ] {
        let options = SearchOptions {
            vendor: None,
            table: None,
            limit: 10,
        };
        let mut runs = Vec::new();
        let mut found = 0;
        for _ in 0..11 {
            let start = Instant::now();
            found = search(&catalog, query, options).len();
            runs.push(start.elapsed());
        }
        let m = median(runs);
        let verdict = if m <= GOAL { "met" } else { "NOT met" };
        println!(
            "search {:<32} {total} entries: median {:>7.2} ms ({found} shown), goal <= {} ms: {verdict}",
            format!("'{query}'"),
            m.as_secs_f64() * 1000.0,
            GOAL.as_millis()
        );
    }
}
