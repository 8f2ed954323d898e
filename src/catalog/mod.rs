//! The built-in catalog: GPU models with launch dates, TDP and dated price and rental
//! ranges; the default assumptions; and the ECB exchange rates. Every number carries
//! its source. The data live in `data/catalog.toml` and `data/fx.toml`; the program
//! carries them as data generated from those files (`builtin.rs`, written by
//! `literal.rs`), so a start does not read them as TOML.
//!
//! Layer (ARCHITECTURE.md): uses `input`, `money` and `diagnostic`; never a scenario (a
//! scenario looks its models up here).

/// A decimal, `mantissa` × 10^-`scale`, made at compile time (the mantissa is a
/// decimal's own: at most 96 bits), for the generated catalog.
#[cfg(not(gpucost_catalog_stale))]
macro_rules! const_decimal {
    ($mantissa:literal, $scale:literal) => {
        const {
            let m: i128 = $mantissa;
            let u = m.unsigned_abs();
            Decimal::from_parts(u as u32, (u >> 32) as u32, (u >> 64) as u32, m < 0, $scale)
        }
    };
}

/// A calendar day made at compile time (a day that does not exist does not
/// compile), for the generated catalog.
#[cfg(not(gpucost_catalog_stale))]
macro_rules! const_day {
    ($y:literal, $m:literal, $d:literal) => {
        const {
            match NaiveDate::from_ymd_opt($y, $m, $d) {
                Some(d) => d,
                None => panic!("not a day"),
            }
        }
    };
}

// Generated from the TOML by `literal` (with `const_decimal!` and `const_day!` above);
// built only while it matches the TOML.
#[cfg(not(gpucost_catalog_stale))]
#[rustfmt::skip]
mod builtin;
pub mod import;
#[cfg(test)]
mod literal;
mod load;
mod points;
#[cfg(test)]
mod source_hash;

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::diagnostic::FileDiagnostics;
use crate::input::param::Param;
use crate::money::{Currency, FxTable, PriceIndex, Range};

pub use load::{merge_catalog, parse_catalog, parse_fx, parse_ppi};
pub use points::{Derived, Form, Points, PricePoint, WINDOW_DAYS, derive, usd_text};

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
    /// Thermal design power, watts; `None` where the maker does not publish it (the
    /// source then says so).
    pub tdp_w: Option<Sourced<Decimal>>,
    /// Why there is no TDP, with its source, when there is none.
    pub tdp_missing: Option<String>,
    /// Memory per GPU, GB.
    pub memory_gb: Option<Sourced<Decimal>>,
    /// IT load per GPU in kW where a source gives it; otherwise derived from the TDP.
    pub kw_per_gpu: Option<Sourced<Range>>,
    /// The model's own server power factor (server power per GPU ÷ TDP), where a
    /// source gives one; otherwise the catalog's default.
    pub server_power_factor: Option<Sourced<Range>>,
    /// Average draw as a share of the servers' maximum, where the model's differs
    /// from the default (TPUs).
    pub load: Option<Sourced<Range>>,
    /// Peak dense BF16/FP16 tensor FLOP/s per GPU.
    pub peak_flops: Option<Sourced<Decimal>>,
    /// Peak dense FP8 tensor FLOP/s per GPU, where the chip has FP8.
    pub peak_flops_fp8: Option<Sourced<Decimal>>,
    /// Why there is no peak FLOP/s, with its source, when there is none.
    pub peak_flops_missing: Option<String>,
    /// Why the catalog has no price or rent point (or none of one kind), with what was
    /// looked for: a model is never priced by a guess.
    pub price_missing: Option<String>,
    /// Dated price and rent points, in date order.
    pub points: Points,
}

/// What a price list is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceKind {
    /// Buying one GPU.
    Purchase,
    /// Renting one GPU for an hour.
    Rental,
}

impl GpuModel {
    /// The points of prices or of rents, in date order.
    pub fn points(&self, kind: PriceKind) -> impl Iterator<Item = &PricePoint> {
        self.points.iter().filter(move |p| p.form.kind() == kind)
    }

    /// The range the catalog's rule gives at `date` (see [`points`]).
    pub fn market(&self, kind: PriceKind, date: NaiveDate) -> Option<Derived<'_>> {
        points::derive(&self.points, kind, date)
    }

    /// [`GpuModel::market`] of one rent term only (`None`: every form of `kind`).
    pub fn market_term(
        &self,
        kind: PriceKind,
        date: NaiveDate,
        term: Option<Form>,
    ) -> Option<Derived<'_>> {
        points::derive_term(&self.points, kind, date, term)
    }

    /// IT load per GPU, kW: the model's own figure, or its TDP × its server power
    /// factor (the model's, else `default`); `None` without a TDP.
    pub fn kw_per_gpu(&self, default: &Sourced<Range>) -> Option<Sourced<Range>> {
        if let Some(kw) = &self.kw_per_gpu {
            return Some(kw.clone());
        }
        let tdp = self.tdp_w.as_ref()?;
        let factor = self.server_power_factor.as_ref().unwrap_or(default);
        kw_from_tdp("derived: TDP", tdp.value, factor)
    }
}

