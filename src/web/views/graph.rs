//! The network graph: input features, hidden neurons and the output, each drawn as a small
//! heatmap of its value over the input plane; links coloured by the sign of their weight
//! and as thick as its size; every bias as a small square at the neuron's corner. All
//! seven features are shown; those switched off are faded and have no links. The view
//! also answers what is under the pointer (`hit`) and where the nodes are, for the
//! controls laid over it.

mod hit;
mod image;
mod links;
mod states;
mod text;
mod walk;
use super::heatmap::Heatmap;
use super::palette::Palette;
use super::surface::{offscreen_canvas, Surface};
use crate::data::Feature;
use crate::grid::Grid;
use crate::i18n::Lang;
use crate::nn::Network;
use crate::text;
pub use hit::Geometry;
pub use text::{percent, shown};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub struct GraphView {
    /// The neurons: thumbnails and bias squares, redrawn every frame.
    pub surface: Surface,
    /// The links, biases and labels, on a canvas under the neurons; redrawn in a frame only
    /// when what it shows changed: stroking a few hundred anti-aliased curves is the
    /// costliest drawing of a frame, and a link looks different only when its weight moves
    /// to another of the 48 drawing groups (a bias, to another of the 256 colours).
    pub links_surface: Surface,
    /// All thumbnails side by side in one image: one upload per frame.
    atlas: Heatmap,
    /// The links of the current frame (reused).
    links: Vec<Link>,
    /// The drawing groups of the links and biases last drawn (see `groups`), and the
    /// layout the labels were drawn for (column sizes, canvas size, features).
    drawn_groups: Vec<u8>,
    drawn_layout: Vec<usize>,
    /// The labels, drawn off-screen once per layout and copied with the links.
    labels: HtmlCanvasElement,
    labels_ctx: CanvasRenderingContext2d,
    /// Every feature's thumbnail (they never change), in `Feature::ALL`'s order.
    feature_thumbs: Vec<Vec<f32>>,
    /// Where everything is, as last drawn.
    pub geometry: Geometry,
    active: [bool; 7],
    /// What is drawn highlighted (the hovered or keyboard-picked node, bias or link).
    pub highlight: Option<Target>,
    /// For plain inputs (`Geometry::plain_inputs`), every node's value for one sample
    /// (inputs, then neurons layer by layer), drawn as its colour instead of a heatmap.
    node_values: Vec<f64>,
    /// "Step through": what every node and link shows at the walk's stage, instead of the
    /// heatmaps and the weights.
    walk: Option<crate::walk::WalkPicture>,
    /// The hidden neurons dropout dropped in the last training pass (`states`).
    dropped: Vec<bool>,
    /// The language of the columns' titles.
    lang: Lang,
    /// Text mode: the characters of the inputs' slots and of the outputs.
    text: crate::scene::TextGraph,
}

pub use crate::session::Target;

struct Link {
    group: u8,
    from: (f64, f64),
    to: (f64, f64),
}

/// Levels of |w| per sign: 12 below 1 (where the colour still changes), 12 from 1 to 5
/// (where only the width does).
const LEVELS: u8 = 12;

/// The drawing group of a weight: its sign and its level of |w|, weakest first.
fn link_group(w: f64) -> u8 {
    let m = w.abs();
    let level = if m < 1.0 {
        (m * f64::from(LEVELS)) as u8
    } else {
        LEVELS + (((m - 1.0) / 4.0 * f64::from(LEVELS)) as u8).min(LEVELS - 1)
    };
    level * 2 + u8::from(w >= 0.0)
}

/// The weight a group is drawn as: the middle of its level, with its sign.
fn group_weight(group: u8) -> f64 {
    let level = f64::from(group / 2);
    let levels = f64::from(LEVELS);
    let m = if level < levels {
        (level + 0.5) / levels
    } else {
        1.0 + (level - levels + 0.5) / levels * 4.0
    };
    if group % 2 == 1 {
        m
    } else {
        -m
    }
}

