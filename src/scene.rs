//! What the pictures (the network graph and the input plane) show in one frame, as plain
//! data, and its wire form: one `f64` array, which the page posts to the worker that
//! draws (`web/pictures`). The page builds a `Scene` from the Session each frame it has to
//! draw; the painter reads nothing else, so the worker and the main thread draw the same
//! pixels from the same scene.

use crate::config::PaletteChoice;
use crate::data::{Feature, Sample};
use crate::hidden::Axes;
use crate::i18n::Lang;
use crate::nn::{Activation, Init, Network};
use crate::session::{Heatmap, Target};
use crate::walk::WalkPicture;
use strum::VariantArray;

/// Everything the painter draws besides the network's parameters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    /// The graph's and the input plane's size in CSS pixels, and the device pixel ratio.
    pub graph_size: (f64, f64),
    pub plane_size: (f64, f64),
    pub dpr: f64,
    /// Type and line size: 1, or larger in presentation mode.
    pub scale: f64,
    pub palette: PaletteChoice,
    pub lang: Lang,
    pub features: Vec<Feature>,
    /// What the large heatmap shows, and the neuron (over all layers) whose values the
    /// grid keeps for it.
    pub heatmap: Heatmap,
    pub focus: Option<usize>,
    /// The hovered or keyboard-picked node, bias or link.
    pub highlight: Option<Target>,
    /// Inputs that are not features of the plane (the textbook example), and every node's
    /// value for its one sample, drawn as the node's colour.
    pub plain_inputs: usize,
    pub node_values: Vec<f64>,
    /// No input plane to draw (the textbook example).
    pub no_plane: bool,
    /// A single sigmoid output: a probability, whose classes divide at ½.
    pub sigmoid_output: bool,
    pub discretize: bool,
    pub show_test_data: bool,
    pub class_count: usize,
    pub train: Vec<Sample>,
    pub test: Vec<Sample>,
    /// The hidden space, when it is shown: the layer and neurons (resolved for this
    /// network) and its canvas's size in CSS pixels.
    pub hidden: Option<Axes>,
    pub hidden_size: (f64, f64),
    /// The point (training then test, in the data's order) under the pointer in the
    /// input plane or the hidden space: ringed in both.
    pub hovered_point: Option<usize>,
    /// Points (training then test) marked on the boundary view and the hidden space: the
    /// mistakes asked for.
    pub marked: Vec<u32>,
    /// "Step through": what every node and link of the graph shows at the walk's stage,
    /// instead of the heatmaps and the weights.
    pub walk: Option<WalkPicture>,
    /// The hidden neurons (all hidden layers, in order) dropout dropped in the last
    /// training pass, shown in slow motion; empty: none shown.
    pub dropped: Vec<bool>,
    /// Text mode: the characters that label the graph's inputs and outputs.
    pub text: TextGraph,
}

/// Text mode's labels of the graph: the inspected example's context (its k characters,
/// each labelling its slot of d inputs) and the vocabulary (labelling the outputs). Both
/// empty outside text mode.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextGraph {
    pub context: Vec<char>,
    pub symbols: Vec<char>,
}

/// The longest context and vocabulary the wire accepts (above what the config allows).
const MAX_CONTEXT: usize = 64;
const MAX_SYMBOLS: usize = 4096;

/// The first number of every message: a message of another build is refused.
const WIRE_VERSION: f64 = 5.0;

/// Largest layer the wire accepts (far above any network the config allows).
const MAX_NEURONS: usize = 1 << 16;

impl Scene {
    /// Point `k` of the training then the test points.
    pub fn point(&self, k: usize) -> Option<&Sample> {
        match k.checked_sub(self.train.len()) {
            None => self.train.get(k),
            Some(t) => self.test.get(t),
        }
    }

