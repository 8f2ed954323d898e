//! A resolved input: its value as a range, where it came from (the file, a default,
//! the catalog, an override), and its spread for `simulate`; a fleet's inputs, bought
//! or rented, and the market a bought fleet is checked against.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Acquisition;
use crate::catalog::PriceKind;
use crate::input::Span;
use crate::input::param::Param;
use crate::money::Range;

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
    pub(super) fn span_mut(&mut self) -> Option<&mut Span> {
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

    pub(super) fn at_midpoint(&self) -> Resolved {
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
