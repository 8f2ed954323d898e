//! Fuzzes the command line: arbitrary argument vectors (NUL-separated) through the
//! clap parser and the dispatcher, on a small scenario in a sandbox directory, with
//! the output written to a sink that fails part way. Any panic is a bug; exit status
//! is 0, 1 or 2.
//!
//! Only names inside the sandbox are tried (no argument holds a path separator), and
//! samples and threads are kept small, so the fuzzer neither touches the machine's
//! files nor stalls on a long simulation.
#![no_main]

use std::io::Write;
use std::sync::Once;

use clap::Parser;
use gpucost::commands::cli::Cli;
use gpucost::commands::Context;
use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = "[scenario]\ndate = 2024-07-15\n[[fleet]]\nid = \"a\"\ngpu = \"H100\"\ncount = 10\n[[claim]]\nid = \"c\"\nvalue = \"$300k\"\nfleet = \"a\"\nscope = \"gpus\"\n";

/// A writer that takes `budget` bytes, then fails: as a full disk, or a closed pipe.
struct Sink {
    budget: usize,
    pipe: bool,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.budget == 0 {
            let kind = match self.pipe {
                true => std::io::ErrorKind::BrokenPipe,
                false => std::io::ErrorKind::StorageFull,
            };
            return Err(std::io::Error::from(kind));
        }
        let n = buf.len().min(self.budget);
        self.budget -= n;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether the arguments ask for more work than a fuzzing run should do.
fn heavy(args: &[&str]) -> bool {
    let value_of = |flag: &str| {
        args.iter().enumerate().find_map(|(i, a)| {
            a.strip_prefix(flag)
                .and_then(|rest| rest.strip_prefix('='))
                .or_else(|| (*a == flag).then(|| args.get(i + 1).copied()).flatten())
        })
    };
    let number = |text: Option<&str>| {
        text.and_then(|t| gpucost::money::parse_number(t).ok())
            .and_then(|d| u64::try_from(d.trunc()).ok())
    };
    let sampling = args.iter().any(|a| *a == "simulate" || *a == "sensitivity");
    let samples = number(value_of("--samples"));
    let threads = number(value_of("--threads"));
    (sampling && samples.is_none_or(|n| n > 4_096)) || threads.is_some_and(|n| n > 4)
}

fuzz_target!(|data: &[u8]| {
    static SANDBOX: Once = Once::new();
    SANDBOX.call_once(|| {
        let dir = std::env::temp_dir().join(format!("gpucost-fuzz-cli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("sandbox");
        std::env::set_current_dir(&dir).expect("into the sandbox");
    });
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let args: Vec<&str> = text.split('\0').collect();
    if args.len() > 16 || args.iter().any(|a| a.contains(['/', '\\']) || a.len() > 256) {
        return;
    }
    if heavy(&args) {
        return;
    }
    let Ok(cli) = Cli::try_parse_from(std::iter::once("gpucost").chain(args.iter().copied()))
    else {
        return;
    };
    // Each run starts from the same scenario (`set` and `report -o` may change it).
    std::fs::write("s.toml", SCENARIO).expect("the scenario");
    let ctx = Context::new(cli.width, cli.catalog_file(None));
    let outcome = cli.command.execute(&ctx);
    let mut out = Sink {
        budget: data.len() * 7 % 5_000,
        pipe: data.len() % 2 == 0,
    };
    let mut err = Vec::new();
    let status = gpucost::commands::terminal::write(
        outcome,
        cli.command.format(),
        &mut out,
        &mut err,
        gpucost::commands::terminal::Colors { out: cli.command.paints(), err: false },
    );
    assert!(status <= 2, "exit status {status}");
});