/// IT load per GPU, kW: `tdp_w` watts × the server power factor, its source saying so
/// after `label` (`derived: TDP 700 W x server power factor 1.8 (…)`); `None` if it
/// overflows.
pub fn kw_from_tdp(label: &str, tdp_w: Decimal, factor: &Sourced<Range>) -> Option<Sourced<Range>> {
    let value = factor.value.scale(tdp_w / Decimal::ONE_THOUSAND).ok()?;
    Some(Sourced {
        value,
        source: format!(
            "{label} {tdp_w} W x server power factor {} ({})",
            factor_text(factor.value),
            factor.source
        ),
        date: factor.date.clone(),
    })
}

/// `1.8`, `1.8 – 2.03`.
fn factor_text(range: Range) -> String {
    let one = |v: Decimal| crate::money::format_decimal(v);
    if range.low() == range.high() {
        one(range.low())
    } else {
        format!("{}-{}", one(range.low()), one(range.high()))
    }
}

/// A default the catalog gives, with its source: one range, or a figure by year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    /// The range, when it does not change with the year.
    pub value: Option<Range>,
    /// Figures by calendar year, ascending (electricity prices).
    pub by_year: Vec<(i32, Decimal)>,
    /// Who says so.
    pub source: String,
    /// When it applies (as written in the catalog).
    pub date: String,
}

impl Assumption {
    /// The figure for a scenario dated `date`: the range, or the year's figure (the
    /// nearest year the table has, and the source says which, outside it).
    pub fn at(&self, date: NaiveDate) -> Option<Sourced<Range>> {
        if let Some(value) = self.value {
            return Some(Sourced {
                value,
                source: self.source.clone(),
                date: self.date.clone(),
            });
        }
        let year = date.year();
        let (y, v) = self
            .by_year
            .iter()
            .rev()
            .find(|(y, _)| *y <= year)
            .or(self.by_year.first())?;
        let note = if *y == year {
            String::new()
        } else {
            format!(" (the table's nearest year to {year})")
        };
        Some(Sourced {
            value: Range::exact(*v),
            source: format!("{y} figure{note}: {}", self.source),
            date: y.to_string(),
        })
    }
}

impl Assumption {
    /// The figure over the calendar years something runs, from `start` for `years`
    /// (a range): for a table by year, the mean of the years' figures (to six places)
    /// over the fewest and over the most whole years, each year outside the table at
    /// its nearest year; a single range is the range.
    pub fn over(&self, start: NaiveDate, years: Range) -> Option<Sourced<Range>> {
        if self.value.is_some() || self.by_year.is_empty() {
            return self.at(start);
        }
        let first = start.year();
        let figure = |year: i32| {
            self.by_year
                .iter()
                .rev()
                .find(|(y, _)| *y <= year)
                .or(self.by_year.first())
                .map(|(_, v)| *v)
        };
        // Whole years, one to a hundred: past a century the mean no longer changes.
        let whole = |n: Decimal| n.ceil().clamp(Decimal::ONE, Decimal::ONE_HUNDRED).to_i32();
        let mean = |n: i32| -> Option<Decimal> {
            let sum = (first..first + n)
                .map(figure)
                .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v?))?;
            // To six places: the table's figures have four.
            Some(sum.checked_div(Decimal::from(n))?.round_dp(6))
        };
        let (few, many) = (whole(years.low())?, whole(years.high())?);
        let (a, b) = (mean(few)?, mean(many)?);
        let value = Range::new(a.min(b), a.max(b))?;
        let last = first + many - 1;
        let (table_first, table_last) = (self.by_year.first()?.0, self.by_year.last()?.0);
        let outside = match (first < table_first, last > table_last) {
            (false, false) => String::new(),
            (true, false) => format!("; years before {table_first} at its {table_first} figure"),
            (false, true) => format!("; years after {table_last} at its {table_last} figure"),
            (true, true) => {
                format!("; years outside {table_first}-{table_last} at the nearest year's figure")
            }
        };
        let span = if few == many {
            format!("{first}-{last}")
        } else {
            format!("{first}-{} to {first}-{last}", first + few - 1)
        };
        Some(Sourced {
            value,
            source: format!(
                "mean of the {span} figures, the years the fleet runs{outside}: {}",
                self.source
            ),
            date: format!("{first}-{last}"),
        })
    }
}

