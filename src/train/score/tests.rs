use crate::nn::reference;
use crate::{Config, Trainer};
use serde_json::json;

fn trained(settings: serde_json::Value, epochs: u64) -> Trainer {
    let config = Config::default().with_patch(&settings).unwrap();
    let mut trainer = Trainer::new(config).unwrap();
    trainer.step_epochs(epochs);
    trainer
}

/// The output of the one-sample reference pass (micrograd's way) at a point.
fn reference_output(t: &Trainer, x: f64, y: f64) -> Vec<f64> {
    let input: Vec<f64> = t.features().iter().map(|f| f.compute(x, y)).collect();
    reference::forward(t.network(), &input).output().to_vec()
}

#[test]
fn confusion_counts_sum_to_the_sets_and_their_diagonal_is_the_accuracy_shown() {
    let cases = [
        (json!({"dataset": "xor", "networkShape": [3]}), 2),
        (
            json!({"dataset": "spiral", "noise": 20, "networkShape": [6, 4]}),
            2,
        ),
        (
            json!({"dataset": "circle", "loss": "crossEntropy", "networkShape": [4]}),
            2,
        ),
        (
            json!({"dataset": "blobs", "classes": 4, "loss": "crossEntropy", "networkShape": [5]}),
            4,
        ),
        (
            json!({"dataset": "multi-spiral", "classes": 3, "networkShape": [6, 6]}),
            3,
        ),
    ];
    for (settings, classes) in cases {
        let t = trained(settings.clone(), 40);
        let sets = [t.train_samples(), t.test_samples()];
        let accuracies = [t.train_accuracy(), t.test_accuracy()];
        for ((score, samples), accuracy) in t.scores().into_iter().zip(sets).zip(accuracies) {
            assert_eq!(score.classes, classes, "{settings}");
            let rows = score.rows();
            assert_eq!(rows.len(), classes);
            let total: u64 = rows.iter().flatten().sum();
            assert_eq!(
                total as usize,
                samples.len(),
                "{settings}: the counts sum to the set"
            );
            let diagonal: u64 = (0..classes).map(|k| rows[k][k]).sum();
            assert_eq!(accuracy, Some(diagonal as f64 / total as f64), "{settings}");
            // Each point's class is the reference pass's: the sign of the output (½ for a
            // sigmoid), or the most probable class; and the row is its true class.
            let mut counted = vec![vec![0u64; classes]; classes];
            for (s, &predicted) in samples.iter().zip(&score.predicted) {
                let out = reference_output(&t, s.x, s.y);
                let expected = if out.len() > 1 {
                    (0..out.len())
                        .max_by(|&p, &q| out[p].total_cmp(&out[q]))
                        .unwrap()
                } else {
                    let sigmoid = settings["loss"] == "crossEntropy";
                    usize::from(out[0] >= if sigmoid { 0.5 } else { 0.0 })
                };
                assert_eq!(usize::from(predicted), expected, "{settings} at {s:?}");
                let truth = if classes == 2 {
                    usize::from(s.label > 0.0)
                } else {
                    s.label as usize
                };
                counted[truth][expected] += 1;
                assert_eq!(score.truth(s.label), Some(truth));
            }
            let wrong = samples
                .iter()
                .enumerate()
                .filter(|(k, s)| score.wrong(*k, s.label))
                .count();
            assert_eq!(wrong as u64, total - diagonal);
            assert_eq!(rows, counted, "{settings}");
            assert!(score.errors.is_none());
        }
    }
}

#[test]
fn regression_errors_are_rmse_mae_and_r2_of_the_outputs() {
    for dataset in ["reg-plane", "reg-gauss"] {
        let t = trained(
            json!({"problem": "regression", "regDataset": dataset, "networkShape": [4, 2]}),
            60,
        );
        assert_eq!(t.train_accuracy(), None);
        let sets = [t.train_samples(), t.test_samples()];
        let losses = [t.train_loss(), t.test_loss()];
        for ((score, samples), loss) in t.scores().into_iter().zip(sets).zip(losses) {
            assert_eq!(score.classes, 0);
            assert!(score.rows().iter().all(Vec::is_empty) && score.predicted.is_empty());
            assert_eq!(score.outputs.len(), samples.len());
            let errors = score.errors.expect("a regression has errors");
            let n = samples.len() as f64;
            let outputs: Vec<f64> = samples
                .iter()
                .map(|s| reference_output(&t, s.x, s.y)[0])
                .collect();
            let se: f64 = outputs
                .iter()
                .zip(samples)
                .map(|(a, s)| (a - s.label).powi(2))
                .sum();
            let ae: f64 = outputs
                .iter()
                .zip(samples)
                .map(|(a, s)| (a - s.label).abs())
                .sum();
            let mean = samples.iter().map(|s| s.label).sum::<f64>() / n;
            let spread: f64 = samples.iter().map(|s| (s.label - mean).powi(2)).sum();
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1e-3);
            assert!(
                close(errors.rmse, (se / n).sqrt()),
                "{} vs {}",
                errors.rmse,
                (se / n).sqrt()
            );
            assert!(close(errors.mae, ae / n));
            assert!(close(errors.r2.unwrap(), 1.0 - se / spread));
            // The loss shown is half the mean squared error: RMSE = √(2 · loss).
            assert!(close(errors.rmse, (2.0 * loss).sqrt()));
        }
        // Training explains more of the spread than the untrained network does.
        let start = trained(
            json!({"problem": "regression", "regDataset": dataset, "networkShape": [4, 2]}),
            0,
        );
        let r2 = |t: &Trainer| t.scores()[0].errors.unwrap().r2.unwrap();
        assert!(
            r2(&t) > r2(&start),
            "{dataset}: R² {} -> {}",
            r2(&start),
            r2(&t)
        );
    }
}
