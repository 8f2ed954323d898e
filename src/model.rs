//! The cost model: a resolved [`Scenario`] → the cost of each fleet part by part, and
//! the totals per scope, as exact ranges with overflow checked. Pure arithmetic: no
//! I/O, no formatting.
//!
//! Bought fleet, every input a range:
//! - `gpus` = count × unit_price
//! - `servers` = gpus × server_share; `network` = gpus × network_share
//! - `facility` = count × kw_per_gpu / 1000 × facility_per_mw
//! - `energy` = count × kw_per_gpu × load × pue × years × 8,766 × electricity_per_kwh
//!
//! Rented fleet: `rental` = count × rate_per_gpu_hour × months × 730.5.
//!
//! A year is 365.25 days (8,766 hours) everywhere: [`HOURS_PER_YEAR`].

use rust_decimal::Decimal;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::jobs::JobCost;
use crate::money::{Overflow, Range};
use crate::owning::Owned;
use crate::scenario::{
    Acquisition, BuyInputs, Claim, Fleet, FleetInputs, Ids, RentInputs, Scenario, Scope,
};

/// Hours in a year of 365.25 days: the one year the model counts in, for energy, for
/// charging hardware by the hour and for depreciation alike.
pub const HOURS_PER_YEAR: u32 = 8_766;
/// Hours in a month: a twelfth of [`HOURS_PER_YEAR`], 730.5.
pub const HOURS_PER_MONTH: Decimal = Decimal::from_parts(7_305, 0, 0, false, 1);

/// A part of a fleet's cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The GPUs themselves.
    Gpus,
    /// Servers: CPUs, memory, chassis, storage.
    Servers,
    /// Network fabric.
    Network,
    /// Datacenter build.
    Facility,
    /// Electricity over the horizon.
    Energy,
    /// Rent over the term.
    Rental,
}

impl Part {
    /// Every part, in report order.
    pub const ALL: [Part; 6] = [
        Part::Gpus,
        Part::Servers,
        Part::Network,
        Part::Facility,
        Part::Energy,
        Part::Rental,
    ];

    /// The key used in reports.
    pub fn key(self) -> &'static str {
        match self {
            Part::Gpus => "gpus",
            Part::Servers => "servers",
            Part::Network => "network",
            Part::Facility => "facility",
            Part::Energy => "energy",
            Part::Rental => "rental",
        }
    }

    /// Whether the part counts towards a scope's total.
    pub fn in_scope(self, scope: Scope) -> bool {
        match scope {
            Scope::Gpus => self == Part::Gpus,
            Scope::Capex => matches!(
                self,
                Part::Gpus | Part::Servers | Part::Network | Part::Facility
            ),
            Scope::Tco => true,
            Scope::Rental => self == Part::Rental,
            _ => false,
        }
    }
}

/// One fleet's cost, part by part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FleetCost {
    /// The fleet's id.
    pub id: String,
    /// Bought or rented.
    pub acquisition: Acquisition,
    /// Its parts, in report order.
    pub parts: Vec<(Part, Range)>,
    /// A bought fleet's cost of owning one of its GPU-hours.
    pub owned: Option<Owned>,
    /// What the `gpus` part is divided by to count the GPUs alone, when its price
    /// includes the servers ([`Fleet::gpus_divisor`]).
    pub gpus_divisor: Option<Range>,
}

impl FleetCost {
    /// The fleet's total for a scope (zero where it has no part in it).
    pub fn scope(&self, scope: Scope) -> Result<Range, Overflow> {
        scope_total(&self.parts, scope, self.gpus_divisor)
    }
}

/// The total of a fleet's `parts` for a scope (zero where it has no part in it). The
/// `gpus` scope is the accelerators alone: a `gpus` part priced with its servers is
/// divided by `gpus_divisor` (1 + the servers' share); the other scopes take the
/// parts as priced.
pub fn scope_total(
    parts: &[(Part, Range)],
    scope: Scope,
    gpus_divisor: Option<Range>,
) -> Result<Range, Overflow> {
    let total = Range::sum(
        parts
            .iter()
            .filter(|(p, _)| p.in_scope(scope))
            .map(|(_, r)| r),
    )?;
    match (scope, gpus_divisor) {
        (Scope::Gpus, Some(d)) => total.div(&d),
        _ => Ok(total),
    }
}