/// Where a fleet is, for the price of its electricity (`region = "EU"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// The code a scenario writes, e.g. `EU`.
    pub code: String,
    /// Its name, e.g. `EU-27`.
    pub name: String,
    /// The currency its prices are in.
    pub currency: Currency,
    /// Industrial electricity per kWh, by year or as a range, with its source.
    pub electricity: Assumption,
}

/// An architecture family (`Hopper`), or a product line sold in several versions
/// (`A100`: its 40 GB and 80 GB models), resolving to the union of its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Family {
    /// Name, e.g. `Hopper`.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// The models of a product line, by name; empty for an architecture family, whose
    /// members are the models naming it as their `family`.
    pub members: Vec<String>,
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
    pub assumptions: Vec<(Param, Assumption)>,
    /// IT load per GPU as a multiple of its TDP, for models without their own.
    pub server_power_factor: Option<Sourced<Range>>,
    /// The network share when the price is per GPU in a server (a share of the server,
    /// not of a bare card).
    pub network_share_on_server: Option<Sourced<Range>>,
    /// Monthly exchange rates.
    pub fx: FxTable,
    /// Electricity by region besides the US default (`[assumptions.electricity_per_kwh]`).
    pub regions: Vec<Region>,
}

/// How the built-in catalog is named in messages.
pub const CATALOG_FILE: &str = "data/catalog.toml (built in)";
/// The catalog data as shipped.
pub const CATALOG_TOML: &str = include_str!("../../data/catalog.toml");
/// The exchange rates as shipped.
pub const FX_TOML: &str = include_str!("../../data/fx.toml");
/// The price index as shipped.
pub const PPI_TOML: &str = include_str!("../../data/ppi.toml");

