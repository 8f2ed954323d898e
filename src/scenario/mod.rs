//! Scenario files: reading ([`read`]) and resolution against the catalog, the
//! `[defaults]` and the exchange rates ([`resolve`]) into a [`Scenario`] whose every
//! input is a range in the report currency that knows where it came from.
//!
//! Over 400 lines, and one idea: the types of a resolved scenario (inputs with their
//! origin and spread, fleets, claims, scopes) with the small methods that read them.

pub mod edit;
pub mod overrides;
pub mod read;
pub mod resolve;
pub mod serve;

pub use serve::{Period, Prices, Serve, Volume};

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::{Catalog, PriceKind};
use crate::diagnostic::Diagnostic;
use crate::input::{Problems, Span};
use crate::money::{Currency, Range, Rates, Reading, Restated};
use crate::param::Param;

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

/// Where a resolved input comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Set on the fleet, at this span.
    Fleet(Span),
    /// Set in `[defaults]`, at this span.
    Defaults(Span),
    /// Set on the job, at this span.
    Job(Span),
    /// Set on the serve, at this span.
    Serve(Span),
    /// Set in the scenario's `[gpu.NAME]`, at this span.
    Gpu(Span),
    /// The catalog, with its source and date (shared by every input that quotes the
    /// same figure: ten thousand fleets on one model hold one copy).
    Catalog {
        /// Who says so.
        source: Arc<str>,
        /// When it applies.
        date: Arc<str>,
    },
    /// Computed from other inputs, as described.
    Derived(String),
    /// Given on the command line for this run only, by this `--set` assignment.
    Set(String),
}

impl Origin {
    /// Whether the value was given by the user, in the file or with `--set`.
    pub fn is_scenario(&self) -> bool {
        matches!(
            self,
            Origin::Fleet(_)
                | Origin::Defaults(_)
                | Origin::Gpu(_)
                | Origin::Job(_)
                | Origin::Serve(_)
                | Origin::Set(_)
        )
    }

    /// Whether the value is the fleet's (or job's) own, not shared with others.
    pub fn is_fleets_own(&self) -> bool {
        match self {
            Origin::Fleet(_) | Origin::Job(_) | Origin::Serve(_) => true,
            Origin::Set(assignment) => {
                assignment.starts_with("fleet.")
                    || assignment.starts_with("job.")
                    || assignment.starts_with("serve.")
            }
            _ => false,
        }
    }

    /// The span in the text, for the origins written in the file.
    fn span_mut(&mut self) -> Option<&mut Span> {
        match self {
            Origin::Fleet(span)
            | Origin::Defaults(span)
            | Origin::Gpu(span)
            | Origin::Job(span)
            | Origin::Serve(span) => Some(span),
            _ => None,
        }
    }

    /// A short label for reports: `scenario`, `defaults`, `catalog`, `derived` or
    /// `--set`.
    pub fn label(&self) -> &'static str {
        match self {
            Origin::Fleet(_) | Origin::Gpu(_) | Origin::Job(_) | Origin::Serve(_) => "scenario",
            Origin::Defaults(_) => "defaults",
            Origin::Catalog { .. } => "catalog",
            Origin::Derived(_) => "derived",
            Origin::Set(_) => "--set",
        }
    }
}

/// How an input's values are spread between its bounds, for simulation. The exact
/// model uses the bounds alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Dist {
    /// Every value between the bounds equally likely.
    #[default]
    Uniform,
    /// Normal, the bounds its 5th and 95th percentiles.
    Normal,
    /// Lognormal, the bounds its 5th and 95th percentiles.
    Lognormal,
    /// Triangular between the bounds, peaking at `mode`.
    Triangular {
        /// The most likely value, in the report currency.
        mode: Decimal,
    },
    /// Beta-PERT between the bounds with `mode` (shape 4).
    Pert {
        /// The most likely value, in the report currency.
        mode: Decimal,
    },
}

