//! A catalog's dated price and rent points: their keys, forms and terms, their USD
//! figures within their domain, sorted by date.

use super::*;

pub(super) const PRICE_KEYS: [&str; 6] = ["date", "form", "usd", "vendor", "note", "source"];

pub(super) const RENT_KEYS: [&str; 7] = [
    "date",
    "on_demand",
    "one_year",
    "three_year",
    "vendor",
    "note",
    "source",
];

/// A model's `[[gpu.price]]` and `[[gpu.rent]]` points, as written.
pub(super) fn read_points(f: &Fields<'_, '_>, p: &mut Problems) -> Vec<PricePoint> {
    let mut points: Vec<PricePoint> = match f.get("price") {
        Some(v) => each_table(v, "`[[gpu.price]]`", p, read_price),
        None => Vec::new(),
    };
    if let Some(v) = f.get("rent") {
        points.extend(
            each_table(v, "`[[gpu.rent]]`", p, read_rent)
                .into_iter()
                .flatten(),
        );
    }
    points
}

/// Puts a model's points in date order; one dated before its launch is a problem at
/// `span`.
pub(super) fn sort_points(
    points: &mut [PricePoint],
    name: &str,
    launch: NaiveDate,
    span: input::Span,
    p: &mut Problems,
) {
    points.sort_by_key(|point| point.date);
    if let Some(first) = points.first()
        && first.date < launch
    {
        p.push(
            Diagnostic::at(
                span,
                format!(
                    "`{name}` has a price dated {}, before its launch {launch}",
                    first.date
                ),
            )
            .help("check the point's date, or the launch date"),
        );
    }
}

/// A key of the catalog format before price points (`from`, `value`): what replaced it.
pub(super) fn old_period_key(key: &str, span: crate::input::Span) -> Option<Diagnostic> {
    let help = match key {
        "from" => "a point has the `date` its source gives, not a `from` date: write `date = …`",
        "value" => {
            "a point has its figure as its source gives it: `usd = …` for a price, \
             `on_demand`, `one_year` or `three_year` for a rent"
        }
        _ => return None,
    };
    Some(
        Diagnostic::at(
            span,
            format!("`{key}` is the catalog's old price period format"),
        )
        .label("not a key of a price point")
        .help(help),
    )
}

pub(super) fn point_keys(f: &Fields<'_, '_>, p: &mut Problems) -> Option<PointKeys> {
    let date = f
        .require("date", p, "give the day the source gives the figure")
        .and_then(|v| input::date(v, p));
    let vendor = f.get("vendor").and_then(|v| input::string(v, p));
    let note = f.get("note").and_then(|v| input::string(v, p));
    let source = f
        .require(
            "source",
            p,
            "every price needs a source: a URL or a publication",
        )
        .and_then(|v| input::string(v, p));
    Some((date?, vendor, note, source?))
}

pub(super) fn read_price(value: &Value<'_>, p: &mut Problems) -> Option<PricePoint> {
    let f = Fields::new_redirecting(
        value,
        "a `[[gpu.price]]` point",
        &PRICE_KEYS,
        &old_period_key,
        p,
    )?;
    let forms = [Form::Card, Form::Board, Form::Server];
    let help = "say what was priced: \"card\", \"board\" (a card's share of a GPU baseboard) or \"server\" (a GPU's share of a DGX/HGX server)";
    let form = f.require("form", p, help).and_then(|v| {
        let text = input::string(v, p)?;
        let found = forms.into_iter().find(|form| form.label() == text);
        if found.is_none() {
            p.push(
                Diagnostic::at(v.span(), format!("unknown price form `{text}`"))
                    .help("use \"card\", \"board\" or \"server\""),
            );
        }
        found
    });
    let usd = f
        .require("usd", p, "give `usd = 25000` or `usd = [25000, 30000]`")
        .and_then(|v| usd_range(v, true, p));
    let (date, vendor, note, source) = point_keys(&f, p)?;
    Some(PricePoint {
        date,
        form: form?,
        usd: usd?,
        vendor,
        note,
        source,
    })
}

/// A `[[gpu.rent]]` row: one point per term it gives.
pub(super) fn read_rent(value: &Value<'_>, p: &mut Problems) -> Option<Vec<PricePoint>> {
    let f = Fields::new_redirecting(
        value,
        "a `[[gpu.rent]]` point",
        &RENT_KEYS,
        &old_period_key,
        p,
    )?;
    let terms = [
        ("on_demand", Form::OnDemand),
        ("one_year", Form::OneYear),
        ("three_year", Form::ThreeYear),
    ];
    let rates: Vec<(Form, Option<Range>)> = terms
        .iter()
        .filter_map(|&(key, form)| Some((form, usd_range(f.get(key)?, true, p))))
        .collect();
    if rates.is_empty() {
        p.push(
            Diagnostic::at(f.header_span(), "a rent point without a rate")
                .help("give `on_demand`, `one_year` or `three_year` in USD per GPU-hour"),
        );
    }
    let (date, vendor, note, source) = point_keys(&f, p)?;
    rates
        .into_iter()
        .map(|(form, usd)| {
            Some(PricePoint {
                date,
                form,
                usd: usd?,
                vendor: vendor.clone(),
                note: note.clone(),
                source: source.clone(),
            })
        })
        .collect()
}

/// A `[low, high]` (or single value) in US dollars, ordered and non-negative.
pub(super) fn usd_range(value: &Value<'_>, money: bool, p: &mut Problems) -> Option<Range> {
    let b = input::bounds(value, money, None, p)?;
    let foreign = [b.low.currency, b.high.currency]
        .into_iter()
        .flatten()
        .find(|&c| c != Currency::Usd);
    if let Some(c) = foreign {
        p.push(
            Diagnostic::at(value.span(), format!("catalog amounts are in USD, not {c}"))
                .help("convert the figure to US dollars and cite the rate"),
        );
        return None;
    }
    match Range::new(b.low.value, b.high.value) {
        Some(r) if r.low() >= rust_decimal::Decimal::ZERO => Some(r),
        _ => {
            p.push(
                Diagnostic::at(
                    value.span(),
                    "a catalog range must be `[low, high]` with 0 <= low <= high",
                )
                .label("out of order or negative"),
            );
            None
        }
    }
}
