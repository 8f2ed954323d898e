//! Dated price points and the rule that turns them into the range a scenario gets.
//!
//! The rule (stated in the manual, docs/src/catalog.md, "How the catalog prices a model"): of a model's
//! points of one kind (purchases, or rents of any term),
//! 1. take the newest point on or before the scenario date; the range covers every
//!    point of the year up to it (dated within 365 days before it, itself included),
//!    from the lowest to the highest, so disagreeing sources widen it;
//! 2. purchases are of two forms that do not mix: a bare card (or a card's share of a
//!    GPU baseboard) needs a server around it, a GPU's share of a DGX/HGX server holds
//!    one. Cards are used when one is less than a year old at the date (what a GPU
//!    costs is what claims speak of); otherwise the form whose newest point is newer
//!    (a card on a tie);
//! 3. with no point on or before the date, the year of points from the earliest one
//!    after it is used, if that one is less than a year later, and the scenario is told
//!    it is priced from later points; otherwise the catalog has no price for it;
//! 4. a scenario dated more than a year after the newest point it uses is told the
//!    market may have moved since.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::PriceKind;
use crate::money::{Currency, Range, format_amount};

/// The span of points that make a range, and the most a price may be older (or, as a
/// last resort, newer) than the date it prices before it is flagged.
pub const WINDOW_DAYS: i64 = 365;

/// A model's dated price and rent points, in date order; a slice of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Points(Vec<PricePoint>);

impl Points {
    /// Points in date order.
    pub fn new(points: Vec<PricePoint>) -> Self {
        Points(points)
    }
}

impl std::ops::Deref for Points {
    type Target = [PricePoint];

    fn deref(&self) -> &[PricePoint] {
        &self.0
    }
}

impl<'a> IntoIterator for &'a Points {
    type Item = &'a PricePoint;
    type IntoIter = std::slice::Iter<'a, PricePoint>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// How a price point is quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// One bare card (PCIe or SXM module), bought alone.
    Card,
    /// A card's share of an 8-GPU baseboard (HGX board without host CPUs, memory or
    /// chassis): like a card, it needs a server around it.
    Board,
    /// A GPU's share of a whole DGX/HGX server: holds the server.
    Server,
    /// Rent per GPU-hour, on demand.
    OnDemand,
    /// Rent per GPU-hour with a one-year commitment.
    OneYear,
    /// Rent per GPU-hour with a three-year commitment.
    ThreeYear,
}

impl Form {
    /// The rent terms, by the key a scenario writes (`rent_term = "one_year"`).
    pub const TERMS: [(&'static str, Form); 3] = [
        ("on_demand", Form::OnDemand),
        ("one_year", Form::OneYear),
        ("three_year", Form::ThreeYear),
    ];

    /// Every form, in the order the catalog file names them.
    pub const ALL: [Form; 6] = [
        Form::Card,
        Form::Board,
        Form::Server,
        Form::OnDemand,
        Form::OneYear,
        Form::ThreeYear,
    ];

    /// Whether it is a purchase or a rent.
    pub fn kind(self) -> PriceKind {
        match self {
            Form::Card | Form::Board | Form::Server => PriceKind::Purchase,
            Form::OnDemand | Form::OneYear | Form::ThreeYear => PriceKind::Rental,
        }
    }

    /// The name in the catalog file and in every output.
    pub fn label(self) -> &'static str {
        match self {
            Form::Card => "card",
            Form::Board => "board",
            Form::Server => "server",
            Form::OnDemand => "on-demand",
            Form::OneYear => "1-year",
            Form::ThreeYear => "3-year",
        }
    }

    /// The group a form is ranged with: cards and boards together, servers apart,
    /// every rent term together.
    fn group(self) -> u8 {
        match self {
            Form::Card | Form::Board => 0,
            Form::Server => 1,
            Form::OnDemand | Form::OneYear | Form::ThreeYear => 2,
        }
    }
}

