//! The assumptions a scenario can set: their keys, units and where they may appear.
//! One list, used by the reader, the resolver, the catalog and the reports.

use serde::Serialize;

/// An assumption of the cost model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Param {
    /// Price of one GPU (bought fleets).
    UnitPrice,
    /// Price of one GPU-hour (rented fleets).
    RatePerGpuHour,
    /// Rental term in months.
    Months,
    /// Servers as a fraction of GPU cost.
    ServerShare,
    /// Network as a fraction of GPU cost.
    NetworkShare,
    /// Datacenter build cost per MW of IT load.
    FacilityPerMw,
    /// IT load per GPU including its share of the server, kW.
    KwPerGpu,
    /// Power usage effectiveness.
    Pue,
    /// Electricity price per kWh.
    ElectricityPerKwh,
    /// Horizon for energy (and the default rental term); the life over which owning a
    /// GPU-hour charges the hardware.
    Years,
    /// The life over which owning a GPU-hour charges the facility.
    FacilityYears,
    /// Average power draw as a share of `kw_per_gpu`.
    Load,
    /// Dense BF16/FP16 tensor FLOP/s of one GPU at its peak.
    PeakFlops,
    /// A job's GPU-hours, as reported.
    GpuHours,
    /// A job's wall-clock hours.
    Hours,
    /// A job's wall-clock days.
    Days,
    /// The GPUs a job runs on.
    Gpus,
    /// A job's floating-point operations.
    Flop,
    /// Model FLOP utilization: achieved FLOP/s over peak.
    Mfu,
    /// A model's (active) parameters.
    Params,
    /// Training tokens.
    Tokens,
    /// What renting one GPU-hour costs, for a job on a bought fleet.
    CloudRate,
    /// What renting one of a bought fleet's GPU-hours would cost instead.
    RentPerGpuHour,
    /// The share of its hours a bought GPU does paid work.
    Utilization,
    /// A yearly rate the money tied up in a bought fleet could earn elsewhere.
    CostOfCapital,
    /// A serve's input tokens, cached ones included.
    InputTokens,
    /// A serve's input tokens that hit the cache (part of `input_tokens`).
    CachedInputTokens,
    /// A serve's output tokens.
    OutputTokens,
    /// Input tokens one GPU takes in a second at full use.
    InputTokensPerGpuSecond,
    /// Output tokens one GPU gives out in a second at full use.
    OutputTokensPerGpuSecond,
    /// What a million input tokens (cache misses) are sold at.
    PricePerMillionInput,
    /// What a million cached input tokens (cache hits) are sold at.
    PricePerMillionCachedInput,
    /// What a million output tokens are sold at.
    PricePerMillionOutput,
}

impl Param {
    /// The overheads a `[defaults]` table and any fleet may set.
    pub const OVERHEADS: [Param; 9] = [
        Param::ServerShare,
        Param::NetworkShare,
        Param::FacilityPerMw,
        Param::KwPerGpu,
        Param::Load,
        Param::Pue,
        Param::ElectricityPerKwh,
        Param::Years,
        Param::FacilityYears,
    ];

    /// How a bought fleet's hours are used and financed: set in `[defaults]` or on a
    /// fleet, with no catalog default (none means every hour used, no cost of capital).
    pub const OWNING: [Param; 2] = [Param::Utilization, Param::CostOfCapital];

    /// What `[defaults]` and any fleet may set: the overheads, then [`Param::OWNING`].
    pub fn defaults() -> Vec<Param> {
        Param::OVERHEADS.into_iter().chain(Param::OWNING).collect()
    }

    /// The inputs a `[[job]]` may set.
    pub const JOB: [Param; 9] = [
        Param::GpuHours,
        Param::Hours,
        Param::Days,
        Param::Gpus,
        Param::Flop,
        Param::Mfu,
        Param::Params,
        Param::Tokens,
        Param::CloudRate,
    ];

    /// The inputs a `[[serve]]` may set.
    pub const SERVE: [Param; 12] = [
        Param::Gpus,
        Param::Hours,
        Param::Days,
        Param::InputTokens,
        Param::CachedInputTokens,
        Param::OutputTokens,
        Param::InputTokensPerGpuSecond,
        Param::OutputTokensPerGpuSecond,
        Param::Utilization,
        Param::PricePerMillionInput,
        Param::PricePerMillionCachedInput,
        Param::PricePerMillionOutput,
    ];

