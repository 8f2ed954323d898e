//! `gpucost init`'s template shows, commented out, the catalog's default for each
//! overhead at the template's own date: the comments are checked against the catalog,
//! so a changed default cannot leave a superseded figure in the template.

use chrono::NaiveDate;
use gpucost::catalog::Catalog;
use gpucost::commands::TEMPLATE;
use gpucost::input::param::Param;
use rust_decimal::Decimal;

/// `[0.3, 1.0]`, `0.75`, `["$10M", "$24M"]` as (low, high); money as `$<n>M`.
fn bounds(value: &str) -> (Decimal, Decimal) {
    let doc: toml::Table = toml::from_str(&format!("v = {value}")).expect("a TOML value");
    let one = |v: &toml::Value| -> Decimal {
        let text = match v {
            toml::Value::String(s) => {
                let millions = s.trim_start_matches('$').trim_end_matches('M');
                let n: Decimal = millions.parse().expect("$<n>M");
                return n * Decimal::from(1_000_000);
            }
            other => other.to_string(),
        };
        text.parse().expect("a number")
    };
    match &doc["v"] {
        toml::Value::Array(items) => (one(&items[0]), one(&items[1])),
        v => (one(v), one(v)),
    }
}

/// Each `# key = value   # what` line of the template's `[defaults]`.
fn commented_defaults() -> Vec<(String, String)> {
    let defaults = TEMPLATE
        .split("[defaults]")
        .nth(1)
        .expect("a [defaults] table");
    let section = defaults.split("\n[").next().unwrap_or_default();
    section
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix("# ")?;
            let (key, rest) = l.split_once(" = ")?;
            let value = rest.split(" #").next()?.trim();
            Some((key.to_string(), value.to_string()))
        })
        .collect()
}

#[test]
fn the_templates_commented_defaults_are_the_catalogs_at_its_date() {
    let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{}", e.render(false)));
    // The template's scenario date: 2024-07-15.
    assert!(TEMPLATE.contains("date = 2024-07-15"));
    let date = NaiveDate::from_ymd_opt(2024, 7, 15).unwrap_or_default();
    let shown = commented_defaults();
    let keys: Vec<&str> = shown.iter().map(|(k, _)| k.as_str()).collect();
    // Every overhead a fleet may leave out, but the facility's life (owning only).
    assert_eq!(
        keys,
        [
            "server_share",
            "network_share",
            "facility_per_mw",
            "kw_per_gpu",
            "load",
            "pue",
            "electricity_per_kwh",
            "years"
        ]
    );
    for (key, value) in &shown {
        let (low, high) = bounds(value);
        let range = if key == "kw_per_gpu" {
            // The fleet's model's own: the template's fleet is an H100 (DGX H100 10.2 kW / 8).
            let h100 = catalog.models.iter().find(|m| m.name == "H100-SXM");
            h100.and_then(|m| m.kw_per_gpu.as_ref()).map(|k| k.value)
        } else {
            let param = Param::OVERHEADS.iter().find(|p| p.key() == key);
            param
                .and_then(|&p| catalog.assumption(p, date))
                .map(|a| a.value)
        };
        let range = range.unwrap_or_else(|| panic!("no catalog default for `{key}`"));
        assert_eq!(
            (low, high),
            (range.low(), range.high()),
            "`{key}` in the template"
        );
    }
    // The check can fail: a superseded default (years = 4) differs from [5, 6].
    let years = catalog.assumption(Param::Years, date).map(|a| a.value);
    assert_ne!(years.map(|r| (r.low(), r.high())), Some(bounds("4")));
}
