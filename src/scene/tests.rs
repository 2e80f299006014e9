use super::*;
use crate::data::Rng;

/// A message decoded into a new scene.
fn decode(data: &[f64], network: &mut Network) -> Option<Scene> {
    let mut scene = Scene::default();
    scene.decode_from(data, network)?;
    Some(scene)
}

fn network(hidden: &[usize], outputs: usize, seed: u64) -> Network {
    let mut rng = Rng::new(seed);
    Network::new(
        3,
        hidden,
        outputs,
        Activation::Tanh,
        Activation::Sigmoid,
        &mut rng,
    )
}

fn scene() -> Scene {
    Scene {
        graph_size: (560.5, 380.0),
        plane_size: (355.0, 355.0),
        dpr: 1.25,
        scale: 1.6,
        palette: PaletteChoice::ColorBlind,
        lang: Lang::Zh,
        features: vec![Feature::ALL[0], Feature::ALL[4], Feature::ALL[6]],
        heatmap: Heatmap::Neuron { layer: 1, j: 2 },
        focus: Some(6),
        highlight: Some(Target::Weight {
            layer: 1,
            j: 2,
            i: 3,
        }),
        plain_inputs: 0,
        node_values: vec![0.5, -0.25, 1e-300],
        no_plane: false,
        sigmoid_output: true,
        discretize: true,
        show_test_data: false,
        class_count: 2,
        train: vec![
            Sample {
                x: 1.5,
                y: -2.25,
                label: 1.0,
            },
            Sample {
                x: -0.1,
                y: 0.2,
                label: -1.0,
            },
        ],
        test: vec![Sample {
            x: 5.0,
            y: 6.0,
            label: 1.0,
        }],
        hidden: Some(Axes {
            layer: 0,
            i: 2,
            j: Some(0),
        }),
        hidden_size: (300.0, 240.5),
        hovered_point: Some(2),
        dropped: Vec::new(),
        marked: vec![0, 2],
        walk: None,
        text: crate::scene::TextGraph {
            context: vec!['.', 'e', '山'],
            symbols: vec!['.', 'a', 'e', '山', '□'],
        },
    }
}

#[test]
fn a_scene_and_its_network_come_back_exactly() {
    let mut original = network(&[4, 5], 1, 7);
    original.set_neuron(0, 2, true, false);
    original.set_neuron(1, 4, false, true);
    let mut wire = Vec::new();
    let scene = Scene {
        dropped: vec![true, false, false, true, false, false, false, true, false],
        ..scene()
    };
    scene.encode(&original, &mut wire);
    let mut copy = network(&[2], 1, 99);
    assert_eq!(decode(&wire, &mut copy), Some(scene));
    assert_eq!(copy.layers.len(), original.layers.len());
    for (a, b) in copy.layers.iter().zip(&original.layers) {
        assert_eq!(
            (a.n_in, a.n_out, a.activation, a.softmax),
            (b.n_in, b.n_out, b.activation, b.softmax)
        );
        assert_eq!(a.weights, b.weights);
        assert_eq!(a.bias, b.bias);
        assert_eq!((&a.off, &a.frozen), (&b.off, &b.frozen));
    }
    assert!(copy.layers[0].off[2] && copy.layers[1].frozen[4]);
    // The copy computes what the original does, bit for bit.
    for input in [[0.3, -1.2, 2.0], [-4.0, 0.0, 1e-3]] {
        let want = original.forward(&input).to_vec();
        assert_eq!(copy.forward(&input), &want[..]);
    }
}

#[test]
fn every_heatmap_and_highlight_comes_back() {
    let net = network(&[3], 3, 1);
    let heatmaps = [
        Heatmap::Output,
        Heatmap::Feature(Feature::ALL[5]),
        Heatmap::Neuron { layer: 0, j: 2 },
        Heatmap::Class(2),
    ];
    let targets = [
        None,
        Some(Target::Input(Feature::ALL[6])),
        Some(Target::Neuron { layer: 1, j: 0 }),
        Some(Target::Bias { layer: 0, j: 1 }),
        Some(Target::Weight {
            layer: 0,
            j: 1,
            i: 2,
        }),
    ];
    let mut wire = Vec::new();
    for heatmap in heatmaps {
        for highlight in targets {
            for focus in [None, Some(0), Some(4)] {
                let s = Scene {
                    heatmap,
                    highlight,
                    focus,
                    ..scene()
                };
                s.encode(&net, &mut wire);
                let mut copy = net.clone();
                assert_eq!(decode(&wire, &mut copy).as_ref(), Some(&s));
            }
        }
    }
}

