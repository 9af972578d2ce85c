//! Data integrity: the built-in catalogs are complete, faithful to the vendor documents, and
//! a malformed catalog is rejected with the file, line, entry and reason.

use std::path::Path;

use autherr::catalog::schema::parse_catalog;
use autherr::catalog::{Catalog, Hit};

fn counts(vendor: &str) -> Vec<(&'static str, usize)> {
    let c = Catalog::builtin();
    let v = c.vendor(vendor).unwrap();
    v.tables.iter().map(|t| (t.id, v.count_in(t.id))).collect()
}

#[test]
fn per_table_counts_match_the_seed_documents() {
    assert_eq!(
        counts("hid"),
        [
            ("http", 6),
            ("hid_error", 304),
            ("hid_failure", 54),
            ("response", 2)
        ]
    );
    assert_eq!(
        counts("idaas"),
        [("oauth", 14), ("code", 10), ("message", 138)]
    );
    assert_eq!(counts("authing"), [("code", 96)]);
    assert_eq!(
        counts("facephi"),
        [
            ("result", 1),
            ("authenticate_user", 4),
            ("update_user_template", 4),
            ("facial_authentication", 5),
            ("liveness", 19),
            ("error_scenarios", 3)
        ]
    );
    assert_eq!(counts("openharmony"), [("universal", 6), ("useriam", 19)]);
}

/// The identity providers: every code of each source, in the table its document gives it.
#[test]
fn per_table_counts_match_the_identity_providers() {
    // 346 AADSTS rows, 345 codes (AADSTS50147 twice: one entry, two wordings); 8 OAuth values.
    assert_eq!(counts("entra"), [("aadsts", 345), ("oauth", 8)]);
    // error-codes.json (251), the OpenID Connect examples (11), oauth2-error-codes.json (476).
    assert_eq!(
        counts("okta"),
        [("api", 251), ("oidc", 11), ("oauth2", 476)]
    );
    // Library errors (8 + 10), the Authentication API's 15 examples by endpoint, Guardian
    // (33), Lock's 39 key/screen pairs, log types (165 + 7 only in the schema) and 12
    // legacy log types.
    assert_eq!(
        counts("auth0"),
        [
            ("signup", 8),
            ("login", 10),
            ("api_authorize", 4),
            ("api_token", 8),
            ("api_userinfo", 1),
            ("api_signup", 2),
            ("guardian", 33),
            ("lock_forgot_password", 5),
            ("lock_login", 19),
            ("lock_passwordless", 6),
            ("lock_signup", 9),
            ("log", 172),
            ("log_legacy", 12)
        ]
    );
}

/// Identity providers, part two.
#[test]
fn per_table_counts_match_the_identity_providers_part_two() {
    // Client SDK (108), backend strings (81), Admin SDK (95, and auth/invalid-argument, which
    // only the docs page lists), the Admin SDK's backend map (63).
    assert_eq!(
        counts("firebase"),
        [
            ("client", 108),
            ("backend", 81),
            ("admin", 96),
            ("admin_backend", 63)
        ]
    );
    assert_eq!(counts("cognito"), [("exception", 59), ("token", 5)]);
    assert_eq!(
        counts("keycloak"),
        [("event", 88), ("oauth", 28), ("message", 151)]
    );
    // 12 identifiers in the source; disallowed_useragent has no source text at all and is
    // left out; ORG_RESTRICTION_VIOLATION is the reason of the source's API error example.
    assert_eq!(counts("google"), [("oauth", 9), ("api", 2)]);
}