/// The whole scenario's cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Costs {
    /// Per fleet, in scenario order.
    pub fleets: Vec<FleetCost>,
    /// Per scope that some fleet has parts in, in scope order.
    pub totals: Vec<(Scope, Range)>,
    /// Per job, in scenario order: slices of their fleets' time, not in the totals.
    pub jobs: Vec<JobCost>,
    /// Per serve, in scenario order: slices of their fleets' time, not in the totals.
    pub serves: Vec<crate::serve::ServeCost>,
}

impl Costs {
    /// The job with this id (`ids` are the scenario's: costs are in its order).
    pub fn job(&self, ids: &Ids, id: &str) -> Option<&JobCost> {
        self.jobs.get(ids.job(id)?)
    }

    /// The serve with this id (`ids` are the scenario's: costs are in its order).
    pub fn serve(&self, ids: &Ids, id: &str) -> Option<&crate::serve::ServeCost> {
        self.serves.get(ids.serve(id)?)
    }

    /// The figure a claim speaks of: its job's estimate or measure, its fleet's total
    /// or cost of owning a GPU-hour, or the scenario's total; `None` where there is no
    /// such figure.
    pub fn claimed(&self, ids: &Ids, claim: &Claim) -> Result<Option<Range>, Overflow> {
        if let Some(id) = &claim.serve {
            return Ok(self.serve(ids, id).and_then(|s| s.scope(claim.scope)));
        }
        if let Some(id) = &claim.job {
            return Ok(self.job(ids, id).and_then(|j| j.scope(claim.scope)));
        }
        let Some(id) = &claim.fleet else {
            return Ok(self.total(claim.scope));
        };
        let Some(fleet) = ids.fleet(id).and_then(|i| self.fleets.get(i)) else {
            return Ok(None);
        };
        match claim.scope {
            Scope::OwnedPerGpuHour => Ok(fleet.owned.as_ref().map(|o| o.per_gpu_hour)),
            scope => fleet.scope(scope).map(Some),
        }
    }

    /// Per bought fleet, in scenario order: its id and what one of its GPU-hours costs
    /// to own.
    pub fn owned(&self) -> impl Iterator<Item = (&str, &Owned)> {
        self.fleets
            .iter()
            .filter_map(|f| Some((f.id.as_str(), f.owned.as_ref()?)))
    }

    /// The scenario total for a scope, if some fleet has parts in it.
    pub fn total(&self, scope: Scope) -> Option<Range> {
        self.totals
            .iter()
            .find(|(s, _)| *s == scope)
            .map(|(_, r)| *r)
    }
}

