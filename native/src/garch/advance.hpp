// The filter state at the last observation, and advancing it by new bars with the parameters held
// fixed. Every GARCH-family recursion (mean residual, volatility state) looks back at most
// kStateLags observations, so the last kStateLags values of x, of the residual z and of the
// volatility state h are all a forecast needs: advancing k bars from them costs O(k), where
// re-filtering the whole series costs O(n), and gives the same numbers up to rounding.
#pragma once

#include "forecast.hpp"
#include "spec.hpp"

namespace tc {
namespace garch {

constexpr int kStateLags = kMaxLag > kMaxArma ? kMaxLag : kMaxArma;
// Row layout: x[n-2], x[n-1], z[n-2], z[n-1], h[n-2], h[n-1] (oldest first).
constexpr int kStateSlots = 3 * kStateLags;

// Doubles of workspace garch_advance_series needs for k new bars.
TC_HD inline size_t garch_advance_workspace_doubles(int k) {
  return 3 * static_cast<size_t>(kStateLags + (k > 0 ? k : 0));
}

// Copies the state at the end of a filter pass (x and the workspace z_t, h_t of n observations).
// Lags before the start of the series are written as 0, which no recursion reads for n >= 2.
template <class X, class W>
TC_HD void garch_capture_state(X x, W ws, int n, double* state) {
  const W z = ws;
  const W h = ws + n;
  for (int j = 0; j < kStateLags; ++j) {
    const int t = n - kStateLags + j;
    state[j] = t >= 0 ? x[t] : 0.0;
    state[kStateLags + j] = t >= 0 ? z[t] : 0.0;
    state[2 * kStateLags + j] = t >= 0 ? h[t] : 0.0;
  }
}

// Advances `state` by the k bars xNew (parameters fixed), writes the advanced state to stateOut
// and forecasts from it exactly as garch_forecast_series does after a full pass. Returns 0, or 7
// (kReasonNonFiniteData) when a new bar or a state value is not finite or the parameters are
// infeasible, with NaN written to every output.
TC_HD inline int garch_advance_series(const GarchSpec& S, const double* params, const double* state,
                                      const double* xNew, int k, double* ws,
                                      const GarchForecastOptions& o, double* stateOut,
                                      double* meanOut, double* varOut, double* varLoss,
                                      double* esLoss) {
  const int m = kStateLags;
  const int n = m + k;
  double* xs = ws;
  double* z = ws + n;
  double* h = ws + 2 * n;
  bool ok = k >= 0;
  for (int j = 0; j < m; ++j) {
    xs[j] = state[j];
    z[j] = state[m + j];
    h[j] = state[2 * m + j];
    ok = ok && is_finite(xs[j]) && is_finite(z[j]) && is_finite(h[j]);
  }
  const GarchLayout L = make_layout(S);
  MeanModel mean;
  mean.load(L, params);
  const VolParams v = vol_params(S, L, params);
  for (int t = m; ok && t < n; ++t) {
    xs[t] = xNew[t - m];
    z[t] = mean.residual(xs, z, t);
    h[t] = next_state(S, v, z, h, t);
    ok = is_finite(xs[t]) && is_finite(h[t]);
  }
  const double skew = L.iSkew >= 0 ? params[L.iSkew] : S.skew;
  const double shape = L.iShape >= 0 ? params[L.iShape] : S.shape;
  bool distOk = ok;
  if (ok) {
    switch (S.dist) {
      case kDistStd: { StdDist d; distOk = d.prepare(skew, shape); if (distOk) forecast_with_dist(S, L, params, d, xs, z, h, n, o, meanOut, varOut, varLoss, esLoss); break; }
      case kDistSstd: { SstdDist d; distOk = d.prepare(skew, shape); if (distOk) forecast_with_dist(S, L, params, d, xs, z, h, n, o, meanOut, varOut, varLoss, esLoss); break; }
      case kDistGed: { GedDist d; distOk = d.prepare(skew, shape); if (distOk) forecast_with_dist(S, L, params, d, xs, z, h, n, o, meanOut, varOut, varLoss, esLoss); break; }
      default: { NormalDist d; forecast_with_dist(S, L, params, d, xs, z, h, n, o, meanOut, varOut, varLoss, esLoss); }
    }
  }
  if (!distOk) {
    for (int j = 0; j < o.horizon; ++j) { meanOut[j] = kNaN; varOut[j] = kNaN; }
    for (int l = 0; l < o.nLevels; ++l) { if (varLoss) varLoss[l] = kNaN; if (esLoss) esLoss[l] = kNaN; }
    for (int j = 0; j < kStateSlots; ++j) stateOut[j] = kNaN;
    return 7;
  }
  for (int j = 0; j < m; ++j) {
    stateOut[j] = xs[n - m + j];
    stateOut[m + j] = z[n - m + j];
    stateOut[2 * m + j] = h[n - m + j];
  }
  return 0;
}

}  // namespace garch
}  // namespace tc