impl Dist {
    /// The name as written in `dist`.
    pub fn name(self) -> &'static str {
        match self {
            Dist::Uniform => "uniform",
            Dist::Normal => "normal",
            Dist::Lognormal => "lognormal",
            Dist::Triangular { .. } => "triangular",
            Dist::Pert { .. } => "pert",
        }
    }

    /// The mode, for the distributions that have one.
    pub fn mode(self) -> Option<Decimal> {
        match self {
            Dist::Triangular { mode } | Dist::Pert { mode } => Some(mode),
            _ => None,
        }
    }

    /// The same distribution for the input multiplied by `factor` (> 0).
    pub fn scaled(self, factor: Decimal) -> Option<Dist> {
        Some(match self {
            Dist::Triangular { mode } => Dist::Triangular {
                mode: mode.checked_mul(factor)?,
            },
            Dist::Pert { mode } => Dist::Pert {
                mode: mode.checked_mul(factor)?,
            },
            other => other,
        })
    }

    /// Whether the bounds are the 5th and 95th percentiles rather than the extremes.
    pub fn is_unbounded(self) -> bool {
        matches!(self, Dist::Normal | Dist::Lognormal)
    }
}

/// An input as the model uses it: a range in the report currency, with how it is
/// spread and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Resolved {
    /// The range.
    pub value: Range,
    /// How the values are spread, for simulation.
    pub dist: Dist,
    /// Where it comes from.
    pub origin: Origin,
    /// Whether it was converted from another currency: its digits past the rate's
    /// precision mean nothing, so it is shown rounded.
    pub converted: bool,
}

impl Resolved {
    /// A uniform input, in the currency it was given in.
    pub fn uniform(value: Range, origin: Origin) -> Resolved {
        Resolved {
            value,
            dist: Dist::Uniform,
            origin,
            converted: false,
        }
    }

    /// The same input, marked as converted (or not) from another currency.
    pub fn converted(self, converted: bool) -> Resolved {
        Resolved { converted, ..self }
    }

    /// The same input fixed at one value.
    pub fn exactly(&self, value: Decimal) -> Resolved {
        Resolved {
            value: Range::exact(value),
            dist: Dist::Uniform,
            origin: self.origin.clone(),
            converted: self.converted,
        }
    }

    fn at_midpoint(&self) -> Resolved {
        self.exactly(self.value.midpoint())
    }
}

/// The inputs of a bought fleet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuyInputs {
    /// Price per GPU.
    pub unit_price: Resolved,
    /// Servers as a fraction of GPU cost.
    pub server_share: Resolved,
    /// Network as a fraction of GPU cost.
    pub network_share: Resolved,
    /// Datacenter cost per MW of IT load.
    pub facility_per_mw: Resolved,
    /// IT load per GPU, kW.
    pub kw_per_gpu: Resolved,
    /// Average draw as a share of `kw_per_gpu`.
    pub load: Resolved,
    /// Power usage effectiveness.
    pub pue: Resolved,
    /// Electricity price per kWh.
    pub electricity_per_kwh: Resolved,
    /// Energy horizon and hardware life, years.
    pub years: Resolved,
    /// The facility's life, years.
    pub facility_years: Resolved,
    /// The share of its hours a GPU does paid work; none written means all of them.
    pub utilization: Option<Resolved>,
    /// A yearly rate on the money tied up, turning straight-line capex into an
    /// annuity; none written means none.
    pub cost_of_capital: Option<Resolved>,
}

/// What an optional input of a bought fleet is when not written.
fn unwritten(value: Decimal, what: &str) -> Resolved {
    Resolved::uniform(Range::exact(value), Origin::Derived(what.into()))
}

/// The inputs of a rented fleet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RentInputs {
    /// Price per GPU-hour.
    pub rate_per_gpu_hour: Resolved,
    /// Term, months.
    pub months: Resolved,
}

/// What a fleet's cost depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FleetInputs {
    /// Bought.
    Buy(Box<BuyInputs>),
    /// Rented.
    Rent(RentInputs),
}

