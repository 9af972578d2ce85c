//! `List<T>`: the one list type of the catalog model, over compiled-in records or loaded values.

use std::fmt;

/// A value the build can compile into a record of integers (`Raw`) and make again on access.
pub trait Compiled: Copy + 'static {
    type Raw: 'static;
    fn from_raw(raw: &Self::Raw) -> Self;
}

/// A list of `T`: records compiled into the binary, made into values as they are read, or
/// values a user catalog loaded at run time. Either way it costs nothing until read.
pub enum List<T: Compiled> {
    Compiled(&'static [T::Raw]),
    Loaded(&'static [T]),
}

impl<T: Compiled> Clone for List<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Compiled> Copy for List<T> {}

impl<T: Compiled> Default for List<T> {
    fn default() -> Self {
        List::Loaded(&[])
    }
}

impl<T: Compiled> List<T> {
    pub fn len(&self) -> usize {
        match self {
            List::Compiled(raw) => raw.len(),
            List::Loaded(items) => items.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item at `i`, which must be below `len()`.
    pub fn at(&self, i: usize) -> T {
        match self {
            List::Compiled(raw) => T::from_raw(&raw[i]),
            List::Loaded(items) => items[i],
        }
    }

    pub fn get(&self, i: usize) -> Option<T> {
        (i < self.len()).then(|| self.at(i))
    }

    pub fn first(&self) -> Option<T> {
        self.get(0)
    }

    pub fn iter(&self) -> Iter<T> {
        self.into_iter()
    }
}

impl<T: Compiled> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = Iter<T>;
    fn into_iter(self) -> Iter<T> {
        Iter {
            list: self,
            range: 0..self.len(),
        }
    }
}

/// The items of a `List`, by value.
#[derive(Clone)]
pub struct Iter<T: Compiled> {
    list: List<T>,
    range: std::ops::Range<usize>,
}

impl<T: Compiled> Iterator for Iter<T> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        self.range.next().map(|i| self.list.at(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl<T: Compiled> DoubleEndedIterator for Iter<T> {
    fn next_back(&mut self) -> Option<T> {
        self.range.next_back().map(|i| self.list.at(i))
    }
}

impl<T: Compiled> ExactSizeIterator for Iter<T> {}

impl<T: Compiled + PartialEq<U>, U> PartialEq<[U]> for List<T> {
    fn eq(&self, other: &[U]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

impl<T: Compiled + PartialEq<U>, U, const N: usize> PartialEq<[U; N]> for List<T> {
    fn eq(&self, other: &[U; N]) -> bool {
        *self == other[..]
    }
}

impl<T: Compiled + fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Compiled + serde::Serialize> serde::Serialize for List<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_the_same_compiled_or_loaded() {
        let loaded: List<&'static str> = List::Loaded(&["a", "b"]);
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded, ["a", "b"]);
        assert_eq!(loaded.iter().rev().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!((loaded.get(1), loaded.get(2)), (Some("b"), None));
        assert_eq!(format!("{loaded:?}"), r#"["a", "b"]"#);
        assert_eq!(serde_json::to_string(&loaded).unwrap(), r#"["a","b"]"#);
        assert!(List::<&'static str>::default().is_empty());
    }
}
