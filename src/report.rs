//! One scenario file, evaluated: read, resolved, priced and its claims judged.

use crate::catalog::Catalog;
use crate::claims::{self, ClaimResult, OffMarket};
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::model::{self, Costs};
use crate::scenario::Scenario;

/// Everything the renderers show about one scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The file as the user named it.
    pub file: String,
    /// The text priced (after any `--set`), for pointing at lines.
    pub text: String,
    /// The resolved scenario.
    pub scenario: Scenario,
    /// Its costs.
    pub costs: Costs,
    /// Its claims, judged.
    pub claims: Vec<ClaimResult>,
    /// Fleets whose own unit price or rate lies outside the catalog's range.
    pub off_market: Vec<OffMarket>,
}

/// Evaluates a scenario's text. `file` names it in messages and reports.
pub fn evaluate(file: &str, text: &str, catalog: &Catalog) -> Result<Report, FileDiagnostics> {
    let fail = |diagnostics: Vec<Diagnostic>| FileDiagnostics {
        file: file.to_string(),
        text: Some(text.to_string()),
        diagnostics,
    };
    let stem = std::path::Path::new(file)
        .file_stem()
        .map_or(file.to_string(), |s| s.to_string_lossy().into_owned());
    let scenario = Scenario::from_text(text, &stem, catalog).map_err(fail)?;
    let costs = model::price(&scenario).map_err(|d| fail(vec![d]))?;
    let claims = claims::judge_all(&scenario, &costs).map_err(|_| {
        fail(vec![
            Diagnostic::new("arithmetic overflow while judging the claims").help(
                "exact decimals hold up to about 7.9e28; check the claims' and prices' scale",
            ),
        ])
    })?;
    let off_market = scenario
        .fleets
        .iter()
        .filter_map(claims::off_market)
        .collect();
    Ok(Report {
        file: file.to_string(),
        text: text.to_string(),
        scenario,
        costs,
        claims,
        off_market,
    })
}
