//! The script's functions and its training loop: the formulas of `nn::reference`, for a
//! mini-batch at once (one row per sample), and only the ones the experiment uses.

use super::{penalised, Writer};
use crate::nn::{Activation, Optimizer, Regularization};
use crate::train::{Objective, Trainer};
use std::fmt::Write;

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
                Activation::Tanh => "np.tanh(z)",
                Activation::Relu => "np.maximum(z, 0.0)",
                Activation::Sigmoid => "1.0 / (1.0 + np.exp(-z))",
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
            self.line("    e = np.exp(z - z.max(axis=1, keepdims=True))");
            self.line("    return e / e.sum(axis=1, keepdims=True)");
        }
        self.line("");
        self.line("def forward(X):");
        let _ = writeln!(self.out, "    # {}", w.forward);
        self.line("    a, z = [X], []");
        self.line("    for l in range(len(W)):");
        self.line("        z.append(a[l] @ W[l].T + b[l])");
        if softmax {
            self.line("        if ACTIVATIONS[l] == \"softmax\":");
            self.line("            a.append(softmax(z[l]))");
            self.line("        else:");
            self.line("            a.append(sigma(ACTIVATIONS[l], z[l]))");
        } else {
            self.line("        a.append(sigma(ACTIVATIONS[l], z[l]))");
        }
        self.line("    return z, a");
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
                "np.sum(0.5 * (a[-1] - T) * (a[-1] - T), axis=1)",
            ),
            Objective::BinaryCrossEntropy => (
                w.loss_binary,
                "(np.maximum(z[-1], 0.0) + np.log1p(np.exp(-np.abs(z[-1]))) - T * z[-1])[:, 0]",
            ),
            Objective::SoftmaxCrossEntropy => (
                w.loss_softmax,
                "np.log(np.exp(z[-1] - top).sum(axis=1)) + top[:, 0] - (T * z[-1]).sum(axis=1)",
            ),
        };
        let _ = writeln!(self.out, "    # {comment}");
        self.line("    if len(X) == 0:");
        self.line("        return 0.0");
        self.line("    z, a = forward(X)");
        if t.objective() == Objective::SoftmaxCrossEntropy {
            self.line("    top = z[-1].max(axis=1, keepdims=True)");
        }
        let _ = writeln!(self.out, "    per_sample = {code}");
        self.line("    return float(np.mean(per_sample))");
    }

    fn backward(&mut self, t: &Trainer) {
        let w = self.words;
        let softmax = t.network().layers.last().is_some_and(|l| l.softmax);
        self.line("");
        self.line("def backward(z, a, T):");
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
                self.line("    delta[L - 1] = a[L] * (g - (a[L] * g).sum(axis=1, keepdims=True))");
            }
            _ => {
                let _ = writeln!(self.out, "    # {}", w.delta_cross_entropy);
                self.line("    delta[L - 1] = a[L] - T");
            }
        }
        self.line("    for l in range(L - 2, -1, -1):");
        let _ = writeln!(self.out, "        # {}", w.delta_hidden);
        self.line("        delta[l] = (delta[l + 1] @ W[l + 1]) * sigma_prime(ACTIVATIONS[l], z[l], a[l + 1])");
        let _ = writeln!(self.out, "    # {}", w.gradients);
        self.line("    dW = [delta[l].T @ a[l] for l in range(L)]");
        self.line("    db = [delta[l].sum(axis=0) for l in range(L)]");
        self.line("    return dW, db");
    }

    fn update(&mut self, t: &Trainer) {
        let w = self.words;
        let training = t.config().training;
        let derivative = match training.regularization {
            Regularization::L1 => "np.sign(W[l])",
            _ => "W[l]",
        };
        let penalty = if penalised(t) {
            format!(" + REGULARIZATION_RATE * {derivative}")
        } else {
            String::new()
        };
        self.line("");
        self.line("def update(dW, db, n):");
        match training.optimizer {
            Optimizer::Sgd => {
                let _ = writeln!(self.out, "    # {}", w.update_sgd);
                self.line("    for l in range(len(W)):");
                self.line("        step = W[l] - LEARNING_RATE * (dW[l] / n)");
                match (penalised(t), training.regularization) {
                    (false, _) => self.line("        W[l] = step"),
                    (true, Regularization::L1) => {
                        let _ = writeln!(self.out, "        # {}", w.l1_stop);
                        self.line("        pulled = step - LEARNING_RATE * REGULARIZATION_RATE * np.sign(W[l])");
                        self.line("        W[l] = np.where(step * pulled < 0.0, 0.0, pulled)");
                    }
                    (true, _) => {
                        let _ = writeln!(self.out, "        # {}", w.l2_step);
                        self.line(
                            "        W[l] = step - LEARNING_RATE * REGULARIZATION_RATE * W[l]",
                        );
                    }
                }
                self.line("        b[l] = b[l] - LEARNING_RATE * (db[l] / n)");
            }
            Optimizer::Momentum => {
                let _ = writeln!(self.out, "    # {}", w.update_momentum);
                self.line("    for l in range(len(W)):");
                let _ = writeln!(self.out, "        g = dW[l] / n{penalty}");
                self.line("        velocity_W[l] = MOMENTUM * velocity_W[l] - LEARNING_RATE * g");
                self.line("        W[l] = W[l] + velocity_W[l]");
                self.line("        velocity_b[l] = MOMENTUM * velocity_b[l] - LEARNING_RATE * (db[l] / n)");
                self.line("        b[l] = b[l] + velocity_b[l]");
            }
            Optimizer::Adam => {
                let _ = writeln!(self.out, "    # {}", w.update_adam);
                self.line("    global t");
                self.line("    t += 1");
                self.line("    for l in range(len(W)):");
                let _ = writeln!(
                    self.out,
                    "        W[l], m_W[l], v_W[l] = adam(W[l], dW[l] / n{penalty}, m_W[l], v_W[l])"
                );
                self.line("        b[l], m_b[l], v_b[l] = adam(b[l], db[l] / n, m_b[l], v_b[l])");
                self.line("");
                self.line("def adam(theta, g, m, v):");
                self.line("    m = BETA1 * m + (1.0 - BETA1) * g");
                self.line("    v = BETA2 * v + (1.0 - BETA2) * g * g");
                self.line("    m_hat = m / (1.0 - BETA1 ** t)");
                self.line("    v_hat = v / (1.0 - BETA2 ** t)");
                self.line(
                    "    return theta - LEARNING_RATE * m_hat / (np.sqrt(v_hat) + EPSILON), m, v",
                );
            }
        }
    }

    pub(super) fn training(&mut self, losses: &[[f64; 2]], start_epoch: u64) {
        let w = self.words;
        self.section(w.training_title);
        self.line("def train_epoch(order):");
        let _ = writeln!(self.out, "    # {}", w.epoch);
        self.line("    for k in range(0, len(order), BATCH_SIZE):");
        self.line("        batch = order[k:k + BATCH_SIZE]");
        self.line("        z, a = forward(X_train[batch])");
        self.line("        dW, db = backward(z, a, T_train[batch])");
        self.line("        update(dW, db, len(batch))");
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
