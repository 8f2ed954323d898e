//! `gpucost man`: one manual page (roff) for the whole program. clap_mangen renders
//! the title, synopsis, description and global options; each command gets its own
//! subsection here (usage, what it does, its options, its examples), so the page
//! points to no `gpucost-run(1)` pages that do not exist.

use clap::{Arg, Command};

/// The manual page of `command` and every subcommand, as roff.
pub fn page(command: Command) -> std::io::Result<String> {
    let mut command = command;
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push_str(".SH COMMANDS\n");
    let name = command.get_name().to_string();
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        text.push_str(&subsection(&name, sub));
    }
    let mut rest = Vec::new();
    man.render_extra_section(&mut rest)?;
    man.render_version_section(&mut rest)?;
    text.push_str(&String::from_utf8_lossy(&rest));
    Ok(text)
}

/// One command: `.SS gpucost run`, its usage, description, options and examples.
fn subsection(program: &str, sub: &Command) -> String {
    let mut out = format!(
        ".SS \"{}\"\n",
        escape(&format!("{program} {}", sub.get_name()))
    );
    let usage = sub.clone().render_usage().to_string();
    let usage = usage.trim_start_matches("Usage: ");
    out.push_str(&format!(".PP\n\\fB{}\\fR\n", escape(usage)));
    if let Some(about) = sub.get_long_about().or(sub.get_about()) {
        out.push_str(&format!(".PP\n{}\n", escape(&about.to_string())));
    }
    for arg in sub.get_arguments().filter(|a| shown(a)) {
        out.push_str(&format!(".TP\n{}\n", escape(&arg_name(arg))));
        if let Some(help) = arg.get_long_help().or(arg.get_help()) {
            out.push_str(&format!("{}\n", escape(&help.to_string())));
        }
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            out.push_str(&format!(".br\nOne of: {}.\n", escape(&values.join(", "))));
        }
    }
    if let Some(after) = sub.get_after_long_help().or(sub.get_after_help()) {
        // Examples keep their lines.
        out.push_str(&format!(".PP\n.nf\n{}\n.fi\n", escape(&after.to_string())));
    }
    out
}

/// The command's own options: global ones are in OPTIONS already.
fn shown(arg: &Arg) -> bool {
    !arg.is_hide_set()
        && !arg.is_global_set()
        && !matches!(arg.get_id().as_str(), "help" | "version")
}

/// `--format <FORMAT>`, `-o, --output <FILE>`, `<FILE>...`.
fn arg_name(arg: &Arg) -> String {
    let value = arg
        .get_value_names()
        .and_then(|v| v.first())
        .map_or_else(|| arg.get_id().as_str().to_uppercase(), |v| v.to_string());
    let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
    match (arg.get_short(), arg.get_long()) {
        (None, None) => format!("<{value}>"),
        (short, Some(long)) => {
            let mut name = short.map_or(String::new(), |s| format!("-{s}, "));
            name.push_str(&format!("--{long}"));
            if takes_value {
                name.push_str(&format!(" <{value}>"));
            }
            name
        }
        (Some(short), None) => format!("-{short}"),
    }
}

/// Text made safe for roff: backslashes escaped, hyphens as minus signs, and no line
/// starting with a control character.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e")
        .replace('-', "\\-")
        .lines()
        .map(|l| {
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
