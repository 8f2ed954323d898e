//! The model built from a scenario: each input made a variable once (however many
//! fleets or jobs read it), fleets' and jobs' parts as products of variables, and the
//! bookkeeping only construction needs (freed before drawing).

use super::*;

impl Model {
    /// Compiles a scenario; `Err` when an input's distribution cannot be sampled.
    pub fn new(scenario: &Scenario) -> Result<Model, String> {
        Model::owning(scenario, &[])
    }

    /// [`Model::new`], with owning a GPU-hour drawn for the bought fleets `owned` as
    /// well as for those a claim speaks of.
    pub fn owning(scenario: &Scenario, owned: &[usize]) -> Result<Model, String> {
        let mut variables = Variables::default();
        let mut fleets = Vec::new();
        // The bought fleets a claim on owning a GPU-hour speaks of: only they draw it.
        let owned_claimed: std::collections::HashSet<usize> = scenario
            .claims
            .iter()
            .filter(|c| c.scope == Scope::OwnedPerGpuHour && c.job.is_none())
            .filter_map(|c| scenario.ids().fleet(c.fleet.as_deref()?))
            .chain(owned.iter().copied())
            .collect();
        for (index, fleet) in scenario.fleets.iter().enumerate() {
            let mut var = |param: Param, input: &Resolved| {
                variables.get(param, input, User::Fleet(index), &fleet.id)
            };
            let count = fleet.count as f64;
            fleets.push(match &fleet.inputs {
                FleetInputs::Buy(b) => FleetModel::Buy {
                    count,
                    vars: BuyVars::new(b, &mut var)?,
                    alone: match (fleet.gpus_divisor(), &fleet.server_factor) {
                        (Some(_), Some(share)) => Some(var(Param::ServerShare, share)?),
                        _ => None,
                    },
                    owning: match owned_claimed.contains(&index) {
                        true => Some(OwningVars {
                            facility_years: var(Param::FacilityYears, &b.facility_years)?,
                            utilization: b
                                .utilization
                                .as_ref()
                                .map(|u| var(Param::Utilization, u))
                                .transpose()?,
                            cost_of_capital: b
                                .cost_of_capital
                                .as_ref()
                                .map(|r| var(Param::CostOfCapital, r))
                                .transpose()?,
                        }),
                        false => None,
                    },
                },
                FleetInputs::Rent(r) => FleetModel::Rent {
                    count,
                    rate: var(Param::RatePerGpuHour, &r.rate_per_gpu_hour)?,
                    months: var(Param::Months, &r.months)?,
                },
            });
        }
        // Each entity's exact slots (fleets' parts, then jobs' figures), for the spans.
        let mut exact = Vec::with_capacity(scenario.fleets.len() + scenario.jobs.len());
        for f in &scenario.fleets {
            let parts = crate::model::price_fleet(f.count, &f.inputs).map_err(|part| {
                format!("arithmetic overflow computing {part:?} of fleet `{}`", f.id)
            })?;
            let mut slots = [None; 6];
            for (part, range) in parts {
                slots[slot(part)] = Some(range);
            }
            // Priced with its servers, the GPUs alone are its gpus ÷ (1 + s), and the
            // rest, gpus × s / (1 + s), is drawn with the servers.
            if let (Some(d), Some(share), Some(gpus)) =
                (f.gpus_divisor(), &f.server_factor, slots[slot(Part::Gpus)])
            {
                // s / (1 + s) grows with s: its range is the bounds' own.
                let frac = |v: rust_decimal::Decimal| v.checked_div(rust_decimal::Decimal::ONE + v);
                let s = share.value;
                let rest = frac(s.low())
                    .zip(frac(s.high()))
                    .and_then(|(low, high)| Range::new(low, high))
                    .and_then(|frac| gpus.mul(&frac).ok());
                let servers = slots[slot(Part::Servers)].unwrap_or(Range::ZERO);
                slots[slot(Part::Gpus)] = gpus.div(&d).ok();
                slots[slot(Part::Servers)] = rest.and_then(|r| servers.add(&r).ok());
            }
            if owned_claimed.contains(&exact.len()) {
                let owned = crate::model::owning::owned(f).map_err(|_| {
                    format!(
                        "arithmetic overflow computing owning a GPU-hour of fleet `{}`",
                        f.id
                    )
                })?;
                slots[OWNED_SLOT] = owned.map(|o| o.per_gpu_hour);
            }
            exact.push(slots);
        }
        let mut jobs = Vec::new();
        for (index, job) in scenario.jobs.iter().enumerate() {
            let Some(fleet) = scenario.fleet(&job.fleet) else {
                continue;
            };
            let label = job_name(job);
            let mut var = |param: Param, input: &Resolved| {
                variables.get(param, input, User::Job(index), &label)
            };
            jobs.push(job_model(job, fleet, &mut var)?);
            let cost = crate::model::jobs::price_job(job, fleet)
                .map_err(|_| format!("arithmetic overflow computing job `{}`", job.id))?;
            exact.push(JOB_SLOTS.map(|scope| cost.scope(scope)));
        }
        let mut serves = Vec::new();
        for (index, sv) in scenario.serves.iter().enumerate() {
            let Some(fleet) = scenario.fleet(&sv.fleet) else {
                continue;
            };
            let label = format!("serve {}", sv.id);
            let mut var = |param: Param, input: &Resolved| {
                variables.get(param, input, User::Serve(index), &label)
            };
            serves.push(serve::serve_model(sv, fleet, &mut var)?);
            let cost = crate::model::serve::price_serve(sv, fleet)
                .map_err(|_| format!("arithmetic overflow computing serve `{}`", sv.id))?;
            // Two entities a serve, six slots each: ten figures.
            exact.extend(serve::exact_slots(&cost));
        }
        let mut tracked = Tracked {
            exact: &exact,
            terms: Vec::new(),
            seen: Seen::default(),
            spans: Vec::new(),
        };
        let terms = |fleet: usize, scope: Scope| -> Vec<Term> {
            let parts: &[Part] = match scenario.fleets[fleet].inputs {
                FleetInputs::Buy(_) => &PARTS[..5],
                FleetInputs::Rent(_) => &PARTS[5..],
            };
            parts
                .iter()
                .filter(|p| p.in_scope(scope))
                .map(|&p| (fleet, slot(p)))
                .collect()
        };
        let mut totals = Vec::new();
        for scope in Scope::FLEET {
            let all: Vec<Term> = (0..scenario.fleets.len())
                .flat_map(|f| terms(f, scope))
                .collect();
            if !all.is_empty() {
                totals.push((scope, tracked.quantity(all)));
            }
        }
        let fleet_totals = (0..scenario.fleets.len())
            .map(|f| {
                let acquisition = scenario.fleets[f].inputs.acquisition();
                let applies = Scope::FLEET
                    .into_iter()
                    .filter(|s| s.applies_to(acquisition));
                let owned = owned_claimed.contains(&f).then(|| {
                    (
                        Scope::OwnedPerGpuHour,
                        tracked.quantity(vec![(f, OWNED_SLOT)]),
                    )
                });
                applies
                    .map(|s| (s, tracked.quantity(terms(f, s))))
                    .chain(owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        let first_job = scenario.fleets.len();
        let job_totals = (0..jobs.len())
            .map(|j| {
                let has = exact[first_job + j].map(|r| r.is_some());
                JOB_SLOTS
                    .into_iter()
                    .enumerate()
                    .filter(|&(k, _)| has[k])
                    .map(|(k, scope)| (scope, tracked.quantity(vec![(first_job + j, k)])))
                    .collect::<Vec<_>>()
            })
            .collect();
        let first_serve = first_job + jobs.len();
        let serve_totals = (0..serves.len())
            .map(|j| {
                let mut list = Vec::new();
                for (half, slots) in serve::SERVE_SLOTS.into_iter().enumerate() {
                    let e = first_serve + 2 * j + half;
                    for (k, scope) in slots.into_iter().enumerate() {
                        if let (Some(scope), Some(_)) = (scope, exact[e][k]) {
                            list.push((scope, tracked.quantity(vec![(e, k)])));
                        }
                    }
                }
                // In report order, as the exact figures are.
                list.sort_by_key(|(s, _)| Scope::SERVE.iter().position(|x| x == s));
                list
            })
            .collect();
        // The plan needs only the terms: what else was needed to name the quantities
        // and the variables goes first, for a lower peak.
        let (terms, spans) = (tracked.terms, tracked.spans);
        drop((tracked.seen, exact));
        let variables = variables.into_list();
        let reads = (fleets.iter().map(FleetModel::reads))
            .chain(jobs.iter().map(JobModel::reads))
            .chain(serves.iter().flat_map(|s| [s.reads(), s.reads()]))
            .collect();
        let flow = Flow::new(&plan(&terms), spans.len(), reads);
        Ok(Model {
            bounded: variables.iter().all(|v| !v.input.dist.is_unbounded()),
            variables,
            fleets,
            jobs,
            serves,
            flow,
            spans,
            totals,
            fleet_totals,
            job_totals,
            serve_totals,
        })
    }
}

/// Values pushed to a list, found again by hash: de-duplication without a scan of the
/// list, so thousands of fleets cost thousands of steps, not millions.
#[derive(Clone, Debug, Default)]
pub(super) struct Seen {
    pub(super) hasher: std::hash::RandomState,
    /// Hash → the indices of the values with it.
    pub(super) buckets: std::collections::HashMap<u64, Vec<usize>>,
}

impl Seen {
    /// The index of a value with `key`'s hash for which `same` holds.
    pub(super) fn find(
        &self,
        key: &impl std::hash::Hash,
        same: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, key);
        self.buckets.get(&hash)?.iter().copied().find(|&i| same(i))
    }

    /// Notes that the value at `index` has `key`.
    pub(super) fn insert(&mut self, key: &impl std::hash::Hash, index: usize) {
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, key);
        self.buckets.entry(hash).or_default().push(index);
    }
}

/// The tracked totals as they are named, each a sum of (entity, slot) terms; an
/// identical sum is kept once. Only [`Model::new`] needs the terms: a model keeps the
/// plan made from them ([`Flow`]) and the spans.
pub(super) struct Tracked<'a> {
    /// Each entity's exact slots (fleets' parts, then jobs' figures), for the spans.
    pub(super) exact: &'a [[Option<Range>; 6]],
    /// Per quantity: the terms it sums.
    pub(super) terms: Vec<Vec<Term>>,
    /// The quantities by hash, to find an identical sum without a scan.
    pub(super) seen: Seen,
    /// Per quantity: its exact [low, high], as `f64`.
    pub(super) spans: Vec<(f64, f64)>,
}