/// One dated observation of a price or a rent, as its source gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PricePoint {
    /// The day the source gives (or was archived on).
    pub date: NaiveDate,
    /// What was quoted.
    pub form: Form,
    /// US dollars per GPU (purchase) or per GPU-hour (rent); a range where the source
    /// gives one ("$25,000-30,000").
    pub usd: Range,
    /// Who sold or rented it, where known.
    pub vendor: Option<String>,
    /// What the source says, briefly.
    pub note: Option<String>,
    /// Where it was read: a URL (often archived) or a publication.
    pub source: String,
}

impl PricePoint {
    /// `Lambda Labs on-demand $1.99 (2023-06-20, https://…)`.
    pub fn cite(&self) -> String {
        let vendor = self
            .vendor
            .as_deref()
            .map_or(String::new(), |v| format!("{v} "));
        format!(
            "{vendor}{} {} ({}, {})",
            self.form.label(),
            usd_text(self.usd),
            self.date,
            self.source
        )
    }
}

/// `$1.99`, `$4.10`, `$5.408`, `$25,000 – $30,000`: exact, cents written out.
pub fn usd_text(range: Range) -> String {
    let one = |v: Decimal| {
        let mut text = format_amount(v, Currency::Usd);
        if v.normalize().scale() == 1 {
            text.push('0');
        }
        text
    };
    if range.low() == range.high() {
        one(range.low())
    } else {
        format!("{} – {}", one(range.low()), one(range.high()))
    }
}

/// The range the rule gives at a date, with the points it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derived<'c> {
    /// Purchase or rent.
    pub kind: PriceKind,
    /// From the lowest point to the highest.
    pub range: Range,
    /// The points of the window, in date order.
    pub points: Vec<&'c PricePoint>,
    /// The newest point used: how old the range is at the scenario date.
    pub newest: NaiveDate,
    /// Every point used is dated after the scenario (rule 3).
    pub later: bool,
    /// The points are per GPU in a server, which they hold (rule 2).
    pub holds_server: bool,
}

impl Derived<'_> {
    /// Where the range comes from, traceable in one step: the points' span, and the
    /// point behind each bound, each with its source (URL).
    pub fn describe(&self) -> String {
        self.text(PricePoint::cite)
    }

    /// The same, each point named by vendor, form, figure and date only, for a line in
    /// a scenario's report; `--history` shows the URLs.
    pub fn summary(&self, model: &str) -> String {
        let text = self.text(|p| {
            let vendor = p
                .vendor
                .as_deref()
                .map_or(String::new(), |v| format!("{v} "));
            format!(
                "{vendor}{} {} ({})",
                p.form.label(),
                usd_text(p.usd),
                p.date
            )
        });
        format!("{text}; sources: `gpucost catalog {model} --history`")
    }

    fn text(&self, cite: impl Fn(&PricePoint) -> String) -> String {
        let span = match (self.points.first(), self.points.last()) {
            (Some(a), Some(b)) if a.date != b.date => format!("{} to {}", a.date, b.date),
            (Some(a), _) => a.date.to_string(),
            _ => String::new(),
        };
        let mut text = match self.points.as_slice() {
            [one] => format!("1 point: {}", cite(one)),
            points => {
                let low = points.iter().find(|p| p.usd.low() == self.range.low());
                let high = points.iter().find(|p| p.usd.high() == self.range.high());
                let mut text = format!("{} points dated {span}", points.len());
                match (low, high) {
                    (Some(l), Some(h)) if std::ptr::eq(*l, *h) => {
                        text.push_str(&format!("; lowest and highest {}", cite(l)));
                    }
                    _ => {
                        for (label, p) in [("lowest", low), ("highest", high)] {
                            if let Some(p) = p {
                                text.push_str(&format!("; {label} {}", cite(p)));
                            }
                        }
                    }
                }
                text
            }
        };
        if self.holds_server {
            text.push_str("; per GPU in a DGX/HGX server, which holds the server");
        }
        if self.later {
            text.push_str("; every point is dated after the scenario");
        }
        text
    }
}

