//! What a draft holds before it is written: fleets, jobs, claims and the figures left
//! out, each with where in the article it comes from and, for every guess, why.

use crate::money::Currency;
use crate::scenario::Scope;

/// Where in the article a value was read: `«10.000 GPU» (line 3)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// The 1-based line.
    pub line: usize,
    /// The words, on one line.
    pub quote: String,
}

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "«{}» (line {})", self.quote, self.line)
    }
}

/// A value for a key, as the article writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// The figure as written (`"$25,000"`, `"circa 30.000 dollari"`).
    pub text: String,
    /// Where.
    pub seen: Seen,
    /// Why it went where it went, when that is a guess.
    pub why: Option<String>,
}

/// A `[[fleet]]`.
#[derive(Clone, Debug)]
pub struct FleetPlan {
    /// Its id.
    pub id: String,
    /// Its model; `None` until one is chosen.
    pub gpu: Option<String>,
    /// Why that model, when the article does not name it beside the count.
    pub gpu_why: Option<String>,
    /// How many GPUs.
    pub count: u64,
    /// How the count is qualified (`about 10,000`), when every mention qualifies it.
    pub count_note: Option<String>,
    /// Each place the count is written, first first.
    pub seen: Vec<Seen>,
    /// Where each mention of its count starts, in the article.
    pub at: Vec<usize>,
    /// The family of its model, once known.
    pub family: Option<String>,
    /// The article calls them GPUs (not chips or units).
    pub gpus: bool,
    /// Why it is rented, if it is.
    pub rent: Option<String>,
    /// `unit_price`.
    pub unit_price: Option<Written>,
    /// `rate_per_gpu_hour`.
    pub rate: Option<Written>,
    /// `months` of a rented fleet.
    pub months: Option<Written>,
}

/// A `[[job]]`.
#[derive(Clone, Debug)]
pub struct JobPlan {
    /// Its id.
    pub id: String,
    /// Its fleet, by index.
    pub fleet: usize,
    /// Why that fleet.
    pub fleet_why: String,
    /// Its compute: `gpu_hours`, `days` or `hours`, and the figure.
    pub compute: (&'static str, Written),
    /// `cloud_rate`.
    pub cloud_rate: Option<Written>,
}

/// A `[[claim]]`.
#[derive(Clone, Debug)]
pub struct ClaimPlan {
    /// Its id.
    pub id: String,
    /// The figure as written.
    pub value: Written,
    /// The words around it.
    pub quote: String,
    /// The currency it names.
    pub currency: Currency,
    /// What it speaks of.
    pub of: Subject,
    /// Its scope.
    pub scope: Scope,
    /// The article's words the scope was guessed from, if any.
    pub scope_from: Option<ScopeWords>,
}

/// The words a claim's scope was guessed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeWords {
    /// The word for what the money bought, nearest the figure (`cluster`).
    pub word: String,
    /// A word of the other scope in the same clause, farther away (`GPUs`).
    pub nearer_than: Option<String>,
}

/// What a claim speaks of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A fleet, by index, and why.
    Fleet(usize, String),
    /// A job, by index, and why.
    Job(usize, String),
}

/// A figure the draft does not place, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unplaced {
    /// Where.
    pub seen: Seen,
    /// Why it is left out.
    pub why: String,
}

/// Everything a draft holds.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// Fleets.
    pub fleets: Vec<FleetPlan>,
    /// Jobs.
    pub jobs: Vec<JobPlan>,
    /// Claims.
    pub claims: Vec<ClaimPlan>,
    /// Figures left out.
    pub unplaced: Vec<Unplaced>,
}

impl Plan {
    /// Leaves out fleet `i` for `why`, with its jobs and claims: what spoke of it is
    /// listed among the figures left out, and what came after it is renumbered.
    pub fn drop_fleet(&mut self, i: usize, why: &str) {
        let fleet = self.fleets.remove(i);
        let seen = fleet.seen[0].clone();
        self.unplaced.push(Unplaced {
            seen,
            why: format!(
                "{} GPUs: {why}",
                crate::money::format_decimal(fleet.count.into())
            ),
        });
        let mut j = 0;
        while j < self.jobs.len() {
            if self.jobs[j].fleet == i {
                self.drop_job(j, &format!("its fleet was left out ({why})"));
            } else {
                if self.jobs[j].fleet > i {
                    self.jobs[j].fleet -= 1;
                }
                j += 1;
            }
        }
        self.drop_claims_on(true, i, &format!("its fleet was left out ({why})"));
    }

