// Host batch driver (no Node): fits every series of a ragged batch and writes typed, series-major
// output arrays, so the addon can hand them to JS as typed arrays without copying per field.
// The per-series work is garch_fit_series / garch_forecast_series (TC_HD); this file only splits
// the batch over threads and owns one workspace per thread.
#pragma once

#include <stdint.h>

#include "fit.hpp"
#include "forecast.hpp"
#include "spec.hpp"

namespace tc {
namespace garch {

// Caller-owned arrays; k = make_layout(spec).k, H = forecast horizon, V = number of VaR levels.
// A null pointer skips that output.
struct GarchBatchOutput {
  double* params = nullptr;          // [nSeries * k], fGarch order (garch_param_names)
  double* stdErr = nullptr;          // [nSeries * k]
  double* stdErrRobust = nullptr;    // [nSeries * k]
  double* loglik = nullptr;          // [nSeries]
  double* aic = nullptr;             // [nSeries], fGarch convention (-2LL + 2k) / n
  double* bic = nullptr;             // [nSeries], (-2LL + k log n) / n
  double* persistence = nullptr;     // [nSeries]
  double* uncondVariance = nullptr;  // [nSeries]
  int32_t* converged = nullptr;      // [nSeries] 0/1
  int32_t* reason = nullptr;         // [nSeries] FitReason
  int32_t* iterations = nullptr;     // [nSeries]
  double* forecastMean = nullptr;    // [nSeries * H]
  double* forecastVariance = nullptr;  // [nSeries * H], sigma^2
  double* valueAtRisk = nullptr;     // [nSeries * V], one step, positive loss
  double* expectedShortfall = nullptr;  // [nSeries * V]
};

// values: all series back to back; offsets: nSeries + 1 entries, series i is
// values[offsets[i], offsets[i+1]). forecast may be null (no forecasts). threads >= 1.
void garch_fit_batch(const GarchSpec& spec, const GarchForecastOptions* forecast,
                     const double* values, const int64_t* offsets, int nSeries,
                     const GarchBatchOutput& out, int threads);

// Fills names[0..k) with fGarch's parameter names for the spec; returns k.
int garch_param_names(const GarchSpec& spec, const char* names[kMaxParams]);

}  // namespace garch
}  // namespace tc
