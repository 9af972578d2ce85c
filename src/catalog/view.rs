//! One view of an entry: what it links to, computed once in the catalog, so that every
//! renderer (the long form, JSON) formats the same thing and none asks the catalog itself.

use super::{Annotation, Catalog, Hit};

/// An entry with what the catalogs say around it.
#[derive(Debug, Clone)]
pub struct EntryView<'a> {
    pub hit: Hit<'a>,
    /// The standards' entries beneath it: the HTTP status it names, the standard's value it is.
    pub beneath: Vec<Hit<'a>>,
    /// The entries a document states a relation to.
    pub related: Vec<Hit<'a>>,
    /// Entries that only share its code (no document relates them), less those beneath it.
    pub same_code: Vec<Hit<'a>>,
    /// What the user's catalogs add: a team's solution, runbook, owner, notes.
    pub team: Vec<&'a Annotation>,
}

impl Catalog {
    /// The view of `hit`: the standard beneath, stated relations, same code elsewhere, team notes.
    pub fn view<'a>(&'a self, hit: &Hit<'a>) -> EntryView<'a> {
        let beneath = self.beneath(hit);
        let mut same_code = self.same_code(hit);
        same_code.retain(|s| {
            !beneath.iter().any(|b| {
                b.vendor.id == s.vendor.id
                    && b.entry.table == s.entry.table
                    && b.entry.key == s.entry.key
            })
        });
        EntryView {
            hit: *hit,
            related: self.related(hit),
            team: self.annotations(hit),
            beneath,
            same_code,
        }
    }
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
}
