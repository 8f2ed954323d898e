//! The JSON Schema of scenario files, for editors (taplo / Even Better TOML) to complete
//! and check a file while it is typed. It is built from the same key lists the reader
//! checks files against ([`crate::scenario::read`]) and the same assumption list
//! ([`Param`]), so a key the reader accepts cannot be missing here: every key of those
//! lists must have a definition below, or [`scenario_schema`] fails (a test runs it).

use serde_json::{Map, Value, json};

use crate::input::Shape;
use crate::input::param::Param;
use crate::money::{Currency, Language};
use crate::scenario::read::{CLAIM_KEYS, FLEET_KEYS, GPU_KEYS, JOB_KEYS, SCENARIO_KEYS, TOP_KEYS};
use crate::scenario::{Depreciation, Scope};

/// Where the schema is published in the repository.
pub const SCHEMA_PATH: &str = "schema/scenario.schema.json";

fn money() -> Value {
    json!({
        "description": "an amount: a number in the file's currency, or a string such as \"$25k\", \"€200M\", \"1.500 milioni di euro\", \"$2-3B\"",
        "anyOf": [{ "type": "number", "minimum": 0 }, { "type": "string" }]
    })
}

fn number() -> Value {
    json!({
        "description": "a number, or a string such as \"2.788M\" or \"3.8e25\"",
        "anyOf": [{ "type": "number" }, { "type": "string" }]
    })
}

/// An input: one value, `[low, high]`, or a distribution table.
fn input(param: Param) -> Value {
    let one = if param.is_money() { money() } else { number() };
    let unit = match param.unit() {
        "" => String::new(),
        u => format!(" ({u})"),
    };
    json!({
        "description": format!("`{}`{unit}: one value, [low, high], or {{ low, high, dist, mode }}", param.key()),
        "anyOf": [
            one,
            { "type": "array", "items": one, "minItems": 2, "maxItems": 2 },
            {
                "type": "object",
                "properties": {
                    "low": one,
                    "high": one,
                    "dist": { "enum": Shape::NAMES, "default": "uniform" },
                    "mode": one
                },
                "required": ["low", "high"],
                "additionalProperties": false
            }
        ]
    })
}

fn param(key: &str) -> Option<Param> {
    [
        Param::UnitPrice,
        Param::RatePerGpuHour,
        Param::Months,
        Param::RentPerGpuHour,
        Param::PeakFlops,
    ]
    .into_iter()
    .chain(Param::defaults())
    .chain(Param::JOB)
    .chain(Param::SERVE)
    .find(|p| p.key() == key)
}

/// An object whose properties are exactly `keys`, each defined by `define`.
pub(crate) fn object(
    keys: &[&str],
    required: &[&str],
    define: impl Fn(&str) -> Option<Value>,
) -> Result<Value, String> {
    let mut properties = Map::new();
    for &key in keys {
        let definition = define(key).ok_or_else(|| format!("no schema for key `{key}`"))?;
        properties.insert(key.to_string(), definition);
    }
    Ok(json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false
    }))
}

