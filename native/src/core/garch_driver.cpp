#include "garch_driver.hpp"

#include <algorithm>
#include <cmath>

#include "../garch/batch.hpp"
#include "../garch/distributions.hpp"
#include "../garch/fit.hpp"
#include "series_loop.hpp"

namespace tc {

namespace {

using garch::GarchFitResult;
using garch::GarchSpec;
using garch::kNaN;

double criterion(const GarchFitResult& r, GarchSelect select) {
  return select == GarchSelect::kAic ? r.aic : r.bic;
}

// Whether candidate r should replace the best fit so far: a finite likelihood first, then a
// converged fit, then the lower criterion (ties keep the earlier, smaller model).
bool preferred(const GarchFitResult& r, const GarchFitResult& best, GarchSelect select) {
  const bool r_fitted = std::isfinite(r.loglik) && std::isfinite(criterion(r, select));
  const bool best_fitted = std::isfinite(best.loglik) && std::isfinite(criterion(best, select));
  if (r_fitted != best_fitted) return r_fitted;
  if (!r_fitted) return false;  // neither fitted: keep the first candidate's reason
  if (r.converged != best.converged) return r.converged > best.converged;
  return criterion(r, select) < criterion(best, select);
}

// Calls fn(dist) with the fitted innovation distribution; false when its parameters are outside
// the distribution's domain.
template <class Fn>
bool with_distribution(const GarchSpec& spec, const double* params, const Fn& fn) {
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

void write_quantiles(const GarchSpec& spec, const double* params, const std::vector<double>& probs,
                     double* quantiles);

void sanitize(double* row, std::size_t width) {
  for (std::size_t j = 0; j < width; ++j) row[j] = finite_or_nan(row[j]);
}

void process_series(const GarchBatchJob& job, const SeriesTask& series) {
  const std::size_t i = series.i;
  const double* x = series.x;
  const int n = series.n;
  double* const ws = series.ws;
  const GarchBatchSettings& set = job.settings;
  const GarchBatchOutputs& out = job.out;

  GarchSpec candidates[4];
  const int count = garch_candidate_specs(set.spec, set.select, candidates);
  const double* warm = nullptr;
  if (count == 1 && !set.start_params.empty()) {
    const double* row = set.start_params.data() + i * kGarchParamSlots;
    if (std::isfinite(row[0])) warm = row;
  }
  GarchFitResult best;
  garch::garch_fit_series(candidates[0], x, n, ws, &best, warm);
  GarchSpec chosen = candidates[0];
  for (int c = 1; c < count; ++c) {
    GarchFitResult r;
    garch::garch_fit_series(candidates[c], x, n, ws, &r);
    if (preferred(r, best, set.select)) {
      best = r;
      chosen = candidates[c];
    }
  }

  const std::size_t slots = kGarchParamSlots;
  const int k = std::min(std::max(best.nParams, 0), kGarchParamSlots);
  double* params = nan_row(out.params, i, slots);
  double* se = nan_row(out.std_err, i, slots);
  double* se_robust = nan_row(out.std_err_robust, i, slots);
  for (int j = 0; j < k; ++j) {
    params[j] = finite_or_nan(best.params[j]);
    se[j] = finite_or_nan(best.stdErr[j]);
    se_robust[j] = finite_or_nan(best.stdErrRobust[j]);
  }
  out.loglik[i] = finite_or_nan(best.loglik);
  out.aic[i] = finite_or_nan(best.aic);
  out.bic[i] = finite_or_nan(best.bic);
  out.persistence[i] = finite_or_nan(best.persistence);
  out.uncond_variance[i] = finite_or_nan(best.uncondVariance);
  out.converged[i] = best.converged;
  out.reason[i] = best.reason;
  out.iterations[i] = best.iterations;
  out.n_obs[i] = best.nObs;
  out.chosen_p[i] = chosen.p;
  out.chosen_q[i] = chosen.q;

  const std::size_t horizon = static_cast<std::size_t>(set.forecast.horizon);
  const std::size_t levels = static_cast<std::size_t>(set.forecast.nLevels);
  const std::size_t nq = set.quantile_probs.size();
  double* mean = out.forecast_mean + i * horizon;
  double* var = out.forecast_variance + i * horizon;
  double* value_at_risk = out.value_at_risk + i * levels;
  double* shortfall = out.expected_shortfall + i * levels;
  double* quantiles = out.quantiles + i * nq;
  double* state = nan_row(out.state, i, kGarchStateSlots);
  fill(quantiles, nq, kNaN);
  if (!std::isfinite(best.loglik)) {
    fill(mean, horizon, kNaN);
    fill(var, horizon, kNaN);
    fill(value_at_risk, levels, kNaN);
    fill(shortfall, levels, kNaN);
    return;
  }
  garch::GarchForecastOptions options = set.forecast;
  options.seriesId = static_cast<uint32_t>(i);
  // On failure the kernel writes NaN itself.
  if (garch::garch_forecast_series(chosen, best.params, x, n, ws, options, mean, var,
                                   value_at_risk, shortfall) == 0) {
    garch::garch_capture_state(x, ws, n, state);
    sanitize(state, kGarchStateSlots);
  }
  sanitize(mean, horizon);
  sanitize(var, horizon);
  sanitize(value_at_risk, levels);
  sanitize(shortfall, levels);
  write_quantiles(chosen, best.params, set.quantile_probs, quantiles);
}

void write_quantiles(const GarchSpec& spec, const double* params, const std::vector<double>& probs,
                     double* quantiles) {
  fill(quantiles, probs.size(), kNaN);
  with_distribution(spec, params, [&](const auto& dist) {
    for (std::size_t j = 0; j < probs.size(); ++j)
      quantiles[j] = finite_or_nan(garch::dist_quantile(dist, probs[j]));
  });
}

void advance_series(const GarchAdvanceJob& job, const SeriesTask& series) {
  const std::size_t i = series.i;
  const GarchBatchSettings& set = job.settings;
  const std::size_t horizon = static_cast<std::size_t>(set.forecast.horizon);
  const std::size_t levels = static_cast<std::size_t>(set.forecast.nLevels);
  const auto& o = job.out;
  const double* params = job.params.data() + i * kGarchParamSlots;
  garch::GarchForecastOptions options = set.forecast;
  options.seriesId = job.series_ids[i];
  double* mean = o.forecast_mean + i * horizon;
  double* var = o.forecast_variance + i * horizon;
  double* value_at_risk = o.value_at_risk + i * levels;
  double* shortfall = o.expected_shortfall + i * levels;
  double* state = o.state + i * kGarchStateSlots;
  const double* from = job.state.data() + i * kGarchStateSlots;
  if (std::isfinite(from[0])) {
    o.status[i] = garch::garch_advance_series(set.spec, params, from, series.x, series.n, series.ws,
                                              options, state, mean, var, value_at_risk, shortfall);
  } else {
    // No state: the series is the whole history; one full filter pass at the given parameters.
    o.status[i] = garch::garch_forecast_series(set.spec, params, series.x, series.n, series.ws,
                                               options, mean, var, value_at_risk, shortfall);
    if (o.status[i] == 0 && series.n >= 1) garch::garch_capture_state(series.x, series.ws, series.n, state);
    else fill(state, kGarchStateSlots, kNaN);
  }
  sanitize(mean, horizon);
  sanitize(var, horizon);
  sanitize(value_at_risk, levels);
  sanitize(shortfall, levels);
  sanitize(state, kGarchStateSlots);
  write_quantiles(set.spec, params, set.quantile_probs, o.quantiles + i * set.quantile_probs.size());
}

}  // namespace

void run_garch_advance(ThreadPool& pool, const GarchAdvanceJob& job) {
  for_each_series(pool, job, garch::garch_advance_workspace_doubles, advance_series);
}

int garch_candidate_specs(const GarchSpec& spec, GarchSelect select, GarchSpec out[4]) {
  if (select == GarchSelect::kNone || spec.vol == garch::kVolEgarch) {
    out[0] = spec;
    return 1;
  }
  int count = 0;
  for (int p = 1; p <= 2; ++p) {
    for (int q = 1; q <= 2; ++q) {
      GarchSpec s = spec;
      s.p = p;
      s.q = q;
      s.o = spec.vol == garch::kVolGjr ? std::min(spec.o, p) : 0;
      out[count++] = s;
    }
  }
  return count;
}

void run_garch_batch(ThreadPool& pool, const GarchBatchJob& job) {
  for_each_series(pool, job, garch::garch_workspace_doubles, process_series);
}

std::vector<std::string> garch_parameter_names(const GarchSpec& spec) {
  const char* names[garch::kMaxParams];
  const int k = garch::garch_param_names(spec, names);
  return std::vector<std::string>(names, names + k);
}

}  // namespace tc