/// Where the nodes go, in CSS pixels.
#[derive(Clone, Copy, Debug)]
struct Layout {
    size: f64,
    left: f64,
    column_gap: f64,
    height: f64,
}

impl Layout {
    /// `scale`: the type's size (1, or larger in presentation mode), which the inputs'
    /// names on the left need room for.
    /// `right`: room right of the output column (its labels, for the digits).
    fn new(
        (width, height): (f64, f64),
        columns: usize,
        tallest: usize,
        scale: f64,
        right: f64,
    ) -> Layout {
        let left = (64.0 * scale).round();
        let right = right.max(16.0);
        let usable = (width - left - right).max(10.0);
        let size = (height - 40.0) / (tallest as f64 * 1.3);
        // At least 8 px, unless the tallest column would not fit (the digits' layers of
        // up to 64 neurons, text mode's of 200, the quatrains' 402 outputs): then as
        // small as fits, down to a quarter of a pixel (the column is then a strip).
        let smallest = size.clamp(0.25, 8.0);
        let size = size
            .min(usable / (columns as f64 * 1.6))
            .clamp(smallest, 40.0);
        let column_gap = if columns > 1 {
            (usable - size) / (columns - 1) as f64
        } else {
            0.0
        };
        Layout {
            size,
            left,
            column_gap,
            height,
        }
    }

    /// Top-left corner of node `i` of `count` in column `column`.
    fn node(&self, column: usize, i: usize, count: usize) -> (f64, f64) {
        let gap = self.size * 0.3;
        let total = count as f64 * self.size + (count.saturating_sub(1)) as f64 * gap;
        let top = 28.0 + ((self.height - 28.0) - total) / 2.0;
        (
            self.left + column as f64 * self.column_gap,
            top + i as f64 * (self.size + gap),
        )
    }
}

impl GraphView {
    /// Draws on `canvas` (the neurons) and `links_canvas` (under them): the page's
    /// elements or the worker's `OffscreenCanvas`es.
    pub fn new(canvas: Surface, links_canvas: Surface, grid: &Grid) -> Result<GraphView, String> {
        let (labels, labels_ctx) = offscreen_canvas()?;
        Ok(GraphView {
            labels,
            labels_ctx,
            feature_thumbs: Feature::ALL
                .iter()
                .map(|&f| grid.feature_thumbnail(f))
                .collect(),
            geometry: Geometry::default(),
            active: [false; 7],
            highlight: None,
            node_values: Vec::new(),
            walk: None,
            dropped: Vec::new(),
            lang: Lang::En,
            text: crate::scene::TextGraph::default(),
            surface: canvas,
            links_surface: links_canvas,
            atlas: Heatmap::new(1, 1)?,
            links: Vec::new(),
            drawn_groups: Vec::new(),
            drawn_layout: Vec::new(),
        })
    }

    /// A new type and line size, new colours or a new language: everything is drawn again.
    pub fn restyle(&mut self, scale: f64, lang: Lang) {
        self.geometry.scale = scale;
        self.lang = lang;
        self.drawn_layout.clear();
        self.drawn_groups.clear();
    }

    /// Gives both canvases `size` CSS pixels at `dpr`.
    pub fn resize(&mut self, (width, height): (f64, f64), dpr: f64) {
        let a = self.surface.resize(width, height, dpr);
        let b = self.links_surface.resize(width, height, dpr);
        if a || b {
            // Force the links to be drawn again at the new size.
            self.drawn_layout.clear();
        }
    }

    /// Shows `inputs` plain inputs (not features of the plane) and each node's value for
    /// one sample (inputs first, then the neurons), or the features again with 0.
    pub fn set_plain(&mut self, inputs: usize, values: &[f64], text: &crate::scene::TextGraph) {
        self.geometry.plain_inputs = inputs;
        self.geometry.text_context = text.context.len();
        self.text.clone_from(text);
        self.node_values.clear();
        self.node_values.extend_from_slice(values);
    }

