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

/// A total a claim can speak of.
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
}

impl Scope {
    /// All scopes, in report order.
    pub const ALL: [Scope; 4] = [Scope::Gpus, Scope::Capex, Scope::Tco, Scope::Rental];

    /// The key as written in a claim.
    pub fn key(self) -> &'static str {
        match self {
            Scope::Gpus => "gpus",
            Scope::Capex => "capex",
            Scope::Tco => "tco",
            Scope::Rental => "rental",
        }
    }

    /// Reads a scope key.
    pub fn from_key(key: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.key() == key)
    }

    /// All keys, for messages.
    pub fn keys() -> Vec<&'static str> {
        Scope::ALL.iter().map(|s| s.key()).collect()
    }

    /// Whether a fleet acquired this way has parts in this scope.
    pub fn applies_to(self, acquisition: Acquisition) -> bool {
        match (self, acquisition) {
            (Scope::Tco, _) => true,
            (Scope::Rental, a) => a == Acquisition::Rent,
            (Scope::Gpus | Scope::Capex, a) => a == Acquisition::Buy,
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// Where a resolved input comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Set on the fleet, at this span.
    Fleet(Span),
    /// Set in `[defaults]`, at this span.
    Defaults(Span),
    /// Set in the scenario's `[gpu.NAME]`, at this span.
    Gpu(Span),
    /// The catalog, with its source and date.
    Catalog {
        /// Who says so.
        source: String,
        /// When it applies.
        date: String,
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
            Origin::Fleet(_) | Origin::Defaults(_) | Origin::Gpu(_) | Origin::Set(_)
        )
    }

    /// Whether the value is the fleet's own, not shared with others.
    pub fn is_fleets_own(&self) -> bool {
        match self {
            Origin::Fleet(_) => true,
            Origin::Set(assignment) => assignment.starts_with("fleet."),
            _ => false,
        }
    }

    /// The span in the text, for the origins written in the file.
    fn span_mut(&mut self) -> Option<&mut Span> {
        match self {
            Origin::Fleet(span) | Origin::Defaults(span) | Origin::Gpu(span) => Some(span),
            _ => None,
        }
    }

    /// A short label for reports: `scenario`, `defaults`, `catalog`, `derived` or
    /// `--set`.
    pub fn label(&self) -> &'static str {
        match self {
            Origin::Fleet(_) | Origin::Gpu(_) => "scenario",
            Origin::Defaults(_) => "defaults",
            Origin::Catalog { .. } => "catalog",
            Origin::Derived(_) => "derived",
            Origin::Set(_) => "--set",
        }
    }
}

/// How an input's values are spread between its bounds, for simulation. The exact
/// model uses the bounds alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Energy horizon, years.
    pub years: Resolved,
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
            ],
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
    pub source: String,
    /// First day the range applies.
    pub from: NaiveDate,
    /// Whether it is the newest the catalog has (for a family, for every member):
    /// a scenario dated long after it is priced past what the catalog knows.
    pub newest: bool,
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
    /// Its inputs.
    pub inputs: FleetInputs,
    /// The catalog's range for the model at the scenario date, where there is one.
    pub market: Option<Market>,
    /// The fleet's table in the file.
    pub span: Span,
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
    /// The fleet it speaks of; `None` for the whole scenario.
    pub fleet: Option<String>,
    /// The total it speaks of.
    pub scope: Scope,
    /// The claim's table in the file.
    pub span: Span,
}

/// A scenario ready to price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// Display name (the file name when `[scenario] name` is absent).
    pub name: String,
    /// The date prices, catalog entries and rates are taken at.
    pub date: NaiveDate,
    /// The report currency.
    pub currency: Currency,
    /// Articles and documents the scenario rests on.
    pub sources: Vec<String>,
    /// Exchange rates in force.
    pub rates: Rates,
    /// Fleets, in file order.
    pub fleets: Vec<Fleet>,
    /// Claims, in file order.
    pub claims: Vec<Claim>,
    /// What the scenario is priced with but a reader should know, such as a catalog
    /// price more than a year older than the scenario.
    pub warnings: Vec<String>,
    /// Constant dollars: every money figure restated in another year's dollars.
    pub restated: Option<Restated>,
}

impl Scenario {
    /// Reads and resolves a scenario's text; `fallback_name` names it when the file
    /// does not. Every problem found is returned, in file order.
    pub fn from_text(
        text: &str,
        fallback_name: &str,
        catalog: &Catalog,
    ) -> Result<Scenario, Vec<Diagnostic>> {
        let mut problems = Problems::default();
        let scenario = read::read(text, &mut problems)
            .and_then(|draft| resolve::resolve(&draft, fallback_name, catalog, &mut problems));
        match scenario {
            Some(s) if problems.is_empty() => Ok(s),
            _ => Err(problems.into_vec()),
        }
    }

    /// Takes the scenario from the edited text back to the file: the inputs `--set`
    /// gave are marked as coming from the command line, and every other place is moved
    /// to where it stands in the original text.
    pub fn place_edits(&mut self, edits: &overrides::Edits) {
        for fleet in &mut self.fleets {
            fleet.span = edits.span_to_original(&fleet.span);
            let params: Vec<Param> = fleet.inputs.list().iter().map(|(p, _)| *p).collect();
            for param in params {
                let Some(input) = fleet.inputs.get_mut(param) else {
                    continue;
                };
                let origin = &mut input.origin;
                let Some(span) = origin.span_mut() else {
                    continue;
                };
                match edits.holding(span) {
                    Some(e) => *origin = Origin::Set(e.text.clone()),
                    None => *span = edits.span_to_original(span),
                }
            }
        }
        for claim in &mut self.claims {
            claim.span = edits.span_to_original(&claim.span);
        }
    }

    /// The fleet with this id.
    pub fn fleet(&self, id: &str) -> Option<&Fleet> {
        self.fleets.iter().find(|f| f.id == id)
    }
}
