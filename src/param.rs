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
    /// Horizon for energy (and the default rental term).
    Years,
}

impl Param {
    /// The overheads a `[defaults]` table and any fleet may set.
    pub const OVERHEADS: [Param; 7] = [
        Param::ServerShare,
        Param::NetworkShare,
        Param::FacilityPerMw,
        Param::KwPerGpu,
        Param::Pue,
        Param::ElectricityPerKwh,
        Param::Years,
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
            Param::Years => "years",
        }
    }

    /// The smallest value that makes sense, and whether it is included.
    pub fn minimum(self) -> (rust_decimal::Decimal, bool) {
        use rust_decimal::Decimal;
        match self {
            Param::Pue => (Decimal::ONE, true),
            Param::Months | Param::Years | Param::KwPerGpu => (Decimal::ZERO, false),
            _ => (Decimal::ZERO, true),
        }
    }

    /// The largest value that makes sense (shares are fractions).
    pub fn maximum(self) -> Option<rust_decimal::Decimal> {
        matches!(self, Param::ServerShare | Param::NetworkShare)
            .then_some(rust_decimal::Decimal::ONE)
    }
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}