    /// Draws the network as it is now.
    pub fn draw(
        &mut self,
        network: &Network,
        grid: &Grid,
        features: &[Feature],
        palette: &Palette,
    ) {
        let image = self.geometry.image_input();
        let plain = self.geometry.plain_inputs > 0 && !image;
        let features = if plain || image { &[] } else { features };
        let n_neurons: usize = network.layers.iter().map(|l| l.n_out).sum();
        let thumb = grid.thumb_size();
        let walking = self.walk.is_some();
        if image {
            // (Walking, only the image is drawn from it.)
            self.fill_image_atlas(network, n_neurons, thumb, palette);
        } else if !plain && !walking {
            self.fill_atlas(grid, features.len(), n_neurons, thumb, palette);
        }
        for (on, f) in self.active.iter_mut().zip(Feature::ALL) {
            *on = plain || image || features.contains(&f);
        }

        let layout = self
            .geometry
            .arrange(network, (self.surface.width, self.surface.height));
        let counts = std::mem::take(&mut self.geometry.counts);
        let size = layout.size;

        // The links layer: labels when the layout (column sizes, canvas size, features)
        // changed, links and biases when their drawing groups changed.
        // The context's characters label the inputs (the config allows 8 of them).
        let mut context = [0usize; 9];
        context[0] = self.text.context.len();
        for (k, &c) in self.text.context.iter().take(8).enumerate() {
            context[k + 1] = c as usize;
        }
        let layout_key = counts
            .iter()
            .copied()
            .chain([self.surface.width as usize, self.surface.height as usize])
            .chain([usize::from(plain), usize::from(walking), usize::from(image)])
            .chain(features.iter().map(|&f| f as usize))
            .chain(context);
        if layout_key.clone().ne(self.drawn_layout.iter().copied()) {
            self.draw_labels(&layout, &counts);
            self.drawn_layout.clear();
            self.drawn_layout.extend(layout_key);
            self.drawn_groups.clear();
        }
        let walk = self.walk.as_ref();
        if Self::groups(network, walk, palette).ne(self.drawn_groups.iter().copied()) {
            self.draw_links(network, features, &layout, &counts, palette);
            let groups = Self::groups(network, self.walk.as_ref(), palette);
            self.drawn_groups.clear();
            self.drawn_groups.extend(groups);
        }

        // Neurons: thumbnails, and their borders in one path; features switched off faded.
        let s = &self.surface;
        s.begin();
        let ctx = &s.ctx;
        ctx.set_image_smoothing_enabled(true);
        let t = thumb as f64;
        let mut slot = 0;
        ctx.begin_path();
        for (column, &count) in counts.iter().enumerate() {
            for i in 0..count {
                let (x, y) = layout.node(column, i, count);
                if walking && !(image && column == 0) {
                    // Drawn below, with its number.
                } else if plain {
                    // One sample's value as the node's colour.
                    let v = self.node_values.get(slot).copied().unwrap_or(0.0);
                    ctx.set_fill_style_str(palette.css(v));
                    ctx.fill_rect(x, y, size, size);
                } else {
                    let faded = column == 0 && !self.active[i];
                    if faded {
                        ctx.set_global_alpha(0.3);
                    }
                    // The digit's image: three nodes wide, on the node's centre.
                    let (x, y, size) = if image && column == 0 {
                        let big = (size * 3.0).max(48.0 * self.geometry.scale);
                        let left = (x + size / 2.0 - big / 2.0).max(2.0);
                        (left, y + size / 2.0 - big / 2.0, big)
                    } else {
                        (x, y, size)
                    };
                    self.atlas
                        .draw_part(ctx, slot as f64 * t, 0.0, t, t, x, y, size, size);
                    if faded {
                        ctx.set_global_alpha(1.0);
                    }
                    ctx.rect(x, y, size, size);
                    slot += 1;
                    continue;
                }
                ctx.rect(x, y, size, size);
                slot += 1;
            }
        }
        ctx.set_stroke_style_str("#444");
        ctx.set_line_width(1.0);
        if image && !walking {
            self.label_digits(network, &layout, &counts);
        }
        if self.geometry.text_context > 0 && !walking {
            self.label_characters(network, &layout, &counts);
        }
        if walking {
            self.draw_walk_nodes(network, features, &layout, &counts, palette);
        }
        ctx.stroke();
        if !walking {
            self.draw_neuron_states(network, &layout, &counts);
        }
        match self.highlight {
            // The link under the pointer or picked with the keys: a dark halo along it.
            Some(Target::Weight { layer, j, i })
                if counts.get(layer + 1).is_some_and(|&n| j < n) && i < counts[layer] =>
            {
                let ((x0, y0), (x1, y1)) = link_ends(&layout, &counts, features, layer, j, i);
                let mid = (x0 + x1) / 2.0;
                ctx.begin_path();
                ctx.move_to(x0, y0);
                ctx.bezier_curve_to(mid, y0, mid, y1, x1, y1);
                ctx.set_stroke_style_str("rgba(17, 17, 17, 0.55)");
                ctx.set_line_width(3.0 * self.geometry.scale);
                ctx.stroke();
            }
            Some(target) => {
                if let Some((x, y, w, h)) = self.geometry.rect_of(target, &layout, &counts) {
                    ctx.set_stroke_style_str("#111");
                    ctx.set_line_width(3.0);
                    ctx.stroke_rect(x - 1.0, y - 1.0, w + 2.0, h + 2.0);
                }
            }
            None => {}
        }
        self.geometry.counts = counts;
    }

