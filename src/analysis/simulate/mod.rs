//! Monte Carlo over the cost model: each uncertain input is drawn from its distribution
//! ([`sample`]), every fleet is priced per draw with the model's formulas in `f64`, and
//! each total's draws are summarised by their mean, percentiles ([`quantile`]) and a
//! histogram; each claim gets the share of draws below, within and above it.
//!
//! An input written once — in `[defaults]`, a `[gpu.NAME]` table, or taken from the
//! catalog — is one [`Variable`], drawn once per sample for every fleet that uses it.
//!
//! Reproducibility: draws are made in blocks of [`BLOCK`] samples; block `k` uses the
//! xoshiro256++ generator seeded from `--seed` and jumped ahead `k` times (2^128 steps
//! each), so the blocks are independent streams and the numbers do not depend on which
//! thread ran which block. Sums are added in block order; counts are integers.
//!
//! Memory ([`Budget`]): the totals are summarised a group at a time. A group's draws
//! are kept when they fit the budget, and read once; else the group is drawn twice
//! from the same blocks ([`quantile`]): the first pass counts, the second keeps only
//! the draws near the wanted ranks. Within a block, inputs are drawn when an entity
//! first reads them and totals summed as their parts come, so a thread's scratch holds
//! the shared inputs and totals, not every fleet's; nothing is allocated per sample.

mod lists;
mod model;
pub mod quantile;
pub mod sample;

pub use lists::Lists;
pub use model::{Model, Variable};

use rayon::prelude::*;

use crate::scenario::Scenario;
use quantile::{Binning, Net, Tally};
use sample::to_f64;

/// Samples drawn when `--samples` is not given.
pub const DEFAULT_SAMPLES: usize = 100_000;
/// Seed used when `--seed` is not given, so that a report is the same on every run.
pub const DEFAULT_SEED: u64 = 1;
/// Samples per block: each block has its own random stream.
pub const BLOCK: usize = 2_048;
/// The percentiles reported.
pub const PERCENTILES: [f64; 5] = [5.0, 25.0, 50.0, 75.0, 95.0];
/// Bars of the histogram.
pub const HISTOGRAM_BINS: usize = 16;

/// The draws of one total, summarised.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Smallest draw.
    pub min: f64,
    /// Largest draw.
    pub max: f64,
    /// The values at [`PERCENTILES`].
    pub percentiles: [f64; 5],
    /// The histogram: [`HISTOGRAM_BINS`] bars of equal width.
    pub histogram: [u64; HISTOGRAM_BINS],
    /// The histogram's span: the exact [low, high] when every input is bounded; else
    /// about the 0.5th to the 99.5th percentile, the draws beyond counted in the end bars.
    pub span: (f64, f64),
}

/// How a claim fares against the draws of the total it speaks of.
#[derive(Clone, Debug, PartialEq)]
pub struct Odds {
    /// The claim's id.
    pub id: String,
    /// The quantity it speaks of.
    pub quantity: usize,
    /// The share of draws below the claim (below its low end for a range).
    pub below: f64,
    /// The share of draws within a range claim (equal to a single figure).
    pub within: f64,
    /// The share of draws above the claim (above its high end for a range).
    pub above: f64,
}

impl Odds {
    /// P(cost ≤ claim), for a single figure (the high end of a range).
    pub fn at_or_below(&self) -> f64 {
        self.below + self.within
    }
}

/// A scenario's simulation, summarised.
#[derive(Clone, Debug)]
pub struct Simulation {
    /// Samples drawn.
    pub samples: usize,
    /// The seed.
    pub seed: u64,
    /// The compiled model: variables and which quantity is which total.
    pub model: Model,
    /// Per quantity.
    pub summaries: Vec<Summary>,
    /// Per claim, in scenario order.
    pub claims: Vec<Odds>,
}

/// How much memory a simulation may hold: the results are the same whatever it is.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// The most the draws kept in one sweep over the blocks may take: the totals are
    /// then taken as many at a time as fit (at most `group`), each group drawn once
    /// and its percentiles read from what was kept.
    pub keep_bytes: usize,
    /// The most totals a sweep takes. When their draws do not fit `keep_bytes`, each
    /// group is drawn twice ([`quantile`]), and each total holds a tally of
    /// [`quantile::bins_for`] counts in every piece of work; so a sweep's memory is
    /// bounded whatever the number of fleets.
    pub group: usize,
}

impl Budget {
    /// The default: 32 MiB of kept draws (1M samples of 4 totals), 128 totals a sweep
    /// (10,000 samples of 128 totals kept take 10 MiB; else 4 MiB of tallies). More
    /// totals a sweep would save little time: a sweep over a few fleets' totals draws
    /// only those fleets.
    pub const DEFAULT: Budget = Budget {
        keep_bytes: 32 << 20,
        group: 128,
    };

