//! What a GPU-hour costs to own, against renting one: for a bought fleet, (its
//! hardware charged per hour over `years`, plus its facility charged over
//! `facility_years`, plus its energy per hour) / `utilization`, beside the rent for
//! its model, and the utilization at which the two are equal.
//! Exact decimals; every figure a range from its inputs' ranges.

use rust_decimal::Decimal;

use crate::model::fleet::{HOURS_PER_YEAR, Linear};
use crate::model::jobs::{PerGpu, shares};
use crate::money::{Overflow, Range, powd};
use crate::scenario::{BuyInputs, Fleet, FleetInputs, Resolved};

/// Owning one GPU-hour of a bought fleet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owned {
    /// Hardware and facility of one GPU.
    pub per_gpu: Range,
    /// The GPU, its servers and network: unit_price × (1 + shares).
    pub hardware: Range,
    /// Its share of the facility.
    pub facility: Range,
    /// The share of the hardware charged per hour owned: 1 / (years × 8,766), or with
    /// a cost of capital r the annuity r / (1 − (1 + r)^−years) / 8,766.
    pub charge: Range,
    /// The same for the facility, over `facility_years`.
    pub facility_charge: Range,
    /// hardware × charge + facility × facility_charge.
    pub hardware_per_hour: Range,
    /// Energy per hour at the fleet's load and PUE.
    pub energy_per_hour: Range,
    /// The share of hours used (1 unless written).
    pub utilization: Range,
    /// (hardware_per_hour + energy_per_hour) / utilization.
    pub per_gpu_hour: Range,
    /// What renting a GPU-hour of the model costs, where known.
    pub rent: Option<Resolved>,
    /// The utilization at which owning costs what renting does: (hardware_per_hour +
    /// energy_per_hour) / rent. Above 1, renting is cheaper at any use.
    pub break_even: Option<Range>,
}

/// The annuity factor r / (1 − (1 + r)^−n): the share of a sum paid each year to repay
/// it with interest r over n years; 1 / n without interest.
pub fn annuity(r: Decimal, n: Decimal) -> Result<Decimal, Overflow> {
    if r.is_zero() {
        return Decimal::ONE.checked_div(n).ok_or(Overflow);
    }
    let left = powd(Decimal::ONE.checked_add(r).ok_or(Overflow)?, -n).ok_or(Overflow)?;
    r.checked_div(Decimal::ONE - left).ok_or(Overflow)
}

/// The share of what lasts `years` charged per hour owned, over the inputs' ranges:
/// the annuity grows with the rate and shrinks with the years.
fn charge(b: &BuyInputs, years: Range) -> Result<Range, Overflow> {
    let hours = Decimal::from(HOURS_PER_YEAR);
    let rate = b.cost_of_capital.as_ref().map_or(Range::ZERO, |r| r.value);
    let per_hour = |r: Decimal, n: Decimal| annuity(r, n)?.checked_div(hours).ok_or(Overflow);
    Range::new(
        per_hour(rate.low(), years.high())?,
        per_hour(rate.high(), years.low())?,
    )
    .ok_or(Overflow)
}

/// Owning a GPU-hour of a bought fleet; `None` for a rented one.
pub fn owned(fleet: &Fleet) -> Result<Option<Owned>, Overflow> {
    let FleetInputs::Buy(b) = &fleet.inputs else {
        return Ok(None);
    };
    let own = PerGpu::of(b)?;
    let per_gpu = own.hardware.add(&own.facility)?;
    let facility_charge = charge(b, b.facility_years.value)?;
    let charge = charge(b, b.years.value)?;
    let hardware_per_hour = own
        .hardware
        .mul(&charge)?
        .add(&own.facility.mul(&facility_charge)?)?;
    let at_full_use = hardware_per_hour.add(&own.energy_per_hour)?;
    let utilization = b
        .utilization
        .as_ref()
        .map_or(Range::exact(Decimal::ONE), |u| u.value);
    let rent = fleet.rent.clone();
    let break_even = match &rent {
        Some(r) if r.value.low() > Decimal::ZERO => Some(at_full_use.div(&r.value)?),
        _ => None,
    };
    Ok(Some(Owned {
        per_gpu,
        hardware: own.hardware,
        facility: own.facility,
        charge,
        facility_charge,
        hardware_per_hour,
        energy_per_hour: own.energy_per_hour,
        utilization,
        per_gpu_hour: at_full_use.div(&utilization)?,
        rent,
        break_even,
    }))
}

/// Owning a GPU-hour written as `unit_price × coefficient + rest`, for the unit price
/// a claim implies: coefficient = (1 + shares) × charge / utilization, rest = (facility
/// × facility charge + energy) / utilization.
pub fn linear(fleet: &Fleet) -> Result<Option<Linear>, Overflow> {
    let (FleetInputs::Buy(b), Some(o)) = (&fleet.inputs, owned(fleet)?) else {
        return Ok(None);
    };
    let own = PerGpu::of(b)?;
    Ok(Some(Linear {
        coefficient: shares(b)?.mul(&o.charge)?.div(&o.utilization)?,
        rest: own
            .facility
            .mul(&o.facility_charge)?
            .add(&o.energy_per_hour)?
            .div(&o.utilization)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn annuity_against_a_hand_figure() {
        // $1 over 5 years at 8%: 0.08 / (1 − 1.08^−5) = 0.08 / (1 − 0.680583197) =
        // 0.250456455 a year (the textbook capital recovery factor).
        let a = annuity(dec!(0.08), dec!(5)).expect("finite");
        assert!((a - dec!(0.2504564545)).abs() < dec!(0.0000000001), "{a}");
        // Without interest, straight-line: 1 / 5.
        assert_eq!(annuity(Decimal::ZERO, dec!(5)), Ok(dec!(0.2)));
        // Part years: 1.08^−5.5 = 0.654891487, 0.08 / 0.345108513 = 0.2318111461.
        let a = annuity(dec!(0.08), dec!(5.5)).expect("finite");
        assert!((a - dec!(0.2318111461)).abs() < dec!(0.0000000001), "{a}");
        // Before: a rate of Decimal::MAX panicked ("Addition overflowed").
        assert_eq!(annuity(Decimal::MAX, dec!(5)), Err(Overflow));
    }
}
