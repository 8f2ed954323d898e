//! The cost model: a resolved [`Scenario`](crate::scenario::Scenario) → the cost of
//! each fleet part by part, and the totals per scope, as exact ranges with overflow
//! checked. Pure arithmetic: no I/O, no formatting.
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
//!
//! Files, each using only those before it: [`fleet`] (one fleet's parts), [`jobs`]
//! (a training run's GPU-hours and cost), [`owning`] (a GPU-hour owned), [`costs`]
//! (the scenario: fleets, totals, jobs, serves), [`serve`] (a workload served: its
//! cost, revenue and margin), and [`overflow`] (which input an overflow rests on).
//!
//! Layer (ARCHITECTURE.md): uses `scenario`, `input`, `money` and `diagnostic`; judges
//! no claim and formats nothing.

pub mod costs;
pub mod fleet;
pub mod jobs;
pub mod overflow;
pub mod owning;
pub mod serve;

pub use costs::{Costs, FleetCost, price};
pub use fleet::{HOURS_PER_MONTH, HOURS_PER_YEAR, Linear, Part, linear, price_fleet, scope_total};
