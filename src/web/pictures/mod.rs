//! The heavy pictures: the network graph (every neuron's heatmap, the links), the input
//! plane (the large heatmap and the points) and the hidden space. A `Painter` draws a
//! `Scene` (plain data, `crate::scene`) on four canvases. Where the browser can, the painter lives in a Web
//! Worker (`worker`: the page's canvases handed over as `OffscreenCanvas`es, the scene
//! posted each frame the pictures change) and the page's thread only trains and answers;
//! elsewhere it lives on the page's thread and draws the same scene, the same way.

mod worker;

pub use worker::PaintWorker;

use super::views::boundary::{BoundaryView, Picture};
use super::views::graph::GraphView;
use super::views::hidden::{Frame, HiddenView};
use super::views::palette::Palette;
use super::views::surface::Surface;
use crate::config::PaletteChoice;
use crate::grid::Grid;
use crate::i18n::Lang;
use crate::nn::Network;
use crate::scene::Scene;
use crate::session::Heatmap;
use wasm_bindgen::JsCast;
use worker::Link;

/// Cells per side of the decision-boundary grid.
pub const GRID_SIZE: usize = 100;

/// The page's canvases the pictures are drawn on.
pub const CANVASES: [&str; 4] = [
    "network-canvas",
    "links-canvas",
    "boundary-canvas",
    "hidden-canvas",
];

/// Milliseconds the pictures of one scene took: evaluating the grid, painting the plane,
/// drawing the graph, drawing the hidden space.
pub type PaintTimes = [f64; 4];

/// What the hidden space showed last: the box on its axes and where it is on the canvas
/// (`None` when it is not shown), and whether the axes still move towards the values (the
/// page then draws again, though nothing else changed).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HiddenShown {
    pub frame: Option<Frame>,
    pub easing: bool,
}

/// Draws scenes: owns the grid and the three views.
pub struct Painter {
    grid: Grid,
    graph: GraphView,
    boundary: BoundaryView,
    hidden: HiddenView,
    palette: Palette,
    /// The boundary's background: the palette faded, so points stand out.
    background: Palette,
    /// A feature's values at every cell, when its input neuron is hovered (reused).
    feature_values: Vec<f32>,
    /// The type size, palette and language the views were last styled for.
    styled: Option<(u64, PaletteChoice, Lang)>,
    clock: Option<web_sys::Performance>,
    /// Scenes drawn.
    painted: u64,
}

/// This thread's clock (the page's or the worker's `performance`).
fn clock() -> Option<web_sys::Performance> {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .filter(|p| p.is_object())
        .map(|p| p.unchecked_into())
}

impl Painter {
    /// Draws on the graph's two canvases (neurons, links under them), the plane's and the
    /// hidden space's.
    pub fn new(
        graph: Surface,
        links: Surface,
        plane: Surface,
        hidden: Surface,
    ) -> Result<Painter, String> {
        let grid = Grid::new(GRID_SIZE, crate::grid::THUMB_STEP);
        Ok(Painter {
            graph: GraphView::new(graph, links, &grid)?,
            boundary: BoundaryView::new(plane, GRID_SIZE)?,
            hidden: HiddenView::new(hidden)?,
            grid,
            palette: Palette::new(),
            background: Palette::faded(0.3),
            feature_values: Vec::new(),
            styled: None,
            clock: clock(),
            painted: 0,
        })
    }

    /// On the page's own canvases (the pictures drawn on the page's thread).
    pub fn in_page() -> Result<Painter, String> {
        let [graph, links, plane, hidden] = CANVASES.map(crate::web::dom::by_id);
        Painter::new(
            Surface::on(graph?)?,
            Surface::on(links?)?,
            Surface::on(plane?)?,
            Surface::on(hidden?)?,
        )
    }

    fn now(&self) -> f64 {
        self.clock.as_ref().map_or(0.0, |c| c.now())
    }

