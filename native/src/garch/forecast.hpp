// Forecasts from fitted parameters: one entry point that picks the method once.
//   mean     : ARMA conditional mean, analytic (the mean does not depend on the variance path).
//   variance : E[sigma^2_{n+k} | data]. Analytic for GARCH, GJR and APARCH with delta = 2 (the
//              news term's expectation is kappa * sigma^2); by simulation for APARCH with delta != 2
//              and EGARCH (Philox keyed by (seed, series, path, step), so host and device agree).
//              Step 1 is always exact.
//   VaR / ES : one step ahead, from the fitted innovation distribution, reported as positive
//              losses: VaR = -(mu + sigma q_a), ES = -(mu + sigma E[z | z <= q_a]).
#pragma once

#include <math.h>

#include "distributions.hpp"
#include "likelihood.hpp"
#include "mean_model.hpp"
#include "philox.hpp"
#include "spec.hpp"

namespace tc {
namespace garch {

constexpr int kMaxVarLevels = 8;

struct GarchForecastOptions {
  int32_t horizon = 10;       // steps ahead
  int32_t nPaths = 2000;      // simulation paths (APARCH delta != 2, EGARCH)
  uint64_t seed = 12345;
  uint32_t seriesId = 0;      // index of the series in its batch (part of the RNG key)
  int32_t nLevels = 0;        // VaR / ES tail probabilities, e.g. 0.01, 0.05
  double levels[kMaxVarLevels] = {0, 0, 0, 0, 0, 0, 0, 0};
  // 0: a simulated forecast leaves steps 2.. at 0 for the caller to fill (the CUDA path runs one
  // thread per (series, path) with vol_path_start / vol_path_step instead of this loop)
  int32_t simulateInline = 1;
};

enum ForecastMethod : int32_t { kForecastAnalytic = 0, kForecastSimulation = 1 };

TC_HD inline int forecast_method(const GarchSpec& S, const GarchLayout& L, const double* th) {
  if (S.vol == kVolEgarch) return kForecastSimulation;
  if (S.vol == kVolAparch && volatility_delta(S, L, th) != 2.0) return kForecastSimulation;
  return kForecastAnalytic;
}

struct VolParams {
  double omega, alpha[kMaxLag], gamma[kMaxLag], beta[kMaxLag], delta;
  int p, nGamma, q;
};

TC_HD inline VolParams vol_params(const GarchSpec& S, const GarchLayout& L, const double* th) {
  VolParams v{};
  v.omega = th[L.iOmega];
  v.p = L.nAlpha; v.nGamma = L.nGamma; v.q = L.nBeta;
  for (int i = 0; i < kMaxLag; ++i) { v.alpha[i] = 0.0; v.gamma[i] = 0.0; v.beta[i] = 0.0; }
  for (int i = 0; i < v.p; ++i) v.alpha[i] = th[L.iAlpha + i];
  for (int i = 0; i < v.nGamma; ++i) v.gamma[i] = th[L.iGamma + i];
  for (int j = 0; j < v.q; ++j) v.beta[j] = th[L.iBeta + j];
  v.delta = volatility_delta(S, L, th);
  return v;
}

// News term of lag i for a realised residual z (PowerVol families).
TC_HD inline double news(const GarchSpec& S, const VolParams& v, int i, double z) {
  if (S.vol == kVolGjr) return v.alpha[i] * z * z + (i < v.nGamma && z < 0.0 ? v.gamma[i] * z * z : 0.0);
  if (S.vol == kVolAparch) {
    const double u = fabs(z) - v.gamma[i] * z;
    return v.alpha[i] * (v.delta == 2.0 ? u * u : pow(u, v.delta));
  }
  return v.alpha[i] * z * z;
}

// One-step state h_{n} (index n = first step after the sample) from realised data.
template <class E, class Hs>
TC_HD double next_state(const GarchSpec& S, const VolParams& v, E eps, Hs hs, int n) {
  if (S.vol == kVolEgarch) {
    const double e = eps[n - 1] / exp(0.5 * hs[n - 1]);
    return v.omega + v.alpha[0] * (fabs(e) - EgarchVol::kAbsMeanNormal) + v.gamma[0] * e +
           v.beta[0] * hs[n - 1];
  }
  double h = v.omega;
  for (int i = 0; i < v.p; ++i) h += news(S, v, i, eps[n - 1 - i]);
  for (int j = 0; j < v.q; ++j) h += v.beta[j] * hs[n - 1 - j];
  return h;
}

TC_HD inline double state_to_sigma2(const GarchSpec& S, double h, double delta) {
  if (S.vol == kVolEgarch) return exp(h);
  return delta == 2.0 ? h : pow(h, 2.0 / delta);
}

// One simulated path of the volatility state (APARCH delta != 2, EGARCH): its lagged residuals and
// states, realised ones first, then simulated ones.
struct VolPath {
  double zl[kMaxLag], hl[kMaxLag], h;
};

template <class E, class Hs>
TC_HD void vol_path_start(E eps, Hs hs, int n, double h1, VolPath* p) {
  for (int i = 0; i < kMaxLag; ++i) {
    p->zl[i] = n - 1 - i >= 0 ? eps[n - 1 - i] : 0.0;
    p->hl[i] = n - 1 - i >= 0 ? hs[n - 1 - i] : 0.0;
  }
  p->h = h1;
}

// Step k of a path: one draw keyed by (seed, series, path, k); returns sigma^2 at step k + 2
// (varOut[k + 1]). A pure function of its key and the path so far, so any thread layout draws the
// same path.
template <class D>
TC_HD inline double vol_path_step(const GarchSpec& S, const VolParams& v, const D& dist, uint64_t seed,
                                  uint32_t series, uint32_t path, int k, VolPath* p) {
  UniformStream u(seed, series, path, static_cast<uint32_t>(k));
  const double zstd = dist.sample(u);
  double hn;
  if (S.vol == kVolEgarch) {
    hn = v.omega + v.alpha[0] * (fabs(zstd) - EgarchVol::kAbsMeanNormal) + v.gamma[0] * zstd +
         v.beta[0] * p->h;
  } else {
    const double sig = v.delta == 2.0 ? sqrt(p->h) : pow(p->h, 1.0 / v.delta);
    const double z = sig * zstd;
    for (int i = kMaxLag - 1; i > 0; --i) p->zl[i] = p->zl[i - 1];
    p->zl[0] = z;
    for (int j = kMaxLag - 1; j > 0; --j) p->hl[j] = p->hl[j - 1];
    p->hl[0] = p->h;
    hn = v.omega;
    for (int i = 0; i < v.p && i < kMaxLag; ++i) hn += news(S, v, i, p->zl[i]);  // v.p <= kMaxLag (spec_valid)
    for (int j = 0; j < v.q && j < kMaxLag; ++j) hn += v.beta[j] * p->hl[j];
  }
  p->h = hn;
  return state_to_sigma2(S, hn, v.delta);
}

template <class D, class X, class E, class Hs>
TC_HD void forecast_with_dist(const GarchSpec& S, const GarchLayout& L, const double* th,
                              const D& dist, X x, E eps, Hs hs,
                              int n, const GarchForecastOptions& o, double* meanOut,
                              double* varOut, double* varLoss, double* esLoss) {
  MeanModel mean;
  mean.load(L, th);
  const int H = o.horizon;
  mean.forecast(x, eps, n, H, meanOut);
  const VolParams v = vol_params(S, L, th);
  const double h1 = next_state(S, v, eps, hs, n);
  const double s2first = state_to_sigma2(S, h1, v.delta);
  if (H > 0) varOut[0] = s2first;

  if (forecast_method(S, L, th) == kForecastAnalytic) {
    // kappa_i = E[news_i(z)] / sigma^2 for a future shock
    double kap[kMaxLag];
    for (int i = 0; i < v.p; ++i) {
      if (S.vol == kVolGjr) {
        const double negSq = D::kSymmetric ? 0.5 : dist_expectation(dist, 1, 0.0, 2.0);
        kap[i] = v.alpha[i] + (i < v.nGamma ? v.gamma[i] * negSq : 0.0);
      } else if (S.vol == kVolAparch) {
        const double zabsz = D::kSymmetric ? 0.0 : dist_expectation(dist, 2, 0.0, 2.0);
        kap[i] = v.alpha[i] * (1.0 + v.gamma[i] * v.gamma[i] - 2.0 * v.gamma[i] * zabsz);
      } else {
        kap[i] = v.alpha[i];
      }
    }
    // varOut[k] = h_{n+k}; lags before step 0 come from the sample
    for (int k = 1; k < H; ++k) {
      double h = v.omega;
      for (int i = 0; i < v.p; ++i) {
        const int lag = k - 1 - i;
        h += lag >= 0 ? kap[i] * varOut[lag] : news(S, v, i, eps[n + lag]);
      }
      for (int j = 0; j < v.q; ++j) {
        const int lag = k - 1 - j;
        h += v.beta[j] * (lag >= 0 ? varOut[lag] : hs[n + lag]);
      }
      varOut[k] = h;
    }
  } else {
    for (int k = 1; k < H; ++k) varOut[k] = 0.0;
    const int P = o.nPaths > 0 ? o.nPaths : 1;
    for (int path = 0; o.simulateInline && path < P; ++path) {
      VolPath st;
      vol_path_start(eps, hs, n, h1, &st);
      for (int k = 0; k + 1 < H; ++k)
        varOut[k + 1] += vol_path_step(S, v, dist, o.seed, o.seriesId, static_cast<uint32_t>(path), k, &st);
    }
    if (o.simulateInline)
      for (int k = 1; k < H; ++k) varOut[k] /= P;
  }
  double mu1;
  mean.forecast(x, eps, n, 1, &mu1);
  const double sig1 = sqrt(s2first);
  for (int l = 0; l < o.nLevels && l < kMaxVarLevels; ++l) {
    const double a = o.levels[l];
    const double q = dist_quantile(dist, a);
    if (varLoss) varLoss[l] = -(mu1 + sig1 * q);
    if (esLoss) esLoss[l] = -(mu1 + sig1 * dist.lower_partial_mean(q) / a);
  }
}

// Recomputes z_t and the volatility state at `params` (one pass, workspace 2n doubles), then
// forecasts. meanOut/varOut hold o.horizon values; varLoss/esLoss o.nLevels values (nullable).
// Returns 0, or a FitReason-style code (kReasonNonFiniteData) when the parameters are infeasible.
template <class X, class W>
TC_HD int garch_forecast_series(const GarchSpec& S, const double* params, X x,
                                       int n, W ws, const GarchForecastOptions& o,
                                       double* meanOut, double* varOut, double* varLoss,
                                       double* esLoss) {
  const GarchLayout L = make_layout(S);
  GarchSpec raw = S;
  raw.fgarchScaledStart = 0;  // forecasts condition on the original-data filter, as fGarch's
  raw.enforceStationarity = 0;
  const double f = garch_negloglik(raw, L, params, x, n, ws, nullptr, nullptr);
  if (!is_finite(f)) {
    for (int k = 0; k < o.horizon; ++k) { meanOut[k] = kNaN; varOut[k] = kNaN; }
    for (int l = 0; l < o.nLevels; ++l) { if (varLoss) varLoss[l] = kNaN; if (esLoss) esLoss[l] = kNaN; }
    return 7;
  }
  const W eps = ws;
  const W hs = ws + n;
  const double skew = L.iSkew >= 0 ? params[L.iSkew] : S.skew;
  const double shape = L.iShape >= 0 ? params[L.iShape] : S.shape;
  switch (S.dist) {
    case kDistStd: { StdDist d; d.prepare(skew, shape); forecast_with_dist(S, L, params, d, x, eps, hs, n, o, meanOut, varOut, varLoss, esLoss); break; }
    case kDistSstd: { SstdDist d; d.prepare(skew, shape); forecast_with_dist(S, L, params, d, x, eps, hs, n, o, meanOut, varOut, varLoss, esLoss); break; }
    case kDistGed: { GedDist d; d.prepare(skew, shape); forecast_with_dist(S, L, params, d, x, eps, hs, n, o, meanOut, varOut, varLoss, esLoss); break; }
    default: { NormalDist d; forecast_with_dist(S, L, params, d, x, eps, hs, n, o, meanOut, varOut, varLoss, esLoss); }
  }
  return 0;
}

}  // namespace garch
}  // namespace tc
