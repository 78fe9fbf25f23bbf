//! The event storm the P8 test and benchmark both raise: containers created and started from
//! the CLI by several workers at once, every second one removed again, as fast as the CLI
//! goes, so change notices arrive while lists are being fetched.

use crate::engine::{fixture_image, Cli};

/// What to raise: containers `<prefix>-0` … `<prefix>-<count - 1>`, each labelled `label`
/// (`key=value`) and running `sleep 60`, by `workers` CLI loops at once.
pub struct Storm<'a> {
    pub prefix: &'a str,
    pub count: usize,
    pub workers: usize,
    pub label: &'a str,
}

impl Storm<'_> {
    /// How many containers are left when it is over: the odd-numbered ones.
    pub fn survivors(&self) -> usize {
        self.count / 2
    }

    /// Starts the workers on blocking threads and returns at once.
    pub fn start(&self, cli: &Cli) -> RunningStorm {
        let image = fixture_image();
        let workers = (0..self.workers)
            .map(|w| {
                let (cli, prefix, label, image) = (
                    cli.clone(),
                    self.prefix.to_owned(),
                    self.label.to_owned(),
                    image.clone(),
                );
                let (count, step) = (self.count, self.workers);
                tokio::task::spawn_blocking(move || {
                    for i in (w..count).step_by(step) {
                        let name = format!("{prefix}-{i}");
                        cli.run(&[
                            "create", "--label", &label, "--name", &name, &image, "sleep", "60",
                        ]);
                        cli.run(&["start", &name]);
                        if i % 2 == 0 {
                            cli.run(&["rm", "-f", &name]);
                        }
                    }
                })
            })
            .collect();
        RunningStorm(workers)
    }
}

/// A storm under way.
pub struct RunningStorm(Vec<tokio::task::JoinHandle<()>>);

impl RunningStorm {
    /// Waits for every worker; a CLI call that failed fails here.
    pub async fn finish(self) {
        for w in self.0 {
            w.await.expect("a storm worker's CLI calls succeed");
        }
    }
}
