//! The network's maths for one sample, written as the formulas read: plain loops over
//! plain vectors, nothing reused, nothing batched. It is the definition the fast batched
//! passes of [`Network`] are tested against, bit for bit (`network.rs`'s tests): read
//! this file to see what training does, `network.rs` to see how it is done quickly.
//!
//! For layer l with weights W, biases b and activation σ, and the sample's input a⁰ = x:
//!
//! - forward: zˡⱼ = bˡⱼ + Σᵢ Wˡⱼᵢ aˡ⁻¹ᵢ, aˡⱼ = σ(zˡⱼ)
//! - backward: δᴸⱼ = ∂L/∂aᴸⱼ · σ'(zᴸⱼ) at the output, δˡᵢ = (Σⱼ Wˡ⁺¹ⱼᵢ δˡ⁺¹ⱼ) · σ'(zˡᵢ) below
//! - gradients: ∂L/∂Wˡⱼᵢ = δˡⱼ aˡ⁻¹ᵢ, ∂L/∂bˡⱼ = δˡⱼ
//! - step (plain gradient descent): W ← W − η ∂L/∂W, b ← b − η ∂L/∂b

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
        a.push(zl.iter().map(|&z| layer.activation.apply(z)).collect());
        z.push(zl);
    }
    Pass { z, a }
}

/// δ of every layer, from ∂L/∂a of the output neurons: δᴸⱼ = ∂L/∂aᴸⱼ · σ'(zᴸⱼ), then
/// δˡᵢ = (Σⱼ Wˡ⁺¹ⱼᵢ δˡ⁺¹ⱼ) · σ'(zˡᵢ) going back.
pub fn deltas(net: &Network, pass: &Pass, d_loss_d_output: &[f64]) -> Vec<Vec<f64>> {
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
                let mut d_a = 0.0;
                for j in 0..next.n_out {
                    d_a += next.weights[j * next.n_in + i] * delta[l + 1][j];
                }
                d_a * layer.activation.derivative(pass.z[l][i], pass.a[l + 1][i])
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

/// One step of plain gradient descent on one sample's gradients: θ ← θ − η ∂L/∂θ.
pub fn step(net: &mut Network, grads: &[f64], learning_rate: f64) {
    for (p, g) in grads.iter().enumerate() {
        let theta = net.param(p);
        net.set_param(p, theta - learning_rate * g);
    }
}
