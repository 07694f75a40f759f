/**
 * Ensemble member weights from backtest forecasts. F is origins·steps × M (row-major), y the realised
 * values. Both rules give non-negative weights summing to 1.
 *   inverse_mse  w_m ∝ 1 / MSE_m (a member with zero MSE takes all the weight)
 *   cls          argmin ||y − F w||² subject to w >= 0, Σ w = 1: the convex QP is solved exactly by
 *                trying every support set S (M <= 8, so at most 255) with the equality-constrained
 *                least-squares solution on S and keeping the best feasible one; a rank-deficient S
 *                is skipped, a smaller support reaches the same objective.
 */

export const MAX_MEMBERS = 8;

export function memberMse(F: Float64Array, y: Float64Array, m: number, M: number): number {
  let s = 0;
  for (let r = 0; r < y.length; r++) s += (y[r] - F[r * M + m]) ** 2;
  return s / y.length;
}

export function inverseMseWeights(F: Float64Array, y: Float64Array, M: number): Float64Array {
  const mse = Array.from({ length: M }, (_, m) => memberMse(F, y, m, M));
  const w = new Float64Array(M);
  const perfect = mse.findIndex((v) => v === 0);
  if (perfect >= 0) {
    w[perfect] = 1;
    return w;
  }
  let total = 0;
  for (let m = 0; m < M; m++) total += 1 / mse[m];
  for (let m = 0; m < M; m++) w[m] = 1 / mse[m] / total;
  return w;
}

/** Solves A x = b (n × n, row-major, overwritten) by Gaussian elimination with partial pivoting; null if singular. */
function solve(A: number[], b: number[], n: number): number[] | null {
  const scale = Math.max(1e-300, ...A.map(Math.abs));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[p * n + c])) p = r;
    if (Math.abs(A[p * n + c]) <= 1e-12 * scale) return null;
    if (p !== c) {
      for (let k = 0; k < n; k++) [A[c * n + k], A[p * n + k]] = [A[p * n + k], A[c * n + k]];
      [b[c], b[p]] = [b[p], b[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / A[c * n + c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r * n + k] * x[k];
    x[r] = s / A[r * n + r];
  }
  return x;
}

export function sumSquaredError(F: Float64Array, y: Float64Array, w: ArrayLike<number>, M: number): number {
  let s = 0;
  for (let r = 0; r < y.length; r++) {
    let f = 0;
    for (let m = 0; m < M; m++) f += w[m] * F[r * M + m];
    s += (y[r] - f) ** 2;
  }
  return s;
}

export function constrainedLsWeights(F: Float64Array, y: Float64Array, M: number): Float64Array {
  // Gram matrix G = F'F and F'y once; each support's KKT system is a slice of them.
  const G = new Array<number>(M * M).fill(0);
  const Fy = new Array<number>(M).fill(0);
  for (let r = 0; r < y.length; r++) {
    for (let a = 0; a < M; a++) {
      Fy[a] += F[r * M + a] * y[r];
      for (let b = 0; b < M; b++) G[a * M + b] += F[r * M + a] * F[r * M + b];
    }
  }
  let best: Float64Array | null = null;
  let bestSse = Infinity;
  for (let mask = 1; mask < 1 << M; mask++) {
    const S = Array.from({ length: M }, (_, m) => m).filter((m) => mask & (1 << m));
    const k = S.length;
    // [2G_SS 1; 1' 0] [w; λ] = [2 F_S'y; 1]
    const A: number[] = [];
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) A.push(2 * G[S[a] * M + S[b]]);
      A.push(1);
    }
    for (let b = 0; b < k; b++) A.push(1);
    A.push(0);
    const x = solve(A, [...S.map((m) => 2 * Fy[m]), 1], k + 1);
    if (!x || x.slice(0, k).some((v) => v < -1e-12)) continue;
    const w = new Float64Array(M);
    S.forEach((m, a) => (w[m] = Math.max(0, x[a])));
    const total = w.reduce((s, v) => s + v, 0);
    for (let m = 0; m < M; m++) w[m] /= total;
    const sse = sumSquaredError(F, y, w, M);
    if (sse < bestSse) {
      bestSse = sse;
      best = w;
    }
  }
  return best!; // every singleton support is feasible, so one was found
}
