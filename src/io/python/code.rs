//! The script's functions and its training loop: the formulas of `nn::reference`, for a
//! mini-batch at once (one row per sample), and only the ones the experiment uses.

use super::{has_dropout, has_held, penalised, Writer};
use crate::nn::{Activation, Optimizer, Regularization};
use crate::train::{Objective, Trainer, EVALUATION_PART};
use std::fmt::Write;

/// The first layer's input: the samples' inputs, or (text mode) their contexts' rows of C.
fn first_a(t: &Trainer) -> &'static str {
    if t.text().is_some() {
        "look_up(X)"
    } else {
        "X"
    }
}

impl Writer {
    pub(super) fn functions(&mut self, t: &Trainer) {
        let w = self.words;
        let net = t.network();
        self.section(w.functions_title);
        let mut used: Vec<Activation> = Vec::new();
        for l in net.layers.iter().filter(|l| !l.softmax) {
            if !used.contains(&l.activation) {
                used.push(l.activation);
            }
        }
        self.line("def sigma(name, z):");
        let _ = writeln!(self.out, "    # {}", w.sigma);
        for a in &used {
            let code = match a {
                Activation::Tanh => "tanh(z)",
                Activation::Relu => "np.maximum(z, 0.0)",
                Activation::Sigmoid => "sigmoid(z)",
                Activation::Linear => "z",
            };
            let _ = writeln!(
                self.out,
                "    if name == \"{}\":\n        return {code}",
                super::name(*a)
            );
        }
        self.line("    raise ValueError(name)");
        self.line("");
        self.line("def sigma_prime(name, z, a):");
        let _ = writeln!(self.out, "    # {}", w.sigma_prime);
        for a in &used {
            let code = match a {
                Activation::Tanh => "1.0 - a * a",
                Activation::Relu => "(z > 0.0) * 1.0",
                Activation::Sigmoid => "a * (1.0 - a)",
                Activation::Linear => "np.ones_like(z)",
            };
            let _ = writeln!(
                self.out,
                "    if name == \"{}\":\n        return {code}",
                super::name(*a)
            );
        }
        self.line("    raise ValueError(name)");
        let softmax = net.layers.last().is_some_and(|l| l.softmax);
        if softmax {
            self.line("");
            self.line("def softmax(z):");
            let _ = writeln!(self.out, "    # {}", w.softmax);
            self.line("    e = exp(np.maximum(z - z.max(axis=1, keepdims=True), -708.0))");
            self.line("    return e / row_sums(e)[:, None]");
        }
        self.line("");
        let (dropout, held) = (has_dropout(t), has_held(t));
        if dropout {
            self.line("def next_random():");
            let _ = writeln!(self.out, "    # {}", w.random);
            self.line("    global random_state");
            self.line("    random_state = (random_state + 0x9E3779B97F4A7C15) & MASK64");
            self.line("    r = random_state");
            self.line("    r = ((r ^ (r >> 30)) * 0xBF58476D1CE4E5B9) & MASK64");
            self.line("    r = ((r ^ (r >> 27)) * 0x94D049BB133111EB) & MASK64");
            self.line("    r = r ^ (r >> 31)");
            self.line("    return (r >> 11) * (1.0 / (1 << 53))");
            self.line("");
            self.line("def dropout_mask(rate, samples, neurons):");
            let _ = writeln!(self.out, "    # {}", w.dropout_mask);
            self.line("    scale = 1.0 / (1.0 - rate)");
            self.line("    draws = [[0.0 if next_random() < rate else scale for s in range(samples)] for j in range(neurons)]");
            self.line("    return np.array(draws).T");
            self.line("");
            self.line("def forward(X, training=False):");
            let _ = writeln!(self.out, "    # {}", w.forward);
            let _ = writeln!(self.out, "    # {}", w.forward_dropout);
            let _ = writeln!(self.out, "    a, z, keep = [{}], [], []", first_a(t));
        } else {
            self.line("def forward(X):");
            let _ = writeln!(self.out, "    # {}", w.forward);
            let _ = writeln!(self.out, "    a, z = [{}], []", first_a(t));
        }
        self.line("    for l in range(len(W)):");
        self.line("        z.append(dense(a[l], W[l], b[l]))");
        let sigma = if softmax {
            "softmax(z[l]) if ACTIVATIONS[l] == \"softmax\" else sigma(ACTIVATIONS[l], z[l])"
        } else {
            "sigma(ACTIVATIONS[l], z[l])"
        };
        if !dropout && !held {
            let _ = writeln!(self.out, "        a.append({sigma})");
            self.line("    return z, a");
        } else {
            let _ = writeln!(self.out, "        out = {sigma}");
            if held {
                let _ = writeln!(
                    self.out,
                    "        if l < len(W) - 1:\n            out = out * ON[l]  # {}",
                    w.off
                );
            }
            if dropout {
                self.line("        k = 1.0");
                self.line("        if training and l < len(W) - 1 and DROPOUT[l] > 0.0:");
                self.line("            k = dropout_mask(DROPOUT[l], len(X), out.shape[1])");
                self.line("        keep.append(k)");
                self.line("        a.append(out * k)");
                self.line("    return z, a, keep");
            } else {
                self.line("        a.append(out)");
                self.line("    return z, a");
            }
        }
        self.loss(t);
        self.backward(t);
        self.update(t);
    }

