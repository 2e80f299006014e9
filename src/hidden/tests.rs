use super::*;
use crate::{Config, Trainer};
use serde_json::json;

/// A trainer of `settings` (over TFP's defaults), trained `epochs` epochs.
fn trained(settings: serde_json::Value, epochs: u64) -> Trainer {
    let config = Config::default().with_patch(&settings).unwrap();
    let mut trainer = Trainer::new(config).unwrap();
    trainer.step_epochs(epochs);
    trainer
}

/// The exact forward pass of one input-plane point: every layer's activations.
fn activations(network: &Network, features: &[Feature], x: f64, y: f64) -> Vec<Vec<f64>> {
    let mut net = network.clone();
    let input: Vec<f64> = features.iter().map(|f| f.compute(x, y)).collect();
    net.forward(&input);
    net.layers.iter().map(|l| l.a.clone()).collect()
}

fn space(t: &Trainer, axes: Axes) -> HiddenSpace {
    let mut space = HiddenSpace::default();
    space.compute_for(t, axes);
    space
}

#[test]
fn every_point_and_grid_vertex_sits_at_its_exact_activations() {
    let t = trained(
        json!({"dataset": "spiral", "networkShape": [5, 3, 1], "activation": "relu",
               "xSquared": true, "sinX": true, "noise": 10}),
        30,
    );
    let network = t.network();
    for (layer, i, j) in [
        (0, 0, Some(4)),
        (0, 3, Some(1)),
        (1, 2, Some(0)),
        (2, 0, None),
    ] {
        let axes = Axes { layer, i, j };
        let space = space(&t, axes);
        let samples: Vec<_> = t.train_samples().iter().chain(t.test_samples()).collect();
        assert_eq!(space.points.len(), samples.len());
        let expect = |x, y| {
            let a = &activations(network, t.features(), x, y)[layer];
            [a[i], j.map_or(0.0, |j| a[j])]
        };
        for (p, s) in space.points.iter().zip(&samples) {
            // Bit for bit: the same formula, in the same order, as training's pass.
            assert_eq!(*p, expect(s.x, s.y));
        }
        assert_eq!(space.grid_line_count(), 2 * LINES);
        for k in 0..2 * LINES {
            let line = space.grid_line(k);
            assert_eq!(line.len(), VERTICES);
            for (v, vertex) in line.iter().enumerate() {
                let (x, y) = grid_vertex(k, v);
                assert_eq!(*vertex, expect(x, y), "line {k} vertex {v}");
            }
        }
        // The grid spans the input plane: an upright line at x₁ = −6 from x₂ = −6 to 6.
        assert_eq!(grid_vertex(0, 0), (-DOMAIN, -DOMAIN));
        assert_eq!(grid_vertex(0, VERTICES - 1), (-DOMAIN, DOMAIN));
        assert_eq!(grid_vertex(2 * LINES - 1, 0), (-DOMAIN, DOMAIN));
        // The box holds everything drawn.
        let [x0, x1, y0, y1] = space.extent();
        for p in space.points.iter().chain(&space.vertices) {
            assert!((x0..=x1).contains(&p[0]) && (y0..=y1).contains(&p[1]));
        }
    }
}

#[test]
fn layer_activations_equal_forward_batch_and_leave_the_network_alone() {
    let t = trained(json!({"networkShape": [4, 3], "dataset": "xor"}), 5);
    let network = t.network().clone();
    let inputs: Vec<f64> = (0..2 * 7).map(|k| k as f64 * 0.37 - 2.0).collect();
    let mut buffers = Default::default();
    for layer in 0..network.layers.len() {
        let got = network
            .layer_activations(layer, &inputs, 7, &mut buffers)
            .to_vec();
        let mut net = network.clone();
        net.forward_batch(|i, s| inputs[i * 7 + s], 7);
        assert_eq!(got, net.layers[layer].a);
    }
    assert_eq!(network.layers[0].a, t.network().layers[0].a);
}

