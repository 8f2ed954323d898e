//! Serves: the fleet each runs on, its GPUs in service, its period, its volume in
//! exactly one form (tokens or throughput), its prices; ids unique, cached input
//! tokens within the input tokens.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::super::read::{DraftClaim, DraftServe, written};
use super::super::{Claim, Fleet, Ids, Origin, Period, Prices, Resolved, Scope, Serve, Volume};
use super::Resolver;
use crate::diagnostic::Diagnostic;
use crate::input::param::Param;
use crate::money::{Range, format_decimal};

/// The keys of a serve's volume given as tokens.
const TOKENS: [Param; 3] = [
    Param::InputTokens,
    Param::CachedInputTokens,
    Param::OutputTokens,
];
/// The keys of a serve's volume given as throughput.
const THROUGHPUT: [Param; 3] = [
    Param::InputTokensPerGpuSecond,
    Param::OutputTokensPerGpuSecond,
    Param::Utilization,
];
/// The prices, per million tokens.
const PRICES: [Param; 3] = [
    Param::PricePerMillionInput,
    Param::PricePerMillionCachedInput,
    Param::PricePerMillionOutput,
];

const VOLUME_HELP: &str = "give the tokens served (`input_tokens`, `cached_input_tokens`, \
                           `output_tokens`, e.g. `output_tokens = \"168B\"`) or the throughput \
                           (`input_tokens_per_gpu_second`, `output_tokens_per_gpu_second`, with \
                           `utilization`)";

