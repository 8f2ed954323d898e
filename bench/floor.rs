//! The one-pass floor for bench/simulate.sh: the peer fleet model's five lognormal
//! inputs drawn as `gpucost simulate` draws them (xoshiro256++ from the seed, one
//! jumped stream per block of 2,048, the same normal draws and `exp`), each
//! sample's total cost computed once and summed, on every core. No percentiles, no
//! histogram, no claims: what any Monte Carlo of the model must at least do, so
//! `gpucost simulate` of the model over this is its overhead.
//!
//!   cargo build --release --example floor && target/release/examples/floor 1000000

use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

/// Samples per block, as in `gpucost::analysis::simulate::BLOCK`.
const BLOCK: usize = 2_048;
/// The normal's 95th percentile: a range's ends are its 5th and 95th.
const Z95: f64 = 1.644_853_626_951_472_2;

// A bench program, not the library: it prints its one figure.
#[allow(clippy::print_stdout)]
fn main() {
    let samples: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    // The peer model's uncertain inputs, in the order gpucost draws them: unit price,
    // server share, network share, PUE, electricity (the others are fixed).
    let ranges = [
        (25_000.0, 40_000.0),
        (0.3, 0.6),
        (0.142_044, 0.292_867),
        (1.2, 1.5),
        (0.05, 0.09),
    ];
    let params: Vec<(f64, f64)> = ranges
        .iter()
        .map(|&(low, high): &(f64, f64)| {
            let mu = (low.ln() + high.ln()) / 2.0;
            (mu, (high.ln() - low.ln()) / (2.0 * Z95))
        })
        .collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let blocks: Vec<(Xoshiro256PlusPlus, usize)> = (0..samples)
        .step_by(BLOCK)
        .map(|start| {
            let block = (rng.clone(), BLOCK.min(samples - start));
            rng.jump();
            block
        })
        .collect();
    let (count, kw, years, hours) = (100_000.0, 0.7, 4.0, 8_760.0);
    let sum: f64 = blocks
        .into_par_iter()
        .map_init(
            || vec![[0.0; BLOCK]; 5],
            |columns, (mut rng, len)| {
                for (column, &(mu, sigma)) in columns.iter_mut().zip(&params) {
                    for x in &mut column[..len] {
                        let z: f64 = StandardNormal.sample(&mut rng);
                        *x = (mu + sigma * z).exp();
                    }
                }
                let [up, ss, ns, pue, kwh] = &columns[..] else {
                    return 0.0;
                };
                (0..len)
                    .map(|i| {
                        let g = count * up[i];
                        let energy = count * kw * pue[i] * years * hours * kwh[i];
                        g * (1.0 + ss[i] + ns[i]) + energy
                    })
                    .sum::<f64>()
            },
        )
        .sum();
    println!(
        "mean tco {:.6e} over {samples} samples",
        sum / samples as f64
    );
}