impl Catalog {
    /// The built-in catalog, made once on first use: from the data compiled in
    /// (`builtin.rs`, generated from `data/catalog.toml` and `data/fx.toml`), or, in a
    /// build whose generated file is not of the files as they are, from the files.
    pub fn builtin() -> Result<&'static Catalog, FileDiagnostics> {
        static CATALOG: OnceLock<Result<Catalog, FileDiagnostics>> = OnceLock::new();
        CATALOG
            .get_or_init(|| {
                #[cfg(not(gpucost_catalog_stale))]
                return Ok(builtin::catalog());
                #[cfg(gpucost_catalog_stale)]
                return Catalog::read_shipped();
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The shipped catalog and exchange rates, read from their TOML.
    #[cfg_attr(not(any(test, gpucost_catalog_stale)), allow(dead_code))]
    fn read_shipped() -> Result<Catalog, FileDiagnostics> {
        let mut catalog = load::parse_catalog(CATALOG_FILE, CATALOG_TOML)?;
        catalog.fx = load::parse_fx("data/fx.toml (built in)", FX_TOML)?;
        Ok(catalog)
    }

    /// The built-in monthly price index for constant dollars, parsed on first use
    /// (only `dollar_year` needs it).
    pub fn price_index() -> Result<&'static PriceIndex, FileDiagnostics> {
        static INDEX: OnceLock<Result<PriceIndex, FileDiagnostics>> = OnceLock::new();
        INDEX
            .get_or_init(|| parse_ppi("data/ppi.toml (built in)", PPI_TOML))
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
        // Compared as normalized, without making each name's normalized copy.
        let matches = |n: &String| normalized(n).eq(wanted.chars());
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
    pub fn members<'c>(&'c self, family: &'c Family) -> impl Iterator<Item = &'c GpuModel> {
        self.models
            .iter()
            .filter(move |m| match family.members.is_empty() {
                true => m.family == family.name,
                false => family.members.contains(&m.name),
            })
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

    /// What to say of a GPU name neither the catalog nor the file (`defined`) has: a
    /// typo's fix (`H1000` → `H100`), or, for another model number (`B300` beside
    /// `B200`), the nearest models named as models, never as a spelling, and how to
    /// define the model.
    pub fn unknown_gpu_help(&self, name: &str, defined: &[&str]) -> String {
        let mut names = self.names();
        names.extend_from_slice(defined);
        let near = crate::diagnostic::suggest::near(name, names.iter().copied());
        let define = format!(
            "define it under `[gpu.{name}]` with `tdp_w` and `unit_price` (and `peak_flops` \
             for jobs), each from a source; `gpucost catalog` lists the models"
        );
        match near.first() {
            None => define,
            Some(n) if !another_model_number(name, n) => format!("did you mean `{n}`? or {define}"),
            Some(_) => {
                let models: Vec<&str> = near.into_iter().take(3).collect();
                format!(
                    "`{name}` is not in the catalog (its nearest models: {}); to price it, {define}",
                    crate::diagnostic::suggest::one_of(&models)
                )
            }
        }
    }

    /// The built-in default of an overhead over the years a fleet runs, from `start`
    /// for `years` (see [`Assumption::over`]).
    pub fn assumption_over(
        &self,
        param: Param,
        start: NaiveDate,
        years: Range,
    ) -> Option<Sourced<Range>> {
        self.assumptions
            .iter()
            .find(|(p, _)| *p == param)
            .and_then(|(_, a)| a.over(start, years))
    }

    /// The built-in default of an overhead for a scenario dated `date`.
    pub fn assumption(&self, param: Param, date: NaiveDate) -> Option<Sourced<Range>> {
        self.assumptions
            .iter()
            .find(|(p, _)| *p == param)
            .and_then(|(_, a)| a.at(date))
    }
}

impl<'a> GpuRef<'a> {
    /// The name shown in reports.
    pub fn name(&self) -> &'a str {
        match self {
            GpuRef::Model(m) => &m.name,
            GpuRef::Family(f) => &f.name,
        }
    }

    /// The family: a model's, or the family itself.
    pub fn family(&self) -> &'a str {
        match self {
            GpuRef::Model(m) => &m.family,
            GpuRef::Family(f) => &f.name,
        }
    }
}

/// Whether `a` and `b` differ only in digits at the same places (`B300`, `B200`;
/// `MI355X`, `MI325X`): two models of one line, not a typo of one another.
fn another_model_number(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    a.len() == b.len()
        && a != b
        && a.bytes()
            .zip(b.bytes())
            .all(|(x, y)| x == y || (x.is_ascii_digit() && y.is_ascii_digit()))
}

fn normalize(name: &str) -> String {
    normalized(name).collect()
}

/// A name's characters as [`normalize`] keeps them.
fn normalized(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
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
    fn generated_catalog_is_the_catalog_read() {
        let read = match Catalog::read_shipped() {
            Ok(c) => c,
            Err(e) => panic!("the shipped catalog: {}", e.render(false)),
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sources = source_hash::SOURCES.map(|f| std::fs::read(root.join(f)).expect("a source"));
        let text = literal::generate(&read, &source_hash::fingerprint(&sources));
        let path = root.join("src/catalog/builtin.rs");
        if std::env::var_os("GPUCOST_BLESS").is_some() {
            // The next build compiles it in; this one may be reading the TOML.
            std::fs::write(&path, &text).expect("builtin.rs written");
            return;
        }
        let written = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            written == text,
            "src/catalog/builtin.rs is not what data/catalog.toml and data/fx.toml make: \
             run `GPUCOST_BLESS=1 cargo test --lib catalog::tests` to write it anew"
        );
        if cfg!(gpucost_catalog_stale) {
            panic!("build.rs did not find this file's fingerprint: the program reads the TOML");
        }
        // What the program uses is what the files say, every figure at its scale
        // (Debug shows a decimal's scale, which `==` does not compare).
        assert_eq!(format!("{:?}", catalog()), format!("{read:?}"));
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
        // `A100` is the A100 in either memory size, not the Ampere family with the A800.
        assert_eq!(
            c.lookup("A100").map(|g| g.name().to_string()).as_deref(),
            Some("A100")
        );
        let Some(GpuRef::Family(a100)) = c.lookup("A100") else {
            panic!("A100 is a product line");
        };
        let members: Vec<&str> = c.members(a100).map(|m| m.name.as_str()).collect();
        assert_eq!(members, ["A100-40GB", "A100-80GB"]);
        assert!(c.lookup("H1000").is_none());
    }

    #[test]
    fn another_model_number_is_not_offered_as_a_typo() {
        let c = catalog();
        // Before: "did you mean `B200`?" for the B300, a different chip (in the catalog
        // since 2026; the B400 is not).
        let b400 = c.unknown_gpu_help("B400", &[]);
        assert!(!b400.contains("did you mean"), "{b400}");
        assert!(b400.contains("nearest models: `B"), "{b400}");
        assert!(b400.contains("[gpu.B400]"), "{b400}");
        let mi = c.unknown_gpu_help("MI455X", &[]);
        assert!(!mi.contains("did you mean"), "{mi}");
        // A typo still gets its fix.
        assert!(
            c.unknown_gpu_help("H1000", &[])
                .starts_with("did you mean `H100`?")
        );
    }
}
