//! Deterministic, seeded choice of phrase variants (principle 6): the same
//! customer, rule and date always get the same wording, on every run and
//! platform, while different customers spread across the variants.
//!
//! A fixed FNV-1a hash finished with a SplitMix64 mix is used instead of
//! std's `DefaultHasher`, whose output may change between Rust releases.
//!
//! Cabin-wide variety: [`Cabin`] spreads the customers who get the same
//! phrasing group over its variants. Nobody in a row hears the same line
//! as someone in their own row or the rows either side (seat rows from
//! refs such as `12C`), nor as the last [`RECENT`] customers of the group
//! in manifest order (the neighbours where refs are not seats), while the
//! group has variants to spare.
//! Balance across the cabin comes from short blocks cut at "anchor"
//! customers chosen by hash (content-defined, like rsync's chunking):
//! within a block each customer takes its own hash-preferred variant among
//! those the block has not used yet. Locality too: adding or removing one
//! customer only reshuffles the rest of its block and its neighbours.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A stable 64-bit hash of the parts, separated so ("ab","c") ≠ ("a","bc").
pub(crate) fn seed(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    mix(hash)
}

/// A customer's seed for one briefing date: their id and the day (days
/// since the common era), so wording may change from day to day but never
/// within one.
pub(crate) fn customer(id: &str, day: i32) -> u64 {
    mix(seed(&[id]) ^ u64::from(day.unsigned_abs()).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// SplitMix64 finaliser: spreads FNV's weak low bits over the whole word.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An index below `len` (which must not be zero) chosen by `seed`.
pub(crate) fn pick(seed: u64, len: usize) -> usize {
    // Multiply-shift keeps the choice uniform without modulo bias.
    ((u128::from(seed) * len as u128) >> 64) as usize
}

/// One variant a customer could get: its stable hash, its place in its
/// phrasing group, whether it fits this customer (the word limit), and its
/// rank in the customer's own order ([`Choice::rank`]). All worked out on
/// any thread, so the in-order step only compares.
#[derive(Clone, Copy)]
pub(crate) struct Choice {
    pub hash: u64,
    pub place: usize,
    pub fits: bool,
    pub rank: u64,
}

impl Choice {
    /// Where a variant (by hash) comes in `customer`'s own order.
    pub(crate) fn rank(hash: u64, customer: u64) -> u64 {
        mix(hash ^ customer)
    }
}

/// What one phrasing group has handed out so far in this block: the
/// variants used, as bits by place (a hash list made every choice cost
/// variants × used comparisons on the in-order thread), and the previous
/// customer's variant, by hash.
#[derive(Default)]
struct Group {
    used: Vec<u64>,
    previous: Option<u64>,
    /// Per seat row, the variants its customers got (bits by place).
    rows: HashMap<u32, Vec<u64>, BuildHasherDefault<Fnv>>,
    /// The variants (places) of the group's last [`RECENT`] customers.
    recent: std::collections::VecDeque<usize>,
    /// The variants this customer's neighbours got (bits by place), worked
    /// out once per choice.
    near: Vec<u64>,
}

/// How many of a group's previous customers count as neighbours: two rows
/// of six on either side of a customer.
pub(crate) const RECENT: usize = 6;

/// Variety state for one briefing, per phrasing group (keyed by the
/// group name's hash, so the hot path allocates nothing).
#[derive(Default)]
pub(crate) struct Cabin {
    groups: HashMap<u64, Group, BuildHasherDefault<Fnv>>,
}

/// The row of a seat ref such as `12C` or `3A` (digits then one to three
/// letters); `None` for anything else (a room, a table, a ticket).
pub(crate) fn seat_row(reference: &str) -> Option<u32> {
    let r = reference.trim();
    let digits = r.bytes().take_while(u8::is_ascii_digit).count();
    let letters = &r[digits..];
    let seat = (1..=4).contains(&digits)
        && (1..=3).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_alphabetic());
    seat.then(|| r[..digits].parse().ok()).flatten()
}

/// FNV-1a as a `Hasher`, for the small lookups done several times per cue
/// (the bank's keys, the cabin's groups): std's SipHash guards against
/// hostile keys, which these are not.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = hash;
    }
}

impl Cabin {
    /// The order in which `customer` (a seed from their id and the date)
    /// should try the variants of `group` (given by their stable hashes, in
    /// group order): fresh variants first in the customer's own hash order,
    /// never the previous customer's first.
    /// The reference form of [`Cabin::choose`], which tests hold it to.
    #[cfg(test)]
    pub(crate) fn order(
        &mut self,
        group: &str,
        customer: u64,
        seat: Option<u32>,
        variants: &[u64],
    ) -> Vec<usize> {
        let choices = every_place(variants, customer);
        let state = self.begin(seed(&[group]), customer, seat, &choices);
        let mut keyed: Vec<_> = (0..choices.len()).map(|i| state.key(&choices, i)).collect();
        keyed.sort_unstable();
        keyed
            .into_iter()
            .map(|key| (key & 0xffff_ffff) as usize)
            .collect()
    }