#[test]
fn a_network_of_the_same_shape_is_kept_and_refilled() {
    let a = network(&[4], 1, 1);
    let b = network(&[4], 1, 2);
    let mut wire = Vec::new();
    scene().encode(&b, &mut wire);
    let mut copy = a.clone();
    let before = copy.layers[0].weights.as_ptr();
    decode(&wire, &mut copy).expect("decodes");
    assert_eq!(copy.layers[0].weights.as_ptr(), before, "no new allocation");
    assert_eq!(copy.layers[0].weights, b.layers[0].weights);
}

#[test]
fn a_softmax_output_keeps_its_softmax() {
    let mut rng = Rng::new(3);
    let mut net = Network::new(2, &[3], 4, Activation::Relu, Activation::Linear, &mut rng);
    net.layers[1].softmax = true;
    let mut wire = Vec::new();
    scene().encode(&net, &mut wire);
    let mut copy = network(&[1], 1, 0);
    decode(&wire, &mut copy).expect("decodes");
    assert!(copy.layers[1].softmax);
    assert_eq!(copy.layers[0].activation, Activation::Relu);
    let want = net.forward(&[0.5, -0.5]).to_vec();
    assert_eq!(copy.forward(&[0.5, -0.5]), &want[..]);
}

#[test]
fn malformed_messages_are_refused_without_a_panic() {
    let net = network(&[4, 5], 1, 7);
    let mut wire = Vec::new();
    scene().encode(&net, &mut wire);
    let mut copy = net.clone();
    // Every truncation, and one number too many.
    for n in 0..wire.len() {
        assert_eq!(decode(&wire[..n], &mut copy), None, "cut at {n}");
    }
    let mut longer = wire.clone();
    longer.push(0.0);
    assert_eq!(decode(&longer, &mut copy), None);
    // Any one number spoilt: refused, or read as some other scene; never a panic.
    for at in 0..wire.len() {
        for bad in [f64::NAN, -1.0, 0.5, 1e300, f64::INFINITY, 1e6] {
            let mut spoilt = wire.clone();
            spoilt[at] = bad;
            let _ = decode(&spoilt, &mut copy);
        }
    }
    // Layers that do not chain, another version.
    let mut unchained = wire.clone();
    unchained[2 + 4 + 3 * 4 + 4] = 9.0; // the second layer's n_in
    assert_eq!(decode(&unchained, &mut copy), None);
    let mut version = wire.clone();
    version[0] = 1.0;
    assert_eq!(decode(&version, &mut copy), None);
    // A character that is none (a surrogate's code), a vocabulary too long.
    let mut surrogate = wire.clone();
    let last = surrogate.len() - 1;
    surrogate[last] = f64::from(0xD800u32);
    assert_eq!(decode(&surrogate, &mut copy), None);
    let mut long = wire.clone();
    long[last - 5] = 1e5;
    assert_eq!(decode(&long, &mut copy), None);
}

#[test]
fn decoding_into_a_used_scene_gives_the_message_and_reuses_its_vectors() {
    let net = network(&[4, 5], 1, 7);
    let mut wire = Vec::new();
    // First a scene with more of everything, then the ordinary one.
    let mut bigger = scene();
    bigger.train = vec![bigger.train[0]; 50];
    bigger.node_values = vec![1.0; 20];
    bigger.features = Feature::ALL.to_vec();
    bigger.encode(&net, &mut wire);
    let mut copy = net.clone();
    let mut reused = Scene::default();
    reused.decode_from(&wire, &mut copy).expect("decodes");
    assert_eq!(reused, bigger);
    let buffers = (reused.train.as_ptr(), reused.node_values.as_ptr());
    scene().encode(&net, &mut wire);
    reused.decode_from(&wire, &mut copy).expect("decodes");
    assert_eq!(reused, scene(), "nothing of the earlier message stays");
    assert_eq!(
        (reused.train.as_ptr(), reused.node_values.as_ptr()),
        buffers,
        "no new allocation"
    );
}