    /// Writes the network's parameters and the scene into `out` (cleared first).
    pub fn encode(&self, network: &Network, out: &mut Vec<f64>) {
        out.clear();
        out.push(WIRE_VERSION);
        out.push(network.layers.len() as f64);
        for layer in &network.layers {
            out.extend([
                layer.n_in as f64,
                layer.n_out as f64,
                index_of(layer.activation) as f64,
                f64::from(u8::from(layer.softmax)),
            ]);
            out.extend_from_slice(&layer.weights);
            out.extend_from_slice(&layer.bias);
            // Each neuron's state: 1 switched off, 2 frozen, 0 neither.
            out.extend(
                layer
                    .off
                    .iter()
                    .zip(&layer.frozen)
                    .map(|(&off, &frozen)| f64::from(u8::from(off) | u8::from(frozen) << 1)),
            );
        }
        out.extend([
            self.graph_size.0,
            self.graph_size.1,
            self.plane_size.0,
            self.plane_size.1,
            self.dpr,
            self.scale,
            index_of(self.palette) as f64,
            index_of(self.lang) as f64,
        ]);
        out.push(self.features.len() as f64);
        out.extend(self.features.iter().map(|&f| feature_index(f) as f64));
        out.extend(encode_heatmap(self.heatmap));
        out.push(self.focus.map_or(-1.0, |n| n as f64));
        out.extend(encode_target(self.highlight));
        out.push(self.plain_inputs as f64);
        out.push(self.node_values.len() as f64);
        out.extend_from_slice(&self.node_values);
        out.extend(
            [
                self.no_plane,
                self.sigmoid_output,
                self.discretize,
                self.show_test_data,
            ]
            .map(|b| f64::from(u8::from(b))),
        );
        out.push(self.class_count as f64);
        for samples in [&self.train, &self.test] {
            out.push(samples.len() as f64);
            for s in samples {
                out.extend([s.x, s.y, s.label]);
            }
        }
        out.extend(match self.hidden {
            None => [-1.0; 3],
            Some(a) => [a.layer as f64, a.i as f64, a.j.map_or(-1.0, |j| j as f64)],
        });
        out.extend([self.hidden_size.0, self.hidden_size.1]);
        out.push(self.hovered_point.map_or(-1.0, |k| k as f64));
        out.push(self.marked.len() as f64);
        out.extend(self.marked.iter().map(|&k| f64::from(k)));
        match &self.walk {
            None => out.push(0.0),
            Some(w) => {
                out.extend([1.0, w.column as f64, w.nodes.len() as f64]);
                for node in &w.nodes {
                    out.extend(node.map_or([0.0; 3], |(v, c)| [1.0, v, c]));
                }
                out.push(w.links.len() as f64);
                for link in &w.links {
                    out.extend(link.map_or([0.0; 2], |v| [1.0, v]));
                }
            }
        }
        out.push(self.dropped.len() as f64);
        out.extend(self.dropped.iter().map(|&d| f64::from(u8::from(d))));
        for chars in [&self.text.context, &self.text.symbols] {
            out.push(chars.len() as f64);
            out.extend(chars.iter().map(|&c| f64::from(u32::from(c))));
        }
    }