    /// The variant `customer` gets from `group` (by the hash of its name,
    /// see [`seed`]): of the `choices` that fit, the first in the group's
    /// order (fresh before used, never the previous customer's, then the
    /// customer's own hash order), found without sorting or allocating, and
    /// recorded. `None` if none fits.
    pub(crate) fn choose(
        &mut self,
        group: u64,
        customer: u64,
        seat: Option<u32>,
        choices: &[Choice],
    ) -> Option<usize> {
        let state = self.begin(group, customer, seat, choices);
        // Usually the first in order fits; a rejected one is skipped and
        // the next smallest key tried (no allocation until then).
        let mut rejected: Vec<usize> = Vec::new();
        let chosen = loop {
            let key = (0..choices.len())
                .filter(|i| !rejected.contains(i))
                .map(|i| state.key(choices, i))
                .min()?;
            let i = (key & 0xffff_ffff) as usize;
            if choices[i].fits {
                break i;
            }
            rejected.push(i);
        };
        state.mark(choices[chosen], seat);
        Some(chosen)
    }

    /// A group's state for the next customer: a new block starts at an
    /// anchor customer, or once every variant has been used.
    fn begin(
        &mut self,
        group: u64,
        customer: u64,
        seat: Option<u32>,
        choices: &[Choice],
    ) -> &mut Group {
        let state = self.groups.entry(group).or_default();
        state.neighbours(seat, choices.len());
        let anchor = mix(customer ^ group);
        if pick(anchor, choices.len().max(1)) == 0
            || choices.iter().all(|c| has(&state.used, c.place))
        {
            state.used.clear();
        }
        state
    }

    /// Notes the variant at `place` a customer got, after [`Cabin::order`].
    #[cfg(test)]
    pub(crate) fn record(
        &mut self,
        group: &str,
        variants: &[u64],
        seat: Option<u32>,
        place: usize,
    ) {
        let state = self.groups.entry(seed(&[group])).or_default();
        state.mark(every_place(variants, 0)[place], seat);
    }
}

/// Every variant of a group, each at its own place, all fitting.
#[cfg(test)]
fn every_place(variants: &[u64], customer: u64) -> Vec<Choice> {
    (0..variants.len())
        .map(|i| Choice {
            hash: variants[i],
            place: i,
            fits: true,
            rank: Choice::rank(variants[i], customer),
        })
        .collect()
}

impl Group {
    /// Choice `i`'s place in a customer's order: fresh before used, never
    /// the previous customer's first, then the customer's own hash order.
    /// The order is that of the tuple (previous, used, hash order, index),
    /// packed into one number so the in-order thread compares one word.
    fn key(&self, choices: &[Choice], i: usize) -> u128 {
        let c = choices[i];
        let previous = u128::from(self.previous == Some(c.hash));
        let near = u128::from(has(&self.near, c.place));
        let used = u128::from(has(&self.used, c.place));
        let index = u128::try_from(i).unwrap_or(u128::MAX) & 0xffff_ffff;
        previous << 98 | near << 97 | used << 96 | u128::from(c.rank) << 32 | index
    }

    /// Works out what the next customer's neighbours got: those in their
    /// seat row and the rows either side, else the group's recent
    /// customers in manifest order.
    fn neighbours(&mut self, seat: Option<u32>, variants: usize) {
        self.near.clear();
        match seat {
            Some(row) => {
                for r in [row.wrapping_sub(1), row, row.wrapping_add(1)] {
                    if let Some(bits) = self.rows.get(&r) {
                        or_into(&mut self.near, bits);
                    }
                }
            }
            None => {
                // A small group keeps half its variants free to choose from.
                let window = RECENT.min(variants / 2);
                for &place in self.recent.iter().rev().take(window) {
                    set(&mut self.near, place);
                }
            }
        }
    }

    fn mark(&mut self, choice: Choice, seat: Option<u32>) {
        set(&mut self.used, choice.place);
        match seat {
            Some(row) => set(self.rows.entry(row).or_default(), choice.place),
            None => {
                if self.recent.len() == RECENT {
                    self.recent.pop_front();
                }
                self.recent.push_back(choice.place);
            }
        }
        self.previous = Some(choice.hash);
    }
}

fn has(bits: &[u64], place: usize) -> bool {
    bits.get(place / 64)
        .is_some_and(|word| word >> (place % 64) & 1 == 1)
}

fn or_into(bits: &mut Vec<u64>, other: &[u64]) {
    if bits.len() < other.len() {
        bits.resize(other.len(), 0);
    }
    for (b, o) in bits.iter_mut().zip(other) {
        *b |= o;
    }
}

