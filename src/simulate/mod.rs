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
//! Memory: the draws are not kept. Percentiles come from two passes over the same
//! blocks ([`quantile`]): the first counts, the second keeps only the draws near the
//! wanted ranks. Each thread has one block of scratch space; nothing is allocated per
//! sample.

mod model;
pub mod quantile;
pub mod sample;

pub use model::{Model, Variable};

use crate::report::Report;
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
    pub histogram: Vec<u64>,
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

/// The first pass: per quantity a tally, per block the sums, per claim the draws below
/// and above it.
struct MainPass {
    tallies: Vec<Tally>,
    sums: Vec<(usize, Vec<f64>)>,
    claims: Vec<(u64, u64)>,
}

/// Simulates a priced scenario with `samples` draws from `seed`.
pub fn simulate(
    report: &Report,
    samples: usize,
    seed: u64,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Simulation, String> {
    if samples == 0 {
        return Err("at least one sample is needed".into());
    }
    let model = Model::new(&report.scenario)?;
    let bins: Vec<Binning> = (0..model.quantities.len())
        .map(|q| model.binning(q))
        .collect();
    let claims: Vec<(&str, usize, f64, f64)> = report
        .claims
        .iter()
        .filter_map(|c| {
            let fleet = c
                .claim
                .fleet
                .as_ref()
                .and_then(|id| report.scenario.fleets.iter().position(|f| f.id == *id));
            let job = c
                .claim
                .job
                .as_ref()
                .and_then(|id| report.scenario.jobs.iter().position(|j| j.id == *id));
            let q = match job {
                Some(j) => model.job_quantity(j, c.claim.scope)?,
                None => model.claim_quantity(fleet, c.claim.scope)?,
            };
            let (low, high) = (c.claim.value.low(), c.claim.value.high());
            Some((c.claim.id.as_str(), q, to_f64(low), to_f64(high)))
        })
        .collect();
    // The percentiles, then the 0.5th and 99.5th for the histogram, then the extremes.
    let mut ps = PERCENTILES.to_vec();
    ps.extend([0.5, 99.5, 0.0, 100.0]);
    let (ranks, fractions) = quantile::positions(samples as u64, &ps);
    // Progress: each pass counts for half of every block.
    let first_half = |n: usize| progress(n - n / 2);
    let second_half = |n: usize| progress(n / 2);
    // Both passes draw the same blocks from the same streams.
    let streams = Model::streams(samples, seed);
    let main = model.fold_blocks(
        &streams,
        &first_half,
        || MainPass {
            tallies: bins.iter().map(Tally::new).collect(),
            sums: Vec::new(),
            claims: vec![(0, 0); claims.len()],
        },
        |acc, k, scratch, len| {
            let mut sums = Vec::with_capacity(bins.len());
            for (q, (tally, b)) in acc.tallies.iter_mut().zip(&bins).enumerate() {
                let block = &scratch.quantities[q][..len];
                tally.add(b, block);
                sums.push(quantile::sum(block));
            }
            acc.sums.push((k, sums));
            for ((below, above), &(_, q, low, high)) in acc.claims.iter_mut().zip(&claims) {
                for &x in &scratch.quantities[q][..len] {
                    *below += u64::from(x < low);
                    *above += u64::from(x > high);
                }
            }
        },
        |mut a, b| {
            for (t, u) in a.tallies.iter_mut().zip(&b.tallies) {
                t.merge(u);
            }
            a.sums.extend(b.sums);
            for (c, d) in a.claims.iter_mut().zip(&b.claims) {
                c.0 += d.0;
                c.1 += d.1;
            }
            a
        },
    );

    // The second pass keeps the draws of the bins that hold the wanted ranks.
    let nets = main
        .tallies
        .iter()
        .map(|t| Net::exact(t, &ranks).ok_or_else(|| "no samples drawn".to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let kept = model.fold_blocks(
        &streams,
        &second_half,
        || nets.iter().map(Net::collector).collect::<Vec<_>>(),
        |acc, _, scratch, len| {
            for (q, (net, into)) in nets.iter().zip(acc.iter_mut()).enumerate() {
                net.collect(&bins[q], &scratch.quantities[q][..len], into);
            }
        },
        merge_kept,
    );
    let at: Vec<Option<Vec<f64>>> = main
        .tallies
        .iter()
        .zip(&nets)
        .zip(kept)
        .map(|((t, net), mut kept)| net.select(t, &ranks, &mut kept))
        .collect();

    let mut sums = main.sums;
    sums.sort_by_key(|(k, _)| *k);
    let summaries = main
        .tallies
        .iter()
        .zip(&bins)
        .zip(at)
        .enumerate()
        .map(|(q, ((tally, b), at))| {
            let at = at.ok_or_else(|| "internal error: a percentile was not found".to_string())?;
            let values = quantile::interpolate(&at, &fractions);
            let sum: f64 = sums.iter().map(|(_, s)| s[q]).sum();
            let (histogram, span) = bars(tally, b, model.is_bounded(), (values[5], values[6]));
            Ok(Summary {
                mean: sum / samples as f64,
                min: values[7],
                max: values[8],
                percentiles: [values[0], values[1], values[2], values[3], values[4]],
                histogram,
                span,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let n = samples as f64;
    let odds = claims
        .iter()
        .zip(&main.claims)
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
fn bars(tally: &Tally, bins: &Binning, bounded: bool, tails: (f64, f64)) -> (Vec<u64>, (f64, f64)) {
    let (first, last) = if bounded {
        (0, bins.count() - 1)
    } else {
        (bins.of(tails.0), bins.of(tails.1))
    };
    let width = last - first + 1;
    let mut bars = vec![0u64; HISTOGRAM_BINS];
    for (i, &count) in tally.counts.iter().enumerate() {
        let j = i.clamp(first, last) - first;
        bars[j * HISTOGRAM_BINS / width] += count;
    }
    (bars, (bins.edge(first), bins.edge(last + 1)))
}