/// The schema; `Err` names a key the reader accepts that has no definition here.
pub fn scenario_schema() -> Result<Value, String> {
    let overheads: Vec<&str> = Param::defaults()
        .into_iter()
        .map(|p| p.key())
        .chain(["region"])
        .collect();
    let rent_term = json!({
        "enum": crate::catalog::Form::TERMS.map(|(key, _)| key),
        "default": "on_demand",
        "description": "the term of the catalog's rent: on demand, or with a one- or three-year commitment"
    });
    // Where a fleet is, for its electricity: the US, or a region of the catalog.
    let region = |key: &str| -> Option<Value> {
        (key == "region").then(|| {
            json!({
                "type": "string",
                "description": "where the fleets are, for their electricity: US (default), EU, UK, CN, or a region of your catalog"
            })
        })
    };
    let text = json!({ "type": "string" });
    let scenario = object(&SCENARIO_KEYS, &["date"], |key| {
        Some(match key {
            "name" => text.clone(),
            "date" => {
                json!({ "type": "string", "format": "date", "description": "prices, catalog entries and exchange rates are taken at this date" })
            }
            "currency" => json!({
                "enum": Currency::codes(),
                "default": "USD",
                "description": "the currency the file's bare numbers are written in, and the report's unless --currency converts it"
            }),
            "language" => json!({
                "enum": Language::CODES,
                "description": "how a figure whose own words do not say reads a mark before three digits: \"it\" reads 1.500 as one thousand five hundred, \"en\" as one and a half"
            }),
            "sources" => {
                json!({ "anyOf": [text.clone(), { "type": "array", "items": text.clone() }] })
            }
            "dollar_year" => json!({
                "type": "integer",
                "minimum": 1,
                "description": "restate every money figure in US dollars of this year (producer price index, scenario month to December)"
            }),
            _ => return None,
        })
    })?;
    let defaults = object(&overheads, &[], |key| {
        region(key).or_else(|| param(key).map(input))
    })?;
    let fleet_keys: Vec<&str> = FLEET_KEYS
        .iter()
        .copied()
        .chain(overheads.iter().copied())
        .collect();
    let fleet = object(&fleet_keys, &["gpu", "count"], |key| {
        Some(match key {
            "id" => json!({ "type": "string", "description": "defaults to the GPU name" }),
            "gpu" => {
                json!({ "type": "string", "description": "a catalog model (H100), family (Hopper) or a [gpu.NAME] of this file" })
            }
            "count" => json!({ "type": "integer", "minimum": 1 }),
            "acquisition" => json!({ "enum": ["buy", "rent"], "default": "buy" }),
            "acquired" => {
                json!({ "type": "string", "format": "date", "description": "when the fleet was bought (default: its first job's start before the scenario date, else the scenario date)" })
            }
            "rent_term" => rent_term.clone(),
            "option" => json!({
                "type": "string",
                "description": "the alternative the fleet belongs to (buy, rent…): options are reported side by side, never summed; fleets without one are common to all"
            }),
            "unit_price_includes" => json!({
                "enum": crate::scenario::Includes::KEYS.map(|(key, _)| key),
                "default": "gpu",
                "description": "what the fleet's own unit_price includes: the GPU alone, or its share of a server or a rack"
            }),
            _ => return region(key).or_else(|| param(key).map(input)),
        })
    })?;
    let gpu = object(&GPU_KEYS, &[], |key| {
        Some(match key {
            "tdp_w" => json!({ "type": "number", "exclusiveMinimum": 0 }),
            _ => return param(key).map(input),
        })
    })?;
    let codes = Currency::codes();
    let fx = object(&codes, &[], |_| {
        Some(
            json!({ "type": "number", "exclusiveMinimum": 0, "description": "US dollars per unit" }),
        )
    })?;
    let claim = object(&CLAIM_KEYS, &["id", "value", "scope"], |key| {
        Some(match key {
            "id" | "source" | "quote" | "fleet" | "job" | "serve" => text.clone(),
            "option" => {
                json!({ "type": "string", "description": "the option whose total the claim speaks of, when the fleets are alternatives" })
            }
            "value" => {
                json!({ "anyOf": [money(), { "type": "array", "items": money(), "minItems": 2, "maxItems": 2 }] })
            }
            "scope" => json!({ "enum": Scope::keys() }),
            _ => return None,
        })
    })?;
    let job_keys: Vec<&str> = JOB_KEYS
        .iter()
        .copied()
        .chain(Param::JOB.iter().map(|p| p.key()))
        .collect();
    let job = object(&job_keys, &["id", "fleet"], |key| {
        Some(match key {
            "id" => text.clone(),
            "fleet" => {
                json!({ "type": "string", "description": "the id of the fleet the job runs on" })
            }
            "start" => {
                json!({ "type": "string", "format": "date", "description": "when the job starts (default: the scenario date)" })
            }
            "depreciation" => json!({ "enum": Depreciation::KEYS, "default": "epoch" }),
            "rent_term" => rent_term.clone(),
            "facility" => json!({
                "type": "boolean",
                "default": false,
                "description": "count the fleet's facility in the job's estimates, written off over facility_years (Epoch AI counts none)"
            }),
            _ => return param(key).map(input),
        })
    })?;
    let serve = crate::scenario::read::serve_schema(&text, |key| param(key).map(input))?;
    let top = object(&TOP_KEYS, &["scenario", "fleet"], |key| {
        Some(match key {
            "scenario" => scenario.clone(),
            "defaults" => defaults.clone(),
            "fleet" => json!({ "type": "array", "items": fleet.clone(), "minItems": 1 }),
            "gpu" => json!({ "type": "object", "additionalProperties": gpu.clone() }),
            "fx" => fx.clone(),
            "claim" => json!({ "type": "array", "items": claim.clone() }),
            "job" => json!({ "type": "array", "items": job.clone() }),
            "serve" => json!({ "type": "array", "items": serve.clone() }),
            _ => return None,
        })
    })?;
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "gpucost scenario",
        "description": "A GPU fleet scenario for gpucost: fleets, assumptions and the claims to check.",
    });
    if let (Some(schema), Value::Object(top)) = (schema.as_object_mut(), top) {
        schema.extend(top);
    }
    Ok(schema)
}

/// The schema as pretty JSON with a final newline.
pub fn scenario_schema_text() -> Result<String, String> {
    let mut text = serde_json::to_string_pretty(&scenario_schema()?)
        .map_err(|e| format!("cannot write the schema: {e}"))?;
    text.push('\n');
    Ok(text)
}