    /// Reads a message written by `encode` into this scene, reusing its vectors: the
    /// parameters go into `network` (rebuilt when its shape differs). Nothing is allocated
    /// unless the network's shape or a vector's length grew. `None` for anything
    /// malformed; the scene and the network may then hold part of the message.
    pub fn decode_from(&mut self, data: &[f64], network: &mut Network) -> Option<()> {
        let mut r = Reader { data, at: 0 };
        if r.number()? != WIRE_VERSION {
            return None;
        }
        let layers = r.count(64)?;
        if layers == 0 {
            return None;
        }
        // The layers' shapes, checked (and compared with the network's) in a first pass.
        let start = r.at;
        let mut same = network.layers.len() == layers;
        let mut previous_out = None;
        for k in 0..layers {
            let shape = read_shape(&mut r)?;
            if previous_out.is_some_and(|n| n != shape.0) {
                return None;
            }
            previous_out = Some(shape.1);
            r.take(shape.0.checked_mul(shape.1)?.checked_add(2 * shape.1)?)?;
            same &= network
                .layers
                .get(k)
                .is_some_and(|l| (l.n_in, l.n_out, l.activation, l.softmax) == shape);
        }
        let end = r.at;
        if !same {
            r.at = start;
            let mut shapes = Vec::with_capacity(layers);
            for _ in 0..layers {
                let shape = read_shape(&mut r)?;
                r.take(shape.0 * shape.1 + 2 * shape.1)?;
                shapes.push(shape);
            }
            reshape(network, &shapes);
        }
        // Then the parameters.
        r.at = start;
        for layer in &mut network.layers {
            read_shape(&mut r)?;
            let (weights, bias) = (layer.weights.len(), layer.bias.len());
            layer.weights.copy_from_slice(r.take(weights)?);
            layer.bias.copy_from_slice(r.take(bias)?);
            for j in 0..bias {
                let state = whole(r.number()?, 3)?;
                (layer.off[j], layer.frozen[j]) = (state & 1 == 1, state & 2 == 2);
            }
        }
        debug_assert_eq!(r.at, end);
        self.graph_size = (r.number()?, r.number()?);
        self.plane_size = (r.number()?, r.number()?);
        self.dpr = r.number()?;
        self.scale = r.number()?;
        self.palette = *PaletteChoice::VARIANTS.get(r.count(16)?)?;
        self.lang = *Lang::VARIANTS.get(r.count(16)?)?;
        let features = r.count(Feature::ALL.len())?;
        self.features.clear();
        for _ in 0..features {
            self.features.push(*Feature::ALL.get(r.count(16)?)?);
        }
        self.heatmap = decode_heatmap(r.take(3)?)?;
        let focus = r.number()?;
        self.focus = if focus == -1.0 {
            None
        } else {
            Some(whole(focus, usize::MAX)?)
        };
        self.highlight = decode_target(r.take(4)?)?;
        self.plain_inputs = r.count(MAX_NEURONS)?;
        let values = r.count(data.len())?;
        self.node_values.clear();
        self.node_values.extend_from_slice(r.take(values)?);
        self.no_plane = r.flag()?;
        self.sigmoid_output = r.flag()?;
        self.discretize = r.flag()?;
        self.show_test_data = r.flag()?;
        self.class_count = r.count(MAX_NEURONS)?;
        for set in [&mut self.train, &mut self.test] {
            let n = r.count(data.len() / 3)?;
            set.clear();
            set.extend(r.take(n * 3)?.chunks_exact(3).map(|p| Sample {
                x: p[0],
                y: p[1],
                label: p[2],
            }));
        }
        let [layer, i, j] = [r.number()?, r.number()?, r.number()?];
        self.hidden = if layer == -1.0 {
            None
        } else {
            // A layer and neurons this network has (the page resolved them for it).
            let layer = whole(layer, network.layers.len().checked_sub(2)?)?;
            let width = network.layers[layer].n_out.checked_sub(1)?;
            let i = whole(i, width)?;
            let j = if width == 0 {
                // One neuron: a line, no second axis.
                (j == -1.0).then_some(())?;
                None
            } else {
                Some(whole(j, width)?)
            };
            Some(Axes { layer, i, j })
        };
        self.hidden_size = (r.number()?, r.number()?);
        let hovered = r.number()?;
        self.hovered_point = if hovered == -1.0 {
            None
        } else {
            let points = self.train.len() + self.test.len();
            Some(whole(hovered, points.checked_sub(1)?)?)
        };
        let points = self.train.len() + self.test.len();
        let marked = r.count(points)?;
        self.marked.clear();
        for _ in 0..marked {
            self.marked
                .push(whole(r.number()?, points.checked_sub(1)?)? as u32);
        }
        self.walk = if r.flag()? {
            let mut w = self.walk.take().unwrap_or_default();
            read_walk(&mut r, network, &mut w)?;
            Some(w)
        } else {
            None
        };
        let hidden: usize = network.layers.iter().rev().skip(1).map(|l| l.n_out).sum();
        let dropped = r.count(hidden)?;
        (dropped == 0 || dropped == hidden).then_some(())?;
        self.dropped.clear();
        for _ in 0..dropped {
            self.dropped.push(r.flag()?);
        }
        for (chars, max) in [
            (&mut self.text.context, MAX_CONTEXT),
            (&mut self.text.symbols, MAX_SYMBOLS),
        ] {
            let n = r.count(max)?;
            chars.clear();
            for _ in 0..n {
                let code = whole(r.number()?, u32::MAX as usize)?;
                chars.push(char::from_u32(u32::try_from(code).ok()?)?);
            }
        }
        (r.at == data.len()).then_some(())
    }
}

/// The walk's picture: one node per input and neuron, one link per weight of `network`,
/// every number finite and every colour within [−1, 1].
fn read_walk(r: &mut Reader<'_>, network: &Network, w: &mut WalkPicture) -> Option<()> {
    let inputs = network.layers.first()?.n_in;
    let nodes = inputs + network.layers.iter().map(|l| l.n_out).sum::<usize>();
    let links: usize = network.layers.iter().map(|l| l.weights.len()).sum();
    w.column = r.count(network.layers.len())?;
    (r.count(nodes)? == nodes).then_some(())?;
    w.nodes.clear();
    for _ in 0..nodes {
        let [shown, v, c] = [r.number()?, r.number()?, r.number()?];
        w.nodes.push(match whole(shown, 1)? {
            0 => None,
            _ if v.is_finite() && (-1.0..=1.0).contains(&c) => Some((v, c)),
            _ => return None,
        });
    }
    (r.count(links)? == links).then_some(())?;
    w.links.clear();
    for _ in 0..links {
        let [shown, v] = [r.number()?, r.number()?];
        w.links.push(match whole(shown, 1)? {
            0 => None,
            _ if v.is_finite() => Some(v),
            _ => return None,
        });
    }
    Some(())
}

