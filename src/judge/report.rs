//! One scenario file, evaluated: read, resolved, priced and its claims judged.

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, FileDiagnostics};
use crate::judge::claims::{self, ClaimResult, OffMarket};
use crate::model::{self, Costs};
use crate::money::Currency;
use crate::scenario::{Scenario, edit, overrides};

/// Everything the renderers show about one scenario file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The file as the user named it.
    pub file: String,
    /// The file's text as given (before any `--set`), for pointing at lines.
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

impl Report {
    /// The file and its scenario, the rest let go: for a command that prices the
    /// scenario its own way (`simulate` draws it), so that the exact costs and verdicts
    /// of ten thousand fleets are not held while it does.
    pub fn into_scenario(self) -> ScenarioFile {
        ScenarioFile {
            file: self.file,
            scenario: self.scenario,
        }
    }

    /// The report as its options, when the scenario's fleets are alternatives of one
    /// another: one report per option (its fleets and the common ones, priced and
    /// judged on their own), never their sum; else the report itself.
    pub fn views(self) -> Result<Vec<Report>, FileDiagnostics> {
        let options: Vec<String> = self
            .scenario
            .options()
            .into_iter()
            .map(String::from)
            .collect();
        if options.is_empty() {
            return Ok(vec![self]);
        }
        let fail = |d: Diagnostic| FileDiagnostics {
            file: self.file.clone(),
            text: Some(self.text.clone()),
            diagnostics: vec![d],
        };
        options
            .iter()
            .map(|option| {
                let scenario = self.scenario.view(option);
                let costs = model::price(&scenario).map_err(fail)?;
                let claims = claims::judge_all(&scenario, &costs).map_err(|_| {
                    fail(Diagnostic::new(format!(
                        "arithmetic overflow while judging the claims of option `{option}`"
                    )))
                })?;
                let off_market = scenario
                    .fleets
                    .iter()
                    .filter_map(claims::off_market)
                    .collect();
                Ok(Report {
                    file: self.file.clone(),
                    text: self.text.clone(),
                    scenario,
                    costs,
                    claims,
                    off_market,
                })
            })
            .collect()
    }
}

/// A resolved scenario and the file it was read from.
#[derive(Clone, Debug)]
pub struct ScenarioFile {
    /// The file as the user named it.
    pub file: String,
    /// The resolved scenario.
    pub scenario: Scenario,
}

/// Where problems in a `--set` (or `gpucost set`) assignment are shown.
pub const COMMAND_LINE: &str = "command line";

/// Evaluates a scenario's text with `PATH=VALUE` assignments applied (for `--set`),
/// its money reported in `currency` (default: the file's). Every place in the report
/// and in its problems is in the text as given, or, for what an assignment gave, in
/// the assignment.
pub fn evaluate_with(
    file: &str,
    text: &str,
    sets: &[String],
    currency: Option<Currency>,
    catalog: &Catalog,
) -> Result<Report, Vec<FileDiagnostics>> {
    if sets.is_empty() {
        return evaluate_in(file, text, currency, catalog).map_err(|e| vec![e]);
    }
    let (edited, edits) = apply_sets(text, sets)?;
    evaluate_edited(file, text, &edited, &edits, currency, catalog)
}

/// A scenario's text with `--set PATH=VALUE` assignments applied, and where each
/// landed.
pub fn apply_sets(
    text: &str,
    sets: &[String],
) -> Result<(String, overrides::Edits), Vec<FileDiagnostics>> {
    apply_given(text, sets, edit::Given::Set)
}

