//! Exact percentiles of a large sample in two streaming passes, without keeping it: the
//! first pass counts the draws into [`BINS`] equal bins over a span fixed beforehand
//! (draws outside fall in the end bins); the counts tell which bin holds each wanted
//! rank; the second pass, over the same draws again, keeps only the draws of those
//! bins (a [`Net`]), among which the ranks are selected. Binning is monotone, so the
//! result equals a full sort's whatever the span; a good span keeps the net small.

/// Bins of the counting pass, at most.
pub const BINS: usize = 4_096;

/// Bins of the counting pass for `samples` draws: about one for every 16 draws, a power
/// of two from 16 to [`BINS`] (so the 16 bars of a histogram are whole runs of bins).
/// Fewer draws need fewer bins to keep the second pass small, and a total's bins are
/// most of its memory and of its set-up: a scenario of thousands of fleets has tens of
/// thousands of totals.
pub fn bins_for(samples: usize) -> usize {
    (samples / 16).clamp(16, BINS).next_power_of_two().min(BINS)
}

/// Equal bins over a span: a monotone map from values to bin numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Binning {
    low: f64,
    high: f64,
    scale: f64,
    offset: f64,
    count: usize,
}

impl Binning {
    /// `count` equal bins over [low, high].
    pub fn new(low: f64, high: f64, count: usize) -> Binning {
        let count = count.max(1);
        let width = high - low;
        let scale = if width > 0.0 && width.is_finite() {
            count as f64 / width
        } else {
            0.0
        };
        Binning {
            low,
            high,
            scale,
            offset: -low * scale,
            count,
        }
    }

    /// The bin of `x`: `x × scale − low × scale` truncated (a cast saturates: below
    /// zero gives 0), kept within the bins. Each step is monotone in `x`, so a larger
    /// value never lands in an earlier bin.
    pub fn of(&self, x: f64) -> usize {
        ((x * self.scale + self.offset) as usize).min(self.count - 1)
    }

    /// The lower edge of bin `i` (`i` = count gives the upper end).
    pub fn edge(&self, i: usize) -> f64 {
        self.low + (self.high - self.low) * i as f64 / self.count as f64
    }

    /// Number of bins.
    pub fn count(&self) -> usize {
        self.count
    }
}

/// The first pass over one total: counts per bin.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    /// Draws per bin.
    pub counts: Vec<u64>,
}

impl Tally {
    /// No draws yet, over `bins`.
    pub fn new(bins: &Binning) -> Tally {
        Tally {
            counts: vec![0; bins.count],
        }
    }

    /// Counts a block of draws.
    pub fn add(&mut self, bins: &Binning, block: &[f64]) {
        for &x in block {
            self.counts[bins.of(x)] += 1;
        }
    }

    /// Adds another tally of the same bins (integer counts: order does not matter).
    pub fn merge(&mut self, other: &Tally) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Number of draws counted.
    pub fn len(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// For each of `ranks`, in its order, what [`Tally::bin_of_rank`] gives, in one
    /// walk over the bins. `None` when empty.
    pub fn bins_of_ranks(&self, ranks: &[u64]) -> Option<Vec<(usize, u64)>> {
        let last = self.len().checked_sub(1)?;
        let mut order: Vec<usize> = (0..ranks.len()).collect();
        order.sort_by_key(|&i| ranks[i]);
        let mut found = vec![(0, 0); ranks.len()];
        let (mut seen, mut bin) = (0, 0);
        for i in order {
            let rank = ranks[i].min(last);
            while seen + self.counts[bin] <= rank {
                seen += self.counts[bin];
                bin += 1;
            }
            found[i] = (bin, seen);
        }
        Some(found)
    }

    /// The bin holding `rank` (clamped to the last), and the draws before that bin.
    /// `None` when empty.
    pub fn bin_of_rank(&self, rank: u64) -> Option<(usize, u64)> {
        let rank = rank.min(self.len().checked_sub(1)?);
        let (mut seen, mut bin) = (0, 0);
        while seen + self.counts[bin] <= rank {
            seen += self.counts[bin];
            bin += 1;
        }
        Some((bin, seen))
    }
}

/// A bin whose draws are not kept.
const NONE: u8 = u8::MAX;

/// Runs of bins whose draws the second pass keeps: the bins holding the wanted ranks.
#[derive(Clone, Debug)]
pub struct Net {
    /// Per bin: its group, or [`NONE`] when its draws are not kept.
    slot: Vec<u8>,
    /// Each group's first and last bin.
    groups: Vec<(usize, usize)>,
}

impl Net {
    fn from_marks(marks: Vec<bool>) -> Net {
        let mut net = Net {
            slot: vec![NONE; marks.len()],
            groups: Vec::new(),
        };
        for (bin, marked) in marks.into_iter().enumerate() {
            if !marked {
                continue;
            }
            match net.groups.last_mut() {
                Some((_, last)) if *last + 1 == bin => *last = bin,
                _ => net.groups.push((bin, bin)),
            }
            // At most one group per wanted rank: a handful.
            net.slot[bin] = u8::try_from(net.groups.len() - 1).unwrap_or(NONE);
        }
        net
    }