/// A layer's (n_in, n_out, activation, softmax) from the wire.
fn read_shape(r: &mut Reader<'_>) -> Option<(usize, usize, Activation, bool)> {
    let n_in = r.count(MAX_NEURONS)?;
    let n_out = r.count(MAX_NEURONS)?;
    let activation = *Activation::VARIANTS.get(r.count(16)?)?;
    Some((n_in, n_out, activation, r.flag()?))
}

/// Gives `network` the shape (n_in, n_out, activation, softmax per layer), keeping it
/// when it has it already.
fn reshape(network: &mut Network, shape: &[(usize, usize, Activation, bool)]) {
    let same = network.layers.len() == shape.len()
        && network
            .layers
            .iter()
            .zip(shape)
            .all(|(l, s)| (l.n_in, l.n_out, l.activation, l.softmax) == *s);
    if same {
        return;
    }
    let (inputs, last) = (shape[0].0, shape[shape.len() - 1]);
    let hidden: Vec<usize> = shape[..shape.len() - 1].iter().map(|s| s.1).collect();
    *network = Network::with_init(inputs, &hidden, last.1, shape[0].2, last.2, Init::Zero);
    for (layer, &(_, _, activation, softmax)) in network.layers.iter_mut().zip(shape) {
        layer.activation = activation;
        layer.softmax = softmax;
    }
}

fn index_of<T: VariantArray + PartialEq>(value: T) -> usize {
    T::VARIANTS.iter().position(|v| *v == value).unwrap_or(0)
}

fn feature_index(f: Feature) -> usize {
    Feature::ALL.iter().position(|&g| g == f).unwrap_or(0)
}

fn encode_heatmap(heatmap: Heatmap) -> [f64; 3] {
    let (tag, a, b) = match heatmap {
        Heatmap::Output => (0, 0, 0),
        Heatmap::Feature(f) => (1, feature_index(f), 0),
        Heatmap::Neuron { layer, j } => (2, layer, j),
        Heatmap::Class(j) => (3, j, 0),
    };
    [f64::from(tag), a as f64, b as f64]
}

fn decode_heatmap(v: &[f64]) -> Option<Heatmap> {
    let (a, b) = (whole(v[1], MAX_NEURONS)?, whole(v[2], MAX_NEURONS)?);
    Some(match whole(v[0], 3)? {
        0 => Heatmap::Output,
        1 => Heatmap::Feature(*Feature::ALL.get(a)?),
        2 => Heatmap::Neuron { layer: a, j: b },
        _ => Heatmap::Class(a),
    })
}

fn encode_target(target: Option<Target>) -> [f64; 4] {
    let (tag, a, b, c) = match target {
        None => (0, 0, 0, 0),
        Some(Target::Input(f)) => (1, feature_index(f), 0, 0),
        Some(Target::Neuron { layer, j }) => (2, layer, j, 0),
        Some(Target::Weight { layer, j, i }) => (3, layer, j, i),
        Some(Target::Bias { layer, j }) => (4, layer, j, 0),
    };
    [f64::from(tag), a as f64, b as f64, c as f64]
}

fn decode_target(v: &[f64]) -> Option<Option<Target>> {
    let [a, b, c] = [v[1], v[2], v[3]].map(|x| whole(x, MAX_NEURONS));
    let (a, b, c) = (a?, b?, c?);
    Some(match whole(v[0], 4)? {
        0 => None,
        1 => Some(Target::Input(*Feature::ALL.get(a)?)),
        2 => Some(Target::Neuron { layer: a, j: b }),
        3 => Some(Target::Weight {
            layer: a,
            j: b,
            i: c,
        }),
        _ => Some(Target::Bias { layer: a, j: b }),
    })
}

/// `x` as a whole number from 0 to `max`.
fn whole(x: f64, max: usize) -> Option<usize> {
    (x >= 0.0 && x.fract() == 0.0 && x <= max as f64).then_some(x as usize)
}

struct Reader<'a> {
    data: &'a [f64],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [f64]> {
        let end = self.at.checked_add(n)?;
        let slice = self.data.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn number(&mut self) -> Option<f64> {
        self.take(1).map(|s| s[0])
    }

    fn count(&mut self, max: usize) -> Option<usize> {
        whole(self.number()?, max)
    }

    fn flag(&mut self) -> Option<bool> {
        Some(self.count(1)? == 1)
    }
}

#[cfg(test)]
mod tests;