impl Tracked<'_> {
    /// The quantity summing `terms`: the one already tracked, or a new one.
    pub(super) fn quantity(&mut self, terms: Vec<Term>) -> usize {
        let tracked = &self.terms;
        if let Some(q) = self.seen.find(&terms, |q| tracked[q] == terms) {
            return q;
        }
        self.seen.insert(&terms, self.terms.len());
        let (mut low, mut high) = (0.0, 0.0);
        for &(entity, k) in &terms {
            if let Some(r) = self.exact[entity][k] {
                low += to_f64(r.low());
                high += to_f64(r.high());
            }
        }
        self.terms.push(terms);
        self.spans.push((low, high));
        self.terms.len() - 1
    }
}

/// How reports and errors name a job that reads a variable: `job ID`.
pub(super) fn job_name(job: &Job) -> String {
    format!("job {}", job.id)
}

/// Who reads a variable: a fleet or a job, by index.
#[derive(Clone, Copy)]
pub(super) enum User {
    Fleet(usize),
    Job(usize),
    Serve(usize),
}

/// The variables so far, with the inputs they were made from found again by hash.
#[derive(Default)]
pub(super) struct Variables {
    pub(super) list: Vec<Variable>,
    pub(super) seen: Seen,
}

impl Variables {
    /// The variables, in order of first use.
    pub(super) fn into_list(self) -> Vec<Variable> {
        let mut list = self.list;
        list.shrink_to_fit();
        list
    }