#[test]
fn with_two_neurons_the_line_is_where_the_output_changes_class() {
    let t = trained(
        json!({"dataset": "circle", "networkShape": [6, 2], "xSquared": true}),
        200,
    );
    let network = t.network();
    let axes = Axes::nearest(network, 2, 1, 2).unwrap();
    assert!(axes.output_reads(network));
    let space = space(&t, axes);
    let boundary = space
        .boundary
        .expect("one tanh output reads a two-neuron layer");
    let extent = space.extent();
    let [a, b] = boundary.ends(extent).expect("the line crosses the box");
    for end in [a, b] {
        let value = boundary.w[0] * end[0] + boundary.w[1] * end[1] + boundary.b;
        assert!(value.abs() < 1e-12, "w·h + b = {value} at {end:?}");
        assert!((extent[0] - 1e-12..=extent[1] + 1e-12).contains(&end[0]));
        assert!((extent[2] - 1e-12..=extent[3] + 1e-12).contains(&end[1]));
    }
    // Every point's side of the line is the class the network gives it.
    let samples = t.train_samples().iter().chain(t.test_samples());
    let mut both = [0, 0];
    for (p, s) in space.points.iter().zip(samples) {
        let output = activations(network, t.features(), s.x, s.y).pop().unwrap()[0];
        let side = boundary.w[0] * p[0] + boundary.w[1] * p[1] + boundary.b;
        assert_eq!(side >= 0.0, output >= 0.0);
        both[usize::from(output >= 0.0)] += 1;
    }
    assert!(both[0] > 0 && both[1] > 0, "both classes occur: {both:?}");
    // The axes swapped: the same line in the mirrored space, and the same output over it.
    let swapped = Axes::nearest(network, 2, 2, 1).unwrap();
    let mirror = self::space(&t, swapped);
    let b2 = mirror.boundary.unwrap();
    assert_eq!((b2.w, b2.b), ([boundary.w[1], boundary.w[0]], boundary.b));
    for (p, q) in space.points.iter().zip(&mirror.points) {
        assert_eq!(*p, [q[1], q[0]]);
    }
    let mut head = OutputOver::default();
    let straight = head.evaluate(network, axes, &space.points).to_vec();
    assert_eq!(
        head.evaluate(network, swapped, &mirror.points),
        &straight[..]
    );
    // The output over the space is the network's output.
    let mut over = OutputOver::default();
    let values = over.evaluate(network, axes, &space.points).to_vec();
    let samples = t.train_samples().iter().chain(t.test_samples());
    for (value, s) in values.iter().zip(samples) {
        let output = activations(network, t.features(), s.x, s.y).pop().unwrap()[0];
        assert_eq!(*value, output);
    }
}

#[test]
fn with_one_neuron_the_space_is_a_line_and_the_boundary_a_threshold() {
    let t = trained(json!({"dataset": "gauss", "networkShape": [3, 1]}), 50);
    let network = t.network();
    let axes = Axes::nearest(network, 9, 1, 2).unwrap();
    assert_eq!(
        axes,
        Axes {
            layer: 1,
            i: 0,
            j: None
        }
    );
    let space = space(&t, axes);
    assert!(space.points.iter().all(|p| p[1] == 0.0));
    assert_eq!(space.extent()[2..], [-1.0, 1.0]);
    let boundary = space.boundary.unwrap();
    assert_eq!(boundary.w[1], 0.0);
    let threshold = -boundary.b / boundary.w[0];
    match boundary.ends([threshold - 1.0, threshold + 1.0, -1.0, 1.0]) {
        Some([a, b]) => {
            assert_eq!([a[0], b[0]], [threshold, threshold]);
            assert_eq!(a[1].min(b[1]), -1.0);
            assert_eq!(a[1].max(b[1]), 1.0);
        }
        None => panic!("the threshold is in the box"),
    }
    assert_eq!(
        boundary.ends([threshold + 1.0, threshold + 2.0, -1.0, 1.0]),
        None
    );
}