impl FleetInputs {
    /// Every input with its assumption key, in report order.
    pub fn list(&self) -> Vec<(Param, &Resolved)> {
        match self {
            FleetInputs::Buy(b) => vec![
                (Param::UnitPrice, &b.unit_price),
                (Param::ServerShare, &b.server_share),
                (Param::NetworkShare, &b.network_share),
                (Param::FacilityPerMw, &b.facility_per_mw),
                (Param::KwPerGpu, &b.kw_per_gpu),
                (Param::Load, &b.load),
                (Param::Pue, &b.pue),
                (Param::ElectricityPerKwh, &b.electricity_per_kwh),
                (Param::Years, &b.years),
                (Param::FacilityYears, &b.facility_years),
            ]
            .into_iter()
            .chain(b.utilization.iter().map(|u| (Param::Utilization, u)))
            .chain(b.cost_of_capital.iter().map(|r| (Param::CostOfCapital, r)))
            .collect(),
            FleetInputs::Rent(r) => vec![
                (Param::RatePerGpuHour, &r.rate_per_gpu_hour),
                (Param::Months, &r.months),
            ],
        }
    }

    /// The same inputs with every range collapsed to its midpoint.
    pub fn at_midpoint(&self) -> FleetInputs {
        match self {
            FleetInputs::Buy(b) => FleetInputs::Buy(Box::new(BuyInputs {
                unit_price: b.unit_price.at_midpoint(),
                server_share: b.server_share.at_midpoint(),
                network_share: b.network_share.at_midpoint(),
                facility_per_mw: b.facility_per_mw.at_midpoint(),
                kw_per_gpu: b.kw_per_gpu.at_midpoint(),
                load: b.load.at_midpoint(),
                pue: b.pue.at_midpoint(),
                electricity_per_kwh: b.electricity_per_kwh.at_midpoint(),
                years: b.years.at_midpoint(),
                facility_years: b.facility_years.at_midpoint(),
                utilization: b.utilization.as_ref().map(Resolved::at_midpoint),
                cost_of_capital: b.cost_of_capital.as_ref().map(Resolved::at_midpoint),
            })),
            FleetInputs::Rent(r) => FleetInputs::Rent(RentInputs {
                rate_per_gpu_hour: r.rate_per_gpu_hour.at_midpoint(),
                months: r.months.at_midpoint(),
            }),
        }
    }

    /// The input for an assumption key, for changing it (solve).
    pub fn get_mut(&mut self, param: Param) -> Option<&mut Resolved> {
        match self {
            FleetInputs::Buy(b) => match param {
                Param::UnitPrice => Some(&mut b.unit_price),
                Param::ServerShare => Some(&mut b.server_share),
                Param::NetworkShare => Some(&mut b.network_share),
                Param::FacilityPerMw => Some(&mut b.facility_per_mw),
                Param::KwPerGpu => Some(&mut b.kw_per_gpu),
                Param::Load => Some(&mut b.load),
                Param::Pue => Some(&mut b.pue),
                Param::ElectricityPerKwh => Some(&mut b.electricity_per_kwh),
                Param::Years => Some(&mut b.years),
                Param::FacilityYears => Some(&mut b.facility_years),
                // Not written: every hour used, no cost of capital, to be changed.
                Param::Utilization => Some(
                    b.utilization
                        .get_or_insert_with(|| unwritten(Decimal::ONE, "every hour used")),
                ),
                Param::CostOfCapital => Some(
                    b.cost_of_capital
                        .get_or_insert_with(|| unwritten(Decimal::ZERO, "no cost of capital")),
                ),
                _ => None,
            },
            FleetInputs::Rent(r) => match param {
                Param::RatePerGpuHour => Some(&mut r.rate_per_gpu_hour),
                Param::Months => Some(&mut r.months),
                _ => None,
            },
        }
    }

    /// Bought or rented.
    pub fn acquisition(&self) -> Acquisition {
        match self {
            FleetInputs::Buy(_) => Acquisition::Buy,
            FleetInputs::Rent(_) => Acquisition::Rent,
        }
    }

    /// The unit price (bought) or rate (rented) that a claim's implied price replaces.
    pub fn unit(&self) -> &Resolved {
        match self {
            FleetInputs::Buy(b) => &b.unit_price,
            FleetInputs::Rent(r) => &r.rate_per_gpu_hour,
        }
    }
}

