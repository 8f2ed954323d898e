//! Many short lists kept in two flat vectors: the model has a list per quantity and per
//! entity (tens of thousands for a big scenario), and a `Vec` each would cost an
//! allocation and 24 bytes of header per list, more than most lists hold.

/// Lists of `T`, the `i`th being `items[starts[i]..starts[i + 1]]`.
#[derive(Clone, Debug)]
pub struct Lists<T> {
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Lists<T> {
        Lists {
            starts: vec![0],
            items: Vec::new(),
        }
    }
}

impl<T> Lists<T> {
    /// `count` lists from `(list, item)` pairs: each list's items in the pairs' order
    /// (a pair for a list past `count` has no list to go to, and is left out).
    pub fn grouped(count: usize, pairs: impl IntoIterator<Item = (usize, T)>) -> Lists<T> {
        let mut pairs: Vec<(usize, T)> = pairs.into_iter().collect();
        // Stable: a list's items stay in the order they came.
        pairs.sort_by_key(|&(list, _)| list);
        let mut starts = Vec::with_capacity(count + 1);
        starts.push(0);
        let mut items = Vec::with_capacity(pairs.len());
        let mut pairs = pairs.into_iter().peekable();
        for list in 0..count {
            while let Some((_, item)) = pairs.next_if(|&(l, _)| l == list) {
                items.push(item);
            }
            starts.push(items.len());
        }
        Lists { starts, items }
    }

    /// How many lists.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Whether there are no lists.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// List `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&[T]> {
        let (&start, &end) = (self.starts.get(i)?, self.starts.get(i + 1)?);
        Some(&self.items[start..end])
    }

    /// Each list, in order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            lists: self,
            next: 0,
        }
    }
}

/// The lists of a [`Lists`], in order.
pub struct Iter<'a, T> {
    lists: &'a Lists<T>,
    next: usize,
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a [T];

    fn next(&mut self) -> Option<&'a [T]> {
        let list = self.lists.get(self.next)?;
        self.next += 1;
        Some(list)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.lists.len() - self.next;
        (left, Some(left))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}

impl<'a, T> IntoIterator for &'a Lists<T> {
    type Item = &'a [T];
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T, L: IntoIterator<Item = T>> FromIterator<L> for Lists<T> {
    /// Lists from each list's items, in order.
    fn from_iter<I: IntoIterator<Item = L>>(lists: I) -> Lists<T> {
        let mut all = Lists::default();
        for list in lists {
            all.items.extend(list);
            all.starts.push(all.items.len());
        }
        all
    }
}

impl<T> std::ops::Index<usize> for Lists<T> {
    type Output = [T];

    fn index(&self, list: usize) -> &[T] {
        &self.items[self.starts[list]..self.starts[list + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::Lists;

    #[test]
    fn grouped_pairs_keep_their_order_within_a_list_and_empty_lists_stay() {
        // Lists 0..4 from pairs out of list order: list 1 gets 'a' then 'c' (their
        // order among the pairs), list 3 gets 'b', lists 0 and 2 nothing.
        let lists = Lists::grouped(4, [(1, 'a'), (3, 'b'), (1, 'c')]);
        assert_eq!(lists.len(), 4);
        let all: Vec<&[char]> = lists.iter().collect();
        assert_eq!(all, [&[][..], &['a', 'c'], &[], &['b']]);
        assert_eq!(&lists[1], &['a', 'c']);
    }

    #[test]
    fn collected_lists_are_the_lists_given() {
        let lists: Lists<u8> = [vec![1, 2], vec![], vec![3]].into_iter().collect();
        assert_eq!(lists.len(), 3);
        assert_eq!(&lists[0], &[1, 2]);
        assert!(lists[1].is_empty());
        assert_eq!(&lists[2], &[3]);
    }
}
