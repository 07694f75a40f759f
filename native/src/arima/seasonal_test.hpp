// Seasonal unit-root test for the automatic D: the Osborn-Chui-Smith-Birchenhall (OCSB) test as
// forecast::nsdiffs(x, test = "ocsb", max.D = 1) runs it (forecast 8.20 ocsb.test, maxlag = 3,
// lag.method = "AIC"). TC_HD, O(n) passes over x, no workspace: every regressor is formed on the
// fly from x, and each regression is the Cholesky factor of its (at most 6 x 6) Gram matrix.
//
// With y = (1-B)(1-B^m) x, the test regression is
//   y_t = sum_{k<=L} b_k y_{t-k} + g4 Z4_{t-1} + g5 Z5_{t-m} + u_t,
// where Z4 = (1-B^m) x and Z5 = (1-B) x are filtered by the AR(L) fitted to y alone. The statistic
// is g5's t-value; a seasonal difference is taken when it is above the critical value (the null
// is a seasonal unit root). R's lag choice is reproduced as it is: candidates L = 1..3 are fitted
// on the rows of L = 3 and compared by AIC, and the test then uses L = argmin - 1 (so L = 0 when
// L = 1 wins, and L = 3 is never used).
#pragma once

#include <math.h>

#include "../kernels/hd.hpp"
#include "../kernels/numeric.hpp"

