//! A small seeded random stream for the sample generator: SplitMix64 over
//! the project's own stable mix, so samples are the same on every run,
//! platform and Rust release (no thread RNG, no std hasher).

use crate::variation::{mix, pick};

/// SplitMix64: a counter stepped by the golden ratio, then mixed.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A number in `lo..=hi` (`hi` below `lo` gives `lo`).
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = hi
            .saturating_sub(lo)
            .max(0)
            .unsigned_abs()
            .saturating_add(1);
        let offset = pick(self.next_u64(), usize::try_from(span).unwrap_or(usize::MAX));
        lo.saturating_add(i64::try_from(offset).unwrap_or(0))
    }

    /// True `percent` times in a hundred.
    pub(super) fn chance(&mut self, percent: u8) -> bool {
        pick(self.next_u64(), 100) < usize::from(percent)
    }

    /// One item of a non-empty list.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[pick(self.next_u64(), items.len())]
    }

    /// Fisher–Yates, in place.
    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = pick(self.next_u64(), i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_ranges_hold() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let mut r = Rng::new(7);
        assert!(a.iter().all(|&x| x == r.next_u64()));
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let x = r.range(-2, 3);
            assert!((-2..=3).contains(&x));
        }
        assert_eq!(r.range(5, 5), 5);
        assert_eq!(r.range(5, 1), 5);
        let mut items = [1, 2, 3, 4, 5];
        r.shuffle(&mut items);
        items.sort_unstable();
        assert_eq!(items, [1, 2, 3, 4, 5]);
    }
}
