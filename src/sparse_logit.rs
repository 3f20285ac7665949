//! L2-regularised logistic regression over sparse rows, fitted with L-BFGS.
//!
//! Used by `calque mine` to weight lexicon n-grams jointly: each document is a
//! sparse row of n-gram rates, and the learned coefficients become the
//! lexicon weights. The solver is single-threaded and sums in a fixed order,
//! so the same input always gives the same bits out.

/// Rows of a sparse matrix (compressed sparse row layout).
#[derive(Debug, Clone, Default)]
pub struct SparseRows {
    /// `row_start[i]..row_start[i + 1]` indexes row `i`'s entries.
    row_start: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<f64>,
    n_columns: usize,
}

impl SparseRows {
    pub fn new(n_columns: usize) -> Self {
        Self {
            row_start: vec![0],
            columns: Vec::new(),
            values: Vec::new(),
            n_columns,
        }
    }

    /// Append a row of `(column, value)` pairs; columns must be `< n_columns`.
    pub fn push_row(&mut self, entries: impl IntoIterator<Item = (u32, f64)>) {
        for (c, v) in entries {
            debug_assert!((c as usize) < self.n_columns);
            self.columns.push(c);
            self.values.push(v);
        }
        self.row_start.push(self.columns.len());
    }

    pub fn n_rows(&self) -> usize {
        self.row_start.len() - 1
    }

    pub fn n_columns(&self) -> usize {
        self.n_columns
    }

    pub fn row(&self, i: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.row_start[i]..self.row_start[i + 1];
        self.columns[r.clone()]
            .iter()
            .zip(&self.values[r])
            .map(|(&c, &v)| (c as usize, v))
    }

    /// Linear predictor of row `i`.
    pub fn dot(&self, i: usize, coef: &[f64]) -> f64 {
        self.row(i).map(|(c, v)| coef[c] * v).sum()
    }
}

/// A fitted model: `P(positive) = sigmoid(intercept + coef · x)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub coef: Vec<f64>,
    pub intercept: f64,
}

impl Fit {
    pub fn predict_logit(&self, x: &SparseRows, i: usize) -> f64 {
        self.intercept + x.dot(i, &self.coef)
    }
}

/// `ln(1 + e^z)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Training data: rows `rows` of `x` with labels and sample weights.
pub struct Problem<'a> {
    pub x: &'a SparseRows,
    pub rows: &'a [usize],
    pub positive: &'a [bool],
    pub sample_weight: &'a [f64],
}