/// A scenario's text with `PATH=VALUE` assignments applied, given as `given` says (for
/// messages: `gpucost set`'s do not read `--set`), and where each landed.
pub fn apply_given(
    text: &str,
    sets: &[String],
    given: edit::Given,
) -> Result<(String, overrides::Edits), Vec<FileDiagnostics>> {
    let in_sets = |diagnostics| {
        vec![FileDiagnostics {
            file: COMMAND_LINE.to_string(),
            text: None,
            diagnostics,
        }]
    };
    let (parsed, problems): (Vec<_>, Vec<_>) = sets
        .iter()
        .map(|s| edit::parse_given(s, given))
        .partition(Result::is_ok);
    let problems: Vec<Diagnostic> = problems.into_iter().filter_map(Result::err).collect();
    if !problems.is_empty() {
        return Err(in_sets(problems));
    }
    let parsed: Vec<edit::Assignment> = parsed.into_iter().filter_map(Result::ok).collect();
    overrides::apply_traced(text, &parsed).map_err(in_sets)
}

/// Evaluates `edited`, the result of `edits` on `original`, placing what it reports in
/// the original or in the assignments.
pub fn evaluate_edited(
    file: &str,
    original: &str,
    edited: &str,
    edits: &overrides::Edits,
    currency: Option<Currency>,
    catalog: &Catalog,
) -> Result<Report, Vec<FileDiagnostics>> {
    match evaluate_in(file, edited, currency, catalog) {
        Ok(mut report) => {
            report.scenario.place_edits(edits);
            // The judged claims are the scenario's, one to one: they are placed too.
            for (judged, claim) in report.claims.iter_mut().zip(&report.scenario.claims) {
                judged.claim = claim.clone();
            }
            report.text = original.to_string();
            Ok(report)
        }
        Err(found) => Err(edits.place(found, original, COMMAND_LINE)),
    }
}

/// Evaluates a scenario's text, reported in the file's own currency. `file` names it
/// in messages and reports.
pub fn evaluate(file: &str, text: &str, catalog: &Catalog) -> Result<Report, FileDiagnostics> {
    evaluate_in(file, text, None, catalog)
}

/// Evaluates a scenario's text, its money converted into `currency` (default: the
/// file's own) at the scenario date's rates.
pub fn evaluate_in(
    file: &str,
    text: &str,
    currency: Option<Currency>,
    catalog: &Catalog,
) -> Result<Report, FileDiagnostics> {
    let fail = |diagnostics: Vec<Diagnostic>| FileDiagnostics {
        file: file.to_string(),
        text: Some(text.to_string()),
        diagnostics,
    };
    let stem = std::path::Path::new(file)
        .file_stem()
        .map_or(file.to_string(), |s| s.to_string_lossy().into_owned());
    let scenario = Scenario::from_text(text, &stem, catalog, currency).map_err(fail)?;
    let costs = model::price(&scenario).map_err(|d| fail(vec![d]))?;
    let claims = claims::judge_all(&scenario, &costs)
        .map_err(|claims::JudgeOverflow(i)| fail(vec![judging_overflow(&scenario, i)]))?;
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

/// An overflow judging the scenario's claim `i`: at the most extreme figure it rests
/// on (its value, its fleets' or job's inputs), else at the claim.
fn judging_overflow(scenario: &Scenario, i: usize) -> Diagnostic {
    use crate::model::overflow::{self, Figure};
    let claim = &scenario.claims[i];
    let value = Figure::value(
        &format!("value of claim {}", claim.id),
        claim.span.clone(),
        [claim.value.low(), claim.value.high()],
    );
    let job = claim.job.as_deref().and_then(|id| scenario.job(id));
    let rests_on: Vec<_> = match (job, &claim.fleet) {
        (Some(job), _) => overflow::of_job(job, scenario.fleet(&job.fleet)),
        (None, Some(id)) => scenario
            .fleet(id)
            .map(overflow::of_fleet)
            .unwrap_or_default(),
        (None, None) => scenario
            .fleets
            .iter()
            .flat_map(overflow::of_fleet)
            .collect(),
    };
    overflow::diagnostic(
        format!("arithmetic overflow while judging claim `{}`", claim.id),
        value.into_iter().chain(rests_on),
        (claim.span.clone(), "this claim"),
    )
}
