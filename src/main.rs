//! The `guanxi` command: a thin shell over the library (see `guanxi::cli`).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    guanxi::cli::main().await
}
