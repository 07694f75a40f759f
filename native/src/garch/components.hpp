// What each component contributes besides its recursion: bounds and data-driven starting values
// for its slice of the parameter vector, and the model summaries (persistence, unconditional
// variance) that depend on the innovation distribution. Bounds follow fGarch's
// .garchInitParameters so that estimates on a bound (shape = 10, say) agree with fGarch.
#pragma once

#include <math.h>

#include "distributions.hpp"
#include "linalg.hpp"
#include "spec.hpp"

namespace tc {
namespace garch {

constexpr double kTiny = 1e-8;  // fGarch's TINY

struct DataStats {
  double mean, var, sd;  // var with divisor n - 1, as R's var()
};

template <class X>
TC_HD DataStats data_stats(X x, int n) {
  double m = 0.0;
  for (int t = 0; t < n; ++t) m += x[t];
  m /= n;
  double v = 0.0;
  for (int t = 0; t < n; ++t) { const double d = x[t] - m; v += d * d; }
  v /= (n - 1);
  DataStats s{m, v, sqrt(v)};
  return s;
}

// Zero sample variance in floating point: every value equal, a spread at the rounding level of the
// data's magnitude (sd < 1e-13 |mean|; a constant series can show var ~ 1e-34 from the rounded
// mean), or a variance that underflows (values ~ 1e-160 and below: var is 0 or subnormal, so no
// variance recursion is representable). The caller has checked that every value is finite.
template <class X>
TC_HD bool degenerate_data(X x, int n, const DataStats& ds) {
  double lo = x[0], hi = x[0];
  for (int t = 1; t < n; ++t) { lo = x[t] < lo ? x[t] : lo; hi = x[t] > hi ? x[t] : hi; }
  if (!(hi > lo)) return true;
  if (!(ds.var > 1e-290)) return true;
  return ds.sd < 1e-13 * fabs(ds.mean);
}

// ---- mean slice -------------------------------------------------------------------------------
TC_HD inline void mean_bounds(const GarchLayout& L, const DataStats& ds, double* lo, double* hi) {
  if (L.iMu >= 0) {
    // fGarch: +-10 |mean(x)|; widened to 0.01 sd so a demeaned series does not pin mu at 0.
    double b = 10.0 * fabs(ds.mean);
    if (b < 0.01 * ds.sd) b = 0.01 * ds.sd;
    lo[L.iMu] = -b; hi[L.iMu] = b;
  }
  for (int i = 0; i < L.nAr; ++i) { lo[L.iAr + i] = -1.0 + kTiny; hi[L.iAr + i] = 1.0 - kTiny; }
  for (int j = 0; j < L.nMa; ++j) { lo[L.iMa + j] = -1.0 + kTiny; hi[L.iMa + j] = 1.0 - kTiny; }
}

// Intercept = sample mean; AR coefficients by least squares (clamped to +-0.9); MA start at 0.
template <class X>
TC_HD void mean_start(const GarchLayout& L, const DataStats& ds, X x, int n,
                             double* th) {
  if (L.iMu >= 0) th[L.iMu] = ds.mean;
  for (int j = 0; j < L.nMa; ++j) th[L.iMa + j] = 0.0;
  const int u = L.nAr;
  if (u == 0) return;
  const bool icpt = L.iMu >= 0;
  const int m = u + (icpt ? 1 : 0);
  double A[kMaxParams * kMaxParams], b[kMaxParams], Ai[kMaxParams * kMaxParams], r[kMaxParams];
  for (int i = 0; i < m * m; ++i) A[i] = 0.0;
  for (int i = 0; i < m; ++i) b[i] = 0.0;
  for (int t = u; t < n; ++t) {
    int c = 0;
    if (icpt) r[c++] = 1.0;
    for (int i = 0; i < u; ++i) r[c++] = x[t - 1 - i];
    for (int i = 0; i < m; ++i) {
      b[i] += r[i] * x[t];
      for (int j = 0; j < m; ++j) A[i * m + j] += r[i] * r[j];
    }
  }
  if (!invert_spd(A, m, Ai)) { for (int i = 0; i < u; ++i) th[L.iAr + i] = 0.0; return; }
  double coef[kMaxParams];
  for (int i = 0; i < m; ++i) {
    coef[i] = 0.0;
    for (int j = 0; j < m; ++j) coef[i] += Ai[i * m + j] * b[j];
  }
  int c = 0;
  if (icpt) th[L.iMu] = coef[c++];
  for (int i = 0; i < u; ++i) {
    double a = coef[c++];
    th[L.iAr + i] = a > 0.9 ? 0.9 : (a < -0.9 ? -0.9 : a);
  }
  if (icpt) {
    double lb = -10.0 * fabs(ds.mean), ub = -lb;
    if (ub < 0.01 * ds.sd) { ub = 0.01 * ds.sd; lb = -ub; }
    if (th[L.iMu] < lb || th[L.iMu] > ub) th[L.iMu] = ds.mean;
  }
}

// ---- volatility slice -------------------------------------------------------------------------
TC_HD inline void vol_bounds(const GarchSpec& S, const GarchLayout& L, const DataStats& ds,
                             double* lo, double* hi) {
  if (S.vol == kVolEgarch) {
    const double c = fabs(log(ds.var)) + 50.0;
    lo[L.iOmega] = -c; hi[L.iOmega] = c;
    lo[L.iAlpha] = -2.0; hi[L.iAlpha] = 2.0;
    lo[L.iGamma] = -2.0; hi[L.iGamma] = 2.0;
    lo[L.iBeta] = -1.0 + kTiny; hi[L.iBeta] = 1.0 - kTiny;
    return;
  }
  // fGarch: omega in [1e-6, 100] var(x)^(delta/2) (it fits on x / sd(x)).
  double scale = ds.var;
  if (S.vol == kVolAparch) scale = pow(ds.sd, S.deltaFixed ? S.delta : 2.0);
  lo[L.iOmega] = 1e-6 * scale; hi[L.iOmega] = 100.0 * scale;
  if (S.vol == kVolAparch && !S.deltaFixed) {
    const double s1 = ds.sd < ds.var ? ds.sd : ds.var, s2 = ds.sd > ds.var ? ds.sd : ds.var;
    lo[L.iOmega] = 1e-6 * s1; hi[L.iOmega] = 100.0 * s2;
  }
  for (int i = 0; i < L.nAlpha; ++i) { lo[L.iAlpha + i] = kTiny; hi[L.iAlpha + i] = 1.0 - kTiny; }
  for (int i = 0; i < L.nGamma; ++i) { lo[L.iGamma + i] = -1.0 + kTiny; hi[L.iGamma + i] = 1.0 - kTiny; }
  for (int j = 0; j < L.nBeta; ++j) { lo[L.iBeta + j] = kTiny; hi[L.iBeta + j] = 1.0 - kTiny; }
  if (L.iDelta >= 0) { lo[L.iDelta] = 0.01; hi[L.iDelta] = 2.0; }  // fGarch: [0, 2]
}

// Start grid entry `idx` for the volatility slice given residual variance v; false past the end.
TC_HD inline bool vol_start(const GarchSpec& S, const GarchLayout& L, double v, int idx,
                            double* th) {
  if (S.vol == kVolEgarch) {
    const double g[4][3] = {{0.1, -0.05, 0.95}, {0.2, -0.1, 0.9}, {0.1, 0.0, 0.98}, {0.15, -0.05, 0.8}};
    if (idx >= 4) return false;
    th[L.iAlpha] = g[idx][0]; th[L.iGamma] = g[idx][1]; th[L.iBeta] = g[idx][2];
    th[L.iOmega] = (1.0 - g[idx][2]) * log(v);
    return true;
  }
  const double grid[6][2] = {{0.1, 0.8}, {0.05, 0.9}, {0.1, 0.88}, {0.2, 0.7}, {0.03, 0.95}, {0.15, 0.6}};
  if (idx >= 6) return false;
  const double a = grid[idx][0], b = L.nBeta ? grid[idx][1] : 0.0;
  // a free delta starts inside its box (fGarch's start, 2, is its upper bound)
  const double delta = L.iDelta >= 0 ? (S.delta > 0.1 && S.delta < 2.0 ? S.delta : 1.5)
                                     : (S.vol == kVolAparch ? S.delta : 2.0);
  for (int i = 0; i < L.nAlpha; ++i) th[L.iAlpha + i] = (S.vol == kVolGjr ? 0.5 * a : a) / L.nAlpha;
  for (int i = 0; i < L.nGamma; ++i) th[L.iGamma + i] = S.vol == kVolGjr ? a / L.nGamma : 0.1;
  for (int j = 0; j < L.nBeta; ++j) th[L.iBeta + j] = b / L.nBeta;
  if (L.iDelta >= 0) th[L.iDelta] = delta;
  th[L.iOmega] = pow(v, 0.5 * delta) * (1.0 - a - b);
  return true;
}

// ---- distribution slice -----------------------------------------------------------------------
TC_HD inline void dist_bounds(const GarchSpec& S, const GarchLayout& L, double* lo, double* hi) {
  if (L.iSkew >= 0) { lo[L.iSkew] = 0.1; hi[L.iSkew] = 10.0; }  // fGarch
  if (L.iShape >= 0) {
    // fGarch: [1, 10]; the t densities need shape > 2.
    lo[L.iShape] = S.dist == kDistGed ? 1.0 : 2.0 + 1e-3;
    hi[L.iShape] = 10.0;
  }
}

// Start entry `idx` for the distribution slice; false past the end.
TC_HD inline bool dist_start(const GarchSpec& S, const GarchLayout& L, int idx, double* th) {
  const double tShapes[3] = {6.0, 4.0, 10.0}, gShapes[3] = {1.5, 1.2, 2.0};
  const double skews[3] = {1.0, 0.85, 1.15};
  const int count = (L.iShape >= 0 || L.iSkew >= 0) ? 3 : 1;
  if (idx >= count) return false;
  if (L.iShape >= 0) {
    const double* sh = S.dist == kDistGed ? gShapes : tShapes;
    th[L.iShape] = (idx == 0 && S.shape > 0.0) ? S.shape : sh[idx];
  }
  if (L.iSkew >= 0) th[L.iSkew] = skews[idx];
  return true;
}

// ---- summaries --------------------------------------------------------------------------------
template <class D>
TC_HD double exact_abs_moment(const D& d, double gamma, double delta) {
  if (D::kSymmetric)
    return 0.5 * (pow(1.0 - gamma, delta) + pow(1.0 + gamma, delta)) * abs_moment_any(d, delta);
  return dist_expectation(d, 0, gamma, delta);
}

// Persistence (E of the news term per unit alpha, plus beta) and unconditional variance.
template <class D>
TC_HD void model_summary_dist(const GarchSpec& S, const GarchLayout& L, const double* th,
                              const D& d, double& persistence, double& uncondVar) {
  double P = 0.0;
  for (int j = 0; j < L.nBeta; ++j) P += th[L.iBeta + j];
  const double omega = th[L.iOmega];
  if (S.vol == kVolEgarch) {
    persistence = P;
    uncondVar = exp(omega / (1.0 - P));
    return;
  }
  const double delta = volatility_delta(S, L, th);
  if (S.vol == kVolGjr) {
    const double negSq = D::kSymmetric ? 0.5 : dist_expectation(d, 1, 0.0, 2.0);
    for (int i = 0; i < L.nAlpha; ++i) P += th[L.iAlpha + i];
    for (int i = 0; i < L.nGamma; ++i) P += negSq * th[L.iGamma + i];
  } else if (S.vol == kVolAparch) {
    for (int i = 0; i < L.nAlpha; ++i) P += th[L.iAlpha + i] * exact_abs_moment(d, th[L.iGamma + i], delta);
  } else {
    for (int i = 0; i < L.nAlpha; ++i) P += th[L.iAlpha + i];
  }
  persistence = P;
  uncondVar = P < 1.0 ? pow(omega / (1.0 - P), 2.0 / delta) : kInf;
}

}  // namespace garch
}  // namespace tc