/// The catalog's range for a fleet's model at the scenario date, in the report currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Market {
    /// Purchase price per GPU or rental rate per GPU-hour.
    pub kind: PriceKind,
    /// The range.
    pub range: Range,
    /// Who says so (for a family, each member's source).
    pub source: Arc<str>,
    /// The newest point the range rests on (for a family, the oldest of its
    /// members' newest): a scenario dated long after it is priced past what the
    /// catalog knows.
    pub from: NaiveDate,
    /// Every point is dated after the scenario: nothing nearer was found.
    pub later: bool,
    /// The price is per GPU in a DGX/HGX server, which it holds: no server is added.
    pub holds_server: bool,
}

/// A fleet, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fleet {
    /// Unique id.
    pub id: String,
    /// The GPU as resolved: catalog model, family, or a `[gpu.NAME]` of the file.
    pub gpu: String,
    /// Number of GPUs.
    pub count: u64,
    /// Where `count` is written: a `--set` assignment's place in the edited text
    /// until [`Scenario::place_edits`] names the assignment in `count_set`.
    pub count_span: Span,
    /// The `--set` assignment that gave `count`, if one did.
    pub count_set: Option<String>,
    /// Its inputs.
    pub inputs: FleetInputs,
    /// The catalog's range for the model at the scenario date, where there is one.
    pub market: Option<Market>,
    /// When it was bought (the scenario date unless `acquired` says otherwise).
    pub acquired: NaiveDate,
    /// What its unit price includes: the GPU, or its share of a server or rack.
    pub includes: Includes,
    /// The alternative it belongs to, if the scenario's fleets are alternatives; `None`
    /// for a fleet common to every option.
    pub option: Option<String>,
    /// A bought fleet's servers as a share of its GPUs (the catalog's default server
    /// share), to tell a price of GPUs alone from one of GPUs in servers.
    pub server_factor: Option<Resolved>,
    /// Peak dense BF16/FP16 FLOP/s of one GPU, where the model has a figure.
    pub peak_flops: Option<Resolved>,
    /// What renting one of its GPU-hours would cost instead (bought fleets): the
    /// `[gpu.NAME]`'s `rate_per_gpu_hour`, else the catalog's rent at the scenario date.
    pub rent: Option<Resolved>,
    /// The fleet's table in the file.
    pub span: Span,
}

impl Fleet {
    /// What its `gpus` part is divided by to count the GPUs alone: 1 + the servers'
    /// share, when its unit price includes its servers (or rack); `None` when the price
    /// is of the GPUs alone.
    pub fn gpus_divisor(&self) -> Option<Range> {
        let share = self.server_factor.as_ref()?;
        if self.includes == Includes::Gpu {
            return None;
        }
        Range::exact(Decimal::ONE).add(&share.value).ok()
    }

    /// The same fleet with every input at its midpoint.
    pub fn at_midpoint(&self) -> Fleet {
        Fleet {
            id: self.id.clone(),
            gpu: self.gpu.clone(),
            count: self.count,
            count_span: self.count_span.clone(),
            count_set: self.count_set.clone(),
            inputs: self.inputs.at_midpoint(),
            market: self.market.clone(),
            acquired: self.acquired,
            includes: self.includes,
            option: self.option.clone(),
            server_factor: self.server_factor.as_ref().map(Resolved::at_midpoint),
            peak_flops: self.peak_flops.clone(),
            rent: self.rent.clone(),
            span: self.span.clone(),
        }
    }
}

/// How much compute a job uses, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Compute {
    /// GPU-hours as reported.
    GpuHours(Resolved),
    /// Wall-clock hours, on the job's GPUs.
    Hours(Resolved),
    /// Wall-clock days, on the job's GPUs.
    Days(Resolved),
    /// Floating-point operations, at `mfu` of the peak FLOP/s.
    Flop(Resolved),
    /// Parameters × tokens × 6 FLOP, at `mfu` of the peak FLOP/s.
    Training {
        /// Active parameters.
        params: Resolved,
        /// Training tokens.
        tokens: Resolved,
    },
}

