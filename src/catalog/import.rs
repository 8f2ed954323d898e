//! `gpucost catalog import`: Epoch AI's hardware-prices CSV (the file Epoch republishes
//! in epoch-research/training-cost-trends) turned into price and rent points in the
//! user-catalog format, each with its row's own source, date, form, vendor and note,
//! for `--catalog` to merge over the built-in catalog. Rows it cannot place are counted
//! by reason, never guessed at. Pure: text in, text out; the command reads and writes.

use std::collections::HashSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Catalog, GpuModel, GpuRef};
use crate::diagnostic::{Diagnostic, FileDiagnostics};

/// The columns the import reads, as Epoch's file names them.
const COLUMNS: [&str; 10] = [
    "Price source",
    "Price date",
    "Hardware model",
    "Vendor",
    "Price per chip-hour (on-demand)",
    "Price per chip-hour (1-year CUD)",
    "Price per chip-hour (3-year CUD)",
    "Price (hardware purchase)",
    "Notes",
    "Number of GPUs",
];

/// Epoch's names for the built-in models whose names differ from every alias (Epoch
/// files the V100's versions apart; the catalog holds them as one model). Any other
/// name is looked up in the catalog (user models included) without its maker's word.
const EPOCH_NAMES: [(&str, &str); 14] = [
    ("NVIDIA V100", "V100"),
    ("NVIDIA Tesla V100 DGXS 16 GB", "V100"),
    ("NVIDIA Tesla V100 DGXS 32 GB", "V100"),
    ("NVIDIA Tesla V100 PCIe 16 GB", "V100"),
    ("NVIDIA Tesla V100 PCIe 32 GB", "V100"),
    ("NVIDIA Tesla V100 SXM2", "V100"),
    ("NVIDIA Tesla V100 SXM2 16 GB", "V100"),
    ("NVIDIA Tesla V100 SXM2 32 GB", "V100"),
    ("NVIDIA Tesla V100 SXM3 32 GB", "V100"),
    ("NVIDIA A100", "A100-40GB"),
    ("NVIDIA A100 SXM4 40 GB", "A100-40GB"),
    ("NVIDIA A100 SXM4 80 GB", "A100-80GB"),
    ("NVIDIA HGX H20", "H20"),
    ("Intel Habana Gaudi2", "Gaudi2"),
];

/// Why a row gave no point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// No hardware model named.
    NoModel,
    /// A model the catalog does not have.
    NotInCatalog,
    /// No date.
    NoDate,
    /// No source URL: no number goes in without one.
    NoSource,
    /// Neither a purchase price nor a rent.
    NoPrice,
    /// A price for several GPUs that does not say whether it is a baseboard or a server.
    NoForm,
    /// Dated before the model's launch in the catalog.
    BeforeLaunch,
    /// The same point as an earlier row (Epoch lists one offer per instance size).
    Duplicate,
}

impl Skip {
    /// What the count of these rows is called.
    pub fn reason(self) -> &'static str {
        match self {
            Skip::NoModel => "no hardware model",
            Skip::NotInCatalog => "a model the catalog does not have",
            Skip::NoDate => "no date",
            Skip::NoSource => "no source",
            Skip::NoPrice => "no price or rent",
            Skip::NoForm => {
                "a price for several GPUs that says neither baseboard nor server (DGX, HGX)"
            }
            Skip::BeforeLaunch => "dated before the model's launch",
            Skip::Duplicate => "the same point as an earlier row",
        }
    }
}

/// What an import made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The user-catalog file.
    pub text: String,
    /// Rows read (the header and blank lines not counted).
    pub rows: usize,
    /// Points written: a rent row with several terms is one point per term.
    pub points: usize,
    /// Models the points are of.
    pub models: usize,
    /// Rows that gave no point, by reason, in [`Skip`] order.
    pub skipped: Vec<(Skip, usize)>,
}