    fn loss(&mut self, t: &Trainer) {
        let w = self.words;
        self.line("");
        self.line("def loss(X, T):");
        let (comment, code) = match t.objective() {
            Objective::Squared => (
                w.loss_squared,
                "row_sums(0.5 * (a[-1] - T) * (a[-1] - T))",
            ),
            Objective::BinaryCrossEntropy => (
                w.loss_binary,
                "(np.where(z[-1] > 0.0, z[-1], 0.0) + ln_1p(exp(-np.minimum(np.abs(z[-1]), 708.0))) - T * z[-1])[:, 0]",
            ),
            Objective::SoftmaxCrossEntropy => (
                w.loss_softmax,
                "top + ln(row_sums(exp(np.maximum(z[-1] - top[:, None], -708.0)))) - z[-1][np.arange(len(X)), T.argmax(axis=1)]",
            ),
        };
        let _ = writeln!(self.out, "    # {comment}");
        self.line("    if len(X) == 0:");
        self.line("        return 0.0");
        self.line(if has_dropout(t) {
            "    z, a, _ = forward(X)"
        } else {
            "    z, a = forward(X)"
        });
        if t.objective() == Objective::SoftmaxCrossEntropy {
            self.line("    top = z[-1].max(axis=1)");
        }
        let _ = writeln!(self.out, "    per_sample = {code}");
        if t.text().is_some() {
            let _ = writeln!(self.out, "    # {}", w.mean_parts);
            self.line("    total = 0.0");
            let _ = writeln!(
                self.out,
                "    for first in range(0, len(X), {EVALUATION_PART}):"
            );
            self.line("        part = 0.0");
            let _ = writeln!(
                self.out,
                "        for value in per_sample[first:first + {EVALUATION_PART}]:"
            );
            self.line("            part = part + value");
            self.line("        total = total + part");
        } else {
            let _ = writeln!(self.out, "    # {}", w.mean);
            self.line("    total = 0.0");
            self.line("    for value in per_sample:");
            self.line("        total = total + value");
        }
        self.line("    return float(total / len(X))");
    }

    fn backward(&mut self, t: &Trainer) {
        let w = self.words;
        let softmax = t.network().layers.last().is_some_and(|l| l.softmax);
        self.line("");
        let dropout = has_dropout(t);
        let text = t.text().is_some();
        let _ = writeln!(
            self.out,
            "def backward(z, a, {}T{}):",
            if dropout { "keep, " } else { "" },
            if text { ", contexts" } else { "" }
        );
        let _ = writeln!(self.out, "    # {}", w.backward);
        self.line("    L = len(W)");
        self.line("    delta = [None] * L");
        match (t.objective(), softmax) {
            (Objective::Squared, false) => {
                let _ = writeln!(self.out, "    # {}", w.delta_squared);
                self.line("    delta[L - 1] = (a[L] - T) * sigma_prime(ACTIVATIONS[L - 1], z[L - 1], a[L])");
            }
            (Objective::Squared, true) => {
                let _ = writeln!(self.out, "    # {}", w.delta_squared_softmax);
                self.line("    g = a[L] - T");
                self.line("    delta[L - 1] = a[L] * (g - row_sums(a[L] * g)[:, None])");
            }
            _ => {
                let _ = writeln!(self.out, "    # {}", w.delta_cross_entropy);
                self.line("    delta[L - 1] = a[L] - T");
            }
        }
        self.line("    for l in range(L - 2, -1, -1):");
        let _ = writeln!(self.out, "        # {}", w.delta_hidden);
        let hidden = if dropout {
            "back(delta[l + 1], W[l + 1]) * keep[l] * sigma_prime(ACTIVATIONS[l], z[l], sigma(ACTIVATIONS[l], z[l]))"
        } else {
            "back(delta[l + 1], W[l + 1]) * sigma_prime(ACTIVATIONS[l], z[l], a[l + 1])"
        };
        let off = if has_held(t) { " * ON[l]" } else { "" };
        let _ = writeln!(self.out, "        delta[l] = {hidden}{off}");
        let _ = writeln!(self.out, "    # {}", w.gradients);
        self.line("    dW = [np.zeros_like(W[l]) for l in range(L)]");
        self.line("    db = [np.zeros_like(b[l]) for l in range(L)]");
        self.line("    for s in range(len(T)):");
        self.line("        for l in range(L):");
        self.line("            dW[l] = dW[l] + np.outer(delta[l][s], a[l][s])");
        self.line("            db[l] = db[l] + delta[l][s]");
        if text {
            let _ = writeln!(self.out, "    # {}", w.embedding_gradient);
            self.line("    dx = back(delta[0], W[0])");
            self.line("    dC = np.zeros_like(C)");
            self.line("    for s in range(len(T)):");
            self.line("        for slot in range(CONTEXT):");
            self.line("            c = contexts[s, slot]");
            self.line("            dC[c] = dC[c] + dx[s, slot * EMBEDDING:(slot + 1) * EMBEDDING]");
            self.line("    return dW, db, dC");
        } else {
            self.line("    return dW, db");
        }
    }