impl Resolver<'_> {
    pub(super) fn serves(&mut self, fleets: &[Fleet], ids: &Ids) -> Vec<Serve> {
        let mut serves = Vec::with_capacity(self.draft.serves.len());
        let mut seen = HashSet::new();
        for draft in &self.draft.serves {
            if let Some(id) = &draft.id
                && !seen.insert(id.value.clone())
            {
                self.problems.push(
                    Diagnostic::at(
                        id.span.clone(),
                        format!("duplicate serve id `{}`", id.value),
                    )
                    .label("already used by an earlier serve")
                    .help("give each `[[serve]]` its own `id`"),
                );
                continue;
            }
            let what = draft
                .id
                .as_ref()
                .map_or("a serve".to_string(), |id| format!("serve `{}`", id.value));
            if let Some(serve) = self.or_said(&what, &draft.span, |r| r.serve(draft, fleets, ids)) {
                serves.push(serve);
            }
        }
        serves
    }

    fn serve(&mut self, draft: &DraftServe, fleets: &[Fleet], ids: &Ids) -> Option<Serve> {
        let own = |param: Param| written(&draft.params, param);
        let inputs = self.inputs_written(&draft.params, Origin::Serve);
        let resolved = |param: Param| {
            inputs
                .iter()
                .find(|(p, _)| *p == param)
                .and_then(|(_, r)| r.clone())
        };
        let fleet = draft
            .fleet
            .as_ref()
            .and_then(|name| self.fleet_named(name, fleets, ids));
        let volume = self.volume(draft, &own, &resolved);
        let period = match (own(Param::Hours), own(Param::Days)) {
            (Some(_), Some(days)) => {
                self.problems.push(
                    Diagnostic::at(
                        days.span.clone(),
                        "`days` and `hours` both give the serve's period",
                    )
                    .label("a second period")
                    .help("keep one: `hours = 24` or `days = 1`"),
                );
                None
            }
            (Some(_), None) => Some(Period::Hours(resolved(Param::Hours)?)),
            (None, Some(_)) => Some(Period::Days(resolved(Param::Days)?)),
            (None, None) => Some(Period::Hours(Resolved::uniform(
                Range::exact(Decimal::from(24)),
                Origin::Derived("a day, unless `hours` or `days` say otherwise".into()),
            ))),
        };
        let prices = self.prices(draft, &own, &resolved, volume.as_ref());
        let fleet = fleet?;
        let gpus = self.gpus_on(own(Param::Gpus), resolved(Param::Gpus), fleet, "a serve")?;
        Some(Serve {
            id: draft.id.as_ref()?.value.clone(),
            fleet: fleet.id.clone(),
            gpus,
            period: period?,
            volume: volume?,
            prices: prices?,
            span: draft.span.clone(),
        })
    }

    /// The serve's volume, from exactly one form.
    fn volume<'i>(
        &mut self,
        draft: &DraftServe,
        own: &impl Fn(Param) -> Option<&'i super::super::read::Input>,
        resolved: &impl Fn(Param) -> Option<Resolved>,
    ) -> Option<Volume> {
        let first = |keys: &[Param]| keys.iter().find_map(|&p| own(p).map(|i| (p, i)));
        let zero = |what: &str| {
            Resolved::uniform(
                Range::ZERO,
                Origin::Derived(format!("none: no `{what}` written")),
            )
        };
        let or_zero = |p: Param| match own(p) {
            Some(_) => resolved(p),
            None => Some(zero(p.key())),
        };
        match (first(&TOKENS), first(&THROUGHPUT)) {
            (Some((a, _)), Some((b, input))) => {
                self.problems.push(
                    Diagnostic::at(
                        input.span.clone(),
                        format!(
                            "`{}` and `{}` both give the serve's volume",
                            b.key(),
                            a.key()
                        ),
                    )
                    .label("a second form")
                    .help(format!("keep one form; {VOLUME_HELP}")),
                );
                None
            }
            (None, None) => {
                self.problems.push(
                    Diagnostic::at(
                        draft.span.clone(),
                        "the serve does not say how many tokens it serves",
                    )
                    .label("no volume")
                    .help(VOLUME_HELP),
                );
                None
            }
            (Some(_), None) => {
                if let Some(cached) = own(Param::CachedInputTokens) {
                    if own(Param::InputTokens).is_none() {
                        self.problems.push(
                            Diagnostic::at(cached.span.clone(), "`cached_input_tokens` without `input_tokens`")
                                .label("cached of what?")
                                .help("cached input tokens are part of the input tokens: give `input_tokens` too, cache hits included"),
                        );
                        return None;
                    }
                    let (c, i) = (
                        resolved(Param::CachedInputTokens)?,
                        resolved(Param::InputTokens)?,
                    );
                    if c.value.high() > i.value.low() {
                        self.problems.push(
                            Diagnostic::at(
                                cached.span.clone(),
                                format!(
                                    "`cached_input_tokens` {} is more than `input_tokens` {}",
                                    format_decimal(c.value.high()),
                                    format_decimal(i.value.low())
                                ),
                            )
                            .label("above the input tokens")
                            .help("cached input tokens are the part of the input tokens that hit the cache: `input_tokens` counts them too, so it is at least as large"),
                        );
                        return None;
                    }
                }
                Some(Volume::Tokens {
                    input: or_zero(Param::InputTokens)?,
                    cached_input: or_zero(Param::CachedInputTokens)?,
                    output: or_zero(Param::OutputTokens)?,
                })
            }
            (None, Some(_)) => {
                if own(Param::InputTokensPerGpuSecond).is_none()
                    && own(Param::OutputTokensPerGpuSecond).is_none()
                {
                    let utilization = own(Param::Utilization)?;
                    self.problems.push(
                        Diagnostic::at(utilization.span.clone(), "`utilization` of what throughput?")
                            .label("no tokens per GPU-second")
                            .help("give `output_tokens_per_gpu_second` (and `input_tokens_per_gpu_second`) at full use"),
                    );
                    return None;
                }
                let utilization = match own(Param::Utilization) {
                    Some(_) => resolved(Param::Utilization)?,
                    None => Resolved::uniform(
                        Range::exact(Decimal::ONE),
                        Origin::Derived("every GPU-second at that throughput".into()),
                    ),
                };
                Some(Volume::Throughput {
                    input: or_zero(Param::InputTokensPerGpuSecond)?,
                    output: or_zero(Param::OutputTokensPerGpuSecond)?,
                    utilization,
                })
            }
        }
    }

    /// The prices, when any is written: a price for each kind of token served (cached
    /// input at the input price unless its own is written). `Some(None)` for no prices.
    fn prices<'i>(
        &mut self,
        draft: &DraftServe,
        own: &impl Fn(Param) -> Option<&'i super::super::read::Input>,
        resolved: &impl Fn(Param) -> Option<Resolved>,
        volume: Option<&Volume>,
    ) -> Option<Option<Prices>> {
        if PRICES.iter().all(|&p| own(p).is_none()) {
            return Some(None);
        }
        // Whether tokens of the kind a price is for may be served (its volume's high).
        let served = |p: Param| {
            let (input, output) = match volume {
                Some(Volume::Tokens { input, output, .. })
                | Some(Volume::Throughput { input, output, .. }) => (input, output),
                None => return false,
            };
            let tokens = match p {
                Param::PricePerMillionInput => input,
                _ => output,
            };
            tokens.value.high() > Decimal::ZERO
        };
        let price = |r: &mut Self, p: Param| -> Option<Resolved> {
            if own(p).is_some() {
                return resolved(p);
            }
            if !served(p) {
                return Some(Resolved::uniform(
                    Range::ZERO,
                    Origin::Derived("no such tokens served".into()),
                ));
            }
            r.problems.push(
                Diagnostic::at(
                    draft.span.clone(),
                    format!("the serve's revenue needs `{}`", p.key()),
                )
                .label(format!("no `{}`", p.key()))
                .help("revenue prices every kind of token served: give the price per million as written, e.g. `price_per_million_output = \"$2.19\"`, or no prices at all"),
            );
            None
        };
        let input = price(self, Param::PricePerMillionInput);
        let output = price(self, Param::PricePerMillionOutput);
        let input = input?;
        let cached_input = match own(Param::PricePerMillionCachedInput) {
            Some(_) => resolved(Param::PricePerMillionCachedInput)?,
            None => Resolved {
                origin: Origin::Derived("`price_per_million_input`: no cache price written".into()),
                ..input.clone()
            },
        };
        Some(Some(Prices {
            input,
            cached_input,
            output: output?,
        }))
    }
}