    /// The variable for an input: an existing one when the same input (the same key,
    /// range, distribution and origin) is already drawn, so shared inputs are drawn
    /// once; `name` is how an error names the user.
    pub(super) fn get(
        &mut self,
        param: Param,
        input: &Resolved,
        user: User,
        name: &str,
    ) -> Result<usize, String> {
        let key = (param, input);
        let list = &self.list;
        let found = self
            .seen
            .find(&key, |i| list[i].param == param && list[i].input == *input);
        let i = match found {
            Some(i) => i,
            None => {
                let sampler = Sampler::new(param, input)
                    .map_err(|e| format!("cannot sample `{param}` of {name}: {e}"))?;
                self.seen.insert(&key, self.list.len());
                self.list.push(Variable {
                    param,
                    input: input.clone(),
                    users: Vec::new(),
                    jobs: Vec::new(),
                    serves: Vec::new(),
                    sampler,
                });
                self.list.len() - 1
            }
        };
        let v = &mut self.list[i];
        let (users, index) = match user {
            User::Fleet(f) => (&mut v.users, f),
            User::Job(j) => (&mut v.jobs, j),
            User::Serve(s) => (&mut v.serves, s),
        };
        if users.last() != Some(&index) {
            users.push(index);
        }
        Ok(i)
    }
}

