//! Data integrity: the built-in catalogs are complete, faithful to the vendor documents, and
//! a malformed catalog is rejected with the file, line, entry and reason.

use std::path::Path;

use autherr::catalog::schema::parse_catalog;
use autherr::catalog::{Catalog, Hit};

/// Each table's count of codes lives in its catalog file (`count`), checked by the build;
/// a file whose table holds another number of entries is rejected, naming the table.
#[test]
fn a_table_count_that_does_not_match_is_rejected() {
    let text = "[vendor]\nid = \"t\"\nname = \"T\"\nsource_url = \"https://example.com\"\ndate = \"2026\"\n\n[[tables]]\nid = \"api\"\ncount = 2\nname = \"A\"\nfield = \"code\"\n\n[[entries]]\ntable = \"api\"\ncode = \"e1\"\nmessage = \"m\"\n";
    let e = parse_catalog("t.toml", text, None).unwrap_err().to_string();
    assert!(
        e.contains("table \"api\" holds 1 entries where its `count` says 2"),
        "{e}"
    );
    let fixed = text.replace("count = 2", "count = 1");
    parse_catalog("t.toml", &fixed, None).unwrap();
}

#[test]
fn every_vendor_names_its_source_and_date_and_every_entry_has_a_message() {
    for v in Catalog::builtin().vendors() {
        assert!(
            v.source_url.is_none_or(|u| u.starts_with("https://")),
            "{}",
            v.id
        );
        assert!(!v.date.trim().is_empty(), "{}", v.id);
        for e in v.entries {
            assert!(!e.message.trim().is_empty(), "{} {}", v.id, e.code);
            assert!(v.table(e.table).is_some());
            for s in e.sources {
                assert!(
                    v.source(s).is_some(),
                    "{} {} names unknown source {s}",
                    v.id,
                    e.code
                );
            }
        }
    }
}

/// Every cause and solution names its document: the one its `causes_source` or
/// `solution_source` gives, else the entry's own source, else the vendor's main document.
/// A named document is one the vendor cites in `[[sources]]` (an unknown id would silently
/// show the main document instead), with a title, an address (or said to have none) and a
/// date. Prints each catalog's coverage (`-- --nocapture`).
#[test]
fn every_cause_and_solution_names_a_document_its_vendor_cites() {
    let (mut with, mut all) = (0, 0);
    for v in Catalog::builtin().vendors() {
        let mut advised = 0;
        for e in v.entries {
            let what = format!("{} {} {}", v.id, e.table, e.code);
            for (text, id, field) in [
                (!e.causes.is_empty(), e.causes_source, "causes_source"),
                (e.solution.is_some(), e.solution_source, "solution_source"),
            ] {
                assert!(
                    text || id.is_none(),
                    "{what}: {field} without the text it names"
                );
                if !text {
                    continue;
                }
                let id = id.or(e.source);
                let doc = match id {
                    Some(id) => v.source(id).unwrap_or_else(|| {
                        panic!("{what}: {field} {id} is no [[sources]] of {}", v.id)
                    }),
                    None => v.main_document(),
                };
                assert!(!doc.title.trim().is_empty(), "{what}: {field} has no title");
                assert!(!doc.date.trim().is_empty(), "{what}: {field} has no date");
                assert!(
                    doc.url
                        .is_none_or(|u| u.starts_with("https://") || u.starts_with("http://")),
                    "{what}: {field} address"
                );
            }
            advised += usize::from(e.has_advice());
        }
        println!(
            "{}: {advised} of {} entries say why or what to do",
            v.id,
            v.entries.len()
        );
        with += advised;
        all += v.entries.len();
    }
    println!("all catalogs: {with} of {all}");
}

#[test]
fn idaas_message_keys_are_split_from_their_descriptions() {
    let c = Catalog::builtin();
    let hit = c.lookup(c.vendor("idaas"), "Params.Blank.User.City");
    assert_eq!(hit[0].entry.message, "City is required.");
    assert_eq!(hit[0].entry.group, Some("missing_parameter"));
    // The page pairs a message key with a code category only in its one example.
    let locked = c.lookup(c.vendor("idaas"), "Operation.Failure.User.Locked")[0];
    assert!(locked.entry.related.is_empty());
    let example = c.lookup(
        c.vendor("idaas"),
        "Operation.Failure.Mini.Program.Silent.Login",
    )[0];
    assert_eq!(example.entry.related, ["code:Operation.Failure"]);
    assert!(
        example
            .entry
            .example
            .unwrap()
            .contains("\"code\": \"Operation.Failure\"")
    );
    for e in c
        .vendor("idaas")
        .unwrap()
        .entries
        .iter()
        .filter(|e| e.table == "message")
    {
        assert!(
            e.code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_'),
            "{}",
            e.code
        );
        assert!(
            e.message.chars().next().unwrap().is_uppercase(),
            "{} / {}",
            e.code,
            e.message
        );
    }
}

