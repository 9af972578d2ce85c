//! One view of an entry: what it links to, computed once in the catalog, so that every
//! renderer (the long form, JSON) formats the same thing and none asks the catalog itself.

use super::{Annotation, Catalog, Hit, Source, schema};

/// An entry with what the catalogs say around it.
#[derive(Debug, Clone)]
pub struct EntryView<'a> {
    pub hit: Hit<'a>,
    /// The standards' entries beneath it: the HTTP status it names, the standard's value it is.
    pub beneath: Vec<Hit<'a>>,
    /// The standard's value, where neither the entry nor its table names the endpoint and the
    /// standard defines the value at several: where it is defined, not one entry of ours.
    pub defined_at: Option<DefinedAt<'a>>,
    /// The entries a document states a relation to.
    pub related: Vec<Hit<'a>>,
    /// Entries that only share its code (no document relates them), less those beneath it.
    pub same_code: Vec<Hit<'a>>,
    /// What the user's catalogs add: a team's solution, runbook, owner, notes.
    pub team: Vec<&'a Annotation>,
}

/// Where a standard defines a value at several endpoints (its tables), for an entry whose
/// documents do not say which endpoint sends it: choosing one of them would be ours.
#[derive(Debug, Clone)]
pub struct DefinedAt<'a> {
    /// The standard's entries for the value, one a table, in the standard's order.
    pub hits: Vec<Hit<'a>>,
}

impl DefinedAt<'_> {
    /// The standard's id (`oauth`).
    pub fn vendor(&self) -> &'static str {
        self.hits[0].vendor.id
    }

    /// The standard's name (`OAuth 2.0 / OpenID Connect`).
    pub fn vendor_name(&self) -> &'static str {
        self.hits[0].vendor.name
    }

    /// The value as the standard writes it.
    pub fn code(&self) -> &'static str {
        self.hits[0].entry.code
    }

    /// The tables holding the value, each group of consecutive tables with the document that
    /// defines the value there (RFC 6749 for the authorization endpoint, CIBA for its three).
    pub fn by_document(&self) -> Vec<(Vec<&'static str>, Source)> {
        let mut out: Vec<(Vec<&'static str>, Source)> = Vec::new();
        for h in &self.hits {
            let doc = h.vendor.document_of(&h.entry);
            match out.last_mut() {
                Some((tables, last)) if last.id == doc.id => tables.push(h.entry.table),
                _ => out.push((vec![h.entry.table], doc)),
            }
        }
        out
    }
}

impl Catalog {
    /// The view of `hit`: the standard beneath, stated relations, same code elsewhere, team notes.
    pub fn view<'a>(&'a self, hit: &Hit<'a>) -> EntryView<'a> {
        let mut beneath = self.beneath(hit);
        let mut same_code = self.same_code(hit);
        same_code.retain(|s| {
            !beneath.iter().any(|b| {
                b.vendor.id == s.vendor.id
                    && b.entry.table == s.entry.table
                    && b.entry.key == s.entry.key
            })
        });
        let defined_at = undecided_endpoint(hit, &mut beneath);
        EntryView {
            hit: *hit,
            related: self.related(hit),
            team: self.annotations(hit),
            beneath,
            defined_at,
            same_code,
        }
    }
}

/// Takes out of `beneath` the standard's entries for a value that the entry and its table
/// leave at no endpoint, when the standard defines it at more than one: the documents say
/// what the value is, not which of those entries is meant (Okta's `oauth2` table, Keycloak's
/// `oauth`). One table holding the value is no choice, and stays an entry beneath.
fn undecided_endpoint<'a>(hit: &Hit<'a>, beneath: &mut Vec<Hit<'a>>) -> Option<DefinedAt<'a>> {
    let declared = hit.entry.standard.or(hit.table().standard)?;
    let (standard, tables) = schema::standard_ref(declared);
    if !tables.is_empty() {
        return None;
    }
    let of_standard = |b: &Hit<'_>| b.vendor.id == standard && !b.table().holds_http_status;
    if beneath.iter().filter(|b| of_standard(b)).count() < 2 {
        return None;
    }
    let (hits, rest): (Vec<Hit<'a>>, Vec<Hit<'a>>) = beneath.drain(..).partition(of_standard);
    *beneath = rest;
    Some(DefinedAt { hits })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is beneath an entry is never repeated as a code it only shares, in any renderer.
    #[test]
    fn same_code_holds_nothing_beneath() {
        let c = Catalog::builtin();
        let mut pruned = 0;
        for vendor in c.vendors() {
            for entry in vendor.entries.iter() {
                let hit = Hit { vendor, entry };
                let view = c.view(&hit);
                for s in &view.same_code {
                    assert!(
                        !view.beneath.iter().any(|b| b.vendor.id == s.vendor.id
                            && b.entry.table == s.entry.table
                            && b.entry.key == s.entry.key),
                        "{} {} {}",
                        vendor.id,
                        entry.table,
                        entry.code
                    );
                }
                pruned += usize::from(c.same_code(&hit).len() > view.same_code.len());
            }
        }
        // Entries whose standard beneath also shares their code (Keycloak's invalid_grant).
        assert!(pruned > 0);
    }

    /// Where neither an entry nor its table names the endpoint and the standard defines the
    /// value at several, no entry of the standard is beneath it: the view says where the
    /// value is defined. Otherwise nothing changes.
    #[test]
    fn an_undeclared_endpoint_chooses_no_entry() {
        let c = Catalog::builtin();
        let mut undecided = 0;
        for vendor in c.vendors() {
            for entry in vendor.entries.iter() {
                let hit = Hit { vendor, entry };
                let view = c.view(&hit);
                let Some(d) = &view.defined_at else {
                    assert_eq!(view.beneath.len(), c.beneath(&hit).len());
                    // An endpoint an entry declares holds its value.
                    if let Some(declared) = entry.standard {
                        let (standard, _) = schema::standard_ref(declared);
                        assert!(
                            view.beneath.iter().any(|b| b.vendor.id == standard),
                            "{} {} {}: {declared}",
                            vendor.id,
                            entry.table,
                            entry.code
                        );
                    }
                    continue;
                };
                undecided += 1;
                let declared = entry.standard.or(hit.table().standard).unwrap();
                assert!(!declared.contains(':'), "{} {}", vendor.id, entry.code);
                assert!(d.hits.len() > 1);
                assert!(!view.beneath.iter().any(|b| b.vendor.id == d.vendor()));
                assert_eq!(
                    d.by_document().iter().map(|(t, _)| t.len()).sum::<usize>(),
                    d.hits.len()
                );
            }
        }
        assert!(undecided > 0);
    }
}
