//! `[[serve]]` as read: the fleet it runs on and its inputs as written, with spans.

use super::{Input, Spanned, read_params, spanned};
use crate::input::param::Param;
use crate::input::{self, Fields, Problems, Span, Value};
use crate::money::Language;

/// A `[[serve]]` as read.
#[derive(Clone, Debug)]
pub struct DraftServe {
    /// `id`.
    pub id: Option<Spanned<String>>,
    /// `fleet`.
    pub fleet: Option<Spanned<String>>,
    /// Its GPUs, period, volume and prices as written.
    pub params: Vec<(Param, Input)>,
    /// The serve's table.
    pub span: Span,
}

/// Keys of a `[[serve]]` besides its inputs ([`Param::SERVE`]).
pub const SERVE_KEYS: [&str; 2] = ["id", "fleet"];

/// Whether a claim's table speaks of a margin, whose value is a percentage as written:
/// read from the text, before the scope is checked.
pub(super) fn is_margin(f: &Fields<'_, '_>) -> bool {
    f.get("scope")
        .and_then(|v| v.get_ref().as_str())
        .is_some_and(|s| s == "margin")
}

pub(super) fn read_serve(
    value: &Value<'_>,
    language: Option<Language>,
    p: &mut Problems,
) -> Option<DraftServe> {
    let known: Vec<&str> = SERVE_KEYS
        .iter()
        .copied()
        .chain(Param::SERVE.iter().map(|p| p.key()))
        .collect();
    let f = Fields::new(value, "`[[serve]]`", &known, p)?;
    let id = f
        .require(
            "id",
            p,
            "give the serve a short `id`, e.g. `id = \"r1-api\"`",
        )
        .and_then(|v| spanned(v, |v| input::string(v, p)));
    let fleet = f
        .require(
            "fleet",
            p,
            "name the fleet that serves it, e.g. `fleet = \"h800\"`",
        )
        .and_then(|v| spanned(v, |v| input::string(v, p)));
    Some(DraftServe {
        id,
        fleet,
        params: read_params(&f, &Param::SERVE, language, p),
        span: f.header_span(),
    })
}

/// The JSON Schema of a `[[serve]]`, for [`crate::scenario::schema`]: `text` is a string's,
/// `input` an assumption's by key.
pub fn serve_schema(
    text: &serde_json::Value,
    input: impl Fn(&str) -> Option<serde_json::Value>,
) -> Result<serde_json::Value, String> {
    let keys: Vec<&str> = SERVE_KEYS
        .iter()
        .copied()
        .chain(Param::SERVE.iter().map(|p| p.key()))
        .collect();
    crate::scenario::schema::object(&keys, &["id", "fleet"], |key| match key {
        "id" => Some(text.clone()),
        "fleet" => Some(serde_json::json!({
            "type": "string",
            "description": "the id of the fleet that serves it (rented: at its rate; bought: at its cost of owning a GPU-hour)"
        })),
        _ => input(key),
    })
}