/// A job: a training run, or any other use of a fleet's GPUs, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// Unique id.
    pub id: String,
    /// The fleet it runs on.
    pub fleet: String,
    /// How much compute.
    pub compute: Compute,
    /// The GPUs it runs on (the fleet's count unless `gpus` says otherwise).
    pub gpus: Resolved,
    /// Model FLOP utilization, when given.
    pub mfu: Option<Resolved>,
    /// Peak FLOP/s of one GPU, from the fleet's model, where there is a figure.
    pub peak_flops: Option<Resolved>,
    /// When it starts.
    pub start: NaiveDate,
    /// How its hardware is charged.
    pub depreciation: Depreciation,
    /// Whether its estimates count the fleet's facility (Epoch AI counts none).
    pub facility: bool,
    /// What one of its GPU-hours costs to rent: the rented fleet's rate, the job's
    /// `cloud_rate` or the catalog's rent at `start`; `None` when nothing gives one.
    pub cloud_rate: Option<Resolved>,
    /// The job's table in the file.
    pub span: Span,
}

impl Job {
    /// Every input with its key, in report order.
    pub fn list(&self) -> Vec<(Param, &Resolved)> {
        let mut list = match &self.compute {
            Compute::GpuHours(h) => vec![(Param::GpuHours, h)],
            Compute::Hours(h) => vec![(Param::Hours, h)],
            Compute::Days(d) => vec![(Param::Days, d)],
            Compute::Flop(f) => vec![(Param::Flop, f)],
            Compute::Training { params, tokens } => {
                vec![(Param::Params, params), (Param::Tokens, tokens)]
            }
        };
        list.push((Param::Gpus, &self.gpus));
        list.extend(self.mfu.iter().map(|m| (Param::Mfu, m)));
        list.extend(self.peak_flops.iter().map(|p| (Param::PeakFlops, p)));
        list.extend(self.cloud_rate.iter().map(|r| (Param::CloudRate, r)));
        list
    }

    /// The input for a key, for changing it (solve, sensitivity). A rented fleet's job
    /// is priced at the fleet's rate, which is changed on the fleet.
    pub fn get_mut(&mut self, param: Param) -> Option<&mut Resolved> {
        match (param, &mut self.compute) {
            (Param::GpuHours, Compute::GpuHours(v))
            | (Param::Hours, Compute::Hours(v))
            | (Param::Days, Compute::Days(v))
            | (Param::Flop, Compute::Flop(v))
            | (Param::Params, Compute::Training { params: v, .. })
            | (Param::Tokens, Compute::Training { tokens: v, .. }) => Some(v),
            (Param::Gpus, _) => Some(&mut self.gpus),
            (Param::Mfu, _) => self.mfu.as_mut(),
            (Param::PeakFlops, _) => self.peak_flops.as_mut(),
            (Param::CloudRate, _) => self.cloud_rate.as_mut(),
            _ => None,
        }
    }

    /// The same job with every input at its midpoint.
    pub fn at_midpoint(&self) -> Job {
        let mut job = self.clone();
        let params: Vec<Param> = self.list().iter().map(|(p, _)| *p).collect();
        for param in params {
            if let Some(input) = job.get_mut(param) {
                *input = input.at_midpoint();
            }
        }
        job
    }
}

/// A claim, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// Unique id.
    pub id: String,
    /// The article or document it comes from.
    pub source: Option<String>,
    /// The words claimed.
    pub quote: Option<String>,
    /// The figure, in the report currency (a one-point range for a single figure or a
    /// bound; the interval read for words such as "tens of millions").
    pub value: Range,
    /// How it was written, and so how it is judged.
    pub reading: Reading,
    /// The value as written, when it was text (`"more than $100 million"`).
    pub written: Option<String>,
    /// The fleet it speaks of; `None` for the whole scenario (or a job).
    pub fleet: Option<String>,
    /// The job it speaks of, for a job's scope.
    pub job: Option<String>,
    /// The serve it speaks of, for a serve's scope.
    pub serve: Option<String>,
    /// The total it speaks of.
    pub scope: Scope,
    /// The alternative whose total it speaks of (a claim on the scenario's total when
    /// its fleets are alternatives).
    pub option: Option<String>,
    /// Where `value` is written (see [`Fleet::count_span`]).
    pub value_span: Span,
    /// The `--set` assignment that gave `value`, if one did.
    pub value_set: Option<String>,
    /// The claim's table in the file.
    pub span: Span,
}

