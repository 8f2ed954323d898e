//! Samples, seed and threads, shared by `simulate` and `sensitivity`, and the worker
//! pool they draw on. The one place besides `run` that touches the terminal: a
//! progress bar on standard error, shown only when it is a terminal and the job long.

use std::io::IsTerminal;

use clap::Args;

/// How a simulation draws.
#[derive(Debug, Clone, Copy, Args)]
pub struct Sampling {
    /// Number of samples
    #[arg(long, value_name = "N", default_value_t = crate::analysis::simulate::DEFAULT_SAMPLES, value_parser = parse_samples)]
    pub samples: usize,
    /// Seed of the random generator: the same seed gives the same numbers on any machine
    #[arg(long, value_name = "S", default_value_t = crate::analysis::simulate::DEFAULT_SEED)]
    pub seed: u64,
    /// Worker threads (default: one per core, at most 256); results do not depend on it
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<u16>,
}

/// The most samples a simulation draws: about a minute of work on two cores, with
/// the per-block bookkeeping (a few tens of MB) bounded. Percentiles are exact at any
/// count, and far steadier than the inputs' ranges long before this.
pub const MAX_SAMPLES: usize = 1_000_000_000;

/// The most worker threads: more than any machine gpucost runs on has cores, few
/// enough that starting them is instant.
pub const MAX_THREADS: u16 = 256;

fn parse_samples(text: &str) -> Result<usize, String> {
    let n = crate::money::parse_number(text)
        .ok()
        .filter(|n| n.is_integer() && !n.is_sign_negative())
        .ok_or_else(|| format!("`{text}` is not a whole number of samples, e.g. 100000 or 1e6"))?;
    if n.is_zero() {
        return Err("at least one sample is needed".into());
    }
    match usize::try_from(n) {
        Ok(n) if n <= MAX_SAMPLES => Ok(n),
        _ => Err(format!(
            "at most {} samples (1e9, about a minute of work); percentiles are exact at any count",
            crate::money::format_decimal(MAX_SAMPLES.into())
        )),
    }
}

fn parse_threads(text: &str) -> Result<u16, String> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    match text.trim().parse::<u64>() {
        Ok(0) => Err("at least one worker thread is needed".into()),
        Ok(n) if n <= u64::from(MAX_THREADS) => Ok(n as u16),
        Ok(_) => Err(format!(
            "at most {MAX_THREADS} worker threads (this machine has {cores} cores; results do not depend on the count)"
        )),
        Err(_) => Err(format!(
            "`{text}` is not a whole number of threads, e.g. {cores}"
        )),
    }
}

/// Samples from which a simulation shows a progress bar (on a terminal only).
const PROGRESS_FROM: usize = 2_000_000;

/// Runs a sampling job on `--threads` worker threads (default: one per core), with a
/// progress bar on stderr when it is a terminal and the job is long.
pub fn sampled<T: Send>(
    sampling: &Sampling,
    job: impl FnOnce(&(dyn Fn(usize) + Sync)) -> Result<T, String> + Send,
) -> Result<T, String> {
    let bar = if sampling.samples >= PROGRESS_FROM && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(sampling.samples as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} sampling {bar:30} {percent:>3}% {human_pos}/{human_len} ({eta})",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = |n: usize| bar.inc(n as u64);
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = sampling.threads {
        pool = pool.num_threads(usize::from(n));
    }
    let result = match pool.build() {
        Ok(pool) => pool.install(|| job(&progress)),
        Err(e) => Err(format!("cannot start worker threads: {e}")),
    };
    bar.finish_and_clear();
    result
}
