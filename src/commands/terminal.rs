//! The binary's entry: parses the command line, has the command run (see
//! `commands`), and writes what it says to the terminal: its output to standard
//! output, its problems to standard error, as text or JSON. Exit status: 0 ok, 1 a
//! `check` found a claim outside its range, 2 bad input or output that cannot be
//! written.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::commands::cli::{Cli, Format};
use crate::commands::paint::{Env, paint, wanted};
use crate::commands::{Context, EXIT_BAD_INPUT, Outcome, Output};
use crate::diagnostic::{Diagnostic, FileDiagnostics, PieceEscaper, escape_controls};
use crate::files::io_reason;

/// Which streams get colour.
#[derive(Clone, Copy, Debug, Default)]
pub struct Colors {
    /// Standard output: tables of a command that prints tables.
    pub out: bool,
    /// Standard error: the problems' snippets.
    pub err: bool,
}

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    // Before anything opens a file: a closed stream gets a stand-in, so no file takes
    // its number; a file size limit makes a write fail rather than kill.
    let streams = crate::files::guard_process();
    let cli = Cli::parse();
    let catalog = cli.catalog_file(std::env::var_os(crate::commands::cli::CATALOG_VARIABLE));
    let ctx = Context::new(cli.width, catalog);
    let outcome = cli.command.execute(&ctx);
    let env = Env::current();
    let color = Colors {
        out: cli.command.paints() && wanted(cli.color, std::io::stdout().is_terminal(), &env),
        err: wanted(cli.color, std::io::stderr().is_terminal(), &env),
    };
    let mut closed = Closed;
    let mut stdout = std::io::stdout().lock();
    let out: &mut dyn Write = match streams.stdout_closed {
        true => &mut closed,
        false => &mut stdout,
    };
    let status = write(
        outcome,
        cli.command.format(),
        out,
        &mut std::io::stderr().lock(),
        color,
    );
    ExitCode::from(status)
}

/// Standard output as it is when the caller closed it (`>&-`): output written to it
/// goes nowhere, which is an error, not success.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::new(
            std::io::ErrorKind::NotConnected,
            "standard output is closed",
        ))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes what a command ended with, its output to `out` and its problems to `err`
/// (as JSON for JSON output), and gives the exit status: a write to `out` that fails
/// (other than to a closed pipe) is one more problem, exit status 2.
pub fn write(
    outcome: Outcome,
    format: Format,
    out: &mut dyn Write,
    err: &mut dyn Write,
    color: Colors,
) -> u8 {
    let Outcome {
        out: text,
        notes,
        mut errors,
        mut status,
    } = outcome;
    // Text from files never reaches the terminal as control characters.
    let written = match text {
        Output::Text(text) => {
            let text = escape_controls(&text);
            let text = match color.out {
                true => std::borrow::Cow::Owned(paint(&text)),
                false => text,
            };
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
        // Streamed output is JSON, whose writer escapes every control character.
        Output::Streamed(write) => write(out),
        // Painted text is painted whole (a title is known by the line before it).
        Output::Pieces(write) if color.out => {
            let text = crate::render::gathered(write);
            out.write_all(paint(&escape_controls(&text)).as_bytes())
                .and_then(|()| out.flush())
        }
        Output::Pieces(write) => {
            let mut escaper = PieceEscaper::default();
            write(&mut |piece| out.write_all(escaper.piece(piece).as_bytes()))
                .and_then(|()| out.write_all(escaper.finish().as_bytes()))
                .and_then(|()| out.flush())
        }
    };
    match written {
        Ok(()) => {}
        // A closed pipe (`gpucost run … | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            let help = match e.kind() {
                std::io::ErrorKind::NotConnected => {
                    "standard output was closed (`>&-`); send it to a file, or to `/dev/null` \
                     to discard it"
                }
                _ => {
                    "check the disk or device standard output goes to; nothing was written in full"
                }
            };
            let d =
                Diagnostic::new(format!("cannot write the output: {}", io_reason(&e))).help(help);
            errors.push(FileDiagnostics {
                file: "standard output".into(),
                text: None,
                diagnostics: vec![d],
            });
            status = EXIT_BAD_INPUT;
        }
    }
    let rendered: String = if errors.is_empty() {
        String::new()
    } else if format == Format::Json {
        crate::render::json::errors(&errors)
    } else {
        errors.iter().map(|e| e.render(color.err)).collect()
    };
    // Nothing is left to report a failure of standard error to.
    let _ = err.write_all(escape_controls(&notes).as_bytes());
    let _ = err.write_all(rendered.as_bytes());
    status
}