/// Marks an input `--set` gave as coming from the command line, and moves any other
/// place in the edited text to where it stands in the original.
fn place(origin: &mut Origin, edits: &overrides::Edits) {
    let Some(span) = origin.span_mut() else {
        return;
    };
    match edits.holding(span) {
        Some(e) => *origin = Origin::Set(e.text.clone()),
        None => *span = edits.span_to_original(span),
    }
}

/// A scenario ready to price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Display name (the file name when `[scenario] name` is absent).
    pub name: String,
    /// The date prices, catalog entries and rates are taken at.
    pub date: NaiveDate,
    /// The report currency: every money figure is in it.
    pub currency: Currency,
    /// The file's own `currency`, that its bare numbers are written in.
    pub written: Currency,
    /// Articles and documents the scenario rests on.
    pub sources: Vec<String>,
    /// For one option of a scenario whose fleets are alternatives: that option (the
    /// scenario then holds its fleets and the common ones only).
    pub option: Option<String>,
    /// Exchange rates in force.
    pub rates: Rates,
    /// Fleets, in file order.
    pub fleets: Vec<Fleet>,
    /// Jobs, in file order.
    pub jobs: Vec<Job>,
    /// Serves, in file order.
    pub serves: Vec<Serve>,
    /// Claims, in file order.
    pub claims: Vec<Claim>,
    /// What the scenario is priced with but a reader should know, such as a catalog
    /// price more than a year older than the scenario.
    pub warnings: Vec<String>,
    /// Constant dollars: every money figure restated in another year's dollars.
    pub restated: Option<Restated>,
    /// Where each fleet and job stands, by id.
    ids: Ids,
}

/// Where each fleet and job stands in a scenario, by id: whatever names one (a job its
/// fleet, a claim its fleet or job, a report a job's fleet) finds it without a scan,
/// so a scenario of thousands of each costs in proportion to them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ids {
    fleets: HashMap<String, usize>,
    jobs: HashMap<String, usize>,
    serves: HashMap<String, usize>,
}

impl Ids {
    /// The fleets' places (ids are unique once resolved).
    pub(crate) fn of(fleets: &[Fleet]) -> Ids {
        Ids {
            fleets: position_by_id(fleets.iter().map(|f| &f.id)),
            jobs: HashMap::new(),
            serves: HashMap::new(),
        }
    }

    /// The same with the serves' places.
    pub(crate) fn with_serves(self, serves: &[Serve]) -> Ids {
        Ids {
            serves: position_by_id(serves.iter().map(|s| &s.id)),
            ..self
        }
    }

    /// The place of the serve with this id.
    pub fn serve(&self, id: &str) -> Option<usize> {
        self.serves.get(id).copied()
    }

    /// The same with the jobs' places.
    pub(crate) fn with_jobs(self, jobs: &[Job]) -> Ids {
        Ids {
            jobs: position_by_id(jobs.iter().map(|j| &j.id)),
            ..self
        }
    }

    /// The place of the fleet with this id.
    pub fn fleet(&self, id: &str) -> Option<usize> {
        self.fleets.get(id).copied()
    }

    /// The place of the job with this id.
    pub fn job(&self, id: &str) -> Option<usize> {
        self.jobs.get(id).copied()
    }
}

fn position_by_id<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

impl Scenario {
    /// Reads and resolves a scenario's text; `fallback_name` names it when the file
    /// does not. Every problem found is returned, in file order.
    pub fn from_text(
        text: &str,
        fallback_name: &str,
        catalog: &Catalog,
        report: Option<Currency>,
    ) -> Result<Scenario, Vec<Diagnostic>> {
        let mut problems = Problems::default();
        let scenario = read::read(text, &mut problems).and_then(|draft| {
            resolve::resolve(&draft, fallback_name, catalog, report, &mut problems)
        });
        match scenario {
            Some(s) if problems.is_empty() => Ok(s),
            _ => Err(problems.into_vec()),
        }
    }

