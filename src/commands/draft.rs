//! `gpucost draft`: a scenario drafted from a news article (see the library's `draft`),
//! to standard output or a new file; with `--check`, its claims judged at once.

use std::path::{Path, PathBuf};

use super::{Context, Done, EXIT_CLAIM_OUTSIDE, Outcome, no_file};
use crate::draft::{self, Drafted};
use crate::files;
use crate::judge::claims;
use crate::judge::report::Report;
use crate::render::table::Look;

/// The arguments of `draft`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The article, saved as text (UTF-8); `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the draft to this new file (never replaces one); `-` or none: standard output
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Also judge the draft's claims as `gpucost check` does, and exit as it does (1 when one is outside its range); on standard output the table follows the draft as comments
    #[arg(long)]
    pub check: bool,
}

/// Drafts the article, writes the draft, and judges it if asked.
pub fn execute(args: &Args, ctx: &Context) -> Done {
    let stdin = args.file.as_os_str() == "-";
    let name = match stdin {
        true => "standard input".to_string(),
        false => args.file.display().to_string(),
    };
    let article = match stdin {
        true => files::read_standard_input(),
        false => files::read_article(&args.file),
    }
    .map_err(|d| Outcome::failed(vec![no_file(&name, d)]))?;
    let catalog = ctx.catalog()?;
    // The article's own name, not the path it was read from, is its source.
    let source = (!stdin).then(|| {
        args.file
            .file_name()
            .map_or(name.clone(), |n| n.to_string_lossy().into_owned())
    });
    let Drafted {
        text,
        report,
        left_out,
    } = draft::draft(&article, source.as_deref(), catalog).map_err(|e| Outcome::failed(vec![e]))?;
    let (fleets, claims) = (report.scenario.fleets.len(), report.claims.len());
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let (judged, status) = match args.check {
        true => judge(*report, output, ctx.width),
        false => (String::new(), 0),
    };
    let (out, notes) = match output {
        Some(path) => {
            write(path, &text)?;
            let shown = path.display();
            let listed = match left_out {
                0 => "",
                _ => " (listed at its end)",
            };
            let note = format!(
                "wrote {shown}: {} fleet{}, {} claim{}, {} figure{} not placed{listed}; \
                 check each `# draft:` guess, then `gpucost check {shown}`\n",
                fleets,
                plural(fleets),
                claims,
                plural(claims),
                left_out,
                plural(left_out),
            );
            (judged, note)
        }
        // Standard output stays a scenario file: the judgement follows as comments.
        None if args.check => {
            let commented: String = judged
                .lines()
                .map(|l| format!("# {l}").trim_end().to_string() + "\n")
                .collect();
            (
                format!("{text}\n# gpucost check:\n{commented}"),
                String::new(),
            )
        }
        None => (text, String::new()),
    };
    Ok(Outcome {
        out: out.into(),
        notes,
        errors: Vec::new(),
        status,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The draft's claims as `check` shows them (the draft was judged as it was made),
/// and `check`'s exit status.
fn judge(mut report: Report, output: Option<&Path>, width: Option<u16>) -> (String, u8) {
    report.file = output.map_or("draft".to_string(), |p| p.display().to_string());
    let outside = claims::any_outside(&report.claims);
    let text = super::check::claims_text(&[report], &[], Look::TERMINAL.with_width(width));
    (text, if outside { EXIT_CLAIM_OUTSIDE } else { 0 })
}

/// Writes the draft to a new file, never over one.
fn write(path: &Path, text: &str) -> Result<(), Outcome> {
    files::write_new(
        path,
        text,
        "draft never replaces a file; name another, or remove it first",
    )
    .map_err(|d| Outcome::problem(&path.display().to_string(), d))
}
