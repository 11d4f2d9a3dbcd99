//! The `guanxi` command: a thin shell over the library (see `guanxi::cli`).

// The whole command line is one future; with neo4rs's routing driver its layout is deeper
// than rustc's default query depth allows.
#![recursion_limit = "256"]

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    guanxi::cli::main().await
}
