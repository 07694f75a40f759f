// Host driver for a GARCH-family batch (no Node): one specification, a ragged batch of series, an
// optional order search, then forecasts. The per-series work is the TC_HD kernel in
// native/src/garch/; this layer owns the order search, the workspaces and the series-major rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../garch/advance.hpp"
#include "../garch/forecast.hpp"
#include "../garch/spec.hpp"
#include "batch.hpp"
#include "thread_pool.hpp"

namespace tc {

// Row stride of the parameter outputs: the largest specification's parameter count.
constexpr int kGarchParamSlots = garch::kMaxParams;
// Row stride of the filter state (native/src/garch/advance.hpp).
constexpr int kGarchStateSlots = garch::kStateSlots;

enum class GarchSelect : int32_t { kNone = 0, kAic = 1, kBic = 2 };

// Checked at the boundary: spec passes spec_valid, 0 < every probability < 1, forecast.horizon >= 1,
// forecast.nPaths >= 1, forecast.nLevels <= kMaxVarLevels.
struct GarchBatchSettings {
  garch::GarchSpec spec;
  GarchSelect select = GarchSelect::kNone;
  garch::GarchForecastOptions forecast;  // seriesId is set per series
  std::vector<double> quantile_probs;
  // Empty, or count * kGarchParamSlots warm starts (a row whose first value is NaN starts cold).
  // Used when no order search runs (one candidate spec).
  std::vector<double> start_params;
};

// Series-major rows; see src/native/garch.ts (GarchBatchOutput) for the widths.
struct GarchBatchOutputs {
  double* params;          // count * kGarchParamSlots
  double* std_err;         // count * kGarchParamSlots
  double* std_err_robust;  // count * kGarchParamSlots
  double* loglik;          // count
  double* aic;
  double* bic;
  double* persistence;
  double* uncond_variance;
  int32_t* converged;
  int32_t* reason;
  int32_t* iterations;
  int32_t* n_obs;
  int32_t* chosen_p;
  int32_t* chosen_q;
  double* forecast_mean;      // count * horizon
  double* forecast_variance;  // count * horizon
  double* value_at_risk;      // count * nLevels
  double* expected_shortfall;  // count * nLevels
  double* quantiles;          // count * quantile_probs.size()
  double* state;              // count * kGarchStateSlots: filter state at the last observation
};

struct GarchBatchJob {
  SeriesBatch in;
  GarchBatchSettings settings;
  GarchBatchOutputs out;
};

// Fits and forecasts every series of the job on the pool. Never throws; a series that cannot be
// fitted gets its FitReason, converged = 0 and NaN in its numeric outputs. Non-finite results
// (which only an overflowing input can produce) are written as NaN, never as +-Infinity.
void run_garch_batch(ThreadPool& pool, const GarchBatchJob& job);

// Advancing cached filter states by new bars with the parameters held fixed, then forecasting:
// series i of `in` holds the new bars only (possibly none). Rows are series-major like the fit's.
struct GarchAdvanceJob {
  SeriesBatch in;
  GarchBatchSettings settings;      // spec, forecast options, quantile_probs (select is unused)
  std::vector<double> params;       // count * kGarchParamSlots
  std::vector<double> state;        // count * kGarchStateSlots
  std::vector<uint32_t> series_ids; // count: the RNG key of each series (its position in the fit)
  struct Outputs {
    double* state;
    int32_t* status;  // 0, or 7 when a bar, the state or the parameters are not usable
    double* forecast_mean;
    double* forecast_variance;
    double* value_at_risk;
    double* expected_shortfall;
    double* quantiles;
  } out;
};

void run_garch_advance(ThreadPool& pool, const GarchAdvanceJob& job);

// The (p, o, q) specifications an order search fits, in the order they are tried: the spec itself
// for kNone; otherwise every p, q in {1, 2} (GJR keeps o <= p; EGARCH is (1, 1) only).
int garch_candidate_specs(const garch::GarchSpec& spec, GarchSelect select,
                          garch::GarchSpec out[4]);

// fGarch's names of the free parameters of spec, in output order (spec must pass spec_valid).
std::vector<std::string> garch_parameter_names(const garch::GarchSpec& spec);

}  // namespace tc
