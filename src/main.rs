//! The `gpucost` command: everything happens in the library's `run` module.

fn main() -> std::process::ExitCode {
    gpucost::commands::terminal::main()
}
