//! The network's maths for one sample, written as the formulas read: plain loops over
//! plain vectors, nothing reused, nothing batched. It is the definition the fast batched
//! passes of [`Network`] are tested against, bit for bit (`network.rs`'s tests): read
//! this file to see what training does, `network.rs` to see how it is done quickly.
//!
//! For layer l with weights W, biases b and activation σ, and the sample's input a⁰ = x:
//!
//! - forward: zˡⱼ = bˡⱼ + Σᵢ Wˡⱼᵢ aˡ⁻¹ᵢ, aˡⱼ = σ(zˡⱼ)·kˡⱼ
//! - backward: δᴸⱼ = ∂L/∂aᴸⱼ · σ'(zᴸⱼ) at the output, δˡᵢ = (Σⱼ Wˡ⁺¹ⱼᵢ δˡ⁺¹ⱼ) · kˡᵢ · σ'(zˡᵢ)
//!   below
//! - gradients: ∂L/∂Wˡⱼᵢ = δˡⱼ aˡ⁻¹ᵢ, ∂L/∂bˡⱼ = δˡⱼ
//! - step (plain gradient descent): W ← W − η ∂L/∂W, b ← b − η ∂L/∂b, except the held
//!   parameters (those of a switched-off or frozen neuron, and a switched-off neuron's
//!   outgoing weights), which stay
//!
//! where kˡⱼ is 1, or dropout's factor in a training pass (0 for a dropped neuron, else
//! 1/(1 − p)), and a switched-off neuron has aˡⱼ = 0 and δˡⱼ = 0.

// Index loops on purpose: they read as the sums.
#![allow(clippy::needless_range_loop)]

use super::Network;

/// Every layer's z and a for one sample: `a[0]` is the input, `a[l + 1]` and `z[l]` are
/// layer l's.
#[derive(Clone, Debug, PartialEq)]
pub struct Pass {
    pub z: Vec<Vec<f64>>,
    pub a: Vec<Vec<f64>>,
}

impl Pass {
    /// The network's output aᴸ.
    pub fn output(&self) -> &[f64] {
        self.a.last().map_or(&[], |a| a.as_slice())
    }
}

/// zˡⱼ = bˡⱼ + Σᵢ Wˡⱼᵢ aˡ⁻¹ᵢ, aˡⱼ = σ(zˡⱼ), layer after layer (sigmoid, tanh, ReLU or
/// linear outputs; not the softmax).
pub fn forward(net: &Network, x: &[f64]) -> Pass {
    forward_dropped(net, x, &[])
}

/// As `forward`, with dropout's factors: `keep[l][j]` multiplies hidden neuron j of layer
/// l (a layer `keep` does not reach, or leaves empty, keeps every neuron: kˡⱼ = 1).
pub fn forward_dropped(net: &Network, x: &[f64], keep: &[Vec<f64>]) -> Pass {
    let factor = |l: usize, j: usize| keep.get(l).and_then(|k| k.get(j)).copied().unwrap_or(1.0);
    let mut a: Vec<Vec<f64>> = vec![x.to_vec()];
    let mut z: Vec<Vec<f64>> = Vec::new();
    for layer in &net.layers {
        let prev = &a[a.len() - 1];
        let mut zl = vec![0.0; layer.n_out];
        for j in 0..layer.n_out {
            zl[j] = layer.bias[j];
            for i in 0..layer.n_in {
                zl[j] += layer.weights[j * layer.n_in + i] * prev[i];
            }
        }
        let l = z.len();
        let al = (0..layer.n_out)
            .map(|j| match layer.off[j] {
                true => 0.0,
                false => layer.activation.apply(zl[j]) * factor(l, j),
            })
            .collect();
        a.push(al);
        z.push(zl);
    }
    Pass { z, a }
}

/// δ of every layer, from ∂L/∂a of the output neurons: δᴸⱼ = ∂L/∂aᴸⱼ · σ'(zᴸⱼ), then
/// δˡᵢ = (Σⱼ Wˡ⁺¹ⱼᵢ δˡ⁺¹ⱼ) · kˡᵢ · σ'(zˡᵢ) going back (0 for a switched-off neuron).
pub fn deltas(net: &Network, pass: &Pass, d_loss_d_output: &[f64]) -> Vec<Vec<f64>> {
    deltas_dropped(net, pass, d_loss_d_output, &[])
}

/// As `deltas`, for a pass made with dropout's factors `keep` (`forward_dropped`).
pub fn deltas_dropped(
    net: &Network,
    pass: &Pass,
    d_loss_d_output: &[f64],
    keep: &[Vec<f64>],
) -> Vec<Vec<f64>> {
    let factor = |l: usize, j: usize| keep.get(l).and_then(|k| k.get(j)).copied().unwrap_or(1.0);
    let layers = net.layers.len();
    let mut delta: Vec<Vec<f64>> = vec![Vec::new(); layers];
    let last = layers - 1;
    let out = &net.layers[last];
    delta[last] = (0..out.n_out)
        .map(|j| {
            d_loss_d_output[j]
                * out
                    .activation
                    .derivative(pass.z[last][j], pass.a[last + 1][j])
        })
        .collect();
    for l in (0..last).rev() {
        let next = &net.layers[l + 1];
        let layer = &net.layers[l];
        delta[l] = (0..layer.n_out)
            .map(|i| {
                if layer.off[i] {
                    return 0.0;
                }
                let mut d_a = 0.0;
                for j in 0..next.n_out {
                    d_a += next.weights[j * next.n_in + i] * delta[l + 1][j];
                }
                // σ'(z) from σ(z) itself: a is σ(z)·k.
                let (z, sigma) = (pass.z[l][i], layer.activation.apply(pass.z[l][i]));
                d_a * factor(l, i) * layer.activation.derivative(z, sigma)
            })
            .collect();
    }
    delta
}

/// ∂L/∂Wˡⱼᵢ = δˡⱼ aˡ⁻¹ᵢ and ∂L/∂bˡⱼ = δˡⱼ, added to `grads` in `Network::param`'s order
/// (each layer's weights, then its biases).
pub fn add_gradients(net: &Network, pass: &Pass, delta: &[Vec<f64>], grads: &mut [f64]) {
    let mut p = 0;
    for (l, layer) in net.layers.iter().enumerate() {
        for j in 0..layer.n_out {
            for i in 0..layer.n_in {
                grads[p + j * layer.n_in + i] += delta[l][j] * pass.a[l][i];
            }
        }
        p += layer.weights.len();
        for j in 0..layer.n_out {
            grads[p + j] += delta[l][j];
        }
        p += layer.bias.len();
    }
}

/// One step of plain gradient descent on one sample's gradients: θ ← θ − η ∂L/∂θ, the
/// held parameters left as they are.
pub fn step(net: &mut Network, grads: &[f64], learning_rate: f64) {
    for (p, g) in grads.iter().enumerate() {
        if net.is_held(p) {
            continue;
        }
        let theta = net.param(p);
        net.set_param(p, theta - learning_rate * g);
    }
}
