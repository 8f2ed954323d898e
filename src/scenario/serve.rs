//! A resolved `[[serve]]`: a workload served on a fleet over a period, its volume as
//! tokens or as throughput, and the prices it sells tokens at. Types and the small
//! methods that read them; the arithmetic is in [`crate::model::serve`].

use super::{Origin, Resolved};
use crate::input::Span;
use crate::input::param::Param;

/// How long a serve runs, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Period {
    /// Hours (default 24).
    Hours(Resolved),
    /// Days.
    Days(Resolved),
}

/// How many tokens a serve handles, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Volume {
    /// Counted tokens: input (cached ones included), the cached part, output.
    Tokens {
        /// Input tokens, cache hits included (zero when not written).
        input: Resolved,
        /// The input tokens that hit the cache (zero when not written).
        cached_input: Resolved,
        /// Output tokens (zero when not written).
        output: Resolved,
    },
    /// Tokens per GPU-second at full use, at a share of the period's GPU-seconds.
    Throughput {
        /// Input tokens per GPU-second (zero when not written).
        input: Resolved,
        /// Output tokens per GPU-second (zero when not written).
        output: Resolved,
        /// The share of GPU-seconds at that throughput (1 when not written).
        utilization: Resolved,
    },
}

/// The prices a serve sells tokens at, per million.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prices {
    /// Per million input tokens that miss the cache.
    pub input: Resolved,
    /// Per million cached input tokens (the input price when not written).
    pub cached_input: Resolved,
    /// Per million output tokens.
    pub output: Resolved,
}

/// A serve: a workload on a fleet's GPUs over a period, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Serve {
    /// Unique id.
    pub id: String,
    /// The fleet it runs on.
    pub fleet: String,
    /// GPUs in service on average (the fleet's count unless `gpus` says otherwise).
    pub gpus: Resolved,
    /// How long.
    pub period: Period,
    /// How many tokens.
    pub volume: Volume,
    /// What tokens sell at, when given: revenue and margin need them.
    pub prices: Option<Prices>,
    /// The serve's table in the file.
    pub span: Span,
}

impl Serve {
    /// Every input with its key, in report order.
    pub fn list(&self) -> Vec<(Param, &Resolved)> {
        let mut list = vec![(Param::Gpus, &self.gpus)];
        list.push(match &self.period {
            Period::Hours(h) => (Param::Hours, h),
            Period::Days(d) => (Param::Days, d),
        });
        match &self.volume {
            Volume::Tokens {
                input,
                cached_input,
                output,
            } => list.extend([
                (Param::InputTokens, input),
                (Param::CachedInputTokens, cached_input),
                (Param::OutputTokens, output),
            ]),
            Volume::Throughput {
                input,
                output,
                utilization,
            } => list.extend([
                (Param::InputTokensPerGpuSecond, input),
                (Param::OutputTokensPerGpuSecond, output),
                (Param::Utilization, utilization),
            ]),
        }
        if let Some(p) = &self.prices {
            list.extend([
                (Param::PricePerMillionInput, &p.input),
                (Param::PricePerMillionCachedInput, &p.cached_input),
                (Param::PricePerMillionOutput, &p.output),
            ]);
        }
        list
    }

    /// The inputs written in the file (or by `--set`), not the defaults.
    pub fn written(&self) -> Vec<(Param, &Resolved)> {
        self.list()
            .into_iter()
            .filter(|(_, r)| !matches!(r.origin, Origin::Derived(_)))
            .collect()
    }

    /// The input for a key, for changing it (solve, sensitivity, simulate).
    pub fn get_mut(&mut self, param: Param) -> Option<&mut Resolved> {
        match (param, &mut self.period, &mut self.volume) {
            (Param::Gpus, _, _) => Some(&mut self.gpus),
            (Param::Hours, Period::Hours(h), _) | (Param::Days, Period::Days(h), _) => Some(h),
            (Param::InputTokens, _, Volume::Tokens { input, .. })
            | (Param::InputTokensPerGpuSecond, _, Volume::Throughput { input, .. }) => Some(input),
            (Param::CachedInputTokens, _, Volume::Tokens { cached_input, .. }) => {
                Some(cached_input)
            }
            (Param::OutputTokens, _, Volume::Tokens { output, .. })
            | (Param::OutputTokensPerGpuSecond, _, Volume::Throughput { output, .. }) => {
                Some(output)
            }
            (Param::Utilization, _, Volume::Throughput { utilization, .. }) => Some(utilization),
            (Param::PricePerMillionInput, _, _) => self.prices.as_mut().map(|p| &mut p.input),
            (Param::PricePerMillionCachedInput, _, _) => {
                self.prices.as_mut().map(|p| &mut p.cached_input)
            }
            (Param::PricePerMillionOutput, _, _) => self.prices.as_mut().map(|p| &mut p.output),
            _ => None,
        }
    }

    /// The same serve with every input at its midpoint.
    pub fn at_midpoint(&self) -> Serve {
        let mut serve = self.clone();
        let params: Vec<Param> = self.list().iter().map(|(p, _)| *p).collect();
        for param in params {
            if let Some(input) = serve.get_mut(param) {
                *input = input.exactly(input.value.midpoint());
            }
        }
        serve
    }
}
