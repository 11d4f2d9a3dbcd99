//! `guanxi db start|stop|status|reset` as a user runs them: a second, private Neo4j on a free
//! port with its own data folder, so the shared test database is never disturbed.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};

struct PrivateServer {
    port: u16,
    home: PathBuf,
}

impl PrivateServer {
    fn new(tag: &str) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self::on_port(tag, port)
    }

    fn on_port(tag: &str, port: u16) -> Self {
        let home = std::env::temp_dir().join(format!("guanxi-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        Self { port, home }
    }

    fn guanxi(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_guanxi"))
            .args(args)
            .env("NEO4J_URI", format!("bolt://127.0.0.1:{}", self.port))
            .env("GUANXI_NEO4J_HOME", &self.home)
            .env("GUANXI_NEO4J_HEAP", "512m")
            .env("GUANXI_NEO4J_PAGE_CACHE", "64m")
            .output()
            .expect("run guanxi")
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        // Never leave a server behind, even when an assertion failed.
        let _ = self.guanxi(&["db", "stop"]);
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

fn text(output: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn pid_in(output: &Output) -> u32 {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let after = stdout.split("pid ").nth(1).expect("a pid in the output");
    after
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// Whether `pid` is a live process. An exited child waiting for init to reap it (a zombie)
/// holds no resources and does not count.
fn is_running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !matches!(
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next()),
            Some("Z") | Some("X")
        ),
        Err(_) => false,
    }
}

#[test]
fn start_twice_status_reset_and_stop_leave_nothing_running() {
    let server = PrivateServer::new("lifecycle");

    let first = server.guanxi(&["db", "start"]);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("Neo4j started"), "{}", text(&first));
    let pid = pid_in(&first);

    let second = server.guanxi(&["db", "start"]);
    assert!(second.status.success(), "{}", text(&second));
    assert!(
        text(&second).contains("already running"),
        "{}",
        text(&second)
    );
    assert_eq!(
        pid_in(&second),
        pid,
        "the second start must not start another server"
    );

    let status = server.guanxi(&["db", "status"]);
    assert!(text(&status).contains("answering"), "{}", text(&status));

    let refused = server.guanxi(&["db", "reset"]);
    assert!(!refused.status.success(), "{}", text(&refused));
    assert!(text(&refused).contains("--yes"), "{}", text(&refused));
    let reset = server.guanxi(&["db", "reset", "--yes"]);
    assert!(reset.status.success(), "{}", text(&reset));

    let stop = server.guanxi(&["db", "stop"]);
    assert!(stop.status.success(), "{}", text(&stop));
    assert!(
        text(&stop).contains(&format!("stopped (pid {pid})")),
        "{}",
        text(&stop)
    );
    assert!(!is_running(pid), "process {pid} still runs after db stop");
    assert!(
        TcpListener::bind(("127.0.0.1", server.port)).is_ok(),
        "the Bolt port is still taken after db stop"
    );
    let status = server.guanxi(&["db", "status"]);
    assert!(text(&status).contains("stopped"), "{}", text(&status));
    let again = server.guanxi(&["db", "stop"]);
    assert!(again.status.success() && text(&again).contains("not running"));
}

#[test]
fn a_port_taken_by_another_program_is_a_clear_error() {
    // Keep the port from the moment the OS hands it out, so no other program can race for it.
    let squatter = TcpListener::bind("127.0.0.1:0").unwrap();
    let server = PrivateServer::on_port("port-taken", squatter.local_addr().unwrap().port());
    let start = server.guanxi(&["db", "start"]);
    assert!(!start.status.success(), "{}", text(&start));
    assert!(text(&start).contains("already taken"), "{}", text(&start));
    drop(squatter);
}

#[test]
fn a_remote_uri_is_not_managed_locally() {
    let output = Command::new(env!("CARGO_BIN_EXE_guanxi"))
        .args(["db", "start"])
        .env("NEO4J_URI", "bolt://10.255.255.1:7687")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        text(&output).contains("not on this machine"),
        "{}",
        text(&output)
    );
}