    /// The bins that hold `ranks` in a complete tally. `None` for an empty tally.
    pub fn exact(tally: &Tally, ranks: &[u64]) -> Option<Net> {
        let mut marks = vec![false; tally.counts.len()];
        for (bin, _) in tally.bins_of_ranks(ranks)? {
            marks[bin] = true;
        }
        Some(Net::from_marks(marks))
    }

    /// Empty collections, one per group.
    pub fn collector(&self) -> Vec<Vec<f64>> {
        vec![Vec::new(); self.groups.len()]
    }

    /// Keeps the draws of a block that fall in the net.
    pub fn collect(&self, bins: &Binning, block: &[f64], into: &mut [Vec<f64>]) {
        if self.groups.is_empty() {
            return;
        }
        for &x in block {
            let s = self.slot[bins.of(x)];
            if s != NONE {
                into[usize::from(s)].push(x);
            }
        }
    }

    /// The values at `ranks` (0-based in the sorted draws; clamped to the last) from the
    /// complete tally and what the net collected; `None` if a rank lies outside the net.
    pub fn select(
        &self,
        tally: &Tally,
        ranks: &[u64],
        collected: &mut [Vec<f64>],
    ) -> Option<Vec<f64>> {
        let last = tally.len().checked_sub(1)?;
        // The draws before each group's first bin.
        let mut before = Vec::with_capacity(self.groups.len());
        let (mut seen, mut from) = (0, 0);
        for &(first, _) in &self.groups {
            seen += tally.counts[from..first].iter().sum::<u64>();
            from = first;
            before.push(seen);
        }
        ranks
            .iter()
            .zip(tally.bins_of_ranks(ranks)?)
            .map(|(&rank, (bin, _))| {
                let group = usize::from(*self.slot.get(bin).filter(|&&s| s != NONE)?);
                let within = usize::try_from(rank.min(last) - before[group]).ok()?;
                let values = collected.get_mut(group)?;
                (within < values.len())
                    .then(|| *values.select_nth_unstable_by(within, f64::total_cmp).1)
            })
            .collect()
    }
}

/// The sum of a block in a fixed order: eight running sums, added at the end (the
/// same result on every machine, faster than one long chain of additions).
pub fn sum(block: &[f64]) -> f64 {
    let mut lanes = [0.0; 8];
    let mut chunks = block.chunks_exact(8);
    for chunk in &mut chunks {
        for (lane, x) in lanes.iter_mut().zip(chunk) {
            *lane += x;
        }
    }
    let tail: f64 = chunks.remainder().iter().sum();
    lanes.iter().sum::<f64>() + tail
}

/// For percentiles (0–100) of `n` draws: the two ranks each lies between, and how far
/// between (Hyndman and Fan's type 7, NumPy's default).
pub fn positions(n: u64, ps: &[f64]) -> (Vec<u64>, Vec<f64>) {
    let last = n.saturating_sub(1);
    let mut ranks = Vec::with_capacity(ps.len() * 2);
    let mut fractions = Vec::with_capacity(ps.len());
    for p in ps {
        let h = last as f64 * (p / 100.0).clamp(0.0, 1.0);
        let r = h.floor() as u64;
        ranks.extend([r, (r + 1).min(last)]);
        fractions.push(h - h.floor());
    }
    (ranks, fractions)
}

/// The percentiles from the values at [`positions`]' ranks.
pub fn interpolate(at: &[f64], fractions: &[f64]) -> Vec<f64> {
    at.chunks(2)
        .zip(fractions)
        .map(|(pair, &f)| {
            if f == 0.0 {
                pair[0]
            } else {
                pair[0] + f * (pair[1] - pair[0])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Percentiles of data in memory, by the same two passes (bins over the data's own
    /// extremes). `None` when empty.
    fn percentiles(data: &[f64], ps: &[f64]) -> Option<Vec<f64>> {
        let (low, high) = data
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
                (l.min(x), h.max(x))
            });
        let bins = Binning::new(low, high, BINS);
        let mut tally = Tally::new(&bins);
        tally.add(&bins, data);
        let (ranks, fractions) = positions(tally.len(), ps);
        let net = Net::exact(&tally, &ranks)?;
        let mut collected = net.collector();
        net.collect(&bins, data, &mut collected);
        Some(interpolate(
            &net.select(&tally, &ranks, &mut collected)?,
            &fractions,
        ))
    }

    proptest! {
        #[test]
        fn two_passes_equal_a_full_sort_whatever_the_span(
            data in prop::collection::vec(
                prop_oneof![0.0..1e3f64, 1e9..1e12f64, Just(5.0), Just(0.0)], 1..3000),
            picks in prop::collection::vec(0u64..3000, 1..12),
            span in (-10.0..1e4f64, 0.0..1e12f64),
            halves in 1usize..3000,
        ) {
            let mut sorted = data.clone();
            sorted.sort_by(f64::total_cmp);
            let bins = Binning::new(span.0, span.0 + span.1, BINS);
            // Counted in two pieces and merged, as threads would.
            let cut = halves.min(data.len());
            let mut tally = Tally::new(&bins);
            let mut other = Tally::new(&bins);
            tally.add(&bins, &data[..cut]);
            other.add(&bins, &data[cut..]);
            tally.merge(&other);
            let net = Net::exact(&tally, &picks).expect("not empty");
            let mut collected = net.collector();
            net.collect(&bins, &data, &mut collected);
            let want: Vec<f64> =
                picks.iter().map(|&r| sorted[(r as usize).min(sorted.len() - 1)]).collect();
            prop_assert_eq!(net.select(&tally, &picks, &mut collected), Some(want.clone()));
        }
    }

    #[test]
    fn percentiles_interpolate_like_numpy() {
        // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 90, 100]) = [1, 1.75, 2.5, 3.7, 4]
        let p = percentiles(&[4.0, 1.0, 3.0, 2.0], &[0.0, 25.0, 50.0, 90.0, 100.0]).expect("data");
        let want = [1.0, 1.75, 2.5, 3.7, 4.0];
        for (got, want) in p.iter().zip(want) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }

    #[test]
    fn constant_and_empty_samples() {
        assert_eq!(
            percentiles(&[7.0; 1000], &[5.0, 95.0]),
            Some(vec![7.0, 7.0])
        );
        assert_eq!(percentiles(&[], &[50.0]), None);
    }

    #[test]
    fn draws_outside_the_span_fall_in_the_end_bins() {
        let bins = Binning::new(0.0, 1.0, 2);
        let mut tally = Tally::new(&bins);
        tally.add(&bins, &[0.0, 0.5, 0.99, 1.0, 2.0, -1.0]);
        assert_eq!(tally.counts, vec![2, 4]);
        assert_eq!((bins.edge(0), bins.edge(1), bins.edge(2)), (0.0, 0.5, 1.0));
    }
}