    /// Paints every node's thumbnail into the atlas (the seven features, then the
    /// neurons) and uploads it once.
    fn fill_atlas(
        &mut self,
        grid: &Grid,
        n_active: usize,
        n_neurons: usize,
        thumb: usize,
        palette: &Palette,
    ) {
        let n_inputs = Feature::ALL.len();
        let slots = n_inputs + n_neurons;
        self.atlas.resize(slots * thumb, thumb);
        let width = self.atlas.width();
        for slot in 0..slots {
            let (values, scale): (&[f32], f32) = if slot < n_inputs {
                (
                    &self.feature_thumbs[slot],
                    Feature::ALL[slot].scale() as f32,
                )
            } else {
                (grid.thumbnail(n_active + slot - n_inputs), 1.0)
            };
            let inverse = 1.0 / scale;
            for (ty, row) in values.chunks_exact(thumb).enumerate() {
                let line = (ty * width + slot * thumb) * 4;
                let (pixels, _) = self.atlas.rgba[line..line + thumb * 4].as_chunks_mut::<4>();
                for (px, &v) in pixels.iter_mut().zip(row) {
                    *px = *palette.rgba(v * inverse);
                }
            }
        }
        self.atlas.upload();
    }
}

fn bias_size(node: f64) -> f64 {
    (node * 0.24).max(4.0)
}

/// Where the link into neuron `j` of `layer` from neuron `i` of the layer before starts and
/// ends: the right edge of the one, the left edge of the other. Inputs are placed by their
/// feature's row among all seven.
fn link_ends(
    layout: &Layout,
    counts: &[usize],
    features: &[Feature],
    layer: usize,
    j: usize,
    i: usize,
) -> ((f64, f64), (f64, f64)) {
    let size = layout.size;
    let (x1, y1) = layout.node(layer + 1, j, counts[layer + 1]);
    let (x0, y0) = if layer == 0 {
        let row = features
            .get(i)
            .and_then(|f| Feature::ALL.iter().position(|g| g == f))
            .unwrap_or(i);
        layout.node(0, row, counts[0])
    } else {
        layout.node(layer, i, counts[layer])
    };
    ((x0 + size, y0 + size / 2.0), (x1, y1 + size / 2.0))
}