    /// Takes the scenario from the edited text back to the file: the inputs `--set`
    /// gave are marked as coming from the command line, and every other place is moved
    /// to where it stands in the original text.
    pub fn place_edits(&mut self, edits: &overrides::Edits) {
        let set = |span: &mut Span| match edits.holding(span) {
            Some(e) => Some(e.text.clone()),
            None => {
                *span = edits.span_to_original(span);
                None
            }
        };
        for fleet in &mut self.fleets {
            fleet.span = edits.span_to_original(&fleet.span);
            fleet.count_set = set(&mut fleet.count_span);
            let params: Vec<Param> = fleet.inputs.list().iter().map(|(p, _)| *p).collect();
            for param in params {
                if let Some(input) = fleet.inputs.get_mut(param) {
                    place(&mut input.origin, edits);
                }
            }
        }
        for job in &mut self.jobs {
            job.span = edits.span_to_original(&job.span);
            let params: Vec<Param> = job.list().iter().map(|(p, _)| *p).collect();
            for param in params {
                if let Some(input) = job.get_mut(param) {
                    place(&mut input.origin, edits);
                }
            }
        }
        for serve in &mut self.serves {
            serve.span = edits.span_to_original(&serve.span);
            let params: Vec<Param> = serve.list().iter().map(|(p, _)| *p).collect();
            for param in params {
                if let Some(input) = serve.get_mut(param) {
                    place(&mut input.origin, edits);
                }
            }
        }
        for claim in &mut self.claims {
            claim.span = edits.span_to_original(&claim.span);
            claim.value_set = set(&mut claim.value_span);
        }
    }

    /// Where each fleet and job stands, by id.
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    /// The job with this id.
    pub fn job(&self, id: &str) -> Option<&Job> {
        self.ids.job(id).map(|i| &self.jobs[i])
    }

    /// The serve with this id.
    pub fn serve(&self, id: &str) -> Option<&Serve> {
        self.ids.serve(id).map(|i| &self.serves[i])
    }

    /// The fleet with this id.
    pub fn fleet(&self, id: &str) -> Option<&Fleet> {
        self.ids.fleet(id).map(|i| &self.fleets[i])
    }

    /// The options its fleets are alternatives in, in file order; empty when they are
    /// not alternatives.
    pub fn options(&self) -> Vec<&str> {
        let mut options: Vec<&str> = Vec::new();
        for o in self.fleets.iter().filter_map(|f| f.option.as_deref()) {
            if !options.contains(&o) {
                options.push(o);
            }
        }
        options
    }

    /// One option of a scenario whose fleets are alternatives: its fleets and the common
    /// ones, their jobs, and the claims on them or on the option's total; named for it.
    pub fn view(&self, option: &str) -> Scenario {
        let keep = |f: &Fleet| f.option.as_deref().is_none_or(|o| o == option);
        let fleets: Vec<Fleet> = self.fleets.iter().filter(|f| keep(f)).cloned().collect();
        let kept = |id: &str| fleets.iter().any(|f| f.id == id);
        let jobs: Vec<Job> = self
            .jobs
            .iter()
            .filter(|j| kept(&j.fleet))
            .cloned()
            .collect();
        let job_kept = |id: &str| jobs.iter().any(|j| j.id == id);
        let serves: Vec<Serve> = (self.serves.iter())
            .filter(|s| kept(&s.fleet))
            .cloned()
            .collect();
        let serve_kept = |id: &str| serves.iter().any(|s| s.id == id);
        let claims = self
            .claims
            .iter()
            .filter(|c| match (&c.job, &c.fleet, &c.option) {
                _ if c.serve.is_some() => c.serve.as_deref().is_some_and(serve_kept),
                (Some(j), _, _) => job_kept(j),
                (None, Some(f), _) => kept(f),
                (None, None, o) => o.as_deref() == Some(option),
            })
            .cloned()
            .collect();
        let ids = Ids::of(&fleets).with_jobs(&jobs).with_serves(&serves);
        Scenario {
            name: format!("{} — option `{option}`", self.name),
            option: Some(option.to_string()),
            fleets,
            jobs,
            serves,
            claims,
            ids,
            ..self.clone()
        }
    }
}