#[test]
fn hid_multi_line_and_rms_entries() {
    let c = Catalog::builtin();
    let hid = c.vendor("hid");
    assert_eq!(c.lookup(hid, "1036")[0].entry.message.lines().count(), 4);
    assert!(
        c.lookup(hid, "1172")[0]
            .entry
            .message
            .contains("\nDefines the error code for a duplicate assigning")
    );
    let r51: Vec<Hit<'_>> = c.lookup(hid, "51");
    assert_eq!(r51[0].entry.title, Some("REASON_THRESHOLD_STEP-UP_REACHED"));
    assert_eq!(
        r51[0].entry.description,
        Some("Step-up authentication required")
    );
    assert_eq!(
        c.lookup(hid, "-1")[0].entry.message,
        "The value is not defined (available)"
    );
}

#[test]
fn authing_repeated_descriptions_carry_the_chinese_page_note() {
    let c = Catalog::builtin();
    let a = c.vendor("authing");
    for (code, words) in [
        ("2034", "username already exists"),
        ("2230", "new phone number same as old"),
    ] {
        let e = c.lookup(a, code)[0].entry;
        assert!(
            e.notes
                .iter()
                .any(|n| n.text.contains(words) && n.source == Some("zh")),
            "{code}"
        );
    }
    assert_eq!(
        c.lookup(a, "2034")[0].entry.message,
        c.lookup(a, "2032")[0].entry.message
    );
}

