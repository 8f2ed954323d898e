//! The machinery of the blocked draws: one random stream per block (noted starts, so
//! a sweep draws what the stream would), the live columns of drawn variables, and the
//! scratch and sums each thread keeps.

use super::*;

impl Streams {
    /// Block `k`'s stream.
    pub(super) fn block(&self, k: usize) -> Stream<'_> {
        let (rng, len) = &self.blocks[k];
        Stream {
            rng: rng.clone(),
            len: *len,
            next: 0,
            mine: 0,
            starts: self.checkpoints.as_ref().map(|c| c[k].as_slice()),
        }
    }
}

/// One block's stream, as its variables are drawn from it.
pub(super) struct Stream<'a> {
    pub(super) rng: Xoshiro256PlusPlus,
    pub(super) len: usize,
    /// Without checkpoints: the next variable in the stream.
    pub(super) next: usize,
    /// Without checkpoints: the sweep's first variable not yet drawn.
    pub(super) mine: usize,
    /// Where each variable's draws start, when noted.
    pub(super) starts: Option<&'a [Xoshiro256PlusPlus]>,
}

/// The variables' draws in a block, each made when first read and given back after its
/// last reader: a sweep holds the shared variables and one entity's own, not every
/// fleet's and job's.
pub(super) struct Live {
    /// Per variable: its draws, while they are read.
    pub(super) live: Vec<Option<Vec<f64>>>,
    /// Columns to reuse.
    pub(super) pool: Vec<Vec<f64>>,
    /// The draws of a variable the sweep does not read, drawn to move the stream on.
    pub(super) spare: Vec<f64>,
}

impl Live {
    pub(super) fn new(variables: usize) -> Live {
        Live {
            live: vec![None; variables],
            pool: Vec::new(),
            spare: vec![0.0; BLOCK],
        }
    }

    /// Draws the sweep's variable `v` if it is not drawn yet: from its noted start, or
    /// else from the stream, drawing the variables before it in turn (those the sweep
    /// reads are kept, the others thrown away). With `all_variables`, each drawn is
    /// handed to `keep`.
    pub(super) fn make(
        &mut self,
        model: &Model,
        stream: &mut Stream<'_>,
        sweep: &Sweep,
        v: usize,
        keep: &mut impl FnMut(usize, &[f64]),
    ) {
        if self.live[v].is_some() {
            return;
        }
        let len = stream.len;
        let global = sweep.variables[v];
        if let Some(starts) = stream.starts {
            let mut column = self.column();
            model.variables[global]
                .sampler
                .fill(&mut starts[global].clone(), &mut column[..len]);
            if sweep.all_variables {
                keep(global, &column[..len]);
            }
            self.live[v] = Some(column);
            return;
        }
        while stream.next <= global {
            let u = stream.next;
            stream.next += 1;
            let sampler = &model.variables[u].sampler;
            // The sweep's variables are in stream order: the next one is `u` or later.
            let mine = sweep.variables.get(stream.mine) == Some(&u);
            if mine {
                let l = stream.mine;
                stream.mine += 1;
                if l == v || sweep.last_use[l].is_some() {
                    let mut column = self.column();
                    sampler.fill(&mut stream.rng, &mut column[..len]);
                    if sweep.all_variables {
                        keep(u, &column[..len]);
                    }
                    self.live[l] = Some(column);
                    continue;
                }
            }
            sampler.fill(&mut stream.rng, &mut self.spare[..len]);
            if mine && sweep.all_variables {
                keep(u, &self.spare[..len]);
            }
        }
    }

    /// A column to draw into: one given back, or a new one.
    pub(super) fn column(&mut self) -> Vec<f64> {
        self.pool.pop().unwrap_or_else(|| vec![0.0; BLOCK])
    }

    /// Gives variable `v`'s column back.
    pub(super) fn release(&mut self, v: usize) {
        if let Some(column) = self.live[v].take() {
            self.pool.push(column);
        }
    }
}

/// The quantities being summed in a block.
pub(super) struct Sums {
    /// Per quantity: its column while it is being summed.
    pub(super) columns: Vec<Option<Vec<f64>>>,
    /// Per quantity: the sources added so far.
    pub(super) added: Vec<u32>,
    /// Columns to reuse.
    pub(super) pool: Vec<Vec<f64>>,
}

impl Scratch {
    pub(super) fn new(sweep: &Sweep) -> Scratch {
        let column = || vec![0.0; BLOCK];
        Scratch {
            variables: Live::new(sweep.variables.len()),
            parts: std::array::from_fn(|_| column()),
            sums: Sums {
                columns: vec![None; sweep.quantities.len()],
                added: vec![0; sweep.quantities.len()],
                pool: Vec::new(),
            },
        }
    }
}