    /// `X[l] = value`, or for a network with held parameters, the new value only where
    /// `HELD_X[l]` does not hold it (`X` is `W` or `b`; `state` names an optimiser's array
    /// of the same shape, held where its parameter is).
    fn set(&mut self, held: bool, x: &str, value: &str) {
        self.set_state(held, x, x, value);
    }

    fn set_state(&mut self, held: bool, target: &str, x: &str, value: &str) {
        let mask = if x.ends_with('W') { "HELD_W" } else { "HELD_b" };
        if held {
            let _ = writeln!(
                self.out,
                "        {target}[l] = np.where({mask}[l], {target}[l], {value})"
            );
        } else {
            let _ = writeln!(self.out, "        {target}[l] = {value}");
        }
    }

    fn update(&mut self, t: &Trainer) {
        let w = self.words;
        let training = t.config().training;
        let held = has_held(t);
        let derivative = match training.regularization {
            Regularization::L1 => "np.sign(W[l])",
            _ => "W[l]",
        };
        let penalty = if penalised(t) {
            format!(" + REGULARIZATION_RATE * {derivative}")
        } else {
            String::new()
        };
        let text = t.text().is_some();
        self.line("");
        self.line(if text {
            "def update(dW, db, dC, n):"
        } else {
            "def update(dW, db, n):"
        });
        if held {
            let _ = writeln!(self.out, "    # {}", w.held_update);
        }
        match training.optimizer {
            Optimizer::Sgd => {
                let _ = writeln!(self.out, "    # {}", w.update_sgd);
                self.line("    for l in range(len(W)):");
                match (penalised(t), training.regularization) {
                    (false, _) => self.set(held, "W", "W[l] - LEARNING_RATE * (dW[l] / n)"),
                    (true, Regularization::L1) => {
                        self.line("        step = W[l] - LEARNING_RATE * (dW[l] / n)");
                        let _ = writeln!(self.out, "        # {}", w.l1_stop);
                        self.line("        pulled = step - LEARNING_RATE * REGULARIZATION_RATE * np.sign(W[l])");
                        self.set(held, "W", "np.where(step * pulled < 0.0, 0.0, pulled)");
                    }
                    (true, _) => {
                        self.line("        step = W[l] - LEARNING_RATE * (dW[l] / n)");
                        let _ = writeln!(self.out, "        # {}", w.l2_step);
                        self.set(
                            held,
                            "W",
                            "step - LEARNING_RATE * REGULARIZATION_RATE * W[l]",
                        );
                    }
                }
                self.set(held, "b", "b[l] - LEARNING_RATE * (db[l] / n)");
                self.embedding_update(t);
            }
            Optimizer::Momentum => {
                let _ = writeln!(self.out, "    # {}", w.update_momentum);
                self.line("    for l in range(len(W)):");
                let _ = writeln!(self.out, "        g = dW[l] / n{penalty}");
                self.line("        v = MOMENTUM * velocity_W[l] - LEARNING_RATE * g");
                self.set(held, "W", "W[l] + v");
                self.set_state(held, "velocity_W", "W", "v");
                self.line("        v = MOMENTUM * velocity_b[l] - LEARNING_RATE * (db[l] / n)");
                self.set(held, "b", "b[l] + v");
                self.set_state(held, "velocity_b", "b", "v");
                self.embedding_update(t);
            }
            Optimizer::Adam => {
                let _ = writeln!(self.out, "    # {}", w.update_adam);
                self.line("    global t");
                self.line("    t += 1");
                self.line("    for l in range(len(W)):");
                if held {
                    let _ = writeln!(
                        self.out,
                        "        w, m, v = adam(W[l], dW[l] / n{penalty}, m_W[l], v_W[l])"
                    );
                    self.set(held, "W", "w");
                    self.set_state(held, "m_W", "W", "m");
                    self.set_state(held, "v_W", "W", "v");
                    self.line("        w, m, v = adam(b[l], db[l] / n, m_b[l], v_b[l])");
                    self.set(held, "b", "w");
                    self.set_state(held, "m_b", "b", "m");
                    self.set_state(held, "v_b", "b", "v");
                } else {
                    let _ = writeln!(
                        self.out,
                        "        W[l], m_W[l], v_W[l] = adam(W[l], dW[l] / n{penalty}, m_W[l], v_W[l])"
                    );
                    self.line(
                        "        b[l], m_b[l], v_b[l] = adam(b[l], db[l] / n, m_b[l], v_b[l])",
                    );
                }
                self.embedding_update(t);
                self.line("");
                self.line("def adam(theta, g, m, v):");
                self.line("    m = BETA1 * m + (1.0 - BETA1) * g");
                self.line("    v = BETA2 * v + (1.0 - BETA2) * g * g");
                self.line("    m_hat = m / (1.0 - powi(BETA1, t))");
                self.line("    v_hat = v / (1.0 - powi(BETA2, t))");
                self.line(
                    "    return theta - LEARNING_RATE * m_hat / (np.sqrt(v_hat) + EPSILON), m, v",
                );
            }
        }
    }