    /// The key as written in a scenario file.
    pub fn key(self) -> &'static str {
        match self {
            Param::UnitPrice => "unit_price",
            Param::RatePerGpuHour => "rate_per_gpu_hour",
            Param::Months => "months",
            Param::ServerShare => "server_share",
            Param::NetworkShare => "network_share",
            Param::FacilityPerMw => "facility_per_mw",
            Param::KwPerGpu => "kw_per_gpu",
            Param::Pue => "pue",
            Param::ElectricityPerKwh => "electricity_per_kwh",
            Param::Years => "years",
            Param::FacilityYears => "facility_years",
            Param::Load => "load",
            Param::PeakFlops => "peak_flops",
            Param::GpuHours => "gpu_hours",
            Param::Hours => "hours",
            Param::Days => "days",
            Param::Gpus => "gpus",
            Param::Flop => "flop",
            Param::Mfu => "mfu",
            Param::Params => "params",
            Param::Tokens => "tokens",
            Param::CloudRate => "cloud_rate",
            Param::RentPerGpuHour => "rent_per_gpu_hour",
            Param::Utilization => "utilization",
            Param::CostOfCapital => "cost_of_capital",
            Param::InputTokens => "input_tokens",
            Param::CachedInputTokens => "cached_input_tokens",
            Param::OutputTokens => "output_tokens",
            Param::InputTokensPerGpuSecond => "input_tokens_per_gpu_second",
            Param::OutputTokensPerGpuSecond => "output_tokens_per_gpu_second",
            Param::PricePerMillionInput => "price_per_million_input",
            Param::PricePerMillionCachedInput => "price_per_million_cached_input",
            Param::PricePerMillionOutput => "price_per_million_output",
        }
    }

    /// Whether the value is money (and so may carry a currency).
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Param::UnitPrice
                | Param::RatePerGpuHour
                | Param::FacilityPerMw
                | Param::ElectricityPerKwh
                | Param::CloudRate
                | Param::RentPerGpuHour
                | Param::PricePerMillionInput
                | Param::PricePerMillionCachedInput
                | Param::PricePerMillionOutput
        )
    }

    /// The unit, as shown after a value (`per GPU`, `kW`, …).
    pub fn unit(self) -> &'static str {
        match self {
            Param::UnitPrice => "per GPU",
            Param::RatePerGpuHour => "per GPU-hour",
            Param::Months => "months",
            Param::ServerShare | Param::NetworkShare => "of GPU cost",
            Param::FacilityPerMw => "per MW",
            Param::KwPerGpu => "kW per GPU",
            Param::Pue => "",
            Param::ElectricityPerKwh => "per kWh",
            Param::Years | Param::FacilityYears => "years",
            Param::Load => "of kw_per_gpu",
            Param::PeakFlops => "FLOP/s per GPU",
            Param::GpuHours => "GPU-hours",
            Param::Hours => "hours",
            Param::Days => "days",
            Param::Gpus => "GPUs",
            Param::Flop => "FLOP",
            Param::Mfu => "of peak FLOP/s",
            Param::Params => "parameters",
            Param::Tokens => "tokens",
            Param::CloudRate | Param::RentPerGpuHour => "per GPU-hour",
            Param::Utilization => "of hours used",
            Param::CostOfCapital => "a year",
            Param::InputTokens | Param::CachedInputTokens | Param::OutputTokens => "tokens",
            Param::InputTokensPerGpuSecond | Param::OutputTokensPerGpuSecond => {
                "tokens per GPU-second"
            }
            Param::PricePerMillionInput
            | Param::PricePerMillionCachedInput
            | Param::PricePerMillionOutput => "per million tokens",
        }
    }

    /// The smallest value that makes sense, and whether it is included.
    pub fn minimum(self) -> (rust_decimal::Decimal, bool) {
        use rust_decimal::Decimal;
        match self {
            Param::Pue => (Decimal::ONE, true),
            Param::UnitPrice
            | Param::RatePerGpuHour
            | Param::ServerShare
            | Param::NetworkShare
            | Param::FacilityPerMw
            | Param::ElectricityPerKwh
            | Param::CostOfCapital
            | Param::CloudRate
            | Param::RentPerGpuHour
            | Param::InputTokens
            | Param::CachedInputTokens
            | Param::OutputTokens
            | Param::InputTokensPerGpuSecond
            | Param::OutputTokensPerGpuSecond
            | Param::PricePerMillionInput
            | Param::PricePerMillionCachedInput
            | Param::PricePerMillionOutput => (Decimal::ZERO, true),
            _ => (Decimal::ZERO, false),
        }
    }

    /// The largest value that makes sense (shares are fractions), with what it is a
    /// fraction of.
    pub fn maximum(self) -> Option<(rust_decimal::Decimal, &'static str)> {
        let of = match self {
            Param::ServerShare | Param::NetworkShare => "GPU cost",
            Param::Load => "`kw_per_gpu`",
            Param::Mfu => "the peak FLOP/s",
            Param::Utilization => "its hours",
            _ => return None,
        };
        Some((rust_decimal::Decimal::ONE, of))
    }

    /// The problem with `range` as a value of this assumption, if it lies outside what
    /// makes sense; `key` names it and `span` is where it is written. Scenario files
    /// and catalog files are held to the same rules.
    pub fn out_of_domain(
        self,
        key: &str,
        range: crate::money::Range,
        span: Span,
    ) -> Option<Diagnostic> {
        let (min, inclusive) = self.minimum();
        let below = if inclusive {
            range.low() < min
        } else {
            range.low() <= min
        };
        if below {
            let (what, help) = match self {
                Param::Pue => (
                    "must be at least 1".to_string(),
                    "PUE is total facility power over IT power, 1.0 or more (e.g. 1.2)".to_string(),
                ),
                _ if inclusive => (
                    "must not be negative".into(),
                    format!("give `{key}` as 0 or more"),
                ),
                _ => (
                    "must be above zero".into(),
                    format!("give `{key}` as a positive number"),
                ),
            };
            return Some(
                Diagnostic::at(span, format!("`{key}` {what}"))
                    .label(format!("lowest value {}", format_decimal(range.low())))
                    .help(help),
            );
        }
        if self == Param::Gpus && !(range.low().is_integer() && range.high().is_integer()) {
            let fraction = [range.low(), range.high()]
                .into_iter()
                .find(|v| !v.is_integer())
                .unwrap_or_default();
            return Some(
                Diagnostic::at(span, format!("`{key}` is a number of GPUs, a whole number"))
                    .label(format!("`{}`", format_decimal(fraction)))
                    .help("a job runs on whole GPUs: write e.g. `gpus = 2048`"),
            );
        }
        let (max, of) = self.maximum().filter(|&(m, _)| range.high() > m)?;
        Some(
            Diagnostic::at(
                span,
                format!("`{key}` is a fraction of {of}, at most {max}"),
            )
            .label(format!("highest value {}", format_decimal(range.high())))
            .help("write 25% as 0.25"),
        )
    }
}

use crate::diagnostic::Diagnostic;
use crate::input::Span;
use crate::money::format_decimal;

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}
