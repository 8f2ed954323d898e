//! The whole scenario priced: each fleet's parts and cost of owning a GPU-hour, the
//! totals per scope, and the jobs; an overflow names the fleet and the input.

use crate::diagnostic::Diagnostic;
use crate::model::fleet::{Part, price_fleet, scope_total};
use crate::model::jobs::JobCost;
use crate::model::owning::Owned;
use crate::model::serve::ServeCost;
use crate::money::{Overflow, Range};
use crate::scenario::{Acquisition, Claim, Fleet, Ids, Scenario, Scope};

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
    pub serves: Vec<ServeCost>,
}

impl Costs {
    /// The job with this id (`ids` are the scenario's: costs are in its order).
    pub fn job(&self, ids: &Ids, id: &str) -> Option<&JobCost> {
        self.jobs.get(ids.job(id)?)
    }

    /// The serve with this id (`ids` are the scenario's: costs are in its order).
    pub fn serve(&self, ids: &Ids, id: &str) -> Option<&ServeCost> {
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
            let owned = crate::model::owning::owned(f)
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
    let jobs = crate::model::jobs::price_all(scenario)?;
    let serves = crate::model::serve::price_all(scenario)?;
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
    crate::model::overflow::diagnostic(
        message,
        crate::model::overflow::of_fleet(fleet),
        (fleet.span.clone(), "this fleet"),
    )
}