    /// Text mode: the embedding's table C steps as a layer's weights do (the same
    /// optimiser, the same penalty), after the layers.
    fn embedding_update(&mut self, t: &Trainer) {
        if t.text().is_none() {
            return;
        }
        let w = self.words;
        let training = t.config().training;
        let _ = writeln!(self.out, "    # {}", w.embedding_update);
        let penalty = match (penalised(t), training.regularization) {
            (false, _) => "",
            (true, Regularization::L1) => " + REGULARIZATION_RATE * np.sign(C)",
            (true, _) => " + REGULARIZATION_RATE * C",
        };
        match training.optimizer {
            Optimizer::Sgd => {
                self.line("    global C");
                match (penalised(t), training.regularization) {
                    (false, _) => self.line("    C = C - LEARNING_RATE * (dC / n)"),
                    (true, Regularization::L1) => {
                        self.line("    step = C - LEARNING_RATE * (dC / n)");
                        self.line(
                            "    pulled = step - LEARNING_RATE * REGULARIZATION_RATE * np.sign(C)",
                        );
                        self.line("    C = np.where(step * pulled < 0.0, 0.0, pulled)");
                    }
                    (true, _) => {
                        self.line("    step = C - LEARNING_RATE * (dC / n)");
                        self.line("    C = step - LEARNING_RATE * REGULARIZATION_RATE * C");
                    }
                }
            }
            Optimizer::Momentum => {
                self.line("    global C, velocity_C");
                let _ = writeln!(self.out, "    g = dC / n{penalty}");
                self.line("    velocity_C = MOMENTUM * velocity_C - LEARNING_RATE * g");
                self.line("    C = C + velocity_C");
            }
            Optimizer::Adam => {
                self.line("    global C, m_C, v_C");
                let _ = writeln!(
                    self.out,
                    "    C, m_C, v_C = adam(C, dC / n{penalty}, m_C, v_C)"
                );
            }
        }
    }

    pub(super) fn training(&mut self, t: &Trainer, losses: &[[f64; 2]], start_epoch: u64) {
        let w = self.words;
        self.section(w.training_title);
        self.line("def train_epoch(order):");
        let _ = writeln!(self.out, "    # {}", w.epoch);
        self.line("    for k in range(0, len(order), BATCH_SIZE):");
        self.line("        batch = order[k:k + BATCH_SIZE]");
        let (keep, text) = (has_dropout(t), t.text().is_some());
        if keep {
            self.line("        z, a, keep = forward(X_train[batch], training=True)");
        } else {
            self.line("        z, a = forward(X_train[batch])");
        }
        let _ = writeln!(
            self.out,
            "        {} = backward(z, a, {}T_train[batch]{})",
            if text { "dW, db, dC" } else { "dW, db" },
            if keep { "keep, " } else { "" },
            if text { ", X_train[batch]" } else { "" }
        );
        let _ = writeln!(
            self.out,
            "        update(dW, db, {}len(batch))",
            if text { "dC, " } else { "" }
        );
        self.line("");
        self.line("for e, order in enumerate(ORDERS):");
        self.line("    train_epoch(order)");
        self.line("    train_loss, test_loss = loss(X_train, T_train), loss(X_test, T_test)");
        self.line(
            "    print(f\"epoch {START_EPOCH + e + 1} train {train_loss!r} test {test_loss!r}\")",
        );
        self.line("");
        self.comment(w.expected);
        for (e, [train, test]) in losses.iter().enumerate() {
            let n = start_epoch + e as u64 + 1;
            let _ = writeln!(self.out, "#   epoch {n} train {train:?} test {test:?}");
        }
    }
}
