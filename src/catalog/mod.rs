//! The built-in catalog: GPU models with launch dates, TDP and dated price and rental
//! ranges; the default assumptions; and the ECB exchange rates. Every number carries
//! its source. The data live in `data/catalog.toml` and `data/fx.toml`, embedded in the
//! binary and parsed on first use.

mod load;

use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diagnostic::FileDiagnostics;
use crate::money::{FxTable, PriceIndex, Range};
use crate::param::Param;

pub use load::{parse_catalog, parse_fx, parse_ppi};

/// A value with where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Who says so.
    pub source: String,
    /// When it applies (as written in the catalog).
    pub date: String,
}

/// A price or rental range in US dollars, valid from a date until the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricePeriod {
    /// First day the range applies.
    pub from: NaiveDate,
    /// The range, USD per GPU (price) or per GPU-hour (rent).
    pub range: Range,
    /// Who says so.
    pub source: String,
}

/// One GPU model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GpuModel {
    /// Canonical name, e.g. `H100-SXM`.
    pub name: String,
    /// Other names it is known by, e.g. `H100`.
    pub aliases: Vec<String>,
    /// Architecture family, e.g. `Hopper`.
    pub family: String,
    /// Announcement date: no price exists before it.
    pub launch: Sourced<NaiveDate>,
    /// Thermal design power, watts.
    pub tdp_w: Sourced<Decimal>,
    /// IT load per GPU in kW where a source gives it; otherwise derived from the TDP.
    pub kw_per_gpu: Option<Sourced<Range>>,
    /// Peak dense BF16/FP16 tensor FLOP/s per GPU, where a source gives it.
    pub peak_flops: Option<Sourced<Decimal>>,
    /// Purchase prices, ascending by date.
    pub prices: Vec<PricePeriod>,
    /// Rental rates, ascending by date.
    pub rents: Vec<PricePeriod>,
}

/// What a price list is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceKind {
    /// Buying one GPU.
    Purchase,
    /// Renting one GPU for an hour.
    Rental,
}

impl GpuModel {
    /// The periods of prices or of rents, in date order.
    pub fn periods(&self, kind: PriceKind) -> &[PricePeriod] {
        match kind {
            PriceKind::Purchase => &self.prices,
            PriceKind::Rental => &self.rents,
        }
    }

    /// The range in force at `date`.
    pub fn price_at(&self, kind: PriceKind, date: NaiveDate) -> Option<&PricePeriod> {
        self.periods(kind).iter().rev().find(|p| p.from <= date)
    }

    /// IT load per GPU, kW: the model's own figure or TDP × the server power factor.
    pub fn kw_per_gpu(&self, factor: &Sourced<Range>) -> Sourced<Range> {
        if let Some(kw) = &self.kw_per_gpu {
            return kw.clone();
        }
        let kw = self.tdp_w.value / Decimal::ONE_THOUSAND;
        let range = factor.value.scale(kw).unwrap_or(factor.value);
        Sourced {
            value: range,
            source: format!(
                "derived: TDP {} W x server power factor {}-{} ({})",
                self.tdp_w.value,
                factor.value.low(),
                factor.value.high(),
                factor.source
            ),
            date: factor.date.clone(),
        }
    }
}

/// An architecture family, resolving to the union of its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// Name, e.g. `Hopper`.
    pub name: String,
    /// Other names, e.g. `A100` for Ampere (both memory sizes).
    pub aliases: Vec<String>,
}

/// A name in a scenario's `gpu` key, resolved.
#[derive(Clone, Copy, Debug)]
pub enum GpuRef<'c> {
    /// One model.
    Model(&'c GpuModel),
    /// A family: the union of its members.
    Family(&'c Family),
}

/// The whole built-in catalog.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// GPU models, in catalog order.
    pub models: Vec<GpuModel>,
    /// Families.
    pub families: Vec<Family>,
    /// Defaults for the overheads, each with its source.
    pub assumptions: Vec<(Param, Sourced<Range>)>,
    /// IT load per GPU as a multiple of its TDP.
    pub server_power_factor: Option<Sourced<Range>>,
    /// Monthly exchange rates.
    pub fx: FxTable,
    /// The monthly price index for constant dollars.
    pub ppi: PriceIndex,
}

/// The catalog data as shipped.
pub const CATALOG_TOML: &str = include_str!("../../data/catalog.toml");
/// The exchange rates as shipped.
pub const FX_TOML: &str = include_str!("../../data/fx.toml");
/// The price index as shipped.
pub const PPI_TOML: &str = include_str!("../../data/ppi.toml");

