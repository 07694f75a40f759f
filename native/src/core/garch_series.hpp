// One series of a GARCH-family batch, written once for the CPU thread pool (garch_driver.cpp) and the
// CUDA kernel (native/src/cuda/garch_cuda.cu): fit every candidate spec, keep the preferred one, and
// write row i of every output column — parameters and standard errors, fit statistics, the forecast
// with VaR / ES, the filter state, the distribution's quantiles. TC_HD, no exceptions, no
// allocation; the series and workspace are plain pointers on the CPU and Strided views of the
// device's interleave (kernels/strided.hpp), the columns host or device arrays.
#pragma once

#include <stddef.h>

#include "../garch/advance.hpp"
#include "../garch/distributions.hpp"
#include "../garch/fit.hpp"
#include "../garch/forecast.hpp"
#include "garch_driver.hpp"

namespace tc {

TC_HD inline double garch_finite_or_nan(double v) { return garch::is_finite(v) ? v : garch::kNaN; }

TC_HD inline double garch_criterion(const garch::GarchFitResult& r, GarchSelect select) {
  return select == GarchSelect::kAic ? r.aic : r.bic;
}

// Whether candidate r should replace the best fit so far: a finite likelihood first, then a
// converged fit, then the lower criterion (ties keep the earlier, smaller model).
TC_HD inline bool garch_preferred(const garch::GarchFitResult& r, const garch::GarchFitResult& best, GarchSelect select) {
  const bool rFitted = garch::is_finite(r.loglik) && garch::is_finite(garch_criterion(r, select));
  const bool bestFitted = garch::is_finite(best.loglik) && garch::is_finite(garch_criterion(best, select));
  if (rFitted != bestFitted) return rFitted;
  if (!rFitted) return false;  // neither fitted: keep the first candidate's reason
  if (r.converged != best.converged) return r.converged > best.converged;
  return garch_criterion(r, select) < garch_criterion(best, select);
}

// Calls fn(dist) with the fitted innovation distribution; false when its parameters are outside
// the distribution's domain.
template <class Fn>
TC_HD bool garch_with_distribution(const garch::GarchSpec& spec, const double* params, const Fn& fn) {
  const garch::GarchLayout layout = garch::make_layout(spec);
  const double skew = layout.iSkew >= 0 ? params[layout.iSkew] : spec.skew;
  const double shape = layout.iShape >= 0 ? params[layout.iShape] : spec.shape;
  switch (spec.dist) {
    case garch::kDistStd: { garch::StdDist d; if (!d.prepare(skew, shape)) return false; fn(d); return true; }
    case garch::kDistSstd: { garch::SstdDist d; if (!d.prepare(skew, shape)) return false; fn(d); return true; }
    case garch::kDistGed: { garch::GedDist d; if (!d.prepare(skew, shape)) return false; fn(d); return true; }
    default: { garch::NormalDist d; fn(d); return true; }
  }
}

TC_HD inline void garch_sanitize(double* row, int width) {
  for (int j = 0; j < width; ++j) row[j] = garch_finite_or_nan(row[j]);
}

// What the device's Monte Carlo kernel needs from the fit (nullptr on the CPU, whose forecast
// simulates inline): the chosen candidate and whether steps 2.. of its variance are simulated.
struct GarchPathHandoff {
  int32_t* chosenIdx;
  int32_t* simulate;
};

// Row i. warm: a start parameter vector for a single candidate, or nullptr. fo: the forecast options
// with this series' RNG key (seriesId) set by the caller.
template <class X, class W>
TC_HD void garch_series_row(const garch::GarchSpec* candidates, int nCandidates, GarchSelect select, X x, int n, W ws,
                            const double* warm, const garch::GarchForecastOptions& fo, const double* qprobs, int nq,
                            const GarchBatchOutputs& out, size_t i, const GarchPathHandoff* handoff) {
  garch::GarchFitResult best;
  garch::garch_fit_series(candidates[0], x, n, ws, &best, warm);
  int chosenIdx = 0;
  for (int c = 1; c < nCandidates; ++c) {
    garch::GarchFitResult r;
    garch::garch_fit_series(candidates[c], x, n, ws, &r);
    if (garch_preferred(r, best, select)) { best = r; chosenIdx = c; }
  }
  const garch::GarchSpec& chosen = candidates[chosenIdx];
  if (handoff) { handoff->chosenIdx[i] = chosenIdx; handoff->simulate[i] = 0; }

  const int P = kGarchParamSlots;
  const int k = best.nParams < 0 ? 0 : (best.nParams > P ? P : best.nParams);
  for (int j = 0; j < P; ++j) {
    out.params[i * P + j] = j < k ? garch_finite_or_nan(best.params[j]) : garch::kNaN;
    out.std_err[i * P + j] = j < k ? garch_finite_or_nan(best.stdErr[j]) : garch::kNaN;
    out.std_err_robust[i * P + j] = j < k ? garch_finite_or_nan(best.stdErrRobust[j]) : garch::kNaN;
  }
  out.loglik[i] = garch_finite_or_nan(best.loglik);
  out.aic[i] = garch_finite_or_nan(best.aic);
  out.bic[i] = garch_finite_or_nan(best.bic);
  out.persistence[i] = garch_finite_or_nan(best.persistence);
  out.uncond_variance[i] = garch_finite_or_nan(best.uncondVariance);
  out.converged[i] = best.converged;
  out.reason[i] = best.reason;
  out.iterations[i] = best.iterations;
  out.n_obs[i] = best.nObs;
  out.chosen_p[i] = chosen.p;
  out.chosen_q[i] = chosen.q;

  const int H = fo.horizon, V = fo.nLevels, S = kGarchStateSlots;
  double* mean = out.forecast_mean + i * H;
  double* var = out.forecast_variance + i * H;
  double* valueAtRisk = out.value_at_risk + i * V;
  double* shortfall = out.expected_shortfall + i * V;
  double* quantiles = out.quantiles + i * nq;
  double* state = out.state + i * S;
  for (int j = 0; j < S; ++j) state[j] = garch::kNaN;
  for (int j = 0; j < nq; ++j) quantiles[j] = garch::kNaN;
  if (!garch::is_finite(best.loglik)) {
    for (int h = 0; h < H; ++h) { mean[h] = garch::kNaN; var[h] = garch::kNaN; }
    for (int l = 0; l < V; ++l) { valueAtRisk[l] = garch::kNaN; shortfall[l] = garch::kNaN; }
    return;
  }
  // On failure the forecast writes NaN itself.
  if (garch::garch_forecast_series(chosen, best.params, x, n, ws, fo, mean, var, valueAtRisk, shortfall) == 0) {
    if (handoff)
      handoff->simulate[i] = H > 1 && garch::forecast_method(chosen, garch::make_layout(chosen), best.params) == garch::kForecastSimulation;
    garch::garch_capture_state(x, ws, n, state);
    garch_sanitize(state, S);
  }
  garch_sanitize(mean, H);
  garch_sanitize(var, H);
  garch_sanitize(valueAtRisk, V);
  garch_sanitize(shortfall, V);
  garch_with_distribution(chosen, best.params, [&](const auto& dist) {
    for (int j = 0; j < nq; ++j) quantiles[j] = garch_finite_or_nan(garch::dist_quantile(dist, qprobs[j]));
  });
}

}  // namespace tc