impl Problem<'_> {
    /// Weighted mean log loss plus `l2 / 2 · |coef|²`, and its gradient.
    /// Parameters: `params[..n]` the coefficients, `params[n]` the intercept.
    fn loss_and_gradient(&self, params: &[f64], l2: f64, grad: &mut [f64]) -> f64 {
        let n = self.x.n_columns();
        let (coef, intercept) = (&params[..n], params[n]);
        grad.iter_mut().for_each(|g| *g = 0.0);
        let total: f64 = self.rows.iter().map(|&i| self.sample_weight[i]).sum();
        let total = total.max(f64::MIN_POSITIVE);
        let mut loss = 0.0;
        for &i in self.rows {
            let w = self.sample_weight[i] / total;
            let z = intercept + self.x.dot(i, coef);
            let y = if self.positive[i] { 1.0 } else { 0.0 };
            loss += w * (softplus(z) - y * z);
            let r = w * (sigmoid(z) - y);
            for (c, v) in self.x.row(i) {
                grad[c] += r * v;
            }
            grad[n] += r;
        }
        for c in 0..n {
            loss += 0.5 * l2 * coef[c] * coef[c];
            grad[c] += l2 * coef[c];
        }
        loss
    }

    /// Weighted mean log loss of `fit` on these rows (no penalty).
    pub fn log_loss(&self, fit: &Fit) -> f64 {
        let total: f64 = self.rows.iter().map(|&i| self.sample_weight[i]).sum();
        if total <= 0.0 {
            return 0.0;
        }
        self.rows
            .iter()
            .map(|&i| {
                let z = fit.predict_logit(self.x, i);
                let y = if self.positive[i] { 1.0 } else { 0.0 };
                self.sample_weight[i] * (softplus(z) - y * z)
            })
            .sum::<f64>()
            / total
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimise the penalised loss with L-BFGS, starting from `start` (or zeros).
pub fn fit(problem: &Problem, l2: f64, start: Option<&Fit>, max_iter: usize) -> Fit {
    const HISTORY: usize = 10;
    const TOLERANCE: f64 = 1e-7;
    let n = problem.x.n_columns();
    let mut params = vec![0.0; n + 1];
    if let Some(s) = start {
        params[..n].copy_from_slice(&s.coef);
        params[n] = s.intercept;
    }
    let mut grad = vec![0.0; n + 1];
    let mut loss = problem.loss_and_gradient(&params, l2, &mut grad);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut next = vec![0.0; n + 1];
    let mut next_grad = vec![0.0; n + 1];
    for _ in 0..max_iter {
        // Two-loop recursion: direction = -H · grad.
        let mut q = grad.clone();
        let mut alphas = Vec::with_capacity(s_hist.len());
        for (s, y) in s_hist.iter().zip(&y_hist).rev() {
            let a = dot(s, &q) / dot(y, s);
            q.iter_mut().zip(y).for_each(|(q, y)| *q -= a * y);
            alphas.push(a);
        }
        if let (Some(s), Some(y)) = (s_hist.last(), y_hist.last()) {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|q| *q *= gamma);
        }
        for ((s, y), a) in s_hist.iter().zip(&y_hist).zip(alphas.iter().rev()) {
            let b = dot(y, &q) / dot(y, s);
            q.iter_mut().zip(s).for_each(|(q, s)| *q += (a - b) * s);
        }
        let mut direction: Vec<f64> = q.iter().map(|q| -q).collect();
        let mut slope = dot(&direction, &grad);
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            s_hist.clear();
            y_hist.clear();
            direction = grad.iter().map(|g| -g).collect();
            slope = -dot(&grad, &grad);
        }
        let mut step = if s_hist.is_empty() {
            1.0 / dot(&grad, &grad).sqrt().max(1.0)
        } else {
            1.0
        };
        // Backtracking line search (Armijo).
        let mut accepted = false;
        let mut next_loss = loss;
        for _ in 0..40 {
            next.iter_mut()
                .zip(&params)
                .zip(&direction)
                .for_each(|((x, p), d)| *x = p + step * d);
            next_loss = problem.loss_and_gradient(&next, l2, &mut next_grad);
            if next_loss <= loss + 1e-4 * step * slope {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
        let s: Vec<f64> = next.iter().zip(&params).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
        let improvement = loss - next_loss;
        std::mem::swap(&mut params, &mut next);
        std::mem::swap(&mut grad, &mut next_grad);
        loss = next_loss;
        if dot(&s, &y) > 1e-12 {
            if s_hist.len() == HISTORY {
                s_hist.remove(0);
                y_hist.remove(0);
            }
            s_hist.push(s);
            y_hist.push(y);
        }
        if improvement <= TOLERANCE * loss.abs().max(1e-12) {
            break;
        }
    }
    let intercept = params[n];
    params.truncate(n);
    Fit {
        coef: params,
        intercept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two features: column 0 marks positives, column 1 negatives, column 2 is noise.
    fn separable() -> (SparseRows, Vec<bool>) {
        let mut x = SparseRows::new(3);
        let mut y = Vec::new();
        for i in 0..20 {
            let positive = i % 2 == 0;
            let mut row = vec![(if positive { 0 } else { 1 }, 1.0 + (i % 3) as f64)];
            if i % 4 < 2 {
                row.push((2, 1.0));
            }
            x.push_row(row);
            y.push(positive);
        }
        (x, y)
    }

    #[test]
    fn separates_a_tiny_separable_set_with_signed_weights() {
        let (x, y) = separable();
        let rows: Vec<usize> = (0..x.n_rows()).collect();
        let w = vec![1.0; x.n_rows()];
        let p = Problem {
            x: &x,
            rows: &rows,
            positive: &y,
            sample_weight: &w,
        };
        let f = fit(&p, 0.01, None, 500);
        assert!(f.coef[0] > 1.0, "{f:?}");
        assert!(f.coef[1] < -1.0, "{f:?}");
        assert!(f.coef[2].abs() < 0.2 * f.coef[0], "{f:?}");
        for (i, &positive) in y.iter().enumerate() {
            assert_eq!(f.predict_logit(&x, i) > 0.0, positive);
        }
        assert!(p.log_loss(&f) < 0.2);
        // A stronger penalty shrinks the weights.
        let g = fit(&p, 1.0, None, 500);
        assert!(g.coef[0].abs() < f.coef[0].abs());
        // Deterministic to the bit.
        assert_eq!(f, fit(&p, 0.01, None, 500));
    }

    #[test]
    fn empty_problem_does_not_panic() {
        let x = SparseRows::new(2);
        let p = Problem {
            x: &x,
            rows: &[],
            positive: &[],
            sample_weight: &[],
        };
        let f = fit(&p, 0.1, None, 10);
        assert_eq!(f.coef, [0.0, 0.0]);
        assert_eq!(p.log_loss(&f), 0.0);
    }
}