impl Imported {
    /// `591 rows: 312 points for 14 models; 279 rows skipped: 250 a model …`.
    pub fn summary(&self) -> String {
        let skipped: usize = self.skipped.iter().map(|(_, n)| n).sum();
        let mut text = format!(
            "{} rows: {} points for {} models; {skipped} rows skipped",
            self.rows, self.points, self.models
        );
        let reasons: Vec<String> = self
            .skipped
            .iter()
            .map(|(skip, n)| format!("{n} {}", skip.reason()))
            .collect();
        if !reasons.is_empty() {
            text.push_str(": ");
            text.push_str(&reasons.join(", "));
        }
        text
    }
}

/// One row's point, before it is written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Row {
    model: usize,
    date: NaiveDate,
    /// `card`, `board` or `server`; empty for a rent.
    form: &'static str,
    /// A purchase's price, or the rents by term (on demand, one year, three years).
    usd: [Option<Decimal>; 3],
    vendor: Option<String>,
    source: String,
}

/// Reads Epoch AI's hardware-prices CSV (`file` names it in messages) into points for
/// `catalog`'s models. A missing column, or a date or figure that does not read, is an
/// error at its line and column; a row that cannot be placed is counted and skipped.
pub fn import_epoch(
    file: &str,
    text: &str,
    catalog: &Catalog,
) -> Result<Imported, FileDiagnostics> {
    let fail = |diagnostics| FileDiagnostics {
        file: file.to_string(),
        text: Some(text.to_string()),
        diagnostics,
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = text.len() - body.len();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(body.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| fail(vec![csv_problem(&e, offset)]))?
        .clone();
    let mut index = [0; COLUMNS.len()];
    let mut missing = Vec::new();
    for (i, name) in COLUMNS.iter().enumerate() {
        match header.iter().position(|h| h.trim() == *name) {
            Some(at) => index[i] = at,
            None => missing.push(format!("`{name}`")),
        }
    }
    if !missing.is_empty() {
        let end = body.find('\n').unwrap_or(body.len());
        let d = Diagnostic::at(
            offset..offset + end,
            "not Epoch AI's hardware-prices header",
        )
        .label(format!("no column {}", missing.join(", ")))
        .help(
            "import reads the CSV Epoch AI publishes (epoch-research/training-cost-trends, \
                 data/Hardware prices.csv), with its header row",
        );
        return Err(fail(vec![d]));
    }
    let mut problems = Vec::new();
    let mut rows: Vec<(Row, String)> = Vec::new();
    let mut seen = HashSet::new();
    let mut skipped = std::collections::BTreeMap::new();
    let mut count = 0;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(csv_problem(&e, offset));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        count += 1;
        let start = offset + record.position().map_or(0, |p| p.byte() as usize);
        let field = |c: usize| record.get(index[c]).unwrap_or("").trim();
        // Where a field is in the file, for a message: found in the row's text.
        let span = |c: usize| {
            let value = field(c);
            let row = &text[start.min(text.len())..];
            let at = (!value.is_empty()).then(|| row.find(value)).flatten();
            at.map_or(start..start, |i| start + i..start + i + value.len())
        };
        let place = place_row(catalog, &field);
        let (model, date, source) = match place {
            Ok(found) => found,
            Err(Placed::Skip(skip)) => {
                *skipped.entry(skip).or_insert(0) += 1;
                continue;
            }
            Err(Placed::BadDate) => {
                problems.push(
                    Diagnostic::at(span(1), format!("`{}` is not a date", field(1)))
                        .label("Price date")
                        .help("Epoch AI writes dates as YYYY-MM-DD"),
                );
                continue;
            }
        };
        let mut figures = [None; 4];
        for (slot, column) in figures.iter_mut().zip([4, 5, 6, 7]) {
            let value = field(column);
            if value.is_empty() {
                continue;
            }
            match value.parse::<Decimal>() {
                Ok(v) if v > Decimal::ZERO => *slot = Some(v.normalize()),
                _ => problems.push(
                    Diagnostic::at(span(column), format!("`{value}` is not a price"))
                        .label(COLUMNS[column])
                        .help("a price is a number of US dollars above zero, e.g. `31250.00`"),
                ),
            }
        }
        let [on_demand, one_year, three_year, purchase] = figures;
        let vendor = Some(field(3).to_string()).filter(|v| !v.is_empty());
        let note = note(field(2), field(8));
        let gpus = field(9).parse::<u32>().unwrap_or(1);
        let hay = format!("{} {}", field(8), source).to_lowercase();
        let mut made = Vec::new();
        if let Some(usd) = purchase {
            match purchase_form(gpus, &hay) {
                Some(form) => made.push((form, [Some(usd), None, None])),
                None => *skipped.entry(Skip::NoForm).or_insert(0) += 1,
            }
        }
        if on_demand.or(one_year).or(three_year).is_some() {
            made.push(("", [on_demand, one_year, three_year]));
        } else if purchase.is_none() {
            *skipped.entry(Skip::NoPrice).or_insert(0) += 1;
        }
        for (form, usd) in made {
            let row = Row {
                model,
                date,
                form,
                usd,
                vendor: vendor.clone(),
                source: source.clone(),
            };
            if date < catalog.models[model].launch.value {
                *skipped.entry(Skip::BeforeLaunch).or_insert(0) += 1;
            } else if !seen.insert(row.clone()) {
                *skipped.entry(Skip::Duplicate).or_insert(0) += 1;
            } else {
                rows.push((row, note.clone()));
            }
        }
    }
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let points = rows
        .iter()
        .map(|(r, _)| r.usd.iter().flatten().count())
        .sum();
    let (text, models) = write(file, count, &rows, catalog);
    Ok(Imported {
        text,
        rows: count,
        points,
        models,
        skipped: skipped.into_iter().collect(),
    })
}

