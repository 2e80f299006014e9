use super::*;
use crate::data::Rng;
use crate::names::Choice;
use crate::nn::Activation;

/// Untrained networks with weights U(−1, 1), twice a fresh network's, every activation
/// and shape: deep ReLU and linear values then exceed 1, where f32 keeps about 7
/// significant digits, so the bound is 1e-4 absolute up to |value| = 1 and relative
/// beyond (where the colour scale is saturated anyway).
#[test]
fn the_fast_grid_matches_the_exact_forward_pass_within_1e_4() {
    let feats = Feature::ALL;
    let mut grid = Grid::new(100, 1);
    for act in Activation::all() {
        for hidden in [vec![4, 2], vec![8; 6], vec![16, 16, 16]] {
            let mut rng = Rng::new(17);
            let mut net = Network::new(7, &hidden, 1, act, Activation::Tanh, &mut rng);
            for p in 0..net.param_count() {
                let v = net.param(p) * 2.0;
                net.set_param(p, v);
            }
            let err = grid.worst_error(&mut net, &feats);
            assert!(err < 1e-4, "{act:?} {hidden:?}: off by {err}");
        }
    }
}

#[test]
fn softmax_outputs_match_the_exact_forward_pass() {
    let mut rng = crate::data::Rng::new(8);
    let feats = [Feature::X1, Feature::X2];
    let mut net = Network::new(2, &[5], 4, Activation::Relu, Activation::Linear, &mut rng);
    net.layers[1].softmax = true;
    let mut grid = Grid::new(30, 4);
    grid.evaluate(&net, &feats);
    assert_eq!(grid.output_count(), 4);
    for c in (0..900).step_by(7) {
        let (x1, x2) = grid.cell_centre(c % 30, c / 30);
        let exact = net.forward(&[x1, x2]).to_vec();
        for (k, e) in exact.iter().enumerate() {
            let got = f64::from(grid.output_of(k)[c]);
            assert!((got - e).abs() < 1e-4, "cell {c} class {k}: {got} vs {e}");
        }
    }
}

#[test]
fn a_focused_neuron_keeps_its_values_at_every_cell() {
    let mut rng = crate::data::Rng::new(5);
    let feats = [Feature::X1, Feature::X2];
    let mut net = Network::new(2, &[3], 1, Activation::Tanh, Activation::Tanh, &mut rng);
    let mut grid = Grid::new(20, 4);
    grid.set_focus(Some(1));
    grid.evaluate(&net, &feats);
    let values = grid.focus_values().unwrap().to_vec();
    for (c, &v) in values.iter().enumerate() {
        let (x1, x2) = grid.cell_centre(c % 20, c / 20);
        net.forward(&[x1, x2]);
        assert!((f64::from(v) - net.layers[0].a[1]).abs() < 1e-5);
    }
    grid.set_focus(Some(4));
    assert!(grid.focus_values().is_none());
    let mut out = Vec::new();
    grid.fill_feature(Feature::X1TimesX2, &mut out);
    let (x1, x2) = grid.cell_centre(3, 7);
    assert_eq!(out[7 * 20 + 3], (x1 * x2) as f32);
    assert_eq!(grid.feature_thumbnail(Feature::SinX2).len(), 25);
}

#[test]
fn thumbnails_sample_every_step_th_cell() {
    let net = Network::new(
        2,
        &[3],
        1,
        Activation::Tanh,
        Activation::Tanh,
        &mut Rng::new(2),
    );
    let feats = [Feature::X1, Feature::X2];
    let mut grid = Grid::new(100, 4);
    grid.evaluate(&net, &feats);
    let mut full = Grid::new(100, 1);
    full.evaluate(&net, &feats);
    assert_eq!(grid.thumb_size(), 25);
    assert_eq!(grid.output(), full.output());
    assert_eq!(full.thumbnail(5), full.output());
    for node in 0..2 + 4 {
        let thumb = grid.thumbnail(node);
        assert_eq!(thumb.len(), 625);
        for (ty, tx) in [(0, 0), (3, 17), (24, 24)] {
            let cell = ty * 4 * 100 + tx * 4;
            let expected = if node < 2 {
                grid.feature(node)[cell]
            } else {
                // The neuron's value at that cell, from a grid keeping every cell.
                full.thumbnail(node)[cell]
            };
            assert_eq!(thumb[ty * 25 + tx], expected, "node {node}");
        }
    }
}

#[test]
fn layout_of_cells_and_features() {
    let net = Network::new(
        3,
        &[2],
        1,
        Activation::Tanh,
        Activation::Tanh,
        &mut Rng::new(1),
    );
    let feats = [Feature::X1, Feature::X2, Feature::X1TimesX2];
    let mut grid = Grid::new(10, 2);
    grid.evaluate(&net, &feats);
    assert_eq!(grid.cell_centre(0, 0), (-5.4, 5.4));
    let (a, b) = grid.cell_centre(3, 7);
    assert_eq!(grid.feature(2)[73], (a * b) as f32);
    assert_eq!(grid.output().len(), 100);
}
