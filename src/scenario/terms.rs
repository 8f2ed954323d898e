//! The words of the scenario format that every layer speaks: bought or rented, what a
//! price includes, the scopes a total or a claim is in, how hardware is charged.

use serde::Serialize;

/// Bought or rented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Acquisition {
    /// Bought: capital parts and energy.
    Buy,
    /// Rented: a rental part only.
    Rent,
}

/// What a fleet's unit price includes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Includes {
    /// The accelerator alone (a card, or a card's share of a baseboard).
    Gpu,
    /// The GPU's share of a whole server (DGX/HGX).
    Server,
    /// The GPU's share of a whole rack (an NVL72).
    Rack,
}

impl Includes {
    /// The values `unit_price_includes` takes, as written.
    pub const KEYS: [(&'static str, Includes); 3] = [
        ("gpu", Includes::Gpu),
        ("server", Includes::Server),
        ("rack", Includes::Rack),
    ];

    /// As written.
    pub fn key(self) -> &'static str {
        match self {
            Includes::Gpu => "gpu",
            Includes::Server => "server",
            Includes::Rack => "rack",
        }
    }
}

/// A total a claim can speak of: a fleet's or the scenario's ([`Scope::FLEET`]), or a
/// job's ([`Scope::JOB`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// GPUs alone.
    Gpus,
    /// GPUs, servers, network and facility.
    Capex,
    /// Capex, energy and rental.
    Tco,
    /// Rental alone.
    Rental,
    /// A job: the hardware value it uses up, plus its energy.
    Amortized,
    /// A job: buying the GPUs it uses, up front.
    Acquisition,
    /// A job: renting its GPU-hours.
    Cloud,
    /// A job's GPU-hours (a number, not money).
    GpuHours,
    /// A job's wall-clock hours.
    Hours,
    /// A job's floating-point operations.
    Flop,
    /// A bought fleet: what one of its GPU-hours costs to own.
    OwnedPerGpuHour,
    /// A serve: its GPU-hours at the fleet's rate or owned cost.
    Cost,
    /// A serve: its cost per million input tokens (all of the cost over them).
    CostPerMillionInput,
    /// A serve: its cost per million output tokens (all of the cost over them).
    CostPerMillionOutput,
    /// A serve: its cost per million tokens, input and output together.
    CostPerMillionTokens,
    /// A serve: its tokens at their prices.
    Revenue,
    /// A serve: revenue − cost.
    Profit,
    /// A serve: (revenue − cost) / cost, in per cent (DeepSeek's "cost profit margin").
    Margin,
    /// A serve: input tokens per GPU-second in service.
    InputTokensPerGpuSecond,
    /// A serve: output tokens per GPU-second in service.
    OutputTokensPerGpuSecond,
}

impl Scope {
    /// A fleet's and the scenario's totals, in report order.
    pub const FLEET: [Scope; 4] = [Scope::Gpus, Scope::Capex, Scope::Tco, Scope::Rental];

    /// A job's estimates and measures, in report order.
    pub const JOB: [Scope; 6] = [
        Scope::Amortized,
        Scope::Acquisition,
        Scope::Cloud,
        Scope::GpuHours,
        Scope::Hours,
        Scope::Flop,
    ];

    /// A serve's estimates and measures, in report order (`gpu_hours` shared with jobs).
    pub const SERVE: [Scope; 10] = [
        Scope::Cost,
        Scope::CostPerMillionInput,
        Scope::CostPerMillionOutput,
        Scope::CostPerMillionTokens,
        Scope::Revenue,
        Scope::Profit,
        Scope::Margin,
        Scope::GpuHours,
        Scope::InputTokensPerGpuSecond,
        Scope::OutputTokensPerGpuSecond,
    ];

