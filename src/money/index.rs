//! Constant dollars: a monthly price index (the US producer price index for data
//! processing and hosting, the one Epoch AI uses), and the factor that restates a
//! month's dollars in another year's.

use rust_decimal::Decimal;

/// One month of the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexMonth {
    /// Calendar year.
    pub year: i32,
    /// Calendar month, 1–12.
    pub month: u32,
    /// The index value.
    pub index: Decimal,
}

/// The monthly index, with its source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriceIndex {
    /// Who publishes it.
    pub source: String,
    /// Months in ascending order.
    pub months: Vec<IndexMonth>,
}

impl PriceIndex {
    /// The index of a month, if the table has it.
    pub fn at(&self, year: i32, month: u32) -> Option<Decimal> {
        self.months
            .iter()
            .find(|m| m.year == year && m.month == month)
            .map(|m| m.index)
    }

    /// The first and last months held, as `YYYY-MM`.
    pub fn span(&self) -> Option<(String, String)> {
        let label = |m: &IndexMonth| format!("{:04}-{:02}", m.year, m.month);
        Some((label(self.months.first()?), label(self.months.last()?)))
    }

    /// The factor that restates money of `from` (year, month) in dollars of December
    /// of `year`, as Epoch's "2023 USD" figures are; `None` where a month is missing.
    pub fn restate(&self, from: (i32, u32), year: i32) -> Option<Restated> {
        let from_index = self.at(from.0, from.1)?;
        let to_index = self.at(year, 12)?;
        Some(Restated {
            year,
            from: format!("{:04}-{:02}", from.0, from.1),
            to: format!("{year:04}-12"),
            from_index,
            to_index,
            factor: to_index.checked_div(from_index)?,
            source: self.source.clone(),
        })
    }
}

/// Money restated in constant dollars of `year`: multiplied by `factor`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restated {
    /// The year whose dollars the report is in.
    pub year: i32,
    /// The month indexed from (the scenario date's), `YYYY-MM`.
    pub from: String,
    /// The month indexed to (December of `year`), `YYYY-MM`.
    pub to: String,
    /// The index in `from`.
    pub from_index: Decimal,
    /// The index in `to`.
    pub to_index: Decimal,
    /// `to_index / from_index`, exact.
    pub factor: Decimal,
    /// The index's source.
    pub source: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn gpt4_in_2023_dollars_as_epoch_has_it() {
        let index = PriceIndex {
            source: "test".into(),
            months: vec![
                IndexMonth {
                    year: 2023,
                    month: 3,
                    index: dec!(117.766),
                },
                IndexMonth {
                    year: 2023,
                    month: 12,
                    index: dec!(119.029),
                },
            ],
        };
        let r = index.restate((2023, 3), 2023).expect("both months");
        // Epoch: GPT-4 $40,155,933.94 nominal, $40,586,592.58 in 2023 USD; indexed from
        // GPT-4's release month 2023-03 (117.766) to 2023-12 (119.029):
        // 40,155,933.94 × 119.029 / 117.766 = 40,586,592.5729… → .57, a cent from Epoch's
        // (whose nominal figure carries more digits than the cents shown).
        let restated = (dec!(40155933.94) * r.factor).round_dp(2);
        assert_eq!(restated, dec!(40586592.57));
        let off = ((restated - dec!(40586592.58)) / dec!(40586592.58)).abs();
        assert!(off < dec!(0.001), "{off}");
        assert_eq!(index.restate((2023, 4), 2023), None);
    }
}