/// Why a row has no model, date and source.
enum Placed {
    Skip(Skip),
    BadDate,
}

/// The row's catalog model (by index), date and source.
fn place_row<'f>(
    catalog: &Catalog,
    field: &impl Fn(usize) -> &'f str,
) -> Result<(usize, NaiveDate, String), Placed> {
    let name = field(2);
    if name.is_empty() {
        return Err(Placed::Skip(Skip::NoModel));
    }
    let model = model_of(catalog, name).ok_or(Placed::Skip(Skip::NotInCatalog))?;
    let date = match field(1) {
        "" => return Err(Placed::Skip(Skip::NoDate)),
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Placed::BadDate)?,
    };
    let source = field(0);
    // Epoch writes `Unknown` where it has none.
    if source.is_empty() || source.eq_ignore_ascii_case("unknown") {
        return Err(Placed::Skip(Skip::NoSource));
    }
    Ok((model, date, source.to_string()))
}

/// The catalog model Epoch's `name` is, by index: the table of Epoch's names, else the
/// name without its maker's word (`NVIDIA H100 SXM5 80GB` → alias `H100 SXM5 80GB`),
/// else the whole name; a family is no model.
fn model_of(catalog: &Catalog, name: &str) -> Option<usize> {
    let index = |m: &GpuModel| catalog.models.iter().position(|n| n.name == m.name);
    if let Some((_, ours)) = EPOCH_NAMES.iter().find(|(epoch, _)| *epoch == name) {
        return catalog.models.iter().position(|m| m.name == *ours);
    }
    let short = name.split_once(' ').map_or(name, |(_, rest)| rest);
    [short, name]
        .into_iter()
        .find_map(|n| match catalog.lookup(n) {
            Some(GpuRef::Model(m)) => index(m),
            _ => None,
        })
}

/// A purchase's form: one GPU is a card; several are a baseboard's or a server's share
/// when the note or the URL says which (`8x GPU HGX` and `baseboard` listings are
/// boards, DGX and HGX systems servers), else unknown.
fn purchase_form(gpus: u32, hay: &str) -> Option<&'static str> {
    if gpus <= 1 {
        return Some("card");
    }
    let any = |words: &[&str]| words.iter().any(|w| hay.contains(w));
    if any(&["baseboard", "8x gpu hgx", "8x gpu,", "-ubb"]) {
        Some("board")
    } else if any(&["dgx", "hgx", "server"]) {
        Some("server")
    } else {
        None
    }
}