    /// How many totals of `samples` draws each a sweep takes, of `count`, and whether
    /// their draws are kept: kept when that takes fewer passes over the blocks.
    fn split(self, count: usize, samples: usize) -> (usize, bool) {
        let fit = self.keep_bytes / samples.saturating_mul(8).max(1);
        let kept = fit.min(count).min(self.group);
        let passes = |size: usize| count.div_ceil(size.max(1));
        match kept > 0 && passes(kept) < 2 * passes(self.group) {
            true => (kept, true),
            false => (self.group.max(1), false),
        }
    }
}

/// The most the notes of where each variable's draws start may take (see
/// [`Model::checkpoint`]): 64 MiB, two million variable-blocks.
const CHECKPOINT_BYTES: usize = 64 << 20;

/// Simulates a priced scenario (one [`crate::judge::report::evaluate`] accepted) with
/// `samples` draws from `seed`. It needs only the scenario, not the report's exact
/// costs and verdicts: a command can let those go first.
pub fn simulate(
    scenario: &Scenario,
    samples: usize,
    seed: u64,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Simulation, String> {
    simulate_within(scenario, samples, seed, Budget::DEFAULT, progress)
}

/// [`simulate`] within a memory budget.
pub fn simulate_within(
    scenario: &Scenario,
    samples: usize,
    seed: u64,
    budget: Budget,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Simulation, String> {
    simulate_noting(scenario, samples, seed, budget, CHECKPOINT_BYTES, progress)
}

/// [`simulate_within`], noting where each variable's draws start when the notes take
/// at most `checkpoint_bytes`.
fn simulate_noting(
    scenario: &Scenario,
    samples: usize,
    seed: u64,
    budget: Budget,
    checkpoint_bytes: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Simulation, String> {
    if samples == 0 {
        return Err("at least one sample is needed".into());
    }
    let model = Model::new(scenario)?;
    let count = model.quantities();
    let ids = scenario.ids();
    let claims: Vec<(&str, usize, f64, f64)> = scenario
        .claims
        .iter()
        .filter_map(|c| {
            let fleet = c.fleet.as_ref().and_then(|id| ids.fleet(id));
            let job = c.job.as_ref().and_then(|id| ids.job(id));
            let serve = c.serve.as_ref().and_then(|id| ids.serve(id));
            let q = match (serve, job) {
                (Some(s), _) => model.serve_quantity(s, c.scope)?,
                _ if c.serve.is_some() => return None,
                (None, Some(j)) => model.job_quantity(j, c.scope)?,
                (None, None) => model.claim_quantity(fleet, c.scope)?,
            };
            let (low, high) = (c.value.low(), c.value.high());
            Some((c.id.as_str(), q, to_f64(low), to_f64(high)))
        })
        .collect();
    let about = claims.iter().enumerate();
    let claims_of = Lists::grouped(
        count,
        about.map(|(c, &(_, q, low, high))| (q, (c, low, high))),
    );
    // The percentiles, then the 0.5th and 99.5th for the histogram, then the extremes.
    let mut ps = PERCENTILES.to_vec();
    ps.extend([0.5, 99.5, 0.0, 100.0]);
    let (ranks, fractions) = quantile::positions(samples as u64, &ps);

    let (size, keep) = budget.split(count, samples);
    let groups: Vec<std::ops::Range<usize>> = (0..count)
        .step_by(size)
        .map(|start| start..(start + size).min(count))
        .collect();
    // Progress: every pass over the blocks counts for its share of the samples.
    let passes = groups.len() * if keep { 1 } else { 2 };
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = |n: usize| {
        let before = done.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        progress((before + n) / passes - before / passes);
    };
    // Every group's blocks are drawn from the same streams; with several groups, each
    // draws only the variables it reads, from where they start.
    let mut streams = Model::streams(samples, seed);
    if groups.len() > 1 {
        model.checkpoint(&mut streams, checkpoint_bytes);
    }
    let draws = Draws {
        model: &model,
        streams,
        ranks,
        fractions,
        samples,
        claims_of,
        progress: &tick,
    };
    let mut summaries = Vec::with_capacity(count);
    let mut counts = vec![(0, 0); claims.len()];
    for group in groups {
        summaries.extend(match keep {
            true => draws.kept(group, &mut counts)?,
            false => draws.twice(group, &mut counts)?,
        });
    }
    let n = samples as f64;
    let odds = claims
        .iter()
        .zip(&counts)
        .map(|(&(id, q, _, _), &(below, above))| Odds {
            id: id.to_string(),
            quantity: q,
            below: below as f64 / n,
            within: (samples as u64 - below - above) as f64 / n,
            above: above as f64 / n,
        })
        .collect();
    Ok(Simulation {
        samples,
        seed,
        model,
        summaries,
        claims: odds,
    })
}

/// What the first look at one total's draws learns: its counts per bin and each
/// block's sum, in block order.
struct Counted {
    tally: Tally,
    sums: Vec<(usize, f64)>,
}

impl Counted {
    fn new(bins: &Binning) -> Counted {
        Counted {
            tally: Tally::new(bins),
            sums: Vec::new(),
        }
    }

    /// Counts block `k`'s draws.
    fn add(&mut self, bins: &Binning, k: usize, draws: &[f64]) {
        self.tally.add(bins, draws);
        self.sums.push((k, quantile::sum(draws)));
    }
}

/// Adds claim counts (below, above) to others.
fn add_counts(into: &mut [(u64, u64)], from: &[(u64, u64)]) {
    for (x, y) in into.iter_mut().zip(from) {
        x.0 += y.0;
        x.1 += y.1;
    }
}

/// Draws of the model, and what reading a total from them needs.
struct Draws<'a> {
    model: &'a Model,
    streams: model::Streams,
    /// The ranks of the percentiles, and where each lies between two (see
    /// [`quantile::positions`]).
    ranks: Vec<u64>,
    fractions: Vec<f64>,
    samples: usize,
    /// Per total, the claims about it: (claim, low, high).
    claims_of: Lists<(usize, f64, f64)>,
    progress: &'a (dyn Fn(usize) + Sync),
}

impl Draws<'_> {
    /// Counts a block of total `q`'s draws below and above each of its claims.
    fn count_claims(&self, q: usize, draws: &[f64], counts: &mut [(u64, u64)]) {
        for &(c, low, high) in &self.claims_of[q] {
            let (below, above) = &mut counts[c];
            for &x in draws {
                *below += u64::from(x < low);
                *above += u64::from(x > high);
            }
        }
    }

    /// The totals of `group` from one pass: every block's draws of them are kept, then
    /// each total is counted and its percentiles selected from what was kept.
    fn kept(
        &self,
        group: std::ops::Range<usize>,
        counts: &mut [(u64, u64)],
    ) -> Result<Vec<Summary>, String> {
        let width = group.len();
        let sweep = self.model.sweep(group.clone());
        // Per block: its number and the group's draws, total after total.
        let mut blocks = self.model.fold_blocks(
            &self.streams,
            &sweep,
            self.progress,
            Vec::new,
            |acc: &mut Vec<(usize, Vec<f64>)>, k, q, draws| {
                let len = draws.len();
                if acc.last().is_none_or(|(b, _)| *b != k) {
                    acc.push((k, vec![0.0; width * len]));
                }
                if let Some((_, flat)) = acc.last_mut() {
                    let at = (q - group.start) * len;
                    flat[at..at + len].copy_from_slice(draws);
                }
            },
            |mut a, b| {
                a.extend(b);
                a
            },
        );
        blocks.sort_by_key(|(k, _)| *k);
        let start = group.start;
        let of = |q: usize| {
            let i = q - start;
            blocks.iter().map(move |(k, flat)| {
                let len = flat.len() / width;
                (*k, &flat[i * len..(i + 1) * len])
            })
        };
        for q in group.clone() {
            for (_, draws) in of(q) {
                self.count_claims(q, draws, counts);
            }
        }
        let bins = self.bins(&group);
        group
            .into_par_iter()
            .map(|q| {
                let bins = &bins[q - start];
                let mut counted = Counted::new(bins);
                for (k, draws) in of(q) {
                    counted.add(bins, k, draws);
                }
                let net = self.net(&counted.tally)?;
                let mut kept = net.collector();
                for (_, draws) in of(q) {
                    net.collect(bins, draws, &mut kept);
                }
                self.summary(bins, &counted, &net, &mut kept)
            })
            .collect()
    }

    /// The totals of `group` from two passes over the same blocks: the first counts,
    /// the second keeps only the draws near the wanted ranks ([`quantile`]).
    fn twice(
        &self,
        group: std::ops::Range<usize>,
        counts: &mut [(u64, u64)],
    ) -> Result<Vec<Summary>, String> {
        let sweep = self.model.sweep(group.clone());
        let start = group.start;
        let bins = self.bins(&group);
        let fresh = || {
            let counted = bins.iter().map(Counted::new);
            (counted.collect::<Vec<_>>(), vec![(0, 0); counts.len()])
        };
        let (mut counted, claims) = self.model.fold_blocks(
            &self.streams,
            &sweep,
            self.progress,
            fresh,
            |(counted, claims), k, q, draws| {
                counted[q - start].add(&bins[q - start], k, draws);
                self.count_claims(q, draws, claims);
            },
            |(mut a, mut a_claims), (b, b_claims)| {
                for (x, y) in a.iter_mut().zip(b) {
                    x.tally.merge(&y.tally);
                    x.sums.extend(y.sums);
                }
                add_counts(&mut a_claims, &b_claims);
                (a, a_claims)
            },
        );
        add_counts(counts, &claims);
        for c in &mut counted {
            c.sums.sort_by_key(|(k, _)| *k);
        }
        let nets = counted
            .iter()
            .map(|c| self.net(&c.tally))
            .collect::<Result<Vec<_>, _>>()?;
        let kept = self.model.fold_blocks(
            &self.streams,
            &sweep,
            self.progress,
            || nets.iter().map(Net::collector).collect::<Vec<_>>(),
            |acc, _, q, draws| {
                let i = q - start;
                nets[i].collect(&bins[i], draws, &mut acc[i]);
            },
            merge_kept,
        );
        bins.iter()
            .zip(&counted)
            .zip(&nets)
            .zip(kept)
            .map(|(((bins, c), net), mut kept)| self.summary(bins, c, net, &mut kept))
            .collect()
    }

    /// The bins each total of `group` is counted in.
    fn bins(&self, group: &std::ops::Range<usize>) -> Vec<Binning> {
        let bins = group.clone().map(|q| self.model.binning(q, self.samples));
        bins.collect()
    }

    /// The bins that hold the wanted ranks of a counted total.
    fn net(&self, tally: &Tally) -> Result<Net, String> {
        Net::exact(tally, &self.ranks).ok_or_else(|| "no samples drawn".to_string())
    }

    /// A total summarised from its bins, its counts and the draws its net kept.
    fn summary(
        &self,
        bins: &Binning,
        counted: &Counted,
        net: &Net,
        kept: &mut [Vec<f64>],
    ) -> Result<Summary, String> {
        let at = net
            .select(&counted.tally, &self.ranks, kept)
            .ok_or_else(|| "internal error: a percentile was not found".to_string())?;
        let values = quantile::interpolate(&at, &self.fractions);
        let sum: f64 = counted.sums.iter().map(|(_, s)| s).sum();
        let tails = (values[5], values[6]);
        let (histogram, span) = bars(&counted.tally, bins, self.model.is_bounded(), tails);
        Ok(Summary {
            mean: sum / self.samples as f64,
            min: values[7],
            max: values[8],
            percentiles: [values[0], values[1], values[2], values[3], values[4]],
            histogram,
            span,
        })
    }
}

/// Kept draws of two threads, group by group (their order does not matter: only
/// order statistics are taken).
fn merge_kept(mut a: Vec<Vec<Vec<f64>>>, b: Vec<Vec<Vec<f64>>>) -> Vec<Vec<Vec<f64>>> {
    for (x, y) in a.iter_mut().zip(b) {
        for (v, w) in x.iter_mut().zip(y) {
            v.extend(w);
        }
    }
    a
}

/// The histogram's bars from the first pass's counts: over the whole span when every
/// input is bounded, else over the bins from the 0.5th to the 99.5th percentile (the
/// tails added to the end bars).
fn bars(
    tally: &Tally,
    bins: &Binning,
    bounded: bool,
    tails: (f64, f64),
) -> ([u64; HISTOGRAM_BINS], (f64, f64)) {
    let (first, last) = if bounded {
        (0, bins.count() - 1)
    } else {
        (bins.of(tails.0), bins.of(tails.1))
    };
    let width = last - first + 1;
    let mut bars = [0u64; HISTOGRAM_BINS];
    for (i, &count) in tally.counts.iter().enumerate() {
        let j = i.clamp(first, last) - first;
        bars[j * HISTOGRAM_BINS / width] += count;
    }
    (bars, (bins.edge(first), bins.edge(last + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_draw_the_same_from_noted_starts_as_from_the_stream() {
        // Several groups (one total a sweep): each sweep draws its own variables from
        // where they start, noted or reached by drawing the ones before them.
        let text = include_str!("../../../scenarios/xai2024.toml");
        let catalog = crate::catalog::Catalog::builtin().expect("catalog");
        let r = crate::judge::report::evaluate("test.toml", text, catalog).expect("valid scenario");
        let budget = Budget {
            keep_bytes: 0,
            group: 1,
        };
        let run = |limit| {
            simulate_noting(&r.scenario, 5_000, 3, budget, limit, &|_| {}).expect("simulates")
        };
        let (noted, streamed) = (run(usize::MAX), run(0));
        assert_eq!(noted.summaries, streamed.summaries);
        assert_eq!(noted.claims, streamed.claims);
        let whole = simulate(&r.scenario, 5_000, 3, &|_| {}).expect("simulates");
        assert_eq!(noted.summaries, whole.summaries);
    }
}