    /// Leaves out job `j` for `why`, with its claims.
    pub fn drop_job(&mut self, j: usize, why: &str) {
        let job = self.jobs.remove(j);
        self.unplaced.push(Unplaced {
            seen: job.compute.1.seen.clone(),
            why: why.to_string(),
        });
        self.drop_claims_on(false, j, &format!("its job was left out ({why})"));
    }

    /// Leaves out the claims on fleet (or, not `fleet`, job) `gone`, and renumbers the
    /// claims on those after it.
    fn drop_claims_on(&mut self, fleet: bool, gone: usize, why: &str) {
        let mut k = 0;
        while k < self.claims.len() {
            let on = match &mut self.claims[k].of {
                Subject::Fleet(i, _) if fleet => Some(i),
                Subject::Job(j, _) if !fleet => Some(j),
                _ => None,
            };
            match on {
                Some(i) if *i == gone => {
                    self.drop_claim(k, why);
                    continue;
                }
                Some(i) if *i > gone => *i -= 1,
                _ => {}
            }
            k += 1;
        }
    }

    /// Leaves out claim `k` for `why`.
    pub fn drop_claim(&mut self, k: usize, why: &str) {
        let claim = self.claims.remove(k);
        self.unplaced.push(Unplaced {
            seen: claim.value.seen,
            why: why.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(line: usize) -> Seen {
        Seen {
            line,
            quote: format!("figure {line}"),
        }
    }

    fn written(line: usize) -> Written {
        Written {
            text: format!("${line}M"),
            seen: seen(line),
            why: None,
        }
    }

    fn fleet(id: &str, line: usize) -> FleetPlan {
        FleetPlan {
            id: id.into(),
            gpu: Some("H100".into()),
            gpu_why: None,
            count: 10,
            count_note: None,
            seen: vec![seen(line)],
            at: vec![0],
            family: Some("Hopper".into()),
            gpus: true,
            rent: None,
            unit_price: None,
            rate: None,
            months: None,
        }
    }

    fn claim(id: &str, line: usize, of: Subject) -> ClaimPlan {
        ClaimPlan {
            id: id.into(),
            value: written(line),
            quote: String::new(),
            currency: Currency::Usd,
            of,
            scope: Scope::Gpus,
            scope_from: None,
        }
    }

    #[test]
    fn leaving_out_a_fleet_takes_its_jobs_and_claims_and_renumbers_the_rest() {
        let mut plan = Plan {
            fleets: vec![fleet("a", 1), fleet("b", 2)],
            jobs: vec![
                JobPlan {
                    id: "a-run".into(),
                    fleet: 0,
                    fleet_why: String::new(),
                    compute: ("gpu_hours", written(3)),
                    cloud_rate: None,
                },
                JobPlan {
                    id: "b-run".into(),
                    fleet: 1,
                    fleet_why: String::new(),
                    compute: ("gpu_hours", written(4)),
                    cloud_rate: None,
                },
            ],
            claims: vec![
                claim("on-a", 5, Subject::Fleet(0, String::new())),
                claim("on-a-run", 6, Subject::Job(0, String::new())),
                claim("on-b", 7, Subject::Fleet(1, String::new())),
                claim("on-b-run", 8, Subject::Job(1, String::new())),
            ],
            unplaced: Vec::new(),
        };
        plan.drop_fleet(0, "refused");
        assert_eq!(plan.fleets.len(), 1);
        assert_eq!(plan.jobs.len(), 1);
        assert_eq!(plan.jobs[0].fleet, 0);
        let left: Vec<(&str, &Subject)> =
            plan.claims.iter().map(|c| (c.id.as_str(), &c.of)).collect();
        assert_eq!(
            left,
            [
                ("on-b", &Subject::Fleet(0, String::new())),
                ("on-b-run", &Subject::Job(0, String::new()))
            ]
        );
        let lines: Vec<usize> = plan.unplaced.iter().map(|u| u.seen.line).collect();
        // The fleet, its job, the job's claim, the fleet's claim.
        assert_eq!(lines, [1, 3, 6, 5]);
        assert!(plan.unplaced[0].why.starts_with("10 GPUs: refused"));
        assert!(
            plan.unplaced[3]
                .why
                .contains("its fleet was left out (refused)")
        );
    }
}
