//! Claims: the figure in the report currency, the fleet and scope it speaks of, and
//! whether that fleet has such a total.

use super::super::read::{DraftClaim, Input};
use super::super::{Acquisition, Claim, Fleet, Scope};
use super::Resolver;
use crate::diagnostic::Diagnostic;
use crate::money::Range;
use crate::param::Param;
use crate::suggest;

impl Resolver<'_> {
    pub(super) fn claims(&mut self, fleets: &[Fleet]) -> Vec<Claim> {
        let mut claims: Vec<Claim> = Vec::new();
        for draft in &self.draft.claims {
            if let Some(claim) = self.claim(draft, fleets) {
                if claims.iter().any(|c| c.id == claim.id) {
                    let span = draft
                        .id
                        .as_ref()
                        .map_or(draft.span.clone(), |i| i.span.clone());
                    self.problems.push(
                        Diagnostic::at(span, format!("duplicate claim id `{}`", claim.id))
                            .label("already used by an earlier claim")
                            .help("give each `[[claim]]` its own `id`"),
                    );
                    continue;
                }
                claims.push(claim);
            }
        }
        claims
    }

    pub(super) fn claim(&mut self, draft: &DraftClaim, fleets: &[Fleet]) -> Option<Claim> {
        let value = draft.value.as_ref().and_then(|v| self.claim_value(v));
        let fleet = match &draft.fleet {
            None => None,
            Some(name) => match fleets.iter().find(|f| f.id == name.value) {
                Some(f) => Some(f),
                None => {
                    // A fleet that failed to resolve was reported already.
                    let written = self.draft.fleets.iter().any(|f| {
                        f.id.as_ref()
                            .or(f.gpu.as_ref())
                            .is_some_and(|i| i.value == name.value)
                    });
                    if !written {
                        // The ids as written: a fleet that failed to resolve still has one.
                        let ids: Vec<&str> = self
                            .draft
                            .fleets
                            .iter()
                            .filter_map(|f| f.id.as_ref().or(f.gpu.as_ref()))
                            .map(|i| i.value.as_str())
                            .collect();
                        let help = match suggest::nearest(&name.value, ids.iter().copied()) {
                            Some(n) => format!("did you mean `{n}`?"),
                            None if ids.is_empty() => "the scenario has no fleet".into(),
                            None => format!("fleets: {}", suggest::one_of(&ids)),
                        };
                        self.problems.push(
                            Diagnostic::at(name.span.clone(), format!("no fleet `{}`", name.value))
                                .label("not a fleet id")
                                .help(help),
                        );
                    }
                    return None;
                }
            },
        };
        let scope = draft.scope.as_ref()?;
        let applies = match fleet {
            Some(f) => scope.value.applies_to(f.inputs.acquisition()),
            None => {
                fleets.is_empty()
                    || fleets
                        .iter()
                        .any(|f| scope.value.applies_to(f.inputs.acquisition()))
            }
        };
        if !applies {
            let message = match fleet {
                Some(f) => {
                    let how = match f.inputs.acquisition() {
                        Acquisition::Buy => "bought",
                        Acquisition::Rent => "rented",
                    };
                    format!(
                        "scope `{}` does not apply to {how} fleet `{}`",
                        scope.value, f.id
                    )
                }
                None => {
                    let every = match scope.value {
                        Scope::Rental => "bought",
                        _ => "rented",
                    };
                    format!(
                        "no fleet of this scenario has a `{}` total: every fleet is {every}",
                        scope.value
                    )
                }
            };
            let help = match scope.value {
                Scope::Rental => "a bought fleet has `gpus`, `capex` and `tco`",
                _ => "a rented fleet has `rental` and `tco`",
            };
            self.problems.push(
                Diagnostic::at(scope.span.clone(), message)
                    .label("no such total")
                    .help(help),
            );
            return None;
        }
        Some(Claim {
            id: draft.id.as_ref()?.value.clone(),
            source: draft.source.clone(),
            quote: draft.quote.clone(),
            value: value?,
            reading: draft.reading,
            written: draft.written.clone(),
            fleet: fleet.map(|f| f.id.clone()),
            scope: scope.value,
            span: draft.span.clone(),
        })
    }

    /// A claimed figure: money, ordered, not negative (the domain of a price).
    pub(super) fn claim_value(&mut self, input: &Input) -> Option<Range> {
        let range = self.convert(input, true, "value")?;
        self.check_domain(Param::UnitPrice, "value", range, input.span.clone())
    }
}