/// A job's formulas over the variables `var` hands out.
pub(super) fn job_model(
    job: &Job,
    fleet: &Fleet,
    var: &mut impl FnMut(Param, &Resolved) -> Result<usize, String>,
) -> Result<JobModel, String> {
    let hours = match &job.compute {
        Compute::GpuHours(h) => JobHours::Given(var(Param::GpuHours, h)?),
        Compute::Hours(h) => JobHours::Wall {
            time: var(Param::Hours, h)?,
            per: 1.0,
        },
        Compute::Days(d) => JobHours::Wall {
            time: var(Param::Days, d)?,
            per: 24.0,
        },
        Compute::Flop(f) => JobHours::Flop {
            flop: var(Param::Flop, f)?,
        },
        Compute::Training { params, tokens } => JobHours::Training {
            params: var(Param::Params, params)?,
            tokens: var(Param::Tokens, tokens)?,
        },
    };
    let flops = match (&job.peak_flops, &job.mfu) {
        (Some(p), Some(m)) => Some((var(Param::PeakFlops, p)?, var(Param::Mfu, m)?)),
        _ => None,
    };
    let buy = match &fleet.inputs {
        FleetInputs::Buy(b) => {
            let (_, left) = crate::model::jobs::decline(job, fleet)
                .map_err(|_| format!("arithmetic overflow computing job `{}`", job.id))?;
            Some(JobBuy {
                vars: BuyVars::new(b, var)?,
                left: to_f64(left),
                charge: match job.depreciation {
                    Depreciation::Epoch => Some(
                        to_f64(crate::model::jobs::DECLINE_PER_YEAR * crate::money::LN_10)
                            / f64::from(HOURS_PER_YEAR),
                    ),
                    Depreciation::StraightLine => None,
                },
                facility_years: match job.facility {
                    true => Some(var(Param::FacilityYears, &b.facility_years)?),
                    false => None,
                },
            })
        }
        FleetInputs::Rent(_) => None,
    };
    let rate = job
        .cloud_rate
        .as_ref()
        .map(|r| {
            let param = match fleet.inputs {
                FleetInputs::Rent(_) => Param::RatePerGpuHour,
                FleetInputs::Buy(_) => Param::CloudRate,
            };
            var(param, r)
        })
        .transpose()?;
    Ok(JobModel {
        hours,
        gpus: var(Param::Gpus, &job.gpus)?,
        flops,
        buy,
        rate,
    })
}

/// Draws one block of a fleet's parts into its slots (in [`PARTS`] order): a bought
/// fleet's first five, a rented fleet's rental.
pub(super) fn draw_fleet<'a>(
    fleet: &FleetModel,
    x: &impl Fn(usize) -> &'a [f64],
    slots: &mut [Vec<f64>; 6],
    len: usize,
) {
    let [gpus, servers, network, facility, energy, rental] = slots;
    match *fleet {
        FleetModel::Buy {
            count,
            alone,
            owning,
            vars:
                BuyVars {
                    unit_price,
                    server_share,
                    network_share,
                    facility_per_mw,
                    kw_per_gpu,
                    load,
                    pue,
                    electricity,
                    years,
                },
        } => {
            let (up, ss, ns) = (x(unit_price), x(server_share), x(network_share));
            let (mw, kw, pue) = (x(facility_per_mw), x(kw_per_gpu), x(pue));
            let draw = x(load);
            let (kwh, years) = (x(electricity), x(years));
            let alone = alone.map(x);
            for i in 0..len {
                let g = count * up[i];
                // The GPUs alone of a price that holds the servers; the rest with them.
                let card = alone.map_or(g, |s| g / (1.0 + s[i]));
                gpus[i] = card;
                servers[i] = g * ss[i] + (g - card);
                network[i] = g * ns[i];
                let it = count * kw[i];
                facility[i] = it * 0.001 * mw[i];
                energy[i] = it * draw[i] * pue[i] * years[i] * f64::from(HOURS_PER_YEAR) * kwh[i];
            }
            if let Some(o) = owning {
                let owned = rental;
                let (fy, used) = (x(o.facility_years), o.utilization.map(x));
                let rate = o.cost_of_capital.map(x);
                for i in 0..len {
                    let r = rate.map_or(0.0, |r| r[i]);
                    let hardware = up[i] * (1.0 + ss[i] + ns[i]) * hourly_share(r, years[i]);
                    let building = kw[i] * 0.001 * mw[i] * hourly_share(r, fy[i]);
                    let power = kw[i] * draw[i] * pue[i] * kwh[i];
                    owned[i] = (hardware + building + power) / used.map_or(1.0, |u| u[i]);
                }
            }
        }
        FleetModel::Rent {
            count,
            rate,
            months,
        } => {
            let (rate, months) = (x(rate), x(months));
            for i in 0..len {
                rental[i] = count * months[i] * (f64::from(HOURS_PER_YEAR) / 12.0) * rate[i];
            }
        }
    }
}

