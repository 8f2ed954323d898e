//! The plan: the order every quantity (part, total) is computed in from the ones it
//! rests on, and what each sweep of a group of totals must compute and keep.

use super::*;

/// How one quantity is computed: the sum of smaller quantities and of parts.
#[derive(Clone, Debug)]
pub(super) struct Step {
    pub(super) quantity: usize,
    pub(super) from: Vec<usize>,
    pub(super) parts: Vec<Term>,
}

/// Orders the quantities by size and builds each from the largest smaller ones it
/// contains (a scenario's capex from its fleets' capex), then the parts left over.
pub(super) fn plan(quantities: &[Vec<Term>]) -> Vec<Step> {
    let mut order: Vec<usize> = (0..quantities.len()).collect();
    order.sort_by_key(|&q| quantities[q].len());
    let mut steps: Vec<Step> = Vec::with_capacity(order.len());
    // Each term's steps so far, by position: only a step sharing a term can be reused.
    let mut containing: std::collections::HashMap<Term, Vec<usize>> =
        std::collections::HashMap::new();
    for q in order {
        let mut left: std::collections::HashSet<Term> = quantities[q].iter().copied().collect();
        // The largest reusable step first, of equals the latest: taking each that still
        // fits is taking, again and again, the largest that fits.
        let mut candidates: Vec<usize> = quantities[q]
            .iter()
            .filter_map(|t| containing.get(t))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable_by_key(|&i| {
            (
                std::cmp::Reverse(quantities[steps[i].quantity].len()),
                std::cmp::Reverse(i),
            )
        });
        candidates.dedup();
        let mut from = Vec::new();
        for i in candidates {
            let p = steps[i].quantity;
            if quantities[p].iter().all(|t| left.contains(t)) {
                for t in &quantities[p] {
                    left.remove(t);
                }
                from.push(p);
            }
        }
        let parts = quantities[q]
            .iter()
            .copied()
            .filter(|t| left.contains(t))
            .collect();
        for &t in &quantities[q] {
            containing.entry(t).or_default().push(steps.len());
        }
        steps.push(Step {
            quantity: q,
            from,
            parts,
        });
    }
    steps
}

/// The plan as a block is drawn entity by entity: each quantity adds its sources as
/// they are done, and is done when the last is in.
#[derive(Clone, Debug)]
pub(super) struct Flow {
    /// Per quantity: the smaller quantities it adds.
    pub(super) from: Lists<usize>,
    /// Per quantity: how many sources (smaller quantities and parts) it adds.
    pub(super) sources: Vec<u32>,
    /// Per quantity: the quantities that add it.
    pub(super) consumers: Lists<usize>,
    /// Per entity: the quantities that add one of its slots, with the slot.
    pub(super) feeds: Lists<(usize, usize)>,
    /// Per quantity: the entities one of whose slots it adds.
    pub(super) fed_by: Lists<usize>,
    /// Per entity: the variables it reads.
    pub(super) reads: Lists<usize>,
}

impl Flow {
    /// The flow of `plan` over its `quantities`, for entities that read the variables
    /// `reads` gives.
    pub(super) fn new(plan: &[Step], quantities: usize, reads: Lists<usize>) -> Flow {
        let edges = || {
            plan.iter()
                .flat_map(|s| s.from.iter().map(|&f| (s.quantity, f)))
        };
        let mut sources = vec![0; quantities];
        for step in plan {
            sources[step.quantity] =
                u32::try_from(step.from.len() + step.parts.len()).unwrap_or(u32::MAX);
        }
        let parts = plan
            .iter()
            .flat_map(|s| s.parts.iter().map(|&(e, k)| (e, (s.quantity, k))));
        Flow {
            from: Lists::grouped(quantities, edges()),
            sources,
            consumers: Lists::grouped(quantities, edges().map(|(q, f)| (f, q))),
            fed_by: Lists::grouped(quantities, parts.clone().map(|(e, (q, _))| (q, e))),
            feeds: Lists::grouped(reads.len(), parts),
            reads,
        }
    }
}
