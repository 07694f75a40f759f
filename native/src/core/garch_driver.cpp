#include "garch_driver.hpp"

#include <algorithm>
#include <cmath>

#include "../garch/batch.hpp"
#include "../garch/distributions.hpp"
#include "../garch/fit.hpp"
#include "garch_series.hpp"
#include "series_loop.hpp"

namespace tc {

namespace {

using garch::GarchSpec;
using garch::kNaN;

void write_quantiles(const GarchSpec& spec, const double* params, const std::vector<double>& probs,
                     double* quantiles) {
  fill(quantiles, probs.size(), kNaN);
  garch_with_distribution(spec, params, [&](const auto& dist) {
    for (std::size_t j = 0; j < probs.size(); ++j)
      quantiles[j] = finite_or_nan(garch::dist_quantile(dist, probs[j]));
  });
}

// One series: the shared per-series code (garch_series.hpp), the series' position in the batch as
// its RNG key.
void process_series(const GarchBatchJob& job, const SeriesTask& series) {
  const std::size_t i = series.i;
  const GarchBatchSettings& set = job.settings;
  GarchSpec candidates[4];
  const int count = garch_candidate_specs(set.spec, set.select, candidates);
  const double* warm = nullptr;
  if (count == 1 && !set.start_params.empty()) {
    const double* row = set.start_params.data() + i * kGarchParamSlots;
    if (std::isfinite(row[0])) warm = row;
  }
  garch::GarchForecastOptions options = set.forecast;
  options.seriesId = static_cast<uint32_t>(i);
  garch_series_row(candidates, count, set.select, series.x, series.n, series.ws, warm, options, set.quantile_probs.data(),
                   static_cast<int>(set.quantile_probs.size()), job.out, i, nullptr);
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
  garch_sanitize(mean, static_cast<int>(horizon));
  garch_sanitize(var, static_cast<int>(horizon));
  garch_sanitize(value_at_risk, static_cast<int>(levels));
  garch_sanitize(shortfall, static_cast<int>(levels));
  garch_sanitize(state, kGarchStateSlots);
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