/// Draws one block of a job's figures into its six slots (in [`JOB_SLOTS`] order); a
/// figure the job lacks stays zero and is never read.
pub(super) fn draw_job<'a>(
    job: &JobModel,
    x: &impl Fn(usize) -> &'a [f64],
    slots: &mut [Vec<f64>; 6],
    len: usize,
) {
    let [amortized, acquisition, cloud, gpu_hours, hours, flop] = slots;
    // Each column looked up once, not once a draw.
    let gpus = x(job.gpus);
    let flops = job.flops.map(|(peak, mfu)| (x(peak), x(mfu)));
    let per_second = |i: usize| match flops {
        Some((peak, mfu)) => peak[i] * mfu[i] * 3_600.0,
        None => f64::NAN,
    };
    enum Hours<'a> {
        Given(&'a [f64]),
        Wall(&'a [f64], f64),
        Flop(&'a [f64]),
        Training(&'a [f64], &'a [f64]),
    }
    let form = match job.hours {
        JobHours::Given(v) => Hours::Given(x(v)),
        JobHours::Wall { time, per } => Hours::Wall(x(time), per),
        JobHours::Flop { flop } => Hours::Flop(x(flop)),
        JobHours::Training { params, tokens } => Hours::Training(x(params), x(tokens)),
    };
    let rate = job.rate.map(x);
    struct Bought<'a> {
        unit_price: &'a [f64],
        server_share: &'a [f64],
        network_share: &'a [f64],
        kw_per_gpu: &'a [f64],
        facility_per_mw: &'a [f64],
        facility_years: Option<&'a [f64]>,
        years: &'a [f64],
        load: &'a [f64],
        pue: &'a [f64],
        electricity: &'a [f64],
        left: f64,
        charge: Option<f64>,
    }
    let bought = job.buy.as_ref().map(|buy| {
        let b = &buy.vars;
        Bought {
            unit_price: x(b.unit_price),
            server_share: x(b.server_share),
            network_share: x(b.network_share),
            kw_per_gpu: x(b.kw_per_gpu),
            facility_per_mw: x(b.facility_per_mw),
            facility_years: buy.facility_years.map(x),
            years: x(b.years),
            load: x(b.load),
            pue: x(b.pue),
            electricity: x(b.electricity),
            left: buy.left,
            charge: buy.charge,
        }
    });
    for i in 0..len {
        let (h, f) = match form {
            Hours::Given(v) => (v[i], f64::NAN),
            Hours::Wall(time, per) => (time[i] * per * gpus[i], f64::NAN),
            Hours::Flop(flop) => (flop[i] / per_second(i), flop[i]),
            Hours::Training(params, tokens) => {
                let f = 6.0 * params[i] * tokens[i];
                (f / per_second(i), f)
            }
        };
        gpu_hours[i] = h;
        hours[i] = h / gpus[i];
        flop[i] = if f.is_nan() { h * per_second(i) } else { f };
        if let Some(rate) = rate {
            cloud[i] = h * rate[i];
        }
        if let Some(b) = &bought {
            let hardware = b.unit_price[i] * (1.0 + b.server_share[i] + b.network_share[i]);
            // The facility only when the job counts it, written off straight over its life.
            let facility = match b.facility_years {
                Some(_) => b.kw_per_gpu[i] * 0.001 * b.facility_per_mw[i],
                None => 0.0,
            };
            let facility_per_hour = b.facility_years.map_or(0.0, |years| {
                facility / (years[i] * f64::from(HOURS_PER_YEAR))
            });
            let charge = b
                .charge
                .unwrap_or_else(|| 1.0 / (b.years[i] * f64::from(HOURS_PER_YEAR)));
            let energy = b.kw_per_gpu[i] * b.load[i] * b.pue[i] * b.electricity[i];
            amortized[i] = h * (hardware * b.left * charge + facility_per_hour + energy);
            acquisition[i] = gpus[i] * (hardware + facility);
        }
    }
}