#[test]
fn the_hidden_space_and_the_hovered_point_come_back_and_are_checked() {
    let net = network(&[4, 1], 1, 5);
    let mut wire = Vec::new();
    let choices = [
        None,
        Some(Axes {
            layer: 0,
            i: 3,
            j: Some(1),
        }),
        // One neuron: a line.
        Some(Axes {
            layer: 1,
            i: 0,
            j: None,
        }),
    ];
    for hidden in choices {
        for hovered_point in [None, Some(0), Some(2)] {
            let s = Scene {
                hidden,
                hovered_point,
                ..scene()
            };
            s.encode(&net, &mut wire);
            assert_eq!(decode(&wire, &mut net.clone()).as_ref(), Some(&s));
        }
    }
    // What this network does not have is refused: a layer, a neuron, a second axis on a
    // one-neuron layer, none on a wider one, a point past the data.
    let refused = [
        (
            Some(Axes {
                layer: 2,
                i: 0,
                j: None,
            }),
            None,
        ),
        (
            Some(Axes {
                layer: 0,
                i: 4,
                j: Some(0),
            }),
            None,
        ),
        (
            Some(Axes {
                layer: 0,
                i: 0,
                j: Some(4),
            }),
            None,
        ),
        (
            Some(Axes {
                layer: 1,
                i: 0,
                j: Some(0),
            }),
            None,
        ),
        (
            Some(Axes {
                layer: 0,
                i: 0,
                j: None,
            }),
            None,
        ),
        (None, Some(3)),
    ];
    let mut past = scene();
    past.marked = vec![1, 3];
    past.encode(&net, &mut wire);
    assert_eq!(
        decode(&wire, &mut net.clone()),
        None,
        "a marked point past the data"
    );
    for (hidden, hovered_point) in refused {
        let s = Scene {
            hidden,
            hovered_point,
            ..scene()
        };
        s.encode(&net, &mut wire);
        assert_eq!(
            decode(&wire, &mut net.clone()),
            None,
            "{hidden:?} {hovered_point:?}"
        );
    }
}

#[test]
fn the_walks_picture_comes_back_and_a_wrong_one_is_refused() {
    // [4, 5] → 1 of 3 inputs: 13 nodes and 37 links.
    let net = network(&[4, 5], 1, 7);
    let picture = WalkPicture {
        nodes: (0..13)
            .map(|k| (k % 3 != 0).then(|| (k as f64 * 0.7 - 4.0, (k as f64 / 13.0) - 0.5)))
            .collect(),
        links: (0..37)
            .map(|k| (k % 4 != 0).then_some(k as f64 / 10.0 - 1.5))
            .collect(),
        column: 2,
    };
    let walking = Scene {
        walk: Some(picture.clone()),
        ..scene()
    };
    let mut wire = Vec::new();
    walking.encode(&net, &mut wire);
    let mut copy = network(&[2], 1, 99);
    assert_eq!(decode(&wire, &mut copy), Some(walking.clone()));
    // Decoded into a scene that walked before: the same again (its vectors reused).
    let mut used = walking.clone();
    assert_eq!(used.decode_from(&wire, &mut copy), Some(()));
    assert_eq!(used, walking);
    // Every truncation is refused, never a panic.
    for end in 0..wire.len() {
        assert_eq!(decode(&wire[..end], &mut copy), None, "cut at {end}");
    }
    // A picture of another network, a colour outside [−1, 1], a number that is not one.
    let bad = |picture: WalkPicture| {
        let mut wire = Vec::new();
        Scene {
            walk: Some(picture),
            ..scene()
        }
        .encode(&net, &mut wire);
        decode(&wire, &mut network(&[2], 1, 99))
    };
    let mut short = picture.clone();
    short.nodes.pop();
    assert_eq!(bad(short), None);
    let mut fewer_links = picture.clone();
    fewer_links.links.pop();
    assert_eq!(bad(fewer_links), None);
    let mut bright = picture.clone();
    bright.nodes[1] = Some((1.0, 1.5));
    assert_eq!(bad(bright), None);
    let mut nan = picture.clone();
    nan.links[1] = Some(f64::NAN);
    assert_eq!(bad(nan), None);
    let mut column = picture;
    column.column = 4;
    assert_eq!(bad(column), None);
}