namespace tc {
namespace arima {

struct OcsbStat {
  double statistic;  // t-value of Z5; NaN if the regression has no solution (R: an error -> D = 0)
  double critical;   // forecast's calcOCSBCritVal(m), the 5 % value
  int lags;          // AR order L of the test regression (R's lag.order)
};

constexpr int kOcsbMaxLag = 3;

// forecast:::calcOCSBCritVal: a smooth fit in log(m) to the simulated 5 % critical values.
TC_HD inline double ocsb_critical(int m) {
  const double u = log(static_cast<double>(m)) - 0.7656451;
  return -0.2937411 * exp(-0.2850853 * u - 0.05983644 * u * u) - 1.652202;
}

namespace ocsb_detail {

constexpr int kMaxCols = kOcsbMaxLag + 3;  // L lags, Z4, Z5, then the response

// In-place Cholesky of the leading c x c block of the Gram matrix G (row-major, stride kMaxCols);
// false if it is not positive definite (a rank-deficient regression).
TC_HD inline bool cholesky(double* G, int c) {
  for (int i = 0; i < c; ++i)
    for (int j = 0; j <= i; ++j) {
      double s = G[i * kMaxCols + j];
      for (int k = 0; k < j; ++k) s -= G[i * kMaxCols + k] * G[j * kMaxCols + k];
      if (i == j) {
        if (!(s > 0.0)) return false;
        G[i * kMaxCols + i] = sqrt(s);
      } else {
        G[i * kMaxCols + j] = s / G[j * kMaxCols + j];
      }
    }
  return true;
}

// The series the regressions are built from, 0-based: dm = (1-B^m) x, d1 = (1-B) x, y = (1-B) dm.
struct Series {
  const double* x;
  int m;
  TC_HD double dm(int s) const { return x[s] - x[s - m]; }
  TC_HD double d1(int s) const { return x[s] - x[s - 1]; }
  TC_HD double y(int t) const { return dm(t) - dm(t - 1); }
};

// AR(L) of y without intercept on rows t in [t0, n): b[0..L).
TC_HD inline bool fit_ar(const Series& s, int n, int L, int t0, double* b) {
  double G[kMaxCols * kMaxCols];
  for (int i = 0; i < kMaxCols * kMaxCols; ++i) G[i] = 0.0;
  double row[kMaxCols];
  for (int t = t0; t < n; ++t) {
    for (int k = 0; k < L; ++k) row[k] = s.y(t - 1 - k);
    row[L] = s.y(t);
    for (int i = 0; i <= L; ++i)
      for (int j = 0; j <= i; ++j) G[i * kMaxCols + j] += row[i] * row[j];
  }
  if (!cholesky(G, L)) return false;
  double z[kMaxCols];
  for (int i = 0; i < L; ++i) {  // L z = X'y, then L' b = z
    double v = G[L * kMaxCols + i];
    for (int k = 0; k < i; ++k) v -= G[i * kMaxCols + k] * z[k];
    z[i] = v / G[i * kMaxCols + i];
  }
  for (int i = L - 1; i >= 0; --i) {
    double v = z[i];
    for (int k = i + 1; k < L; ++k) v -= G[k * kMaxCols + i] * b[k];
    b[i] = v / G[i * kMaxCols + i];
  }
  return true;
}

struct Regression {
  bool ok;
  int rows, cols;
  double rss;
  double tLast;  // t-value of the last regressor (Z5)
};

// fitOCSB(x, L, M): the AR(L) filter from y on rows t >= m + 1 + M, then the test regression
// [y lags, Z4_{t-1}, Z5_{t-m}] on the same rows.
TC_HD inline Regression fit_ocsb(const Series& s, int n, int L, int M) {
  Regression r{false, 0, L + 2, kNaN, kNaN};
  const int t0 = s.m + 1 + (M > L ? M : L);
  r.rows = n - t0;
  if (r.rows <= r.cols) return r;
  double b[kMaxCols];
  if (L > 0 && !fit_ar(s, n, L, t0, b)) return r;
  double G[kMaxCols * kMaxCols];
  for (int i = 0; i < kMaxCols * kMaxCols; ++i) G[i] = 0.0;
  double row[kMaxCols];
  const int c = r.cols;
  for (int t = t0; t < n; ++t) {
    double z4 = s.dm(t - 1), z5 = s.d1(t - s.m);
    for (int k = 0; k < L; ++k) {
      row[k] = s.y(t - 1 - k);
      z4 -= b[k] * s.dm(t - 2 - k);
      z5 -= b[k] * s.d1(t - s.m - 1 - k);
    }
    row[L] = z4;
    row[L + 1] = z5;
    row[c] = s.y(t);
    for (int i = 0; i <= c; ++i)
      for (int j = 0; j <= i; ++j) G[i * kMaxCols + j] += row[i] * row[j];
  }
  // With [X y] = Q R (G = R'R), the last regressor's coefficient is R[c-1][c] / R[c-1][c-1], its
  // variance s2 / R[c-1][c-1]^2 and rss = R[c][c]^2: the t-value needs no back substitution.
  if (!cholesky(G, c + 1)) return r;
  r.rss = G[c * kMaxCols + c] * G[c * kMaxCols + c];
  r.tLast = G[c * kMaxCols + (c - 1)] / sqrt(r.rss / (r.rows - c));
  r.ok = true;
  return r;
}

}  // namespace ocsb_detail

// forecast's ocsb.test(x, maxlag = 3, lag.method = "AIC") on x[0..n) with period m >= 2.
TC_HD inline OcsbStat ocsb_test(const double* x, int n, int m) {
  using namespace ocsb_detail;
  OcsbStat out{kNaN, ocsb_critical(m), 0};
  const Series s{x, m};
  // AIC of lm = rows (log(2 pi) + 1 + log(rss / rows)) + 2 (cols + 1); the rows are the same for
  // every candidate, so rows log(rss) + 2 cols orders them. which.min: the first of equal values.
  double bestAic = INFINITY;
  int best = 0;
  for (int L = 1; L <= kOcsbMaxLag; ++L) {
    const Regression r = fit_ocsb(s, n, L, kOcsbMaxLag);
    if (!r.ok) continue;
    const double aic = r.rows * log(r.rss) + 2.0 * r.cols;
    if (aic < bestAic) { bestAic = aic; best = L; }
  }
  const int L = best > 0 ? best - 1 : 0;
  out.lags = L;
  const Regression r = fit_ocsb(s, n, L, L);
  if (r.ok) out.statistic = r.tLast;
  return out;
}

// forecast::nsdiffs(x, test = "ocsb", max.D = 1) as auto.arima calls it: 0 for a constant series
// or one of at most 2m points (auto.arima's own rule), 0 when the test has no solution (R catches
// the error and warns), else 1 if the statistic is above the critical value.
TC_HD inline int nsdiffs_ocsb(const double* x, int n, int m, OcsbStat* stat) {
  *stat = OcsbStat{kNaN, ocsb_critical(m), 0};
  if (n <= 2 * m) return 0;
  bool constant = true;
  for (int i = 1; i < n && constant; ++i) constant = x[i] == x[0];
  if (constant) return 0;
  *stat = ocsb_test(x, n, m);
  return stat->statistic > stat->critical ? 1 : 0;
}

}  // namespace arima
}  // namespace tc
