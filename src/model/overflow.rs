//! What an arithmetic overflow is blamed on. Exact decimals hold about 28 digits
//! (up to 7.9e28, down to 1e-28), so an overflow comes from a figure of an extreme
//! scale: among the figures written in the file that a result rests on, the one
//! farthest from 1 in orders of magnitude is where the diagnostic points
//! (`cost_of_capital = 1e27`), not the header of its fleet. Nothing here computes a
//! cost.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::input::Span;
use crate::input::param::Param;
use crate::scenario::{Fleet, Job, Origin, Resolved};

pub use crate::money::LIMITS;

/// One figure a result rests on: its key and where it is written (the span of its
/// value in the file, or of the table it belongs to).
#[derive(Clone, Debug)]
pub struct Figure {
    /// The key (`unit_price`), or what it is (`value of claim c1`).
    pub name: String,
    /// Where it is written.
    pub span: Span,
    /// How far from 1 it is, in orders of magnitude.
    pub distance: f64,
    /// Whether it is above 1 (large) or below (small).
    pub large: bool,
}

/// Orders of magnitude between `d` and 1; zero counts as no distance (it cannot
/// overflow anything but a division, which the model never makes by an input).
fn distance(d: Decimal) -> f64 {
    let f = f64::try_from(d.abs()).unwrap_or(f64::MAX);
    if f == 0.0 { 0.0 } else { f.log10() }
}

impl Figure {
    /// The figure of a resolved input written in the file (or in a `--set`, whose
    /// span is in the edited text), farther of its two bounds; `None` for one from
    /// the catalog or derived.
    pub fn of(param: Param, input: &Resolved) -> Option<Figure> {
        let span = match &input.origin {
            Origin::Fleet(s)
            | Origin::Defaults(s)
            | Origin::Gpu(s)
            | Origin::Job(s)
            | Origin::Serve(s) => s.clone(),
            _ => return None,
        };
        Figure::value(param.key(), span, [input.value.low(), input.value.high()])
    }

    /// A figure of the farther of `values` from 1, at `span`.
    pub fn value(name: &str, span: Span, values: [Decimal; 2]) -> Option<Figure> {
        let (d, value) = values
            .into_iter()
            .map(|v| (distance(v), v))
            .max_by(|a, b| a.0.abs().total_cmp(&b.0.abs()))?;
        Some(Figure {
            name: name.to_string(),
            span,
            distance: d.abs(),
            large: value.abs() >= Decimal::ONE,
        })
    }
}

/// The figures a fleet's costs rest on: its inputs, its rent and its peak FLOP/s.
pub fn of_fleet(fleet: &Fleet) -> Vec<Figure> {
    let mut inputs = fleet.inputs.list();
    inputs.extend(fleet.rent.iter().map(|r| (Param::RatePerGpuHour, r)));
    inputs.extend(fleet.peak_flops.iter().map(|p| (Param::PeakFlops, p)));
    inputs
        .into_iter()
        .filter_map(|(param, input)| Figure::of(param, input))
        .collect()
}

/// The figures a job's costs rest on: its inputs and its fleet's.
pub fn of_job(job: &Job, fleet: Option<&Fleet>) -> Vec<Figure> {
    let own = job
        .list()
        .into_iter()
        .filter_map(|(param, input)| Figure::of(param, input));
    own.chain(fleet.map(of_fleet).unwrap_or_default()).collect()
}

/// The diagnostic for an overflow computing something: at the most extreme of
/// `figures` (the label says which and why), else at `fallback` with its label.
pub fn diagnostic(
    message: String,
    figures: impl IntoIterator<Item = Figure>,
    fallback: (Span, &str),
) -> Diagnostic {
    let blamed = figures
        .into_iter()
        .filter(|f| f.distance >= 1.0)
        .max_by(|a, b| a.distance.total_cmp(&b.distance));
    match blamed {
        Some(f) => {
            let size = if f.large { "largest" } else { "smallest" };
            Diagnostic::at(f.span, message)
                .label(format!("`{}`, the {size} figure it rests on", f.name))
                .help(format!("{LIMITS}; check this figure's scale"))
        }
        None => Diagnostic::at(fallback.0, message)
            .label(fallback.1.to_string())
            .help(format!("{LIMITS}; check the scale of its figures")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn the_figure_farthest_from_one_is_blamed() {
        let big = Figure::value("cost_of_capital", 10..14, [dec!(0), dec!(1e27)]);
        let tiny = Figure::value("rate_per_gpu_hour", 20..25, [dec!(1e-28), dec!(1e-28)]);
        let plain = Figure::value("pue", 30..33, [dec!(1.2), dec!(1.4)]);
        let d = diagnostic(
            "arithmetic overflow".into(),
            [big.clone(), plain.clone()].into_iter().flatten(),
            (0..1, "this fleet"),
        );
        assert_eq!(d.span, Some(10..14));
        assert!(
            d.label.as_deref().is_some_and(|l| l.contains("largest")),
            "{d:?}"
        );
        let d = diagnostic(
            "arithmetic overflow".into(),
            [big, tiny, plain.clone()].into_iter().flatten(),
            (0..1, "this fleet"),
        );
        assert_eq!(d.span, Some(20..25));
        assert!(
            d.label.as_deref().is_some_and(|l| l.contains("smallest")),
            "{d:?}"
        );
        // Nothing extreme: the fallback.
        let d = diagnostic("x".into(), plain, (0..1, "this fleet"));
        assert_eq!(
            (d.span, d.label.as_deref()),
            (Some(0..1), Some("this fleet"))
        );
    }
}