    /// Draws `network` as `scene` says.
    pub fn paint(&mut self, network: &Network, scene: &Scene) -> PaintTimes {
        self.restyle(scene);
        self.graph.resize(scene.graph_size, scene.dpr);
        let (width, height) = scene.plane_size;
        self.boundary.surface.resize(width, height, scene.dpr);
        self.graph.highlight = scene.highlight;
        self.graph
            .set_plain(scene.plain_inputs, &scene.node_values, &scene.text);
        self.graph.set_walk(scene.walk.as_ref());
        self.graph.set_dropped(&scene.dropped);
        self.grid.set_focus(scene.focus);
        let t0 = self.now();
        let (grid_ms, plane_ms) = if scene.no_plane {
            (0.0, 0.0)
        } else {
            self.grid.evaluate(network, &scene.features);
            let t1 = self.now();
            self.draw_plane(scene);
            (t1 - t0, self.now() - t1)
        };
        let t2 = self.now();
        self.graph
            .draw(network, &self.grid, &scene.features, &self.palette);
        let t3 = self.now();
        self.hidden
            .draw(network, scene, &self.background, &self.palette);
        self.painted += 1;
        [grid_ms, plane_ms, t3 - t2, self.now() - t3]
    }

    /// What the hidden space showed in the last scene.
    pub fn hidden_shown(&self) -> HiddenShown {
        HiddenShown {
            frame: self.hidden.frame(),
            easing: !self.hidden.settled,
        }
    }

    /// Presentation mode (larger type, thicker lines, bigger points), the palette and the
    /// words drawn, when any of them changed.
    fn restyle(&mut self, scene: &Scene) {
        let style = (scene.scale.to_bits(), scene.palette, scene.lang);
        if self.styled == Some(style) {
            return;
        }
        self.styled = Some(style);
        (self.palette, self.background) = Palette::pair(scene.palette);
        self.graph.restyle(scene.scale, scene.lang);
        self.boundary.restyle(scene.scale);
    }

    /// The large heatmap (what the scene's `heatmap` says) with the points, from the
    /// evaluated grid.
    fn draw_plane(&mut self, scene: &Scene) {
        let plain = |values| Picture::Values {
            values,
            centre: 0.0,
            scale: 1.0,
        };
        let mut classes: [&[f32]; 5] = [&[]; 5];
        let grid = &self.grid;
        let picture = match scene.heatmap {
            Heatmap::Feature(f) => {
                grid.fill_feature(f, &mut self.feature_values);
                Picture::Values {
                    values: &self.feature_values,
                    centre: 0.0,
                    scale: f.scale() as f32,
                }
            }
            Heatmap::Neuron { .. } | Heatmap::Class(_) => {
                plain(grid.focus_values().unwrap_or(grid.output()))
            }
            Heatmap::Output if grid.output_count() > 1 => {
                let k = grid.output_count().min(classes.len());
                for (c, slot) in classes.iter_mut().enumerate().take(k) {
                    *slot = grid.output_of(c);
                }
                Picture::Classes(&classes[..k])
            }
            // A probability: the classes divide at ½.
            Heatmap::Output if scene.sigmoid_output => Picture::Values {
                values: grid.output(),
                centre: 0.5,
                scale: 0.5,
            },
            Heatmap::Output => plain(grid.output()),
        };
        self.boundary.draw(
            picture,
            scene.discretize,
            &scene.train,
            &scene.test,
            scene.show_test_data,
            scene.class_count,
            &self.background,
            &self.palette,
        );
        self.boundary
            .mark(scene.marked.iter().filter_map(|&k| scene.point(k as usize)));
        let hovered = scene.hovered_point.and_then(|k| scene.point(k));
        if let Some(p) = hovered {
            self.boundary.ring(p.x, p.y);
        }
    }
}

/// Who draws the pictures, as `App.pictures()` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrawnBy {
    /// The worker is starting: nothing is drawn yet.
    Starting,
    Worker,
    /// The page's own thread (no `OffscreenCanvas` in workers, or the worker failed to
    /// start).
    Page,
}