impl Catalog {
    /// The built-in catalog, parsed once on first use.
    pub fn builtin() -> Result<&'static Catalog, FileDiagnostics> {
        static CATALOG: OnceLock<Result<Catalog, FileDiagnostics>> = OnceLock::new();
        CATALOG
            .get_or_init(|| {
                let mut catalog = parse_catalog("data/catalog.toml (built in)", CATALOG_TOML)?;
                catalog.fx = parse_fx("data/fx.toml (built in)", FX_TOML)?;
                catalog.ppi = parse_ppi("data/ppi.toml (built in)", PPI_TOML)?;
                Ok(catalog)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The built-in catalog with a user's catalog file merged over it (see
    /// [`load::merge_catalog`]); `file` names it in messages.
    pub fn with_override(file: &str, text: &str) -> Result<Catalog, FileDiagnostics> {
        load::merge_catalog(Catalog::builtin()?, file, text)
    }

    /// Finds a model or family by name or alias, ignoring case, spaces and dashes.
    pub fn lookup(&self, name: &str) -> Option<GpuRef<'_>> {
        let wanted = normalize(name);
        let matches = |n: &String| normalize(n) == wanted;
        if let Some(m) = self
            .models
            .iter()
            .find(|m| matches(&m.name) || m.aliases.iter().any(matches))
        {
            return Some(GpuRef::Model(m));
        }
        self.families
            .iter()
            .find(|f| matches(&f.name) || f.aliases.iter().any(matches))
            .map(GpuRef::Family)
    }

    /// The models of a family, in catalog order.
    pub fn members<'c>(&'c self, family: &Family) -> impl Iterator<Item = &'c GpuModel> {
        let name = family.name.clone();
        self.models.iter().filter(move |m| m.family == name)
    }

    /// Every name `lookup` accepts, for suggestions.
    pub fn names(&self) -> Vec<&str> {
        let models = self
            .models
            .iter()
            .flat_map(|m| std::iter::once(&m.name).chain(&m.aliases));
        let families = self
            .families
            .iter()
            .flat_map(|f| std::iter::once(&f.name).chain(&f.aliases));
        models.chain(families).map(String::as_str).collect()
    }

    /// The built-in default of an overhead.
    pub fn assumption(&self, param: Param) -> Option<&Sourced<Range>> {
        self.assumptions
            .iter()
            .find(|(p, _)| *p == param)
            .map(|(_, s)| s)
    }
}

impl GpuRef<'_> {
    /// The name shown in reports.
    pub fn name(&self) -> &str {
        match self {
            GpuRef::Model(m) => &m.name,
            GpuRef::Family(f) => &f.name,
        }
    }
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> &'static Catalog {
        match Catalog::builtin() {
            Ok(c) => c,
            Err(e) => panic!("built-in catalog: {}", e.render(false)),
        }
    }

    #[test]
    fn builtin_catalog_parses_with_every_model_the_design_names() {
        let c = catalog();
        for name in [
            "V100",
            "A100-40GB",
            "A100-80GB",
            "H100-SXM",
            "H100-PCIe",
            "H200",
            "B200",
        ] {
            assert!(matches!(c.lookup(name), Some(GpuRef::Model(_))), "{name}");
        }
        for family in ["Volta", "Ampere", "Hopper", "Blackwell"] {
            assert!(
                matches!(c.lookup(family), Some(GpuRef::Family(_))),
                "{family}"
            );
        }
        assert!(c.fx.month(2023, 4).is_some());
    }

    #[test]
    fn every_price_and_default_has_a_source() {
        let c = catalog();
        for m in &c.models {
            assert!(!m.prices.is_empty(), "{} has no price", m.name);
            for p in m.prices.iter().chain(&m.rents) {
                assert!(p.source.len() > 20, "{}: thin source", m.name);
                assert!(p.from >= m.launch.value, "{}: price before launch", m.name);
            }
            assert!(!m.launch.source.is_empty() && !m.tdp_w.source.is_empty());
        }
        for param in [
            Param::ServerShare,
            Param::NetworkShare,
            Param::FacilityPerMw,
            Param::Pue,
            Param::ElectricityPerKwh,
            Param::Years,
        ] {
            let a = c.assumption(param);
            assert!(a.is_some_and(|a| !a.source.is_empty()), "{param}");
        }
    }

    #[test]
    fn h100_alias_names_the_sxm_model_and_lookup_ignores_case_and_dashes() {
        let c = catalog();
        assert_eq!(
            c.lookup("H100").map(|g| g.name().to_string()).as_deref(),
            Some("H100-SXM")
        );
        assert_eq!(
            c.lookup("h100 sxm")
                .map(|g| g.name().to_string())
                .as_deref(),
            Some("H100-SXM")
        );
        assert_eq!(
            c.lookup("A100").map(|g| g.name().to_string()).as_deref(),
            Some("Ampere")
        );
        assert!(c.lookup("H1000").is_none());
    }

    #[test]
    fn a_price_applies_from_its_date_until_the_next() {
        let c = catalog();
        let Some(GpuRef::Model(h100)) = c.lookup("H100") else {
            panic!("H100 missing")
        };
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let p2023 = h100.price_at(PriceKind::Purchase, day("2023-12-31"));
        let p2024 = h100.price_at(PriceKind::Purchase, day("2024-01-01"));
        assert_eq!(p2023.map(|p| p.range.high()), Some(Decimal::from(40000)));
        assert_eq!(p2024.map(|p| p.range.high()), Some(Decimal::from(35000)));
        assert!(
            h100.price_at(PriceKind::Purchase, day("2022-03-21"))
                .is_none()
        );
    }
}