/// The range `points` give for `kind` at `date` by the rule above, or `None`.
pub fn derive(points: &[PricePoint], kind: PriceKind, date: NaiveDate) -> Option<Derived<'_>> {
    derive_term(points, kind, date, None)
}

/// [`derive`] of the points of one rent `term` only (`Form::OnDemand`, `OneYear`,
/// `ThreeYear`), or of every form of `kind` with `None`.
pub fn derive_term(
    points: &[PricePoint],
    kind: PriceKind,
    date: NaiveDate,
    term: Option<Form>,
) -> Option<Derived<'_>> {
    let of_kind = || {
        points
            .iter()
            .filter(move |p| p.form.kind() == kind && term.is_none_or(|t| p.form == t))
    };
    let newest_of = |group: Option<u8>| {
        of_kind()
            .filter(|p| p.date <= date && group.is_none_or(|g| p.form.group() == g))
            .max_by(|a, b| {
                a.date
                    .cmp(&b.date)
                    .then(b.form.group().cmp(&a.form.group()))
            })
    };
    // Rule 2: a card (or board) less than a year old; else the newest of any form.
    let card = newest_of(Some(0)).filter(|p| (date - p.date).num_days() < WINDOW_DAYS);
    let (anchor, later) = match card.or_else(|| newest_of(None)) {
        Some(p) => (p, false),
        // Rule 3: the earliest point after the date, if less than a year later.
        None => {
            let after = of_kind().min_by(|a, b| {
                a.date
                    .cmp(&b.date)
                    .then(a.form.group().cmp(&b.form.group()))
            })?;
            if (after.date - date).num_days() >= WINDOW_DAYS {
                return None;
            }
            (after, true)
        }
    };
    let group = anchor.form.group();
    let in_window = |p: &&PricePoint| {
        let days = (anchor.date - p.date).num_days();
        let days = if later { -days } else { days };
        p.form.group() == group && (0..WINDOW_DAYS).contains(&days)
    };
    let window: Vec<&PricePoint> = of_kind().filter(in_window).collect();
    let range = window
        .iter()
        .skip(1)
        .fold(window[0].usd, |acc, p| acc.hull(&p.usd));
    let newest = window.iter().map(|p| p.date).max().unwrap_or(anchor.date);
    Some(Derived {
        kind,
        range,
        points: window,
        newest,
        later,
        holds_server: anchor.form == Form::Server,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn point(date: &str, form: Form, low: Decimal, high: Decimal) -> PricePoint {
        PricePoint {
            date: day(date),
            form,
            usd: Range::new(low, high).unwrap_or(Range::ZERO),
            vendor: None,
            note: None,
            source: format!("test point {date}"),
        }
    }

    #[test]
    fn one_point_gives_its_own_figure_from_its_date_on() {
        let points = [point("2024-03-18", Form::Card, dec!(30000), dec!(40000))];
        let d = derive(&points, PriceKind::Purchase, day("2024-07-15"));
        assert_eq!(
            d.as_ref().map(|d| (d.range.low(), d.range.high())),
            Some((dec!(30000), dec!(40000)))
        );
        assert!(d.is_some_and(|d| !d.later && !d.holds_server && d.points.len() == 1));
        // A rent is asked for: there is none.
        assert!(derive(&points, PriceKind::Rental, day("2024-07-15")).is_none());
    }

    #[test]
    fn several_points_of_the_year_up_to_the_newest_are_widened_to_cover_them_all() {
        let points = [
            // 2022-06-01 is more than 365 days before 2023-10-23: out of the window.
            point("2022-06-01", Form::OnDemand, dec!(20), dec!(20)),
            point("2023-06-20", Form::OnDemand, dec!(1.99), dec!(1.99)),
            point("2023-10-23", Form::OnDemand, dec!(10), dec!(10)),
            point("2023-10-23", Form::ThreeYear, dec!(2.5), dec!(2.5)),
            // After the date: not used.
            point("2024-01-29", Form::OnDemand, dec!(0.5), dec!(0.5)),
        ];
        let d = derive(&points, PriceKind::Rental, day("2024-01-01"));
        // Window (2022-10-23, 2023-10-23]: 1.99, 10 and 2.5 → [1.99, 10].
        assert_eq!(
            d.as_ref()
                .map(|d| (d.range.low(), d.range.high(), d.points.len())),
            Some((dec!(1.99), dec!(10), 3))
        );
        let text = d.map(|d| d.describe()).unwrap_or_default();
        assert!(
            text.starts_with("3 points dated 2023-06-20 to 2023-10-23"),
            "{text}"
        );
        assert!(
            text.contains("lowest on-demand $1.99 (2023-06-20"),
            "{text}"
        );
        assert!(text.contains("highest on-demand $10 (2023-10-23"), "{text}");
    }

    #[test]
    fn cards_and_servers_do_not_mix_and_a_card_of_the_year_wins() {
        let points = [
            point("2023-08-01", Form::Card, dec!(25000), dec!(30000)),
            point("2023-12-11", Form::Server, dec!(41197.50), dec!(41197.50)),
            point("2023-05-29", Form::Server, dec!(33750), dec!(33750)),
        ];
        // At 2024-01-18 the December server point is newer, but the August card is
        // 170 days old, less than a year: the card, [25,000, 30,000].
        let d = derive(&points, PriceKind::Purchase, day("2024-01-18"));
        assert!(d.as_ref().is_some_and(|d| !d.holds_server));
        assert_eq!(d.map(|d| d.range.high()), Some(dec!(30000)));
        // At 2024-09-01 the card is 397 days old: the form with the newer point, the
        // servers of the year to 2023-12-11: [33,750, 41,197.50], holding the server.
        let d = derive(&points, PriceKind::Purchase, day("2024-09-01"));
        assert!(d.as_ref().is_some_and(|d| d.holds_server));
        assert_eq!(
            d.map(|d| (d.range.low(), d.range.high())),
            Some((dec!(33750), dec!(41197.50)))
        );
        // A card and a server on the same day: the card.
        let tie = [
            point("2024-01-01", Form::Server, dec!(40000), dec!(40000)),
            point("2024-01-01", Form::Board, dec!(30000), dec!(30000)),
        ];
        let d = derive(&tie, PriceKind::Purchase, day("2024-02-01"));
        assert!(d.is_some_and(|d| !d.holds_server && d.range.low() == dec!(30000)));
    }

    #[test]
    fn with_none_before_a_later_year_is_used_and_flagged_but_not_past_a_year() {
        let points = [
            point("2025-02-21", Form::Card, dec!(33800), dec!(33800)),
            point("2025-03-03", Form::Card, dec!(31728.59), dec!(31728.59)),
        ];
        // 2024-12-26 is 57 days before the first point: both points, flagged later.
        let d = derive(&points, PriceKind::Purchase, day("2024-12-26"));
        assert_eq!(
            d.as_ref().map(|d| (d.range.low(), d.range.high(), d.later)),
            Some((dec!(31728.59), dec!(33800), true))
        );
        assert!(d.is_some_and(|d| d.describe().ends_with("dated after the scenario")));
        // 2024-02-01 is 386 days before: nothing near.
        assert!(derive(&points, PriceKind::Purchase, day("2024-02-01")).is_none());
    }

    #[test]
    fn a_stale_range_keeps_the_last_year_and_says_how_old_it_is() {
        let points = [
            point("2021-06-15", Form::OnDemand, dec!(4.10), dec!(4.10)),
            point("2022-01-25", Form::OneYear, dec!(2.40), dec!(2.40)),
        ];
        // At 2025-01-01 the newest point is 2022-01-25, 1,072 days old: both points
        // (221 days apart) still make the range; `newest` tells the caller its age.
        let d = derive(&points, PriceKind::Rental, day("2025-01-01"));
        assert_eq!(
            d.as_ref().map(|d| (d.range.low(), d.range.high())),
            Some((dec!(2.40), dec!(4.10)))
        );
        assert_eq!(
            d.map(|d| (day("2025-01-01") - d.newest).num_days()),
            Some(1072)
        );
    }
}
