//! Drawing one input's values: the distributions of a scenario's inputs in `f64`, filled
//! a block at a time from a seeded generator. Exact inputs draw nothing.

use rand::Rng;
use rand_distr::{Distribution, Pert, StandardNormal, Triangular};

use crate::input::param::Param;
use crate::scenario::{Dist, Resolved};

/// The standard normal's 95th percentile: lognormal and normal inputs put their bounds
/// at μ ± 1.6449 σ.
pub const Z95: f64 = 1.644_853_626_951_472_2;

/// How one input is drawn.
#[derive(Clone, Copy, Debug)]
pub enum Sampler {
    /// Always the same value.
    Exact(f64),
    /// `low + (high − low) × u`, u uniform in [0, 1).
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// `mean + sd × z`, clamped to the input's domain.
    Normal {
        /// Mean, the middle of the bounds.
        mean: f64,
        /// Standard deviation, (high − low) / (2 × 1.6449).
        sd: f64,
        /// The domain, for clamping.
        domain: (f64, f64),
    },
    /// `exp(μ + σ × z)`, clamped to the input's domain.
    Lognormal {
        /// μ, the mean of the logarithms of the bounds.
        mu: f64,
        /// σ = (ln high − ln low) / (2 × 1.6449).
        sigma: f64,
        /// The domain, for clamping.
        domain: (f64, f64),
    },
    /// Triangular between the bounds.
    Triangular(Triangular<f64>),
    /// Beta-PERT between the bounds (shape 4).
    Pert(Pert<f64>),
}

pub use crate::money::to_f64;

impl Sampler {
    /// The sampler for a resolved input; `param` gives the domain that normal and
    /// lognormal draws are clamped to. `Err` names what the distribution rejected.
    pub fn new(param: Param, input: &Resolved) -> Result<Sampler, String> {
        let (low, high) = (to_f64(input.value.low()), to_f64(input.value.high()));
        if input.value.is_exact() {
            return Ok(Sampler::Exact(low));
        }
        let domain = (
            to_f64(param.minimum().0),
            param.maximum().map_or(f64::INFINITY, |(m, _)| to_f64(m)),
        );
        Ok(match input.dist {
            Dist::Uniform => Sampler::Uniform { low, high },
            Dist::Normal => Sampler::Normal {
                mean: (low + high) / 2.0,
                sd: (high - low) / (2.0 * Z95),
                domain,
            },
            Dist::Lognormal => Sampler::Lognormal {
                mu: (low.ln() + high.ln()) / 2.0,
                sigma: (high.ln() - low.ln()) / (2.0 * Z95),
                domain,
            },
            Dist::Triangular { mode } => Sampler::Triangular(
                Triangular::new(low, high, to_f64(mode)).map_err(|e| e.to_string())?,
            ),
            Dist::Pert { mode } => Sampler::Pert(
                Pert::new(low, high)
                    .with_mode(to_f64(mode))
                    .map_err(|e| e.to_string())?,
            ),
        })
    }

    /// Whether every draw is the same value.
    pub fn is_exact(&self) -> bool {
        matches!(self, Sampler::Exact(_))
    }

    /// Fills `out` with draws, in order.
    pub fn fill<R: Rng>(&self, rng: &mut R, out: &mut [f64]) {
        match *self {
            Sampler::Exact(v) => out.fill(v),
            Sampler::Uniform { low, high } => {
                // u < 1, so a draw reaches `high` at most by a rounding.
                let width = high - low;
                for x in out {
                    *x = low + width * rng.random::<f64>();
                }
            }
            Sampler::Normal { mean, sd, domain } => {
                for x in out {
                    let z: f64 = StandardNormal.sample(rng);
                    *x = (mean + sd * z).clamp(domain.0, domain.1);
                }
            }
            Sampler::Lognormal { mu, sigma, domain } => {
                for x in out {
                    let z: f64 = StandardNormal.sample(rng);
                    *x = (mu + sigma * z).exp().clamp(domain.0, domain.1);
                }
            }
            Sampler::Triangular(t) => out.iter_mut().for_each(|x| *x = t.sample(rng)),
            Sampler::Pert(p) => out.iter_mut().for_each(|x| *x = p.sample(rng)),
        }
    }
}