impl DrawnBy {
    pub fn name(self) -> &'static str {
        match self {
            DrawnBy::Starting => "starting",
            DrawnBy::Worker => "worker",
            DrawnBy::Page => "page",
        }
    }
}

/// Where the pictures are drawn, seen from the page's thread.
pub enum Pictures {
    Here(Box<Painter>),
    Worker(Link),
    /// Neither could start (no 2-D canvas at all): nothing is drawn.
    Nowhere(String),
}

/// What became of a scene handed to `Pictures::show`.
pub enum Shown {
    /// Drawn now, in these times.
    Drawn(PaintTimes),
    /// Posted to the worker.
    Posted,
    /// The worker is busy or starting: show it again later.
    Later,
}

impl Pictures {
    /// The page's `worker` when there is one and the browser can hand it the canvases,
    /// else the page's thread (and the worker is ended).
    pub fn start(worker: Option<web_sys::Worker>) -> Pictures {
        match worker {
            Some(worker) if worker::supported() => match Link::start(worker) {
                Ok(link) => Pictures::Worker(link),
                Err(_) => Pictures::here(),
            },
            Some(worker) => {
                worker.terminate();
                Pictures::here()
            }
            None => Pictures::here(),
        }
    }

    fn here() -> Pictures {
        match Painter::in_page() {
            Ok(painter) => Pictures::Here(Box::new(painter)),
            Err(e) => Pictures::Nowhere(e),
        }
    }

    /// Called every frame: a worker that became ready gets the canvases; one that failed
    /// before it had them gives the pictures back to the page's thread. True when who
    /// draws changed (everything must be drawn again).
    pub fn poll(&mut self) -> bool {
        let Pictures::Worker(link) = self else {
            return false;
        };
        match link.poll() {
            worker::Progress::Unchanged => false,
            worker::Progress::Drawing => true,
            worker::Progress::FailedToStart => {
                *self = Pictures::here();
                true
            }
        }
    }

    /// Draws `scene` here, or posts it to the worker.
    pub fn show(&mut self, network: &Network, scene: &Scene) -> Shown {
        match self {
            Pictures::Here(painter) => Shown::Drawn(painter.paint(network, scene)),
            Pictures::Worker(link) => link.post(network, scene),
            Pictures::Nowhere(_) => Shown::Drawn([0.0; 4]),
        }
    }

    pub fn drawn_by(&self) -> DrawnBy {
        match self {
            Pictures::Here(_) | Pictures::Nowhere(_) => DrawnBy::Page,
            Pictures::Worker(link) if link.drawing() => DrawnBy::Worker,
            Pictures::Worker(_) => DrawnBy::Starting,
        }
    }

    /// Scenes drawn so far (by the worker or here).
    pub fn drawn(&self) -> u64 {
        match self {
            Pictures::Here(painter) => painter.painted,
            Pictures::Worker(link) => link.painted(),
            Pictures::Nowhere(_) => 0,
        }
    }

    /// Scenes posted to the worker and not yet drawn (0 or 1).
    pub fn pending(&self) -> u64 {
        match self {
            Pictures::Worker(link) => link.pending(),
            _ => 0,
        }
    }

    /// The worker's last drawing times.
    pub fn worker_times(&self) -> Option<PaintTimes> {
        match self {
            Pictures::Worker(link) => Some(link.times()),
            _ => None,
        }
    }

    /// What the hidden space showed in the last scene drawn.
    pub fn hidden_shown(&self) -> HiddenShown {
        match self {
            Pictures::Here(painter) => painter.hidden_shown(),
            Pictures::Worker(link) => link.hidden_shown(),
            Pictures::Nowhere(_) => HiddenShown::default(),
        }
    }

    /// Why the pictures stopped, if they did (the worker failed while drawing).
    pub fn error(&self) -> Option<String> {
        match self {
            Pictures::Worker(link) => link.error(),
            Pictures::Nowhere(e) => Some(e.clone()),
            Pictures::Here(_) => None,
        }
    }
}
