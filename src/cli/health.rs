//! `guanxi health --url URL`: asks a running service whether it is ready (the Docker image's
//! health check: the image has no curl).

use std::time::Duration;

/// `guanxi health --url URL`: one GET, a success status or an error naming what answered.
pub(super) async fn run(url: &str) -> anyhow::Result<()> {
    let response = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()?
        .get(url)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{url} does not answer: {e}"))?;
    let status = response.status();
    anyhow::ensure!(status.is_success(), "{url} answered {status}");
    println!("{url}: {status}");
    Ok(())
}
