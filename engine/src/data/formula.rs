//! A dataset defined by a formula the teacher types: for classes a condition or a sign
//! (`x*y > 0`, `x^2 + y^2 < 9`, `y > 2*sin(x)`), for regression a value (`sin(x)*cos(y)`).
//! Numbers, x, y, pi, + − * / ^ (right-associative, above unary minus: −x^2 = −(x²)),
//! parentheses, one comparison (< <= > >= = !=), and sin, cos, tan, exp, log (natural),
//! abs, sqrt, min, max.
//!
//! The parser is ours, a recursive descent over characters: a refusal names the character
//! where the formula goes wrong and what was expected there (general expression crates say
//! that something is wrong, not where).

use super::{Rng, Sample};
use crate::i18n::{quote, Text};
use crate::text;

/// The longest formula taken, in characters.
pub const MAX_FORMULA_CHARS: usize = 200;

/// A parsed formula.
#[derive(Clone, Debug, PartialEq)]
pub struct Formula {
    root: Node,
    /// The formula is a condition (a comparison): true is class +1.
    pub condition: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Number(f64),
    X,
    Y,
    Neg(Box<Node>),
    Binary(Op, Box<Node>, Box<Node>),
    Call(Function, Vec<Node>),
    Compare(Cmp, Box<Node>, Box<Node>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Cmp {
    Less,
    LessEq,
    Greater,
    GreaterEq,
    Equal,
    NotEqual,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Function {
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Abs,
    Sqrt,
    Min,
    Max,
}

const FUNCTIONS: [(&str, Function, usize); 9] = [
    ("sin", Function::Sin, 1),
    ("cos", Function::Cos, 1),
    ("tan", Function::Tan, 1),
    ("exp", Function::Exp, 1),
    ("log", Function::Log, 1),
    ("abs", Function::Abs, 1),
    ("sqrt", Function::Sqrt, 1),
    ("min", Function::Min, 2),
    ("max", Function::Max, 2),
];

/// A formula refused: the character (from 1) where it goes wrong, and the message.
#[derive(Clone, Debug, PartialEq)]
pub struct FormulaError {
    pub at: usize,
    pub text: Text,
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Formula {
    /// Parses `source`; a refusal says where and what was expected.
    pub fn parse(source: &str) -> Result<Formula, FormulaError> {
        let chars: Vec<char> = source.chars().collect();
        if chars.len() > MAX_FORMULA_CHARS {
            return Err(FormulaError {
                at: MAX_FORMULA_CHARS + 1,
                text: text!("err.formulaLong", max = MAX_FORMULA_CHARS),
            });
        }
        let mut p = Parser { chars, at: 0 };
        let root = p.comparison()?;
        p.skip_spaces();
        if p.at < p.chars.len() {
            return Err(p.expected("err.formulaEnd"));
        }
        let condition = matches!(root, Node::Compare(..));
        Ok(Formula { root, condition })
    }

    /// The formula's value at (x, y): a condition is 1 (true) or 0 (false).
    pub fn value(&self, x: f64, y: f64) -> f64 {
        self.root.value(x, y)
    }

    /// Whether the formula has a value somewhere on the plane [−6, 6]² (on a grid of
    /// 25 × 25 points).
    pub fn has_values(&self) -> bool {
        let at = |k: usize| -6.0 + 12.0 * k as f64 / 24.0;
        (0..25).any(|i| (0..25).any(|j| self.value(at(i), at(j)).is_finite()))
    }

    /// `n` points of the plane [−6, 6]² with their labels: a class (`class`) or, for
    /// regression, the value clamped to [−1, 1] (the labels of TFP's regression data).
    /// With noise the label is read at a point moved by up to ±6 × noise each way (noise
    /// from 0 to 0.5), as TFP's datasets blur their boundaries. Points where the formula
    /// has no value are drawn again (at most 20 tries a point).
    pub fn points(&self, n: usize, noise: f64, regression: bool, rng: &mut Rng) -> Vec<Sample> {
        let mut points = Vec::with_capacity(n);
        for _ in 0..n.saturating_mul(20) {
            if points.len() == n {
                break;
            }
            let (x, y) = (rng.uniform(-6.0, 6.0), rng.uniform(-6.0, 6.0));
            let shift = 6.0 * noise;
            let (lx, ly) = (
                x + rng.uniform(-shift, shift),
                y + rng.uniform(-shift, shift),
            );
            let label = if regression {
                Some(self.value(lx, ly))
                    .filter(|v| v.is_finite())
                    .map(|v| v.clamp(-1.0, 1.0))
            } else {
                self.class(lx, ly)
            };
            if let Some(label) = label {
                points.push(Sample { x, y, label });
            }
        }
        points
    }

    /// The class of (x, y): +1 where the condition holds (or the value is positive),
    /// else −1; `None` where the formula has no value (log of a negative number, …).
    pub fn class(&self, x: f64, y: f64) -> Option<f64> {
        let v = self.value(x, y);
        if !v.is_finite() {
            return None;
        }
        let positive = if self.condition { v == 1.0 } else { v > 0.0 };
        Some(if positive { 1.0 } else { -1.0 })
    }
}

impl Node {
    fn value(&self, x: f64, y: f64) -> f64 {
        match self {
            Node::Number(v) => *v,
            Node::X => x,
            Node::Y => y,
            Node::Neg(a) => -a.value(x, y),
            Node::Binary(op, a, b) => {
                let (a, b) = (a.value(x, y), b.value(x, y));
                match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    Op::Pow => a.powf(b),
                }
            }
            Node::Call(f, args) => {
                let a = args[0].value(x, y);
                match f {
                    Function::Sin => a.sin(),
                    Function::Cos => a.cos(),
                    Function::Tan => a.tan(),
                    Function::Exp => a.exp(),
                    Function::Log => a.ln(),
                    Function::Abs => a.abs(),
                    Function::Sqrt => a.sqrt(),
                    Function::Min => a.min(args[1].value(x, y)),
                    Function::Max => a.max(args[1].value(x, y)),
                }
            }
            Node::Compare(cmp, a, b) => {
                let (a, b) = (a.value(x, y), b.value(x, y));
                if a.is_nan() || b.is_nan() {
                    return f64::NAN;
                }
                let holds = match cmp {
                    Cmp::Less => a < b,
                    Cmp::LessEq => a <= b,
                    Cmp::Greater => a > b,
                    Cmp::GreaterEq => a >= b,
                    Cmp::Equal => a == b,
                    Cmp::NotEqual => a != b,
                };
                f64::from(u8::from(holds))
            }
        }
    }
}

impl Parser {
    fn skip_spaces(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_spaces();
        self.chars.get(self.at).copied()
    }

    /// Takes `s` if the formula goes on with it.
    fn eat(&mut self, s: &str) -> bool {
        self.skip_spaces();
        let n = s.chars().count();
        let here: String = self.chars.iter().skip(self.at).take(n).collect();
        if here == s {
            self.at += n;
            true
        } else {
            false
        }
    }

    /// The refusal at the current character: what was found and what `expected` says.
    fn expected(&mut self, expected: &'static str) -> FormulaError {
        self.skip_spaces();
        let found = match self.chars.get(self.at) {
            Some(c) => text!("err.formulaFound", found = format!("\"{c}\"")),
            None => text!("err.formulaEndFound"),
        };
        FormulaError {
            at: self.at + 1,
            text: text!("err.formula", at = self.at + 1)
                .sub("expected", Text::new(expected))
                .sub("found", found),
        }
    }

    fn comparison(&mut self) -> Result<Node, FormulaError> {
        let left = self.sum()?;
        let cmp = [
            ("<=", Cmp::LessEq),
            (">=", Cmp::GreaterEq),
            ("!=", Cmp::NotEqual),
            ("==", Cmp::Equal),
            ("<", Cmp::Less),
            (">", Cmp::Greater),
            ("=", Cmp::Equal),
        ]
        .into_iter()
        .find(|(s, _)| self.eat(s));
        match cmp {
            None => Ok(left),
            Some((_, cmp)) => {
                let right = self.sum()?;
                Ok(Node::Compare(cmp, Box::new(left), Box::new(right)))
            }
        }
    }

    fn sum(&mut self) -> Result<Node, FormulaError> {
        let mut left = self.product()?;
        loop {
            let op = if self.eat("+") {
                Op::Add
            } else if self.eat("-") || self.eat("−") {
                Op::Sub
            } else {
                return Ok(left);
            };
            let right = self.product()?;
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn product(&mut self) -> Result<Node, FormulaError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat("*") || self.eat("·") || self.eat("×") {
                Op::Mul
            } else if self.eat("/") {
                Op::Div
            } else {
                return Ok(left);
            };
            let right = self.unary()?;
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Node, FormulaError> {
        if self.eat("-") || self.eat("−") {
            return Ok(Node::Neg(Box::new(self.unary()?)));
        }
        if self.eat("+") {
            return self.unary();
        }
        self.power()
    }

    fn power(&mut self) -> Result<Node, FormulaError> {
        let base = self.atom()?;
        if self.eat("^") || self.eat("**") {
            // Right-associative, and above unary minus on its left: 2^-1, −x^2 = −(x²).
            let exponent = self.unary()?;
            return Ok(Node::Binary(Op::Pow, Box::new(base), Box::new(exponent)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Node, FormulaError> {
        match self.peek() {
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(c) if c.is_ascii_alphabetic() => self.name(),
            Some('(') => {
                self.at += 1;
                let inner = self.sum()?;
                if !self.eat(")") {
                    return Err(self.expected("err.formulaClose"));
                }
                Ok(inner)
            }
            _ => Err(self.expected("err.formulaOperand")),
        }
    }

    fn number(&mut self) -> Result<Node, FormulaError> {
        let start = self.at;
        while self
            .chars
            .get(self.at)
            .is_some_and(|c| c.is_ascii_digit() || *c == '.')
        {
            self.at += 1;
        }
        // An exponent: 1e-3, 2.5E4.
        if matches!(self.chars.get(self.at), Some('e' | 'E'))
            && self.chars.get(self.at + 1).is_some_and(|c| {
                c.is_ascii_digit()
                    || (matches!(c, '+' | '-')
                        && self
                            .chars
                            .get(self.at + 2)
                            .is_some_and(char::is_ascii_digit))
            })
        {
            self.at += 2;
            while self.chars.get(self.at).is_some_and(char::is_ascii_digit) {
                self.at += 1;
            }
        }
        let text: String = self.chars[start..self.at].iter().collect();
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Node::Number(v)),
            // Digits that parse, but to more than a double holds (1e309).
            Ok(_) => Err(FormulaError {
                at: start + 1,
                text: text!("err.formulaHuge", at = start + 1, number = quote(&text)),
            }),
            Err(_) => {
                self.at = start;
                Err(self.expected("err.formulaNumber"))
            }
        }
    }

    fn name(&mut self) -> Result<Node, FormulaError> {
        let start = self.at;
        while self
            .chars
            .get(self.at)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        match name.to_ascii_lowercase().as_str() {
            "x" | "x1" => return Ok(Node::X),
            "y" | "x2" => return Ok(Node::Y),
            "pi" => return Ok(Node::Number(std::f64::consts::PI)),
            _ => {}
        }
        let Some(&(_, function, arity)) = FUNCTIONS
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(&name))
        else {
            self.at = start;
            return Err(self.expected("err.formulaName"));
        };
        if !self.eat("(") {
            return Err(self.expected("err.formulaOpen"));
        }
        let mut args = vec![self.sum()?];
        while args.len() < arity {
            if !self.eat(",") {
                return Err(self.expected("err.formulaComma"));
            }
            args.push(self.sum()?);
        }
        if !self.eat(")") {
            return Err(self.expected("err.formulaClose"));
        }
        Ok(Node::Call(function, args))
    }
}

#[cfg(test)]
mod tests;