/// `H100 SXM5 80GB: DGX, 8 GPU, 640GB`: the model as Epoch names it, without its maker's
/// word, and the row's notes with double quotes made single (as the built-in catalog
/// transcribed them).
fn note(model: &str, notes: &str) -> String {
    let short = model.split_once(' ').map_or(model, |(_, rest)| rest);
    let notes = notes.replace('"', "'");
    match notes.trim() {
        "" => short.to_string(),
        n => format!("{short}: {n}"),
    }
}

/// The user-catalog text, models in catalog order and points in date order; and how
/// many models it names.
fn write(file: &str, rows: usize, points: &[(Row, String)], catalog: &Catalog) -> (String, usize) {
    let quote = |s: &str| toml_edit::Value::from(s).to_string();
    let mut out = format!(
        "# Price and rent points imported by `gpucost catalog import`, each with its row's own\n\
         # source, from {rows} rows of Epoch AI's hardware-prices format in\n\
         # {}\n\
         # Merge them with `gpucost --catalog THIS_FILE ...`; check each against its source.\n",
        crate::diagnostic::escape_controls(file).replace('\n', " ")
    );
    let mut models = 0;
    for (i, model) in catalog.models.iter().enumerate() {
        let mut own: Vec<&(Row, String)> = points.iter().filter(|(r, _)| r.model == i).collect();
        if own.is_empty() {
            continue;
        }
        models += 1;
        own.sort_by_key(|(r, _)| r.date);
        out.push_str(&format!("\n[[gpu]]\nname = {}\n", quote(&model.name)));
        for (row, note) in own {
            let figure = |v: Decimal| v.to_string();
            if row.form.is_empty() {
                out.push_str(&format!("\n[[gpu.rent]]\ndate = {}\n", row.date));
                if let Some(vendor) = &row.vendor {
                    out.push_str(&format!("vendor = {}\n", quote(vendor)));
                }
                for (key, usd) in ["on_demand", "one_year", "three_year"].iter().zip(row.usd) {
                    if let Some(usd) = usd {
                        out.push_str(&format!("{key} = {}\n", figure(usd)));
                    }
                }
            } else {
                out.push_str(&format!(
                    "\n[[gpu.price]]\ndate = {}\nform = \"{}\"\n",
                    row.date, row.form
                ));
                if let Some(usd) = row.usd[0] {
                    out.push_str(&format!("usd = {}\n", figure(usd)));
                }
                if let Some(vendor) = &row.vendor {
                    out.push_str(&format!("vendor = {}\n", quote(vendor)));
                }
            }
            out.push_str(&format!(
                "note = {}\nsource = {}\n",
                quote(note),
                quote(&row.source)
            ));
        }
    }
    (out, models)
}

/// A CSV the reader cannot read, at its place.
fn csv_problem(e: &csv::Error, offset: usize) -> Diagnostic {
    let at = e
        .position()
        .map(|p| offset + p.byte() as usize)
        .unwrap_or(offset);
    Diagnostic::at(at..at, format!("the CSV does not read: {e}"))
        .help("save it as comma-separated UTF-8 text, one quoted field per cell")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_for_several_gpus_needs_its_form_said() {
        assert_eq!(purchase_form(1, "anything"), Some("card"));
        assert_eq!(
            purchase_form(8, "8x gpu hgx, $248,956 total"),
            Some("board")
        );
        assert_eq!(purchase_form(8, "dgx, 8 gpu, 640gb"), Some("server"));
        assert_eq!(purchase_form(8, "hgx, 8 gpu"), Some("server"));
        // Before: `$65k for 8` would have been a guess.
        assert_eq!(purchase_form(8, "$65k for 8 https://example.com/x"), None);
    }

    #[test]
    fn notes_keep_the_models_words_and_single_quotes() {
        assert_eq!(note("NVIDIA H100 SXM5 80GB", ""), "H100 SXM5 80GB");
        assert_eq!(
            note("NVIDIA H100 SXM5 80GB", " \"x\" y "),
            "H100 SXM5 80GB: 'x' y"
        );
    }
}