/// Prices every fleet and sums the scopes.
pub fn price(scenario: &Scenario) -> Result<Costs, Diagnostic> {
    let fleets = scenario
        .fleets
        .iter()
        .map(|f| {
            let parts = price_fleet(f.count, &f.inputs).map_err(|part| overflow(f, part.key()))?;
            let owned = crate::owning::owned(f)
                .map_err(|_| overflow(f, "the cost of owning a GPU-hour"))?;
            Ok(FleetCost {
                id: f.id.clone(),
                acquisition: f.inputs.acquisition(),
                parts,
                owned,
                gpus_divisor: f.gpus_divisor(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut totals = Vec::new();
    for scope in Scope::FLEET {
        if !fleets.iter().any(|f| scope.applies_to(f.acquisition)) {
            continue;
        }
        let mut total = Range::ZERO;
        for (fleet, cost) in scenario.fleets.iter().zip(&fleets) {
            total = cost
                .scope(scope)
                .and_then(|r| total.add(&r))
                .map_err(|_| overflow(fleet, &format!("the `{scope}` total")))?;
        }
        totals.push((scope, total));
    }
    let jobs = crate::jobs::price_all(scenario)?;
    let serves = crate::serve::price_all(scenario)?;
    Ok(Costs {
        fleets,
        totals,
        jobs,
        serves,
    })
}

fn overflow(fleet: &Fleet, what: &str) -> Diagnostic {
    let message = format!(
        "arithmetic overflow computing {what} of fleet `{}`",
        fleet.id
    );
    crate::overflow::diagnostic(
        message,
        crate::overflow::of_fleet(fleet),
        (fleet.span.clone(), "this fleet"),
    )
}

/// A fleet's parts; on overflow, the part that overflowed.
pub fn price_fleet(count: u64, inputs: &FleetInputs) -> Result<Vec<(Part, Range)>, Part> {
    let count = Range::exact(Decimal::from(count));
    match inputs {
        FleetInputs::Buy(b) => {
            let gpus = count.mul(&b.unit_price.value).map_err(|_| Part::Gpus)?;
            let servers = gpus.mul(&b.server_share.value).map_err(|_| Part::Servers)?;
            let network = gpus
                .mul(&b.network_share.value)
                .map_err(|_| Part::Network)?;
            let facility = facility(count, b).map_err(|_| Part::Facility)?;
            let energy = energy(count, b).map_err(|_| Part::Energy)?;
            Ok(vec![
                (Part::Gpus, gpus),
                (Part::Servers, servers),
                (Part::Network, network),
                (Part::Facility, facility),
                (Part::Energy, energy),
            ])
        }
        FleetInputs::Rent(r) => Ok(vec![(
            Part::Rental,
            rental_hours(count, r)
                .and_then(|h| h.mul(&r.rate_per_gpu_hour.value))
                .map_err(|_| Part::Rental)?,
        )]),
    }
}

fn facility(count: Range, b: &BuyInputs) -> Result<Range, Overflow> {
    count
        .mul(&b.kw_per_gpu.value)?
        .scale(Decimal::new(1, 3))?
        .mul(&b.facility_per_mw.value)
}

fn energy(count: Range, b: &BuyInputs) -> Result<Range, Overflow> {
    count
        .mul(&b.kw_per_gpu.value)?
        .mul(&b.load.value)?
        .mul(&b.pue.value)?
        .mul(&b.years.value)?
        .scale(Decimal::from(HOURS_PER_YEAR))?
        .mul(&b.electricity_per_kwh.value)
}

/// GPU-hours rented: count × months × 730.5.
fn rental_hours(count: Range, r: &RentInputs) -> Result<Range, Overflow> {
    count.mul(&r.months.value)?.scale(HOURS_PER_MONTH)
}

/// A fleet's scope total written as `unit × coefficient + rest`, where `unit` is the
/// fleet's unit price (bought) or rate (rented). Every input is non-negative, so both
/// ranges take lows with lows and highs with highs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Linear {
    /// What one currency unit of the unit price adds to the total.
    pub coefficient: Range,
    /// Everything else in the scope.
    pub rest: Range,
}

/// The linear form of a fleet's scope total in its unit price; `gpus_divisor` as for
/// [`scope_total`].
pub fn linear(
    count: u64,
    inputs: &FleetInputs,
    scope: Scope,
    gpus_divisor: Option<Range>,
) -> Result<Linear, Overflow> {
    let count = Range::exact(Decimal::from(count));
    if !scope.applies_to(inputs.acquisition()) {
        return Ok(Linear {
            coefficient: Range::ZERO,
            rest: Range::ZERO,
        });
    }
    match inputs {
        FleetInputs::Buy(b) => {
            if scope == Scope::Gpus {
                let coefficient = match gpus_divisor {
                    Some(d) => count.div(&d)?,
                    None => count,
                };
                return Ok(Linear {
                    coefficient,
                    rest: Range::ZERO,
                });
            }
            let overheads = Range::exact(Decimal::ONE)
                .add(&b.server_share.value)?
                .add(&b.network_share.value)?;
            let facility = facility(count, b)?;
            let rest = match scope {
                Scope::Tco => facility.add(&energy(count, b)?)?,
                _ => facility,
            };
            Ok(Linear {
                coefficient: count.mul(&overheads)?,
                rest,
            })
        }
        FleetInputs::Rent(r) => Ok(Linear {
            coefficient: rental_hours(count, r)?,
            rest: Range::ZERO,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Origin, Resolved};
    use rust_decimal_macros::dec;

    fn given(low: Decimal, high: Decimal) -> Resolved {
        Resolved::uniform(
            Range::new(low, high).unwrap_or(Range::ZERO),
            Origin::Derived("test".into()),
        )
    }

    fn buy() -> FleetInputs {
        FleetInputs::Buy(Box::new(BuyInputs {
            unit_price: given(dec!(25000), dec!(35000)),
            server_share: given(dec!(0.25), dec!(0.45)),
            network_share: given(dec!(0.10), dec!(0.20)),
            facility_per_mw: given(dec!(8000000), dec!(14000000)),
            kw_per_gpu: given(dec!(1.2), dec!(1.5)),
            load: given(dec!(1), dec!(1)),
            pue: given(dec!(1.2), dec!(1.5)),
            electricity_per_kwh: given(dec!(0.05), dec!(0.09)),
            years: given(dec!(4), dec!(4)),
            facility_years: given(dec!(20), dec!(20)),
            utilization: None,
            cost_of_capital: None,
        }))
    }

    fn part(parts: &[(Part, Range)], p: Part) -> (Decimal, Decimal) {
        let r = parts
            .iter()
            .find(|(q, _)| *q == p)
            .map(|(_, r)| *r)
            .unwrap_or(Range::ZERO);
        (r.low(), r.high())
    }

    #[test]
    fn bought_fleet_parts_follow_the_design_formulas() {
        let parts = price_fleet(100_000, &buy()).expect("no overflow");
        // 100,000 × $25k–35k
        assert_eq!(
            part(&parts, Part::Gpus),
            (dec!(2500000000), dec!(3500000000))
        );
        // gpus × 0.25–0.45
        assert_eq!(
            part(&parts, Part::Servers),
            (dec!(625000000), dec!(1575000000))
        );
        // gpus × 0.10–0.20
        assert_eq!(
            part(&parts, Part::Network),
            (dec!(250000000), dec!(700000000))
        );
        // 100,000 × 1.2–1.5 kW = 120–150 MW × $8M–14M
        assert_eq!(
            part(&parts, Part::Facility),
            (dec!(960000000), dec!(2100000000))
        );
        // 120,000–150,000 kW × PUE 1.2–1.5 × 4 × 8,766 = 35,064 h × $0.05–0.09
        // low: 120,000 × 1.2 × 35,064 × 0.05 = 252,460,800
        // high: 150,000 × 1.5 × 35,064 × 0.09 = 710,046,000
        assert_eq!(
            part(&parts, Part::Energy),
            (dec!(252460800), dec!(710046000))
        );
    }

    #[test]
    fn rented_fleet_has_only_rental() {
        let rent = FleetInputs::Rent(RentInputs {
            rate_per_gpu_hour: given(dec!(2), dec!(4)),
            months: given(dec!(12), dec!(12)),
        });
        let parts = price_fleet(24_000, &rent).expect("no overflow");
        // 24,000 × 12 × 730.5 h = 210,384,000 GPU-hours × $2–4
        assert_eq!(
            parts,
            vec![(
                Part::Rental,
                Range::new(dec!(420768000), dec!(841536000)).unwrap_or(Range::ZERO)
            )]
        );
    }

    #[test]
    fn linear_form_reproduces_every_scope_total() {
        let inputs = buy();
        let parts = price_fleet(1_000, &inputs).expect("no overflow");
        let FleetInputs::Buy(b) = &inputs else {
            unreachable!()
        };
        for scope in [Scope::Gpus, Scope::Capex, Scope::Tco] {
            let l = linear(1_000, &inputs, scope, None).expect("no overflow");
            let low = b.unit_price.value.low() * l.coefficient.low() + l.rest.low();
            let high = b.unit_price.value.high() * l.coefficient.high() + l.rest.high();
            let total = scope_total(&parts, scope, None).expect("no overflow");
            assert_eq!((low, high), (total.low(), total.high()), "{scope}");
        }
    }

    #[test]
    fn overflow_names_the_part() {
        let FleetInputs::Buy(mut b) = buy() else {
            unreachable!()
        };
        b.unit_price = given(Decimal::MAX / dec!(10), Decimal::MAX / dec!(10));
        assert_eq!(price_fleet(1_000, &FleetInputs::Buy(b)), Err(Part::Gpus));
    }
}
