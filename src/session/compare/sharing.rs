//! A comparison shared: the link's `run2` … `run4` (each run's patch as link pairs) and
//! the experiment file's `runs` (each run whole, with its weights and progress).

use super::*;

/// The link's keys of the runs after A: `run2`, `run3`, `run4`.
fn run_key(index: usize) -> String {
    format!("run{}", index + 1)
}

impl Session {
    /// The link of what is on the page: run A's settings, then each other run's, as the
    /// pairs of its patch (`run2=learningRate%3D0.3`).
    pub fn link(&self) -> String {
        let mut hash = self.base_config().to_url_hash();
        for (k, run) in self.compare.runs.iter().enumerate().skip(1) {
            let pairs = Config::patch_to_url(&run.patch);
            let value = crate::config::url_encode(&pairs);
            hash.push_str(&format!("&{}={value}", run_key(k)));
        }
        hash
    }

    /// Splits a link into its runs' pairs (`run2` … `run4`, in the order of their keys,
    /// each with its key) and the rest. As for every key of a link, a run key given twice
    /// keeps its first value; the others are returned, to be named.
    pub(in crate::session) fn split_runs(
        hash: &str,
    ) -> (String, Vec<(String, String)>, Vec<ConfigError>) {
        let mut rest = Vec::new();
        let mut runs: Vec<(usize, String)> = Vec::new();
        let mut repeated = Vec::new();
        for pair in hash.split('&') {
            let raw = pair.split_once('=').map_or(pair, |(k, _)| k);
            // Keys are read decoded, as every key of a link (`run%32` is run2).
            let key = crate::config::url_decode(raw).unwrap_or_else(|| raw.to_string());
            match (1..MAX_RUNS).find(|&k| run_key(k) == key) {
                Some(k) if runs.iter().any(|(seen, _)| *seen == k) => {
                    repeated.push(ConfigError::new(&key, text!("err.duplicateKey")));
                }
                Some(k) => {
                    let value = pair.split_once('=').map_or("", |(_, v)| v);
                    let at = runs.partition_point(|(seen, _)| *seen < k);
                    runs.insert(at, (k, value.to_string()));
                }
                None => rest.push(pair),
            }
        }
        let runs = runs.into_iter().map(|(k, v)| (run_key(k), v)).collect();
        (rest.join("&"), runs, repeated)
    }

    /// The runs a link names, added after run A; what cannot be used is named in the
    /// message.
    pub(in crate::session) fn add_linked_runs(
        &mut self,
        runs: &[(String, String)],
    ) -> Vec<ConfigError> {
        let unescaped: Vec<(String, Option<String>)> = runs
            .iter()
            .map(|(key, v)| (key.clone(), crate::config::url_decode(v)))
            .collect();
        self.add_runs_of(&unescaped)
    }

    /// Runs written as a link's pairs (`learningRate=0.03`), added after run A.
    pub(in crate::session) fn add_linked_runs_text(&mut self, runs: &[String]) -> Vec<ConfigError> {
        let texts: Vec<(String, Option<String>)> = runs
            .iter()
            .enumerate()
            .map(|(k, text)| (run_key(k + 1), Some(text.clone())))
            .collect();
        self.add_runs_of(&texts)
    }

    /// Adds each run (its link key, its pairs); what is refused is named by the run's key.
    fn add_runs_of(&mut self, runs: &[(String, Option<String>)]) -> Vec<ConfigError> {
        let mut refused = Vec::new();
        for (field, text) in runs {
            let read = text
                .as_deref()
                .ok_or_else(|| ConfigError::new(field, text!("err.badUrlText")))
                .and_then(Config::patch_from_url);
            let added = read.and_then(|(patch, repeated)| {
                for e in repeated {
                    refused.push(ConfigError::new(field, e.text()));
                }
                self.add_run(&Value::Object(patch))
            });
            if let Err(e) = added {
                refused.push(ConfigError::new(field, e.text()));
            }
        }
        refused
    }

    /// Ends the comparison: run A on view, alone.
    pub(in crate::session) fn end_comparison(&mut self) {
        self.view_run(0);
        self.compare = Comparison::default();
    }
}

impl Session {
    /// The experiment file of what is on the page: run A, with the other runs in it.
    pub fn export_json(&self) -> String {
        let runs = self.runs();
        let others: Vec<&Trainer> = runs.iter().skip(1).map(|r| r.trainer).collect();
        crate::io::export_runs_json(runs[0].trainer, &others)
    }

    /// A file's runs as runs of `a`, each with what it changes (the data must be A's,
    /// and its screen is this one's).
    pub(in crate::session) fn runs_of_file(
        a: &Trainer,
        runs: Vec<Trainer>,
    ) -> Result<Vec<FileRun>, Text> {
        if runs.len() + 1 > MAX_RUNS {
            return Err(text!("err.tooManyRuns", max = MAX_RUNS));
        }
        let shared: std::collections::HashMap<String, Value> =
            a.config().settings().into_iter().collect();
        let mut out = Vec::with_capacity(runs.len());
        for mut run in runs {
            let settings = run.config().settings();
            if let Some((key, _)) = settings.iter().find(|(k, v)| {
                Experiment::DATA_KEYS.contains(&k.as_str()) && shared.get(k) != Some(v)
            }) {
                return Err(text!("err.runData", key = key));
            }
            if run.train_samples() != a.train_samples() || run.test_samples() != a.test_samples() {
                return Err(text!("err.runData", key = "data"));
            }
            let mut config = run.config().clone();
            config.view = a.config().view.clone();
            config.classroom = a.config().classroom.clone();
            config.screen = a.config().screen;
            run.set_config(config).map_err(|e| e.text())?;
            out.push((differences(a.config(), run.config()), run));
        }
        Ok(out)
    }

    /// Takes runs (with their progress) after run A on view.
    pub(in crate::session) fn adopt_runs(&mut self, runs: Vec<FileRun>) {
        if runs.is_empty() {
            return;
        }
        self.compare.runs.push(Run {
            patch: Map::new(),
            trainer: None,
        });
        for (patch, trainer) in runs {
            self.compare.runs.push(Run {
                patch,
                trainer: Some(trainer),
            });
        }
        self.compare.viewed = 0;
    }
}