#[test]
fn a_softmax_output_has_no_line_but_its_classes_over_the_space() {
    let t = trained(
        json!({"dataset": "blobs", "classes": 4, "networkShape": [5, 2], "loss": "crossEntropy"}),
        40,
    );
    let network = t.network();
    let axes = Axes::nearest(network, 2, 2, 1).unwrap();
    assert_eq!(
        axes,
        Axes {
            layer: 1,
            i: 1,
            j: Some(0)
        }
    );
    let space = space(&t, axes);
    assert_eq!(space.boundary, None);
    let mut over = OutputOver::default();
    // (h_i, h_j) is (neuron 2, neuron 1): the head reads them in the layer's order.
    let n = space.points.len();
    let values = over.evaluate(network, axes, &space.points).to_vec();
    assert_eq!(values.len(), 4 * n);
    let samples = t.train_samples().iter().chain(t.test_samples());
    for (c, s) in samples.enumerate() {
        let output = activations(network, t.features(), s.x, s.y).pop().unwrap();
        for k in 0..4 {
            assert!((values[k * n + c] - output[k]).abs() < 1e-15);
        }
    }
    // A wider layer: the output reads more than the two neurons shown.
    let wide = trained(json!({"networkShape": [3]}), 1);
    let axes = Axes::nearest(wide.network(), 1, 1, 2).unwrap();
    assert!(!axes.output_reads(wide.network()));
    assert!(OutputOver::default()
        .evaluate(wide.network(), axes, &[[0.0, 0.0]])
        .is_empty());
}

#[test]
fn the_choice_is_clamped_for_the_view_and_checked_for_the_api() {
    let t = trained(json!({"networkShape": [4, 2]}), 0);
    let n = t.network();
    assert_eq!(
        Axes::nearest(n, 1, 1, 2),
        Some(Axes {
            layer: 0,
            i: 0,
            j: Some(1)
        })
    );
    assert_eq!(
        Axes::nearest(n, 5, 9, 9),
        Some(Axes {
            layer: 1,
            i: 1,
            j: Some(0)
        })
    );
    assert_eq!(
        Axes::nearest(n, 0, 0, 0),
        Some(Axes {
            layer: 0,
            i: 0,
            j: Some(1)
        })
    );
    assert_eq!(
        Axes::exact(n, 1, 4, 3),
        Ok(Axes {
            layer: 0,
            i: 3,
            j: Some(2)
        })
    );
    let refused = |layer, i, j| Axes::exact(n, layer, i, j).unwrap_err().to_string();
    assert_eq!(refused(3, 1, 1), "hidden layer 3 is not there: use 1 to 2");
    assert_eq!(refused(0, 1, 1), "hidden layer 0 is not there: use 1 to 2");
    assert_eq!(
        refused(2, 1, 3),
        "neuron 3 is not in hidden layer 2: use 1 to 2"
    );
    let none = trained(json!({"networkShape": []}), 0);
    assert_eq!(Axes::nearest(none.network(), 1, 1, 2), None);
    assert_eq!(
        Axes::exact(none.network(), 1, 1, 2)
            .unwrap_err()
            .to_string(),
        "this network has no hidden layer: add one to see its space"
    );
}

#[test]
fn a_layer_whose_values_all_agree_still_gets_a_box() {
    let t = trained(json!({"networkShape": [2], "initZero": true}), 0);
    let space = space(&t, Axes::nearest(t.network(), 1, 1, 2).unwrap());
    let [x0, x1, y0, y1] = space.extent();
    assert!(x1 - x0 >= 0.2 && y1 - y0 >= 0.2);
    assert!(x0 < space.points[0][0] && space.points[0][0] < x1);
}

#[test]
fn a_regression_output_has_its_value_over_the_space_but_no_line() {
    let t = trained(json!({"problem": "regression", "networkShape": [4, 2]}), 20);
    let axes = Axes::nearest(t.network(), 2, 1, 2).unwrap();
    assert!(axes.output_reads(t.network()));
    assert_eq!(space(&t, axes).boundary, None);
    let values = OutputOver::default()
        .evaluate(t.network(), axes, &space(&t, axes).points)
        .to_vec();
    let s = t.train_samples()[0];
    let exact = activations(t.network(), t.features(), s.x, s.y)
        .pop()
        .unwrap()[0];
    assert_eq!(values[0], exact);
}
