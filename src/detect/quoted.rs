//! A result's name in quotation marks beside its vendor's other codes: a client library
//! prints the name of an LDAP result (`"Invalid Credentials"`, result 49's text as OpenLDAP
//! writes it) and Active Directory's diagnostic message beside it (`data 52e`): the quote is
//! the result, the data value its reason, and both are findings.

use super::{Candidate, Detector, Location};
use crate::catalog::{Hit, Vendor};

impl<'a> Detector<'a, '_, '_> {
    /// After the codes: an entry's own message, whole between quotation marks, in a paste
    /// where a code of the same vendor was found, names that entry too (when nothing else
    /// did). Only a paste's size is read so, as `quoted_messages` does.
    pub(super) fn quoted_beside(&mut self) {
        const PASTE: usize = 64 * 1024;
        if self.findings.is_empty() || self.text.len() > PASTE {
            return;
        }
        let lower = self.text.to_lowercase();
        if lower.len() != self.text.len() {
            return;
        }
        let mut vendors: Vec<&'a Vendor> = Vec::new();
        for f in &self.findings {
            if !vendors.iter().any(|v| v.id == f.hit.vendor.id) {
                vendors.push(f.hit.vendor);
            }
        }
        let mut places: Vec<(usize, Hit<'a>)> = Vec::new();
        for vendor in vendors {
            for entry in vendor.entries.iter() {
                let found = |h: &Hit<'a>| {
                    h.vendor.id == vendor.id
                        && h.entry.table == entry.table
                        && h.entry.key == entry.key
                };
                if self.findings.iter().any(|f| found(&f.hit))
                    || places.iter().any(|(_, h)| found(h))
                {
                    continue;
                }
                let texts = std::iter::once(entry.message)
                    .chain(entry.variants.iter().filter_map(|v| v.message));
                let at = texts
                    .map(|t| t.trim().trim_end_matches('.').to_lowercase())
                    .filter(|t| t.contains(' '))
                    .find_map(|t| lower.find(&format!("\"{t}\"")));
                if let Some(at) = at {
                    places.push((at + 1, Hit { vendor, entry }));
                }
            }
        }
        places.sort_by_key(|(at, _)| *at);
        for (at, hit) in places {
            let line = self.line_starts.partition_point(|&s| s <= at);
            let whole = self.lines(line, line);
            let ctx = super::Context::new(&[], whole);
            let says = "the input quotes this entry's message, whole, beside a code of its vendor";
            let candidates = vec![Candidate::found(hit, 2, says.to_string())];
            let column = self.text[self.line_starts[line - 1]..at].chars().count() + 1;
            let found = self.resolve(candidates, &Location::Text { line, column }, line, &ctx);
            self.findings.extend(found);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::Catalog;

    fn codes(text: &str) -> Vec<String> {
        let c = Catalog::builtin();
        (super::super::detect_paste(&c, text).iter())
            .map(|f| {
                format!(
                    "{} {} {}",
                    f.hit.vendor.id, f.hit.entry.table, f.hit.entry.code
                )
            })
            .collect()
    }

    #[test]
    fn a_quoted_result_name_beside_its_vendors_code_is_a_finding() {
        let paste = "Bind failed with \"Invalid credentials\"\n\
            80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v2580";
        assert_eq!(codes(paste), ["ldap result 49", "ldap ad_data 775"]);
    }

    #[test]
    fn a_name_without_quotation_marks_or_other_code_is_none() {
        // Not between quotation marks: words of a sentence.
        let paste = "Bind failed: Invalid credentials\n\
            80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v2580";
        assert_eq!(codes(paste), ["ldap ad_data 775"]);
    }
}
