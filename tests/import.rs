//! `gpucost catalog import`: Epoch AI's hardware-prices CSV becomes price and rent
//! points that `--catalog` merges, the same points the built-in catalog transcribed
//! from the same rows; rows it cannot place are counted by reason.

mod common;

use std::path::PathBuf;

use common::gpucost;
use gpucost::catalog::import::{Imported, Skip, import_epoch};
use gpucost::catalog::{Catalog, Points, PricePoint, merge_catalog};

fn catalog() -> &'static Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(e) => panic!("built-in catalog: {}", e.render(false)),
    }
}

const FIXTURE: &str = "tests/catalogs/epoch-prices.csv";

/// The CSV's import, and the points it gives `model` alone (merged over a catalog
/// whose models have no points, so nothing of the built-in's is mixed in).
fn import(csv: &str, model: &str) -> (Imported, Vec<PricePoint>) {
    let builtin = catalog();
    let imported =
        import_epoch("prices.csv", csv, builtin).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let mut empty = builtin.clone();
    for m in &mut empty.models {
        m.points = Points::new(Vec::new());
    }
    let merged = merge_catalog(&empty, "imported.toml", &imported.text)
        .unwrap_or_else(|e| panic!("{}\n{}", e.render(false), imported.text));
    let points = merged
        .models
        .iter()
        .find(|m| m.name == model)
        .map(|m| m.points.to_vec())
        .unwrap_or_default();
    (imported, points)
}

fn builtin_points(model: &str) -> Vec<PricePoint> {
    catalog()
        .models
        .iter()
        .find(|m| m.name == model)
        .map(|m| m.points.to_vec())
        .unwrap_or_default()
}

/// Points in one order whatever the order of their rows.
fn sorted(mut points: Vec<PricePoint>) -> Vec<PricePoint> {
    points.sort_by_key(|p| format!("{} {:?}", p.cite(), p.note));
    points
}

#[test]
fn fixture_rows_become_the_built_in_points_and_the_rest_are_counted() {
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    let (imported, points) = import(&text, "H100-SXM");
    // 11 rows: 4 give points (the Delta DGX, Lambda's rent twice as one, Google's three
    // terms, the HGX board); 7 are skipped, one for each reason below.
    assert_eq!(imported.rows, 11);
    assert_eq!(
        imported.skipped,
        [
            (Skip::NotInCatalog, 1),
            (Skip::NoDate, 1),
            (Skip::NoSource, 1),
            (Skip::NoPrice, 1),
            (Skip::NoForm, 1),
            (Skip::BeforeLaunch, 1),
            (Skip::Duplicate, 1),
        ]
    );
    // Points: DGX 1 + Lambda 1 + Google 3 terms + board 1 = 6.
    assert_eq!(imported.points, 6);
    assert_eq!(points.len(), 6);
    assert_eq!(imported.models, 1);
    // Each is, to the note and the source, a point the built-in catalog transcribed.
    let builtin = builtin_points("H100-SXM");
    for p in &points {
        assert!(builtin.contains(p), "not built in: {p:?}");
    }
    let forms: Vec<&str> = points.iter().map(|p| p.form.label()).collect();
    assert_eq!(
        forms,
        [
            "server",
            "board",
            "on-demand",
            "on-demand",
            "1-year",
            "3-year"
        ]
    );
    assert!(
        imported
            .summary()
            .starts_with("11 rows: 6 points for 1 models; 7 rows skipped: ")
    );
}

#[test]
fn epochs_own_file_gives_the_h100_points_the_catalog_transcribed_from_it() {
    // Only where the shared data is beside the checkout (not in CI).
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/epoch/hardware-prices.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return;
    };
    let (imported, points) = import(&text, "H100-SXM");
    assert_eq!(imported.rows, 591, "{}", imported.summary());
    // The catalog corrects Epoch's rows in two places, and adds points of its own.
    let latitude_misdated = |p: &PricePoint| {
        p.vendor.as_deref() == Some("Latitude.sh") && p.date.to_string() == "2023-06-22"
    };
    let databricks = |p: &PricePoint| p.vendor.as_deref() == Some("Databricks");
    let own = |p: &PricePoint| {
        p.vendor.as_deref().is_some_and(|v| v.contains("estimate"))
            || p.source.contains("/blob/88ef113/")
            || p.source.contains("/blob/8ad351a/")
            || !text.contains(p.source.as_str())
    };
    let expected: Vec<PricePoint> = builtin_points("H100-SXM")
        .into_iter()
        .filter(|p| !own(p) && !databricks(p))
        .collect();
    let got: Vec<PricePoint> = points
        .iter()
        .filter(|p| !latitude_misdated(p) && !databricks(p))
        .cloned()
        .collect();
    assert!(expected.len() > 30, "{}", expected.len());
    assert_eq!(sorted(got), sorted(expected));
    // The two corrections, as Epoch has them: Latitude.sh's $4.03 and $4.40 dated
    // 2023-06-22 (the catalog: 2023-10-31, when they first appear), MosaicML's reserved
    // $5.00 filed as on demand (the catalog: left out, its term unstated).
    let misdated: Vec<String> = points
        .iter()
        .filter(|p| latitude_misdated(p))
        .map(|p| p.usd.low().to_string())
        .collect();
    assert_eq!(misdated, ["4.03", "4.4"]);
    let mosaic: Vec<&str> = points
        .iter()
        .filter(|p| databricks(p))
        .map(|p| p.form.label())
        .collect();
    assert_eq!(mosaic, ["on-demand"]);
    let builtin_mosaic: Vec<&str> = builtin_points("H100-SXM")
        .iter()
        .filter(|p| databricks(p))
        .map(|p| p.form.label())
        .collect();
    // The catalog leaves it out: a reservation of unstated term is no term it has.
    assert!(builtin_mosaic.is_empty(), "{builtin_mosaic:?}");
}

#[test]
fn catalog_import_writes_a_file_catalog_merges() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("mine.toml");
    let out = out.to_string_lossy().to_string();
    let (code, stdout, err) = gpucost(&["catalog", "import", FIXTURE, "-o", &out]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    assert!(err.contains("11 rows: 6 points for 1 models"), "{err}");
    assert!(err.contains("1 a model the catalog does not have"), "{err}");
    let (code, history, err) = gpucost(&["--catalog", &out, "catalog", "H100", "--history"]);
    assert_eq!(code, 0, "{err}");
    assert!(history.contains("Lambda Labs"), "{history}");
    // Never over a file.
    let (code, _, err) = gpucost(&["catalog", "import", FIXTURE, "-o", &out]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn a_csv_that_is_not_epochs_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("prices.csv");
    std::fs::write(&file, "Price date,Hardware model\n2024-01-01,H100\n").expect("write");
    let path = file.to_string_lossy().to_string();
    let (code, out, err) = gpucost(&["catalog", "import", &path]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("prices.csv:1:1"), "{err}");
    assert!(err.contains("no column `Price source`"), "{err}");
    // A date that does not read: its line and column.
    let text = std::fs::read_to_string(FIXTURE).expect("fixture");
    let bad = text.replace("2024-09-01,NVIDIA H100", "1 Sept 2024,NVIDIA H100");
    std::fs::write(&file, bad).expect("write");
    let (code, _, err) = gpucost(&["catalog", "import", &path]);
    assert_eq!(code, 2);
    // Row 3 of the file; the date follows the source URL (83 characters) and a comma.
    assert!(err.contains("prices.csv:3:85"), "{err}");
    assert!(err.contains("`1 Sept 2024` is not a date"), "{err}");
}
