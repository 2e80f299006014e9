//! "Step through" frame by frame: by hand, playing at the pace, ended by training.

use super::*;
use crate::walk::{Stage, WalkPicture};

#[test]
fn stepping_through_visits_every_stage_in_order_and_stops_at_the_ends() {
    let mut s = session(json!({"networkShape": [3, 2]}));
    s.set_running(true);
    s.step_walk(1);
    assert!(!s.running(), "a walk is one update of the network as it is");
    assert_eq!(s.walk_stage(), Some(Stage::Inputs));
    let mut seen = vec![s.walk_stage().unwrap()];
    for _ in 0..20 {
        s.step_walk(1);
        if seen.last() != s.walk_stage().as_ref() {
            seen.push(s.walk_stage().unwrap());
        }
    }
    let layers = 3;
    let all: Vec<Stage> = (0..Stage::count(layers))
        .map(|k| Stage::at(k, layers).unwrap())
        .collect();
    assert_eq!(seen, all);
    s.step_walk(-2);
    assert_eq!(s.walk_stage(), Stage::at(Stage::count(layers) - 3, layers));
    s.step_walk(-100);
    assert_eq!(s.walk_stage(), Some(Stage::Inputs));
    // Playing trains again: the walk ends.
    s.set_running(true);
    assert_eq!(s.walk(), None);
}

#[test]
fn a_playing_walk_moves_on_at_its_pace_and_stops_at_the_update() {
    let clock = FakeClock::new(0.0);
    let mut s = session(json!({"walkPace": 0.25}));
    s.play_walk(true);
    assert_eq!(s.walk().unwrap().stage, 0);
    let mut stages = vec![];
    for _ in 0..200 {
        clock.frame(&mut s, 16.0);
        let w = s.walk().unwrap();
        if stages.last() != Some(&w.stage) {
            stages.push(w.stage);
        }
    }
    // [4, 2]: 9 stages, each shown for 250 ms (16 frames of 16 ms), then it stops.
    assert_eq!(stages, (0..9).collect::<Vec<_>>());
    assert!(!s.walk().unwrap().playing);
    assert_eq!(s.trainer().epoch(), 0, "walking trains nothing");
    // Play again at the end: from the start.
    s.play_walk(true);
    assert_eq!(s.walk().unwrap().stage, 0);
    s.play_walk(false);
    for _ in 0..40 {
        clock.frame(&mut s, 16.0);
    }
    assert_eq!(s.walk().unwrap().stage, 0);
    s.end_walk();
    assert_eq!(s.walk(), None);
}

#[test]
fn the_walks_numbers_are_the_inspected_samples() {
    let mut s = session(json!({"dataset": "xor"}));
    s.step(15);
    s.step_sample(4);
    s.walk_to(1);
    let mut p = WalkPicture::default();
    assert_eq!(s.walk_picture(&mut p), Some(Stage::Forward(0)));
    let ins = s.inspect(4).unwrap();
    let n = ins.input.len();
    let first: Vec<f64> = p.nodes[n..n + 4].iter().map(|v| v.unwrap().0).collect();
    assert_eq!(first, ins.layers[0].a);
    // A smaller network: the stage stays within it.
    s.walk_to(100);
    assert_eq!(s.walk_stage(), Some(Stage::Update));
    s.change(&json!({"networkShape": [2]})).unwrap();
    assert_eq!(s.walk_stage(), Some(Stage::Update));
    assert_eq!(s.walk().unwrap().stage, Stage::count(2) - 1);
}