fn set(bits: &mut Vec<u64>, place: usize) {
    if bits.len() <= place / 64 {
        bits.resize(place / 64 + 1, 0);
    }
    bits[place / 64] |= 1 << (place % 64);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assign(customers: &[String], ids: &[&str]) -> Vec<String> {
        let mut cabin = Cabin::default();
        let hashes: Vec<u64> = ids.iter().map(|id| seed(&[id])).collect();
        customers
            .iter()
            .map(|c| {
                let first = cabin.order("g", seed(&[c]), None, &hashes)[0];
                cabin.record("g", &hashes, None, first);
                ids[first].to_string()
            })
            .collect()
    }

    #[test]
    fn cabin_spreads_variants_and_never_repeats_neighbours() {
        let ids: Vec<String> = (0..12).map(|i| format!("v{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let customers: Vec<String> = (0..300).map(|i| format!("FF-{i:08}")).collect();
        let got = assign(&customers, &ids);
        assert!(got.windows(2).all(|w| w[0] != w[1]));
        let max = ids
            .iter()
            .map(|id| got.iter().filter(|g| g == id).count())
            .max()
            .unwrap();
        assert!(max * 100 <= 15 * got.len(), "max share {max}/300");
    }

    #[test]
    fn choose_is_the_first_fitting_variant_in_order() {
        let hashes: Vec<u64> = (0..12).map(|i| seed(&[&format!("v{i}")])).collect();
        let (mut by_order, mut by_choice) = (Cabin::default(), Cabin::default());
        for c in 0..500u64 {
            let customer = mix(c);
            let fits = |i: usize| !(i + c as usize).is_multiple_of(3);
            let row = (c % 7 != 0).then_some(u32::try_from(c / 6).unwrap_or(0));
            let expected = by_order
                .order("g", customer, row, &hashes)
                .into_iter()
                .find(|&i| fits(i));
            if let Some(i) = expected {
                by_order.record("g", &hashes, row, i);
            }
            let choices: Vec<Choice> = (0..hashes.len())
                .map(|i| Choice {
                    hash: hashes[i],
                    place: i,
                    fits: fits(i),
                    rank: Choice::rank(hashes[i], customer),
                })
                .collect();
            let got = by_choice.choose(seed(&["g"]), customer, row, &choices);
            assert_eq!(got, expected, "customer {c}");
        }
    }

    #[test]
    fn nobody_in_a_row_or_the_rows_beside_shares_a_variant() {
        let ids: Vec<String> = (0..24).map(|i| format!("v{i}")).collect();
        let hashes: Vec<u64> = ids.iter().map(|id| seed(&[id])).collect();
        let mut cabin = Cabin::default();
        let mut got: Vec<(u32, usize)> = Vec::new();
        for row in 1..=50u32 {
            for seat in ["A", "B", "C", "D", "E", "F"] {
                let r = seat_row(&format!("{row}{seat}"));
                let first = cabin.order("g", seed(&[&format!("{row}{seat}")]), r, &hashes)[0];
                cabin.record("g", &hashes, r, first);
                got.push((row, first));
            }
        }
        for (i, (row, v)) in got.iter().enumerate() {
            let clash = got
                .iter()
                .enumerate()
                .any(|(j, (r, w))| j != i && r.abs_diff(*row) <= 1 && w == v);
            assert!(!clash, "customer {i} in row {row} shares variant {v}");
        }
    }

    #[test]
    fn seat_rows_are_read_from_seat_refs_only() {
        assert_eq!(seat_row("12C"), Some(12));
        assert_eq!(seat_row(" 3A "), Some(3));
        assert_eq!(seat_row("Room 402"), None);
        assert_eq!(seat_row("T7"), None);
        assert_eq!(seat_row("402"), None);
    }

    #[test]
    fn one_more_customer_changes_few_others() {
        let ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"];
        let customers: Vec<String> = (0..300).map(|i| format!("C{i}")).collect();
        let before = assign(&customers, &ids);
        let mut with_one = customers.clone();
        with_one.insert(150, "NEW".into());
        let mut after = assign(&with_one, &ids);
        after.remove(150);
        let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert!(changed <= 24, "{changed} customers changed");
    }

    #[test]
    fn seeds_are_stable_across_runs_and_platforms() {
        // Pinned to values worked out apart from this code (FNV-1a with a
        // 0xff separator, then SplitMix64's finaliser): a change here
        // changes every briefing ever printed, on every platform.
        let fixed = seed(&["FF-1", "welcome_back", "2026-11-22"]);
        assert_eq!(fixed, 0xa9d4_e589_c082_f0b0);
        assert_eq!(seed(&[]), 0xf52a_15e9_a9b5_e89b);
        assert_eq!(mix(1), 0x5692_161d_100b_05e5);
        // 2026-11-22 is day 739,942 of the common era.
        assert_eq!(customer("FF-1", 739_942), 0x8899_e46c_c016_3353);
        assert_eq!(pick(fixed, 12), 7);
        assert_ne!(seed(&["ab", "c"]), seed(&["a", "bc"]));
    }

    #[test]
    fn picks_spread_evenly() {
        let mut counts = [0usize; 12];
        for i in 0..12_000 {
            counts[pick(seed(&[&i.to_string()]), 12)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (800..1200).contains(&c)),
            "{counts:?}"
        );
    }
}
