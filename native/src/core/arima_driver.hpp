// Host driver for an ARIMA batch (no Node): one model description, a ragged batch of series, each
// either fitted at the given orders or chosen by the automatic search, then forecast with exact
// state-space variances. The per-series work is the kernel in native/src/arima/; this layer owns the
// workspaces, the diagnostics and the series-major rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "../arima/auto.hpp"
#include "../arima/spec.hpp"
#include "../arima/warm.hpp"
#include "batch.hpp"
#include "thread_pool.hpp"

namespace tc {

// Row stride of coef / std_err: ar1..3, ma1..3, sar1, sma1, intercept|drift (kernel layout order).
constexpr int kArimaCoefSlots = arima::kMaxCoef;
// Row stride of `order`: p, d, q, P, D, Q, period, constant (1 = intercept or drift included).
constexpr int kArimaOrderSlots = 8;

// Checked at the boundary: spec passes arima_spec_valid (for an automatic search: its seasonal D,
// period and constant only), 1 <= horizon <= arima::kMaxHorizon.
struct ArimaBatchSettings {
  arima::ArimaSpec spec;
  bool automatic = false;
  arima::AutoOptions auto_options;  // used when automatic; period / constant follow spec, sd too
                                    // unless it is -1 (D chosen by the OCSB test)
  int32_t horizon = 1;
  // Warm starts: count * kArimaWarmRowDoubles rows of an earlier call's warm_state (empty = cold).
  std::vector<double> warm_in;
};

// Row stride of the warm-start tables (arima/warm.hpp; opaque outside the kernel).
constexpr int kArimaWarmRowDoubles = arima::kWarmRowDoubles;

// Series-major rows; see src/native/arima.ts (ArimaBatchOutput) for the meaning of each.
struct ArimaBatchOutputs {
  double* coef;       // count * kArimaCoefSlots
  double* std_err;    // count * kArimaCoefSlots
  double* sigma2;     // count, stats::arima's ML innovation variance
  double* loglik;
  double* aic;
  double* aicc;
  double* bic;
  double* ljung_box_p;
  double* jarque_bera_p;
  double* kpss_stat;
  double* kpss_p;
  double* adf_stat;
  double* adf_p;
  double* ocsb_stat;       // forecast's OCSB statistic when period > 1 (else NaN)
  double* ocsb_crit;       // its 5 % critical value: D = 1 when ocsb_stat > ocsb_crit
  int32_t* ocsb_lag;       // AR lag of the OCSB regression
  int32_t* status;         // tc::Status / arima::ArimaStatus
  int32_t* converged;
  int32_t* iterations;
  int32_t* n_obs;
  int32_t* ljung_box_lag;
  int32_t* models_fitted;  // candidates the automatic search fitted (1 for fixed orders)
  int32_t* order;          // count * kArimaOrderSlots
  double* forecast_mean;      // count * horizon
  double* forecast_variance;  // count * horizon
  int32_t* warm_started;      // count: candidate fits that started from a warm_in entry
  double* warm_state;         // count * kArimaWarmRowDoubles, or nullptr (not asked)
};

struct ArimaBatchJob {
  SeriesBatch in;
  ArimaBatchSettings settings;
  ArimaBatchOutputs out;
  bool avx2 = false;  // set by run_arima_batch: which build of the automatic search runs
};

// Forecasts at fixed coefficients (a cached fit): one exact filter pass per series, no fit.
// Row i: orders in the `order` output layout, coefficients in the coef-slot layout, sigma2.
struct ArimaForecastJob {
  SeriesBatch in;
  int32_t horizon = 1;
  std::vector<int32_t> order;  // count * kArimaOrderSlots
  std::vector<double> coef;    // count * kArimaCoefSlots
  std::vector<double> sigma2;  // count
  double* forecast_mean;       // count * horizon
  double* forecast_variance;
  int32_t* status;             // tc status codes (kOk, kBadParameter, ...)
};

void run_arima_forecast(ThreadPool& pool, const ArimaForecastJob& job);

// Fits and forecasts every series of the job on the pool. Never throws; a series that cannot be
// fitted gets its status and NaN in every numeric output. Non-finite results (an overflowing input)
// are written as NaN, never as +-Infinity.
void run_arima_batch(ThreadPool& pool, const ArimaBatchJob& job);

}  // namespace tc
