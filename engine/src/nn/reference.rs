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
//!
//! In text mode (a language model, Bengio et al., 2003) the input is a context of k
//! symbols c₁ … cₖ and the output a softmax over the V symbols:
//!
//! - look-up: x = a⁰ = [C[c₁], …, C[cₖ]], the rows of the embedding table C set side by side
//! - output: pⱼ = e^(zᴸⱼ − m) / Σₘ e^(zᴸₘ − m), m = maxⱼ zᴸⱼ; loss −ln p_t for the next
//!   symbol t, whose δᴸⱼ = pⱼ − [j = t]
//! - ∂L/∂x_i = Σⱼ W¹ⱼᵢ δ¹ⱼ, and ∂L/∂C[cₛ][e] += ∂L/∂x[(s − 1)·d + e] for each slot s:
//!   the rows looked up, each as often as it was

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

/// x = [C[c₁], …, C[cₖ]]: the context's rows of the embedding table, side by side.
pub fn embed(net: &Network, context: &[usize]) -> Vec<f64> {
    let e = net.embedding.as_ref().expect("a text network");
    let mut x = Vec::with_capacity(e.inputs());
    for &c in context {
        for k in 0..e.dim {
            x.push(e.table[c * e.dim + k]);
        }
    }
    x
}

/// pⱼ = e^(zⱼ − m) / Σₘ e^(zₘ − m) with m = maxⱼ zⱼ (a term below e^(−708), 3e-308, is
/// taken as e^(−708): nothing next to the largest's 1).
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let mut m = f64::NEG_INFINITY;
    for j in 0..z.len() {
        m = m.max(z[j]);
    }
    let mut e = vec![0.0; z.len()];
    let mut sum = 0.0;
    for j in 0..z.len() {
        e[j] = crate::nn::math::exp((z[j] - m).max(-708.0));
        sum += e[j];
    }
    for j in 0..z.len() {
        e[j] /= sum;
    }
    e
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
    let last = net.layers.len() - 1;
    let out = &net.layers[last];
    let delta_out: Vec<f64> = (0..out.n_out)
        .map(|j| {
            d_loss_d_output[j]
                * out
                    .activation
                    .derivative(pass.z[last][j], pass.a[last + 1][j])
        })
        .collect();
    deltas_from_output(net, pass, &delta_out, keep)
}

/// As `deltas_dropped`, given the output's δᴸ itself (pⱼ − tⱼ for cross-entropy on a
/// softmax or sigmoid output).
pub fn deltas_from_output(
    net: &Network,
    pass: &Pass,
    delta_out: &[f64],
    keep: &[Vec<f64>],
) -> Vec<Vec<f64>> {
    let factor = |l: usize, j: usize| keep.get(l).and_then(|k| k.get(j)).copied().unwrap_or(1.0);
    let layers = net.layers.len();
    let mut delta: Vec<Vec<f64>> = vec![Vec::new(); layers];
    let last = layers - 1;
    delta[last] = delta_out.to_vec();
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
/// (each layer's weights, then its biases, after the embedding's table).
pub fn add_gradients(net: &Network, pass: &Pass, delta: &[Vec<f64>], grads: &mut [f64]) {
    let mut p = net.embedding_params();
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

/// ∂L/∂C: ∂L/∂xᵢ = Σⱼ W¹ⱼᵢ δ¹ⱼ, then for each slot s of the context, in order,
/// ∂L/∂C[cₛ][e] += ∂L/∂x[s·d + e], added to `grads` (the table's numbers come first).
pub fn add_embedding_gradients(
    net: &Network,
    context: &[usize],
    delta: &[Vec<f64>],
    grads: &mut [f64],
) {
    let e = net.embedding.as_ref().expect("a text network");
    let first = &net.layers[0];
    let mut dx = vec![0.0; first.n_in];
    for i in 0..first.n_in {
        for j in 0..first.n_out {
            dx[i] += first.weights[j * first.n_in + i] * delta[0][j];
        }
    }
    for (slot, &c) in context.iter().enumerate() {
        for k in 0..e.dim {
            grads[c * e.dim + k] += dx[slot * e.dim + k];
        }
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
