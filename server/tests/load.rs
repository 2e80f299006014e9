//! A full school hour on one server, bounded in count and time, on 127.0.0.1 only: 50
//! rooms of a teacher and 40 students (2,050 WebSockets) against the release binary in
//! its own process. Every vote must reach its teacher's tally; the latency (student's
//! send to the teacher's tally) and the server's memory per connection are printed, not
//! asserted (`cargo xtask bench` reports them; these machines are shared and noisy).

mod common;
use common::*;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROOMS: usize = 50;
const CLASS: u64 = 40;

/// The resident memory of process `pid`, in KiB.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_rooms_of_forty_students_vote_and_every_vote_reaches_its_teacher() {
    let dir = scratch("load");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nnlab-server"))
        .args(["--port", "0", "--root"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .arg("--db")
        .arg(dir.join("class.sqlite3"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let stdout = child.stdout.take().unwrap();
    let child = Child(child);
    let url = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| {
            l.split("served at ")
                .nth(1)
                .map(|u| u.split('/').take(3).collect::<Vec<_>>().join("/"))
        })
        .expect("the server says where it is");
    let socket = format!("{}/class/socket", url.replace("http://", "ws://"));
    let pid = child.0.id();
    let idle = resident_kib(pid);

    let work = async {
        let rooms = (0..ROOMS).map(|r| {
            let socket = socket.clone();
            tokio::spawn(async move {
                let (mut teacher, code, _) = teacher(&socket).await;
                let mut students = Vec::new();
                for n in 0..CLASS {
                    students.push(student(&socket, &code, r as u64 * 1000 + n, "").await);
                }
                (teacher.call(ask(4)).await.unwrap(), teacher, students)
            })
        });
        let mut seated = Vec::new();
        for room in rooms.collect::<Vec<_>>() {
            let ((), teacher, students) = room.await.unwrap();
            seated.push((teacher, students));
        }
        let connected = resident_kib(pid);
        // Every room votes at once, one student after another.
        let votes = seated.into_iter().map(|(mut teacher, mut students)| {
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                for (j, page) in students.iter_mut().enumerate() {
                    let sent = Instant::now();
                    page.send(json!({ "type": "vote", "choice": j % 4 })).await;
                    let votes = j as u64 + 1;
                    teacher
                        .until(|m| m["room"]["tally"]["votes"] == votes)
                        .await;
                    latencies.push(sent.elapsed());
                }
                (latencies, teacher, students)
            })
        });
        let mut latencies = Vec::new();
        let mut pages = Vec::new();
        for room in votes.collect::<Vec<_>>() {
            let (l, teacher, students) = room.await.unwrap();
            latencies.extend(l);
            pages.push((teacher, students));
        }
        (connected, latencies, pages)
    };
    let started = Instant::now();
    let (connected, mut latencies, pages) = tokio::time::timeout(Duration::from_secs(180), work)
        .await
        .expect("the school hour ends within 3 minutes");
    assert_eq!(
        latencies.len(),
        ROOMS * CLASS as usize,
        "every vote reached its teacher"
    );
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let connections = ROOMS * (CLASS as usize + 1);
    println!(
        "load: {ROOMS} rooms × {} pages = {connections} WebSockets seated and {} votes counted in {:.1} s; \
         vote → teacher's tally: median {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
         server memory {:.1} MiB idle, {:.1} MiB connected: {:.1} KiB a connection",
        CLASS + 1,
        latencies.len(),
        started.elapsed().as_secs_f64(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        latencies[latencies.len() - 1].as_secs_f64() * 1e3,
        idle as f64 / 1024.0,
        connected as f64 / 1024.0,
        connected.saturating_sub(idle) as f64 / connections as f64,
    );
    drop(pages);
}