/// Collapses whitespace and drops markdown emphasis (`**`, `*`) and code marks, as the
/// catalogs do. (A source's `¶` marks a paragraph break, which the catalogs write as a line
/// break.)
fn normalized(text: &str) -> String {
    // A document's markdown link is its text (`[add B2B users](~/external-id/...)`), its
    // HTML list items and line breaks are lines (`<ul><li>a</li><li>b</li></ul>`: "- a", "- b").
    let link = regex::Regex::new(r"\[([^\]]+)\]\([^)\s]+\)").unwrap();
    let text = link.replace_all(text, "$1");
    let tags = regex::Regex::new(r"</?ul>|</li>|<br\s*/?>").unwrap();
    let text = tags.replace_all(&text, " ").replace("<li>", " - ");
    // Java properties and MessageFormat escapes (Keycloak's messages file) read as shown:
    // `don''t` is "don't", `\:` is ":".
    let text = text.replace("''", "'").replace("\\:", ":");
    text.replace(['*', '`'], "")
        .replace('¶', " ")
        .replace("\\|", "|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A document's text: a file under `../shared/`, or in the checkout when its path starts with
/// `tests/` (a document the shared sources do not hold).
fn shared(path: &str) -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = if path.starts_with("tests/") {
        root.join(path)
    } else {
        root.join("../shared").join(path)
    };
    std::fs::read_to_string(p).ok()
}

/// The file beside the checkout that holds each document a catalog names: (vendor, source id
/// or "" for the vendor's main document, file under `../shared/`). Test data, not product data:
/// users see the documents' titles and addresses, never these files.
fn documents_table() -> Vec<(String, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/documents.tsv");
    std::fs::read_to_string(path)
        .expect("tests/data/documents.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "documents.tsv: {l:?}");
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

/// The documents, normalized; `None` (with a note) when `../shared` is not beside the
/// checkout. In CI it always is, so there its absence fails the test instead.
fn documents() -> Option<Vec<(String, String, String)>> {
    let docs: Option<Vec<_>> = documents_table()
        .into_iter()
        .map(|(v, s, f)| shared(&f).map(|text| (v, s, text)))
        .collect();
    match docs {
        Some(docs) => Some(
            docs.into_iter()
                .map(|(v, s, text)| {
                    // The OpenHarmony API 9 page has its line numbers glued into the text.
                    let text = if f_has_glued_numbers(&v, &s) {
                        digitless(&text)
                    } else {
                        normalized(&text)
                    };
                    (v, s, text)
                })
                .collect(),
        ),
        None if std::env::var_os("CI").is_some() => {
            panic!("../shared is not beside the checkout: the wording checks cannot run")
        }
        None => {
            eprintln!("../shared not found: wording checks skipped (CI fails without it)");
            None
        }
    }
}

fn f_has_glued_numbers(vendor: &str, source: &str) -> bool {
    (vendor, source) == ("openharmony", "")
}

fn digitless(s: &str) -> String {
    normalized(
        &s.split(|c: char| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// An address we write after a link's text, `text (https://...)`: the document's link made a
/// full address (its link text alone is the document's wording).
fn addresses(text: &str) -> Vec<&str> {
    let re = regex::Regex::new(r" \((https://[^)\s]+)\)").unwrap();
    re.captures_iter(text)
        .map(|c| c.get(1).unwrap().as_str())
        .collect()
}

fn without_addresses(text: &str) -> String {
    let re = regex::Regex::new(r" \(https://[^)\s]+\)").unwrap();
    re.replace_all(text, "").into_owned()
}

/// A Microsoft Learn link made a full address, as Microsoft's docs build publishes it: `~/`
/// is the docset's root (the first path segment of the document's own address after the
/// locale: `https://learn.microsoft.com/en-us/entra/...` gives `/entra/`), `/...` is the
/// site's root, and the file extension (`.md`, `.yml`) is dropped.
fn learn_address(link: &str, document_url: &str) -> String {
    let site = "https://learn.microsoft.com";
    let path = if let Some(rest) = link.strip_prefix("~/") {
        let after = document_url.strip_prefix(site).unwrap_or("");
        let mut segments = after.split('/').filter(|s| !s.is_empty());
        let first = segments.next().unwrap_or("");
        let docset = if first.len() == 5 && first.as_bytes()[2] == b'-' {
            segments.next().unwrap_or("")
        } else {
            first
        };
        format!("{site}/{docset}/{rest}")
    } else if link.starts_with('/') {
        format!("{site}{link}")
    } else if link.starts_with("https://") || link.starts_with("http://") {
        link.to_string()
    } else {
        // Beside the document itself, whose address lost its locale when published.
        let dir = document_url.rsplit_once('/').map_or("", |x| x.0);
        format!("{dir}/{link}").replace("/en-us/", "/")
    };
    let re = regex::Regex::new(r"\.(?:md|yml)(#|$)").unwrap();
    re.replace(&path, "$1").into_owned()
}

/// Every address written after a link's text in a message is a link of the entry's own
/// document, made a full address (issue #30: Entra's `~/fundamentals/...` and
/// `/troubleshoot/...` links were dropped; the text "Open a support ticket" needs them).
#[test]
fn addresses_in_messages_are_the_documents_links() {
    let link = regex::Regex::new(r"\[([^\]]+)\]\(([^)\s]+)\)").unwrap();
    let table = documents_table();
    let mut seen = 0;
    for v in Catalog::builtin().vendors() {
        for e in v.entries {
            let found = addresses(e.message);
            if found.is_empty() {
                continue;
            }
            let source = e.source.unwrap_or("");
            let Some(text) = table
                .iter()
                .find(|(tv, ts, _)| (tv.as_str(), ts.as_str()) == (v.id, source))
                .and_then(|(_, _, f)| shared(f))
            else {
                return;
            };
            let url = v.document_of(&e).url.unwrap_or("");
            let links: Vec<(String, String)> = link
                .captures_iter(&text)
                .map(|c| (c[1].replace('*', ""), learn_address(&c[2], url)))
                .collect();
            for a in found {
                let before = e.message.split(&format!(" ({a})")).next().unwrap();
                assert!(
                    links
                        .iter()
                        .any(|(t, l)| l == a && before.ends_with(t.as_str())),
                    "{} {}: {a} is not a link of its document after its text",
                    v.id,
                    e.code
                );
                seen += 1;
            }
        }
    }
    assert!(seen == 0 || seen >= 30, "{seen} addresses");
    // The rule, on Microsoft's own examples of its docs conventions.
    let doc = "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes";
    assert_eq!(
        learn_address("~/fundamentals/how-to-get-support.md", doc),
        "https://learn.microsoft.com/entra/fundamentals/how-to-get-support"
    );
    assert_eq!(
        learn_address(
            "/troubleshoot/azure/active-directory/error-code-aadsts50003-cert-or-key-not-configured",
            doc
        ),
        "https://learn.microsoft.com/troubleshoot/azure/active-directory/error-code-aadsts50003-cert-or-key-not-configured"
    );
    assert_eq!(
        learn_address(
            "~/identity/role-based-access-control/permissions-reference.md#cloud-application-administrator",
            doc
        ),
        "https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference#cloud-application-administrator"
    );
    assert_eq!(
        learn_address(
            "v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token",
            doc
        ),
        "https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow#redeem-a-code-for-an-access-token"
    );
}

/// Every source a catalog names is one of the documents above.
#[test]
fn every_source_id_has_its_document() {
    let table = documents_table();
    let known = |vendor: &str, source: &str| {
        table
            .iter()
            .any(|(d, id, _)| (d.as_str(), id.as_str()) == (vendor, source))
    };
    for v in Catalog::builtin().vendors() {
        assert!(known(v.id, ""), "{} has no document", v.id);
        for s in v.sources {
            assert!(
                known(v.id, s.id),
                "{} source {} has no document",
                v.id,
                s.id
            );
        }
    }
}

/// The vendor's wording is kept: every code, title and message appears word for word in the
/// document the entry names as its source (the vendor's main document unless it says
/// otherwise), every variant in its own document.
#[test]
fn wording_is_verbatim_from_the_documents() {
    let Some(docs) = documents() else { return };
    let doc = |vendor: &str, source: Option<&str>| -> (&str, bool) {
        let source = source.unwrap_or("");
        let (_, _, text) = docs
            .iter()
            .find(|(v, s, _)| (v.as_str(), s.as_str()) == (vendor, source))
            .unwrap_or_else(|| panic!("no document for {vendor} {source}"));
        (text, f_has_glued_numbers(vendor, source))
    };
    let contains = |(text, glued): (&str, bool), s: &str| {
        if glued {
            text.contains(&digitless(s))
        } else {
            text.contains(&normalized(s))
        }
    };
    let mut checked = 0;
    for v in Catalog::builtin().vendors() {
        for e in v.entries {
            let main = doc(v.id, e.source);
            // Facephi's scenario table is keyed by HTTP status, which its page writes in words.
            assert!(
                contains(main, e.code) || e.table == "error_scenarios",
                "{} code {} not in its document",
                v.id,
                e.code
            );
            // Values the OAuth registry lists without a retrieved defining text carry the
            // registry's own row: each column's value is verbatim.
            let composed = [("oauth", "registry"), ("firebase", "backend")];
            let verbatim = if composed.contains(&(v.id, e.table)) {
                e.message
                    .trim_end_matches('.')
                    .split(". ")
                    .all(|part| contains(main, part.split_once(": ").map_or(part, |x| x.1)))
            } else {
                contains(main, &without_addresses(e.message))
            };
            assert!(
                verbatim,
                "{} {}: message not verbatim: {:?}",
                v.id, e.code, e.message
            );
            if let Some(title) = e.title {
                let elsewhere = e
                    .sources
                    .iter()
                    .any(|s| contains(doc(v.id, Some(s)), title));
                assert!(
                    contains(main, title) || elsewhere,
                    "{} {}: title {title:?}",
                    v.id,
                    e.code
                );
            }
            for var in e.variants {
                for text in var.title.iter().chain(var.message.iter()) {
                    assert!(
                        contains(doc(v.id, var.source), text),
                        "{} {}: variant {text:?} not in its document",
                        v.id,
                        e.code
                    );
                }
            }
            checked += 1;
        }
    }
    // Every entry was read: as many as the tables hold (each table's count is pinned in
    // its catalog and checked by the build).
    let entries: u32 = Catalog::builtin()
        .vendors()
        .iter()
        .flat_map(|v| v.tables.iter().map(|t| t.entries))
        .sum();
    assert_eq!(checked, entries as usize);
}

/// IDaaS message keys are glued to their descriptions in its page: key and text together.
#[test]
fn idaas_keys_sit_beside_their_descriptions() {
    let Some(docs) = documents() else { return };
    let (_, _, page) = docs
        .iter()
        .find(|(v, s, _)| (v.as_str(), s.as_str()) == ("idaas", ""))
        .unwrap();
    let c = Catalog::builtin();
    for e in c.vendor("idaas").unwrap().entries {
        assert!(
            page.contains(&format!("{}{}", e.code, normalized(e.message))),
            "idaas {}",
            e.code
        );
    }
}

/// The API 9 era OpenHarmony page's causes are its own words.
#[test]
fn openharmony_api9_causes_are_verbatim() {
    let Some(docs) = documents() else { return };
    let (_, _, page) = docs
        .iter()
        .find(|(v, s, _)| (v.as_str(), s.as_str()) == ("openharmony", ""))
        .unwrap();
    let c = Catalog::builtin();
    for e in c.vendor("openharmony").unwrap().entries {
        if e.source.is_none() && e.table == "useriam" {
            for cause in e.causes {
                assert!(page.contains(&digitless(cause)), "{}: {cause:?}", e.code);
            }
        }
    }
}

fn check(text: &str) -> String {
    parse_catalog("t.toml", text, None)
        .map(|_| String::from("ok"))
        .unwrap_or_else(|e| e.to_string())
}

const HEAD: &str = "[vendor]\nid = \"acme\"\nname = \"Acme\"\nsource_url = \"https://acme.example/errors\"\ndate = \"2026-01-01\"\n\n[[tables]]\nid = \"api\"\nname = \"API\"\nfield = \"error.code\"\n\n";

#[test]
fn a_valid_catalog_passes() {
    assert_eq!(
        check(&format!(
            "{HEAD}[[entries]]\ntable = \"api\"\ncode = \"E1\"\nmessage = \"Broken.\"\n"
        )),
        "ok"
    );
}

#[test]
fn malformed_catalogs_are_rejected_with_file_line_entry_and_reason() {
    let dup = check(&format!(
        "{HEAD}[[entries]]\ntable = \"api\"\ncode = \"E1\"\nmessage = \"a\"\n\n[[entries]]\ntable = \"api\"\ncode = \"e1\"\nmessage = \"b\"\n"
    ));
    assert_eq!(
        dup,
        "t.toml:17: entry api/e1: duplicate code in table \"api\" (first at line 12)"
    );
    let no_message = check(&format!(
        "{HEAD}[[entries]]\ntable = \"api\"\ncode = \"E1\"\n"
    ));
    assert!(
        no_message.starts_with("t.toml:12: entry api/E1: lacks a message (")
            && no_message.contains("[[annotations]]"),
        "{no_message}"
    );
    let bad_table = check(&format!(
        "{HEAD}[[entries]]\ntable = \"web\"\ncode = \"E1\"\nmessage = \"a\"\n"
    ));
    assert_eq!(
        bad_table,
        "t.toml:12: entry web/E1: refers to unknown table \"web\""
    );
    let no_date = check(
        &HEAD
            .replace("date = \"2026-01-01\"\n", "")
            .replace("\n\n[[tables]]", "\n[[tables]]"),
    );
    assert!(no_date.contains("vendor lacks `date`"), "{no_date}");
    let no_source = check(&HEAD.replace("source_url = \"https://acme.example/errors\"\n", ""));
    assert!(
        no_source.contains("vendor lacks `source_url`"),
        "{no_source}"
    );
    let unknown_key = check(&format!(
        "{HEAD}[[entries]]\ntable = \"api\"\ncode = \"E1\"\nmesage = \"typo\"\n"
    ));
    assert!(
        unknown_key.starts_with("t.toml:15:1: unknown field `mesage`"),
        "{unknown_key}"
    );
    let syntax = check("[vendor\nid = 1");
    assert!(syntax.starts_with("t.toml:1:"), "{syntax}");
    let bad_status = check(&format!(
        "{HEAD}[[entries]]\ntable = \"api\"\ncode = \"E1\"\nmessage = \"a\"\nhttp_status = 999\n"
    ));
    assert!(
        bad_status.ends_with("http_status 999 is not 100-599"),
        "{bad_status}"
    );
    let bad_related = check(&format!(
        "{HEAD}[[entries]]\ntable = \"api\"\ncode = \"E1\"\nmessage = \"a\"\nrelated = [\"api:E2\"]\n"
    ));
    assert!(
        bad_related.ends_with("related \"api:E2\" names no entry of this vendor"),
        "{bad_related}"
    );
}

#[test]
fn built_in_catalog_files_validate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let text = std::fs::read_to_string(&path).unwrap();
            parse_catalog(&path.display().to_string(), &text, None).unwrap();
            n += 1;
        }
    }
    assert_eq!(n, Catalog::builtin().vendors().len());
}

/// Every document a catalog names has a title, an address or none (said plainly), and a date,
/// version or an honest "undated"; none is named by a word only autherr's makers know.
#[test]
fn every_document_is_named_as_a_user_knows_it() {
    let internal = ["seed", "shared/", "autherr", "capture"];
    for v in Catalog::builtin().vendors() {
        let docs = std::iter::once(v.main_document()).chain(v.sources.iter());
        for d in docs {
            assert!(!d.title.trim().is_empty(), "{}", v.id);
            assert!(
                d.date.chars().any(|c| c.is_ascii_digit()) || d.date.contains("undated"),
                "{}: date {:?}",
                v.id,
                d.date
            );
            assert!(d.url.is_none_or(|u| u.starts_with("https://")));
            for text in [d.title, d.date] {
                for word in internal {
                    assert!(!text.contains(word), "{}: {text:?}", v.id);
                }
            }
        }
        for t in v.tables {
            assert!(t.source.is_none_or(|s| v.source(s).is_some()));
        }
    }
}

/// Our own words (descriptions, causes, solutions, notes) speak of documents by their names.
#[test]
fn our_prose_names_no_internal_file() {
    for v in Catalog::builtin().vendors() {
        for e in v.entries {
            let ours = e
                .description
                .into_iter()
                .chain(e.causes.iter())
                .chain(e.solution)
                .chain(e.notes.iter().map(|n| n.text));
            for text in ours {
                let lower = text.to_lowercase();
                for word in ["seed", "shared/", "autherr", "as recorded in"] {
                    assert!(!lower.contains(word), "{} {}: {text:?}", v.id, e.code);
                }
            }
        }
    }
}

/// The one entry of `vendor`'s `table` with `code`.
fn entry_of(c: &Catalog, vendor: &str, table: &str, code: &str) -> autherr::catalog::Entry {
    let v = c.vendor(vendor).unwrap();
    c.lookup(Some(v), code)
        .into_iter()
        .find(|h| h.entry.table == table)
        .unwrap_or_else(|| panic!("{vendor} {table} {code}"))
        .entry
}

/// A note carries its own document, or says it is ours (issue #30): never shown as the
/// entry's main document when that is not where it comes from.
#[test]
fn notes_name_their_own_document_or_say_they_are_ours() {
    let c = Catalog::builtin();
    let notes = |vendor: &str, table: &str, code: &str| -> Vec<(Option<&str>, &str, bool)> {
        let e = entry_of(&c, vendor, table, code);
        e.notes
            .iter()
            .map(|n| (n.source, n.text, n.is_ours()))
            .collect()
    };
    // Kerberos 68: the RFC 6806 quote is RFC 6806's, not RFC 4120's.
    assert!(
        notes("kerberos", "protocol", "68")
            .iter()
            .any(|(s, t, _)| *s == Some("rfc6806") && t.contains("KDC_ERR_WRONG_REALM"))
    );
    // Event 4768's comparisons with RFC 4120 are ours.
    let compared: Vec<_> = c
        .vendor("kerberos")
        .unwrap()
        .entries
        .iter()
        .filter(|e| e.table == "event_4768")
        .flat_map(|e| e.notes.iter().collect::<Vec<_>>())
        .filter(|n| n.text.contains("compared with RFC 4120"))
        .collect();
    assert_eq!(compared.len(), 11);
    assert!(compared.iter().all(|n| n.is_ours()));
    // Auth0's unauthorized: the quote is from the archived error-messages page.
    assert!(
        notes("auth0", "login", "unauthorized")
            .iter()
            .any(|(s, t, _)| *s == Some("legacy_errors") && t.contains("violates an Auth0 rule"))
    );
    // Google: the third party's HTTP status is the third party's; the others are ours.
    assert!(
        notes("google", "oauth", "invalid_client")
            .iter()
            .any(|(s, t, _)| *s == Some("thirdparty") && t.contains("400"))
    );
    for (table, code) in [
        ("oauth", "invalid_grant"),
        ("oauth", "access_denied"),
        ("api", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"),
    ] {
        assert!(
            notes("google", table, code)
                .iter()
                .any(|(_, t, ours)| *ours && t.contains("HTTP status")),
            "google {code}"
        );
    }
    // Cognito: "only in the newer model" is our comparison of the two models; the server
    // fault's 500 is inferred, not "unknown".
    assert!(
        notes("cognito", "exception", "AccessDeniedException")
            .iter()
            .any(|(_, t, ours)| *ours && t.contains("newer botocore model"))
    );
    let internal = notes("cognito", "exception", "InternalErrorException");
    assert!(
        internal
            .iter()
            .any(|(_, t, ours)| *ours && t.contains("500 is inferred"))
    );
    assert!(
        !internal
            .iter()
            .any(|(_, t, _)| t.contains("No HTTP status is known"))
    );
    // A note that says it is ours names no document in the schema either.
    let bad = "[vendor]\nid = \"x\"\nname = \"X\"\nsource_url = \"https://x.example\"\ndate = \"2026\"\n\
               [[sources]]\nid = \"s\"\ntitle = \"S\"\nurl = \"https://s.example\"\ndate = \"2026\"\n\
               [[tables]]\nid = \"t\"\nname = \"T\"\nfield = \"code\"\n\
               [[entries]]\ntable = \"t\"\ncode = \"E1\"\nmessage = \"M.\"\n\
               [[entries.notes]]\nsource = \"s\"\ntext = \"Our note: a reading.\"\n";
    let e = parse_catalog("x.toml", bad, None).unwrap_err();
    assert!(e.reason.contains("Our note"), "{}", e.reason);
}

/// `related` holds only what a document states (issue #30): Firebase's backend strings whose
/// client code the SDK derives by its rule relate to nothing; a note of ours names the
/// computed code. The Admin SDK's auth/invalid-argument relates to no other code.
#[test]
fn computed_links_are_not_stated_relations() {
    let c = Catalog::builtin();
    let captcha = entry_of(&c, "firebase", "backend", "CAPTCHA_CHECK_FAILED");
    assert_eq!(captcha.message, "CAPTCHA_CHECK_FAILED");
    assert!(captcha.related.is_empty());
    assert!(captcha.notes.iter().any(|n| n.is_ours()
        && n.text.contains("auth/captcha-check-failed")
        && n.text.contains("computed")));
    // A mapped one keeps the relation its map states.
    let mapped = entry_of(&c, "firebase", "backend", "ADMIN_ONLY_OPERATION");
    assert_eq!(
        mapped.related.iter().collect::<Vec<_>>(),
        ["client:auth/admin-restricted-operation"]
    );
    let derived = c
        .vendor("firebase")
        .unwrap()
        .entries
        .iter()
        .filter(|e| {
            e.table == "backend"
                && e.notes
                    .iter()
                    .any(|n| n.is_ours() && n.text.contains("computed"))
        })
        .count();
    assert_eq!(derived, 32);
    assert!(
        entry_of(&c, "firebase", "admin", "auth/invalid-argument")
            .related
            .is_empty()
    );
    // USER_NOT_FOUND: the phone-number override the source states.
    let unf = entry_of(&c, "firebase", "backend", "USER_NOT_FOUND");
    assert!(
        unf.notes
            .iter()
            .any(|n| n.text.contains("verifyPhoneNumberForExisting"))
    );
}

/// "Standard beneath" is the entry of the endpoint a vendor's table is for, never every
/// table of the standard that holds the value (issue #30).
#[test]
fn the_standard_beneath_is_the_tables_endpoint() {
    let c = Catalog::builtin();
    let beneath = |vendor: &str, table: &str, code: &str| -> Vec<String> {
        let v = c.vendor(vendor).unwrap();
        let hit = c
            .lookup(Some(v), code)
            .into_iter()
            .find(|h| h.entry.table == table)
            .unwrap_or_else(|| panic!("{vendor} {table} {code}"));
        c.beneath(&hit)
            .iter()
            .filter(|b| b.vendor.id == "oauth")
            .map(|b| format!("{}:{}", b.entry.table, b.entry.code))
            .collect()
    };
    assert_eq!(
        beneath("cognito", "token", "invalid_grant"),
        ["token:invalid_grant"]
    );
    assert_eq!(
        beneath("okta", "oidc", "access_denied"),
        ["authorization:access_denied"]
    );
    assert_eq!(
        beneath("google", "oauth", "access_denied"),
        ["authorization:access_denied"]
    );
    assert_eq!(
        beneath("google", "oauth", "invalid_request"),
        ["authorization:invalid_request"]
    );
    // In a table that mixes endpoints, an entry whose document names its endpoint says so
    // itself (`standard` on the entry): Google's invalid_grant is a refresh token's error.
    assert_eq!(
        beneath("google", "oauth", "invalid_grant"),
        ["token:invalid_grant"]
    );
    assert_eq!(
        beneath("auth0", "api_token", "invalid_request"),
        ["token:invalid_request"]
    );
    assert_eq!(
        beneath("auth0", "api_userinfo", "invalid_token"),
        ["resource:invalid_token"]
    );
    // Keycloak's OAuth entries go by their code (their group is a source heading).
    assert!(
        beneath("keycloak", "oauth", "invalid_grant").contains(&"token:invalid_grant".to_string())
    );
    assert_eq!(
        beneath("keycloak", "oauth", "login_required"),
        ["oidc:login_required"]
    );
    // Okta's internal codes still go by the value they are sent as.
    let okta = c.vendor("okta").unwrap();
    let grouped = okta
        .entries
        .iter()
        .find(|e| e.table == "oauth2" && e.group.is_some())
        .unwrap();
    let hit = autherr::catalog::Hit {
        vendor: okta,
        entry: grouped,
    };
    assert!(!c.beneath(&hit).is_empty(), "okta {}", grouped.code);
    // The schema checks the form of `standard`.
    let file = |standard: &str| {
        format!(
            "[vendor]\nid = \"x\"\nname = \"X\"\nsource_url = \"https://x.example\"\ndate = \"2026\"\n\
             [[tables]]\nid = \"t\"\nname = \"T\"\nfield = \"code\"\nstandard = \"{standard}\"\n\
             [[entries]]\ntable = \"t\"\ncode = \"E1\"\nmessage = \"M.\"\n"
        )
    };
    assert!(parse_catalog("x.toml", &file("oauth:token,oidc"), None).is_ok());
    assert!(parse_catalog("x.toml", &file("oauth:"), None).is_err());
    assert!(parse_catalog("x.toml", &file("OAuth:Token"), None).is_err());
    // An entry's own `standard` names the standard's tables (its endpoint), never all of it.
    let entry = |standard: &str| {
        format!(
            "[vendor]\nid = \"x\"\nname = \"X\"\nsource_url = \"https://x.example\"\ndate = \"2026\"\n\
             [[tables]]\nid = \"t\"\nname = \"T\"\nfield = \"code\"\nstandard = \"oauth\"\n\
             [[entries]]\ntable = \"t\"\ncode = \"E1\"\nmessage = \"M.\"\nstandard = \"{standard}\"\n"
        )
    };
    assert!(parse_catalog("x.toml", &entry("oauth:token"), None).is_ok());
    assert!(parse_catalog("x.toml", &entry("oauth"), None).is_err());
    assert!(parse_catalog("x.toml", &entry("oauth:"), None).is_err());
}

/// A table's field is shown on each of its entries: it never ends on one code of the table
/// as if that were the value (issue #32: event 4768's field said "in hex: 0x6" on 0x12).
#[test]
fn a_tables_field_does_not_end_on_one_of_its_codes() {
    for v in Catalog::builtin().vendors() {
        for t in v.tables {
            let last = t.field.rsplit(": ").next().unwrap_or("").trim();
            let codes: Vec<&str> = v
                .entries
                .iter()
                .filter(|e| e.table == t.id)
                .map(|e| e.code)
                .collect();
            assert!(
                codes.len() < 2 || !codes.iter().any(|c| c.eq_ignore_ascii_case(last)),
                "{} {}: field {:?} ends on a code of the table",
                v.id,
                t.id,
                t.field
            );
        }
    }
}

/// Where the documents disagree on an HTTP status, the entry shows what each says and
/// states none itself (issue #30: Cognito's model says 403, 404 and 429; the answers users
/// posted say 400).
#[test]
fn cognito_statuses_show_what_each_document_says() {
    let c = Catalog::builtin();
    for (code, model) in [
        ("NotAuthorizedException", "403"),
        ("ResourceNotFoundException", "404"),
        ("TooManyRequestsException", "429"),
    ] {
        let e = entry_of(&c, "cognito", "exception", code);
        assert_eq!(e.http_status, None, "{code}");
        let said = |source: &str, status: &str| {
            e.notes
                .iter()
                .any(|n| n.source == Some(source) && n.text.contains(status))
        };
        assert!(said("smithy", model), "{code}: the model's {model}");
        assert!(said("wire", "400"), "{code}: the wire's 400");
    }
}

/// The issue's other examples read right (issue #30, points 4 to 8): what a source states,
/// which document each text comes from, the value Okta's list writes as `en`, leftovers.
#[test]
fn issue_30_examples_read_right() {
    let c = Catalog::builtin();
    // 4: Auth0's login table says what its source says; LDAP 49's reading of AD is the lists'.
    let auth0 = c.vendor("auth0").unwrap();
    assert!(
        !auth0
            .table("login")
            .unwrap()
            .field
            .contains("Authentication API")
    );
    assert!(
        entry_of(&c, "ldap", "result", "49")
            .description
            .unwrap()
            .starts_with("In the third-party lists")
    );
    let d568 = entry_of(&c, "ldap", "ad_data", "568");
    assert!(
        d568.notes
            .iter()
            .any(|n| n.is_ours() && n.text.contains("none of those lists includes 568"))
    );
    // 5: each text is credited to the document it comes from.
    for (vendor, table, code, source) in [
        ("google", "oauth", "org_internal", "changelog"),
        ("google", "oauth", "access_denied", "giscopy"),
        ("google", "oauth", "invalid_client", "thirdparty"),
        ("ldap", "ad_data", "701", "win32b"),
        ("ldap", "ad_data", "773", "win32b"),
        ("ldap", "ad_data", "775", "win32b"),
        ("ldap", "ad_data", "52e", "win32"),
    ] {
        assert_eq!(
            entry_of(&c, vendor, table, code).source,
            Some(source),
            "{vendor} {code}"
        );
    }
    // 6: Auth0's common Authentication API error.
    assert_eq!(
        entry_of(&c, "auth0", "api_common", "unauthorized_client").message,
        "Client not authorized for this grant type"
    );
    // 7: where Okta's list writes en for a value, the entry says what the value is.
    let word_en = regex::Regex::new(r"\ben\b").unwrap();
    let okta = c.vendor("okta").unwrap();
    let mut en = 0;
    for e in okta.entries.iter() {
        if word_en.is_match(e.message) {
            en += 1;
            assert!(
                e.notes.iter().any(|n| n.is_ours()
                    && n.text
                        .starts_with("Our note: en is not a word of the message")),
                "okta {}",
                e.code
            );
        }
        for n in e.notes.iter() {
            assert!(
                !n.text.contains("where the summary says {0}") || e.message.contains("{0}"),
                "okta {}",
                e.code
            );
        }
    }
    assert_eq!(en, 68);
    let cognito = c.vendor("cognito").unwrap();
    assert!(cognito.entries.iter().all(|e| {
        e.notes
            .iter()
            .all(|n| !n.text.contains("sign-in and sign-up operations"))
    }));
    assert!(
        entry_of(&c, "cognito", "exception", "InvalidParameterException")
            .notes
            .iter()
            .any(|n| n.text.contains("reasonCode"))
    );
    let keycloak = c.vendor("keycloak").unwrap();
    assert!(
        keycloak
            .entries
            .iter()
            .all(|e| !e.message.contains("''") && !e.message.contains("\\:"))
    );
    assert!(
        entry_of(
            &c,
            "keycloak",
            "message",
            "accountTemporarilyDisabledMessage"
        )
        .notes
        .iter()
        .any(|n| n.text.contains("deliberately the same"))
    );
    // 8: Google's messages are Google's text; no note restates a source's reliability.
    let google = c.vendor("google").unwrap();
    for e in google.entries.iter() {
        assert!(!e.message.starts_with("Summary:"), "google {}", e.code);
        assert!(
            e.notes
                .iter()
                .all(|n| !n.text.to_lowercase().contains("reliability")),
            "google {}",
            e.code
        );
    }
    assert_eq!(
        entry_of(&c, "google", "oauth", "invalid_grant").message,
        "Token has been expired or revoked."
    );
}

/// Every built-in catalog states its documents' licenses (issue #32, point 14): `autherr
/// catalog sources` names them, "unknown" or "not checked" where that is the truth.
#[test]
fn every_catalog_states_its_documents_licenses() {
    for v in Catalog::builtin().vendors() {
        let license = v.license.unwrap_or_else(|| panic!("{}: no license", v.id));
        assert!(!license.trim().is_empty(), "{}", v.id);
    }
}

/// A vendor catalog no test knows, valid as the schema asks of a built-in one.
const NEW_CATALOG: &str = r#"[vendor]
id = "examplecorp"
name = "ExampleCorp Sign-In"
source_url = "https://docs.example.com/errors"
source_title = "ExampleCorp error reference"
date = "2026-12-01"

[[tables]]
id = "api"
count = 2
name = "ExampleCorp API errors"
field = "error.code in a JSON body"

[[entries]]
table = "api"
code = "EXC-7101"
message = "The sign-in session has expired."

[[entries]]
table = "api"
code = "EXC-7102"
message = "The account is locked."
"#;

/// Adding a catalog touches no `.rs` file: a new valid file beside copies of the built-in
/// ones validates as `build.rs` validates them (every file parses, no vendor id or alias is
/// used twice, every table carries its `count`), and loaded by the same schema at run time
/// the totals that listings and tests compute follow it: one vendor and its entries more.
#[test]
fn a_new_catalog_file_needs_no_rust() {
    let builtin = Catalog::builtin();
    let all = tempfile::tempdir().unwrap();
    let catalogs = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    for entry in std::fs::read_dir(catalogs).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&path, all.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::write(all.path().join("examplecorp.toml"), NEW_CATALOG).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    let mut entries = 0;
    let mut files = 0;
    for entry in std::fs::read_dir(all.path()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let def = parse_catalog(&path.display().to_string(), &text, None).unwrap();
        assert!(def.tables.iter().all(|t| t.count.is_some()), "{}", def.id);
        let meta = def
            .meta
            .as_ref()
            .expect("a whole catalog declares its vendor");
        for id in std::iter::once(&def.id).chain(&meta.aliases) {
            assert!(ids.insert(id.clone()), "{id} used twice");
        }
        entries += def.entries.len();
        files += 1;
    }
    let builtin_entries: usize = builtin.vendors().iter().map(|v| v.entries.len()).sum();
    assert_eq!(files, builtin.vendors().len() + 1);
    assert_eq!(entries, builtin_entries + 2);

    let user = tempfile::tempdir().unwrap();
    std::fs::write(user.path().join("examplecorp.toml"), NEW_CATALOG).unwrap();
    let (catalog, report) = Catalog::load(Some((user.path().to_path_buf(), "test")));
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(catalog.vendors().len(), builtin.vendors().len() + 1);
    let loaded: usize = catalog.vendors().iter().map(|v| v.entries.len()).sum();
    assert_eq!(loaded, builtin_entries + 2);
    let hits = catalog.lookup(None, "exc-7102");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].entry.message, "The account is locked.");
}