/// The standards: every assigned code of each source, counted per table.
#[test]
fn per_table_counts_match_the_standards() {
    // IANA: 64 assigned values (the 11 unassigned ranges are not codes).
    assert_eq!(counts("http"), [("status", 64)]);
    // IANA OAuth Extensions Error Registry (50 rows), each value in the table of the
    // specification that defines it; CIBA as its restatements list it; 13 registry rows
    // whose defining text was not retrieved.
    assert_eq!(
        counts("oauth"),
        [
            ("authorization", 7),
            ("token", 6),
            ("resource", 3),
            ("revocation", 1),
            ("registration", 4),
            ("device", 4),
            ("oidc", 9),
            ("extension", 7),
            ("ciba_token", 6),
            ("ciba_push", 3),
            ("ciba_auth", 10),
            ("registry", 13)
        ]
    );
    assert_eq!(counts("saml"), [("top", 4), ("second", 19)]);
    // RFC 4511 Appendix A.2 (39) and registered extensions (12); OpenLDAP's own (5) and
    // client codes (19); Active Directory data sub-codes (10).
    assert_eq!(
        counts("ldap"),
        [
            ("result", 51),
            ("openldap_result", 5),
            ("client", 19),
            ("ad_data", 10)
        ]
    );
    // RFC 4120 (68) plus PKINIT and FAST codes it does not list (9); MIT-only codes (4);
    // Microsoft's event tables as the pages list them.
    assert_eq!(
        counts("kerberos"),
        [
            ("protocol", 77),
            ("event_4768", 58),
            ("event_4771", 3),
            ("mit", 4)
        ]
    );
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

/// Collapses whitespace and drops markdown emphasis, as the catalogs do.
/// (A source's `¶` marks a paragraph break, which the catalogs write as a line break.)
fn normalized(text: &str) -> String {
    text.replace("**", "")
        .replace('¶', " ")
        .replace("\\|", "|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn shared(path: &str) -> Option<String> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path);
    std::fs::read_to_string(p).ok()
}

/// The file beside the checkout that holds each document a catalog names: (vendor, source id
/// or "" for the vendor's main document, file under `../shared/`). Test data, not product data:
/// users see the documents' titles and addresses, never these files.
const DOCUMENTS: &[(&str, &str, &str)] = &[
    ("openharmony", "", "seeds/000_68254eba28eee546.txt"),
    ("authing", "", "seeds/001_88c86fcfebfe2e01.txt"),
    ("facephi", "", "seeds/002_19aff4cda085d515.txt"),
    ("hid", "", "seeds/003_9283cbcc7e282c59.txt"),
    ("idaas", "", "seeds/004_96bd73f9879f0980.txt"),
    ("hid", "rms", "sources/hid-rms-reasons.md"),
    ("hid", "scim", "sources/README.md"),
    (
        "openharmony",
        "latest",
        "sources/openharmony-errorcode-useriam-latest.md",
    ),
    (
        "openharmony",
        "universal",
        "sources/openharmony-errorcode-universal.md",
    ),
    ("openharmony", "runtime", "sources/README.md"),
    ("authing", "zh", "sources/README.md"),
    ("authing", "api", "sources/README.md"),
    ("http", "", "sources-next/standards/http-status.md"),
    ("http", "rfc9110", "sources-next/standards/http-status.md"),
    ("http", "rfc6585", "sources-next/standards/http-status.md"),
    ("http", "rfc7725", "sources-next/standards/http-status.md"),
    ("http", "rfc8470", "sources-next/standards/http-status.md"),
    ("http", "rfc8297", "sources-next/standards/http-status.md"),
    ("http", "secondary", "sources-next/standards/http-status.md"),
    ("oauth", "", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc6749", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc6750", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc7009", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc7591", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc8628", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "oidc", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc8707", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc9396", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc9449", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc9470", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "rfc9200", "sources-next/standards/oauth-oidc.md"),
    ("oauth", "ciba", "sources-next/standards/oauth-oidc.md"),
    ("saml", "", "sources-next/standards/saml2-status.md"),
    ("ldap", "", "sources-next/standards/ldap.md"),
    ("ldap", "ext", "sources-next/standards/ldap.md"),
    ("ldap", "openldap", "sources-next/standards/ldap.md"),
    ("ldap", "win32", "sources-next/standards/ldap.md"),
    ("ldap", "thirdparty", "sources-next/standards/ldap.md"),
    ("ldap", "kb328889", "sources-next/standards/ldap.md"),
    ("kerberos", "", "sources-next/standards/kerberos.md"),
    ("kerberos", "rfc4556", "sources-next/standards/kerberos.md"),
    ("kerberos", "rfc6113", "sources-next/standards/kerberos.md"),
    ("kerberos", "ms4768", "sources-next/standards/kerberos.md"),
    ("kerberos", "ms4771", "sources-next/standards/kerberos.md"),
    ("kerberos", "mit", "sources-next/standards/kerberos.md"),
    ("entra", "", "sources-next/vendors/entra.md"),
    ("entra", "older", "sources-next/vendors/entra.md"),
    ("okta", "", "sources-next/vendors/okta.md"),
    ("okta", "index", "sources-next/vendors/okta.md"),
    ("okta", "oauth2", "sources-next/vendors/okta.md"),
    ("auth0", "", "sources-next/vendors/auth0.md"),
    ("auth0", "oas", "sources-next/vendors/auth0.md"),
    ("auth0", "guardian", "sources-next/vendors/auth0.md"),
    ("auth0", "lock", "sources-next/vendors/auth0.md"),
    ("auth0", "logs", "sources-next/vendors/auth0.md"),
    ("auth0", "schema", "sources-next/vendors/auth0.md"),
    ("auth0", "legacy", "sources-next/vendors/auth0.md"),
    ("firebase", "", "sources-next/vendors/firebase-auth.md"),
    (
        "firebase",
        "server",
        "sources-next/vendors/firebase-auth.md",
    ),
    ("firebase", "admin", "sources-next/vendors/firebase-auth.md"),
    ("firebase", "docs", "sources-next/vendors/firebase-auth.md"),
    ("cognito", "", "sources-next/vendors/cognito.md"),
    ("cognito", "smithy", "sources-next/vendors/cognito.md"),
    ("cognito", "token", "sources-next/vendors/cognito.md"),
    ("keycloak", "", "sources-next/vendors/keycloak.md"),
    ("keycloak", "oauth", "sources-next/vendors/keycloak.md"),
    ("keycloak", "theme", "sources-next/vendors/keycloak.md"),
    ("google", "", "sources-next/vendors/google-oauth.md"),
    ("google", "ads", "sources-next/vendors/google-oauth.md"),
    ("google", "ui", "sources-next/vendors/google-oauth.md"),
    ("google", "cloud", "sources-next/vendors/google-oauth.md"),
    ("google", "user", "sources-next/vendors/google-oauth.md"),
    (
        "google",
        "thirdparty",
        "sources-next/vendors/google-oauth.md",
    ),
];

/// The documents, normalized; `None` (with a note) when `../shared` is not beside the
/// checkout. In CI it always is, so there its absence fails the test instead.
fn documents() -> Option<Vec<(&'static str, &'static str, String)>> {
    let docs: Option<Vec<_>> = DOCUMENTS
        .iter()
        .map(|&(v, s, f)| shared(f).map(|text| (v, s, text)))
        .collect();
    match docs {
        Some(docs) => Some(
            docs.into_iter()
                .map(|(v, s, text)| {
                    // The OpenHarmony API 9 page has its line numbers glued into the text.
                    let text = if f_has_glued_numbers(v, s) {
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

/// Every source a catalog names is one of the documents above.
#[test]
fn every_source_id_has_its_document() {
    for v in Catalog::builtin().vendors() {
        assert!(DOCUMENTS.iter().any(|&(d, s, _)| (d, s) == (v.id, "")));
        for s in v.sources {
            assert!(
                DOCUMENTS.iter().any(|&(d, id, _)| (d, id) == (v.id, s.id)),
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
            .find(|(v, s, _)| (*v, *s) == (vendor, source))
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
                contains(main, e.message)
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
    assert_eq!(
        checked,
        366 + 162 + 96 + 36 + 25 + 64 + 73 + 23 + 85 + 142 + 353 + 738 + 289 + 348 + 64 + 267 + 11
    );
}

/// IDaaS message keys are glued to their descriptions in its page: key and text together.
#[test]
fn idaas_keys_sit_beside_their_descriptions() {
    let Some(docs) = documents() else { return };
    let (_, _, page) = docs
        .iter()
        .find(|(v, s, _)| (*v, *s) == ("idaas", ""))
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
        .find(|(v, s, _)| (*v, *s) == ("openharmony", ""))
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
    assert_eq!(no_message, "t.toml:12: entry api/E1: lacks a message");
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
    assert_eq!(n, 17);
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
