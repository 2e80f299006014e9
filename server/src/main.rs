//! `nnlab-server [--port N] [--lan] [--root DIR] [--db FILE]`: NN Lab's page and class
//! server, as a school runs it (see the README's "Hosting a class").

use std::path::PathBuf;

const USAGE: &str = "usage: nnlab-server [--port N] [--lan] [--root DIR] [--db FILE]
  --port N    the port (default 8000)
  --lan       listen on the local network (students' phones), not only on this machine
  --root DIR  the directory holding index.html and www/ (default: the current directory)
  --db FILE   the SQLite file the class rooms are kept in (default: nnlab-class.sqlite3)";

fn main() {
    if let Err(e) = run() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut config = nnlab_server::Config {
        root: PathBuf::from("."),
        port: 8000,
        lan: false,
        db: PathBuf::from("nnlab-class.sqlite3"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--port" => {
                config.port = value("--port")?
                    .parse()
                    .map_err(|_| format!("--port takes a number\n{USAGE}"))?
            }
            "--lan" => config.lan = true,
            "--root" => config.root = PathBuf::from(value("--root")?),
            "--db" => config.db = PathBuf::from(value("--db")?),
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    if !config.root.join("index.html").is_file() {
        return Err(format!(
            "{} holds no index.html: pass --root with the page's directory (cargo xtask dist makes one)",
            config.root.display()
        ));
    }
    let server = nnlab_server::start(config)?;
    server.announce();
    server.join();
    Ok(())
}
