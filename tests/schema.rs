//! The scenario JSON Schema: the shipped file is what `gpucost schema` prints, every
//! shipped scenario validates against it, and broken ones do not.

mod common;

use common::gpucost;
use serde_json::Value;

fn schema() -> Value {
    let (code, out, err) = gpucost(&["schema"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("the schema is JSON")
}

/// A TOML document as JSON, dates as strings (as editors see them).
fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn parse(text: &str) -> Value {
    to_json(toml::Value::Table(
        toml::from_str(text).expect("valid TOML"),
    ))
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(gpucost::scenario::schema::SCHEMA_PATH),
    )
    .expect("schema file");
    let (_, printed, _) = gpucost(&["schema"]);
    assert_eq!(
        shipped, printed,
        "run `gpucost schema > schema/scenario.schema.json`"
    );
}

#[test]
fn every_shipped_scenario_and_the_template_validate() {
    let validator = jsonschema::validator_for(&schema()).expect("a valid schema");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .collect();
    files.push(root.join("data/template.toml"));
    assert!(files.len() >= 5);
    for file in files {
        let doc = parse(&std::fs::read_to_string(&file).expect("read"));
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
    }
}

#[test]
fn broken_scenarios_do_not_validate() {
    let validator = jsonschema::validator_for(&schema()).expect("a valid schema");
    let good = "[scenario]\ndate = 2024-07-15\n[defaults]\npue = { low = 1.1, high = 1.5, dist = \"pert\", mode = 1.2 }\n[[fleet]]\ngpu = \"H100\"\ncount = 10\nunit_price = [\"$20k\", 30000]\n[[claim]]\nid = \"c\"\nvalue = \"$1M\"\nscope = \"gpus\"\n";
    assert!(validator.is_valid(&parse(good)));
    for (broken, why) in [
        ("count = 10", "count = 0"),
        ("count = 10", "count = 10\nunit_prise = 1"),
        ("scope = \"gpus\"", "scope = \"total\""),
        ("dist = \"pert\"", "dist = \"betta\""),
        ("unit_price = [\"$20k\", 30000]", "unit_price = [1, 2, 3]"),
        ("[scenario]\ndate = 2024-07-15\n", "[scenario]\n"),
        ("[defaults]", "[fx]\nXYZ = 0.0066\n[defaults]"),
    ] {
        let text = good.replacen(broken, why, 1);
        assert_ne!(text, good);
        assert!(!validator.is_valid(&parse(&text)), "accepted: {why}");
    }
}