impl Resolver<'_> {
    /// A claim on a serve's estimate or measure: it names the serve, and only it; the
    /// serve has the figure (revenue and margin need prices, a cost per million
    /// tokens of a kind needs tokens of that kind).
    pub(super) fn serve_claim(
        &mut self,
        draft: &DraftClaim,
        fleets: &[Fleet],
        serves: &[Serve],
        ids: &Ids,
        options: &[&str],
    ) -> Option<Claim> {
        let scope = draft.scope.as_ref();
        let money = scope.is_none_or(|s| s.value.is_money());
        // A profit may be a loss, a margin below zero (down to −100%: no revenue).
        let signed = scope.map(|s| s.value);
        let value = draft.value.as_ref().and_then(|v| match signed {
            Some(Scope::Profit) => self.convert(v, money, "value"),
            Some(Scope::Margin) => {
                let range = self.convert(v, money, "value")?;
                if range.low() < -Decimal::ONE_HUNDRED {
                    self.problems.push(
                        Diagnostic::at(v.span.clone(), "a margin below −100%")
                            .label(format!("lowest value {}%", format_decimal(range.low())))
                            .help("margin = (revenue − cost) / cost: with no revenue at all it is −100%, never less"),
                    );
                    return None;
                }
                Some(range)
            }
            _ => self.claim_value(v, money),
        });
        let Some(name) = &draft.serve else {
            let scope = scope?;
            self.problems.push(
                Diagnostic::at(
                    scope.span.clone(),
                    format!(
                        "scope `{}` is a serve's: the claim names no serve",
                        scope.value
                    ),
                )
                .label("no such figure")
                .help("add `serve = \"…\"` naming one of the scenario's `[[serve]]`"),
            );
            return None;
        };
        if let Some(other) = draft.fleet.as_ref().or(draft.job.as_ref()) {
            self.problems.push(
                Diagnostic::at(
                    other.span.clone(),
                    "a claim speaks of one fleet, job or serve, not two",
                )
                .label("as well as a serve")
                .help("a serve's claim names its `serve` alone: its fleet is the serve's"),
            );
            return None;
        }
        let serve = match ids.serve(&name.value) {
            Some(i) => &serves[i],
            None => {
                let written: Vec<&str> = (self.draft.serves.iter())
                    .filter_map(|s| s.id.as_ref())
                    .map(|i| i.value.as_str())
                    .collect();
                self.no_such(name, "serve", &written, "the scenario has no `[[serve]]`");
                return None;
            }
        };
        let scope = scope?;
        // A cost per million tokens divides by them: they must stay above zero.
        let (input, output) = match &serve.volume {
            Volume::Tokens { input, output, .. } | Volume::Throughput { input, output, .. } => {
                (input.value.low(), output.value.low())
            }
        };
        // A rented fleet's rate that reaches zero leaves a margin undefined.
        let free = ids
            .fleet(&serve.fleet)
            .is_some_and(|i| match &fleets[i].inputs {
                crate::scenario::FleetInputs::Rent(r) => r.rate_per_gpu_hour.value.low().is_zero(),
                crate::scenario::FleetInputs::Buy(_) => false,
            });
        let problem = match scope.value {
            s if !s.is_serve() => Some((
                format!("scope `{s}` is not a serve's"),
                format!("a serve has {}", serve_scopes()),
            )),
            Scope::Margin if free => Some((
                format!(
                    "serve `{}` may cost nothing (fleet `{}`'s rate reaches zero): no margin",
                    serve.id, serve.fleet
                ),
                "a margin is a ratio to the cost: give the fleet a `rate_per_gpu_hour` above zero".to_string(),
            )),
            Scope::Revenue | Scope::Profit | Scope::Margin if serve.prices.is_none() => Some((
                format!("serve `{}` has no prices, so no `{}`", serve.id, scope.value),
                "give the serve its prices per million tokens (`price_per_million_input`, `price_per_million_cached_input`, `price_per_million_output`)".to_string(),
            )),
            Scope::CostPerMillionInput if input.is_zero() => Some((
                format!("serve `{}` may serve no input tokens: no cost per million of them", serve.id),
                "give the serve `input_tokens` (or `input_tokens_per_gpu_second`) above zero".to_string(),
            )),
            Scope::CostPerMillionOutput if output.is_zero() => Some((
                format!("serve `{}` may serve no output tokens: no cost per million of them", serve.id),
                "give the serve `output_tokens` (or `output_tokens_per_gpu_second`) above zero".to_string(),
            )),
            Scope::CostPerMillionTokens if input.is_zero() && output.is_zero() => Some((
                format!("serve `{}` may serve no tokens: no cost per million of them", serve.id),
                "give the serve input or output tokens above zero".to_string(),
            )),
            _ => None,
        };
        if let Some((message, help)) = problem {
            self.problems.push(
                Diagnostic::at(scope.span.clone(), message)
                    .label("no such figure")
                    .help(help),
            );
            return None;
        }
        let fleet = ids.fleet(&serve.fleet).map(|i| &fleets[i]);
        Some(Claim {
            id: draft.id.as_ref()?.value.clone(),
            source: draft.source.clone(),
            quote: draft.quote.clone(),
            value: value?,
            reading: draft.reading,
            written: draft.written.clone(),
            fleet: None,
            job: None,
            serve: Some(serve.id.clone()),
            scope: scope.value,
            option: self.claim_option(draft, fleet, None, fleets, ids, options)?,
            value_span: draft
                .value
                .as_ref()
                .map_or(draft.span.clone(), |v| v.span.clone()),
            value_set: None,
            span: draft.span.clone(),
        })
    }
}

/// A serve's scopes, for messages.
pub(crate) fn serve_scopes() -> String {
    let keys: Vec<String> = Scope::SERVE.iter().map(|s| format!("`{s}`")).collect();
    crate::diagnostic::suggest::joined(&keys)
}
