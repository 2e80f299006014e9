//! Losses. The squared error follows TFP: L = ½(output − label)², reported as a mean.

/// L = ½(a − y)²
#[inline]
pub fn squared_error(output: f64, label: f64) -> f64 {
    let e = output - label;
    0.5 * e * e
}

/// ∂L/∂a = a − y
#[inline]
pub fn squared_error_derivative(output: f64, label: f64) -> f64 {
    output - label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squared_error_and_its_derivative() {
        assert_eq!(squared_error(0.5, -1.0), 1.125);
        let h = 1e-6;
        let numeric = (squared_error(0.3 + h, 1.0) - squared_error(0.3 - h, 1.0)) / (2.0 * h);
        assert!((numeric - squared_error_derivative(0.3, 1.0)).abs() < 1e-9);
    }
}