    /// The key as written in a claim.
    pub fn key(self) -> &'static str {
        match self {
            Scope::Cost => "cost",
            Scope::CostPerMillionInput => "cost_per_million_input",
            Scope::CostPerMillionOutput => "cost_per_million_output",
            Scope::CostPerMillionTokens => "cost_per_million_tokens",
            Scope::Revenue => "revenue",
            Scope::Profit => "profit",
            Scope::Margin => "margin",
            Scope::InputTokensPerGpuSecond => "input_tokens_per_gpu_second",
            Scope::OutputTokensPerGpuSecond => "output_tokens_per_gpu_second",
            Scope::Gpus => "gpus",
            Scope::Capex => "capex",
            Scope::Tco => "tco",
            Scope::Rental => "rental",
            Scope::Amortized => "amortized",
            Scope::Acquisition => "acquisition",
            Scope::Cloud => "cloud",
            Scope::GpuHours => "gpu_hours",
            Scope::Hours => "hours",
            Scope::Flop => "flop",
            Scope::OwnedPerGpuHour => "owned_per_gpu_hour",
        }
    }

    /// Reads a scope key.
    pub fn from_key(key: &str) -> Option<Scope> {
        Scope::FLEET
            .into_iter()
            .chain(Scope::JOB)
            .chain([Scope::OwnedPerGpuHour])
            .chain(Scope::SERVE)
            .find(|s| s.key() == key)
    }

    /// All keys, for messages.
    pub fn keys() -> Vec<&'static str> {
        Scope::FLEET
            .iter()
            .chain(&Scope::JOB)
            .chain(&[Scope::OwnedPerGpuHour])
            .chain(Scope::SERVE.iter().filter(|s| !s.is_job()))
            .map(|s| s.key())
            .collect()
    }

    /// Whether a serve's claim may speak of it.
    pub fn is_serve(self) -> bool {
        Scope::SERVE.contains(&self)
    }

    /// Whether a job's claim speaks of it, rather than a fleet's or the scenario's.
    pub fn is_job(self) -> bool {
        Scope::JOB.contains(&self)
    }

    /// Whether it is money (not GPU-hours, hours or FLOP).
    pub fn is_money(self) -> bool {
        !matches!(
            self,
            Scope::GpuHours
                | Scope::Hours
                | Scope::Flop
                | Scope::Margin
                | Scope::InputTokensPerGpuSecond
                | Scope::OutputTokensPerGpuSecond
        )
    }

    /// The unit a figure of it is counted in, after the number (money has none).
    pub fn unit(self) -> &'static str {
        match self {
            Scope::GpuHours => "GPU-hours",
            Scope::Hours => "hours",
            Scope::Flop => "FLOP",
            Scope::Margin => "%",
            Scope::InputTokensPerGpuSecond | Scope::OutputTokensPerGpuSecond => {
                "tokens per GPU-second"
            }
            _ => "",
        }
    }

    /// Whether a fleet acquired this way has this total (for a job's scope: whether a
    /// job on such a fleet has this estimate).
    pub fn applies_to(self, acquisition: Acquisition) -> bool {
        match (self, acquisition) {
            (
                Scope::Tco
                | Scope::Cloud
                | Scope::GpuHours
                | Scope::Hours
                | Scope::Flop
                | Scope::Cost
                | Scope::CostPerMillionInput
                | Scope::CostPerMillionOutput
                | Scope::CostPerMillionTokens
                | Scope::Revenue
                | Scope::Profit
                | Scope::Margin
                | Scope::InputTokensPerGpuSecond
                | Scope::OutputTokensPerGpuSecond,
                _,
            ) => true,
            (Scope::Rental, a) => a == Acquisition::Rent,
            (
                Scope::Gpus
                | Scope::Capex
                | Scope::Amortized
                | Scope::Acquisition
                | Scope::OwnedPerGpuHour,
                a,
            ) => a == Acquisition::Buy,
        }
    }
}

/// How a job is charged for the hardware it uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Depreciation {
    /// Epoch AI's: value falls 0.14 orders of magnitude a year, and is charged at that
    /// rate.
    Epoch,
    /// The fleet's value spread evenly over its `years`.
    StraightLine,
}

impl Depreciation {
    /// The keys as written.
    pub const KEYS: [&'static str; 2] = ["epoch", "straight-line"];

    /// The key as written.
    pub fn key(self) -> &'static str {
        match self {
            Depreciation::Epoch => "epoch",
            Depreciation::StraightLine => "straight-line",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<Depreciation> {
        [Depreciation::Epoch, Depreciation::StraightLine]
            .into_iter()
            .find(|d| d.key() == key)
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}
