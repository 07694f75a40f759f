// Host-side automatic ARIMA selection, mirroring forecast::auto.arima (v8.20) with
// stepwise = TRUE, approximation = FALSE, seasonal.test = "ocsb": D by forecast::nsdiffs (OCSB,
// max.D = 1) when seasonal, d by forecast::ndiffs (KPSS, alpha 0.05, level) on the seasonally
// differenced series, then the
// Hyndman-Khandakar stepwise search (same start models, neighbour order, constant toggling,
// nmodels cap and the myarima filters: a failed fit, a root inside 1.01 or a non-PD Hessian gives
// ic = Inf). Each candidate is one arima_fit_series call (the per-series kernel). Differences from
// R are listed in STATUS.md (the CSS fallback, the MA parametrisation). auto.arima's default
// seasonal test is the STL heuristic "seas"; OCSB is a unit-root test (docs/arima.md).
#pragma once

#include <stdint.h>

#include "arima.hpp"
#include "seasonal_test.hpp"
#include "warm.hpp"

namespace tc {
namespace arima {

enum InfoCriterion : int32_t { kAicc = 0, kAic = 1, kBic = 2 };

struct AutoOptions {
  int32_t maxP = 3, maxQ = 2, maxD = 1;  // the bounds (auto.arima: 5, 5, 2)
  int32_t maxSP = 1, maxSQ = 1;          // seasonal orders, used when period > 1
  int32_t period = 1;                    // S; 1 = non-seasonal (auto.arima's seasonal = FALSE)
  int32_t sd = -1;                       // seasonal differences D; -1: OCSB nsdiffs (0 if period 1)
  int32_t d = -1;                        // -1: choose by KPSS ndiffs
  int32_t ic = kAicc;
  int32_t allowDrift = 1, allowMean = 1;
  int32_t nmodels = 94;
  int32_t startP = 2, startQ = 2, startSP = 1, startSQ = 1;
  int32_t multiStart = 0;                // ArimaSpec::multiStart for the candidates (R: one start)
  int32_t checkHessian = 1;              // forecast's checkarima: reject candidates with NaN s.e.
  double kpssAlpha = 0.05;
};

struct AutoResult {
  ArimaSpec spec;                 // the chosen model (spec.constant: mean / drift included)
  ArimaResult fit;                // its fit, standard errors included
  double ic;                      // the criterion value that chose it
  int32_t d;                      // differences used
  int32_t sd;                     // seasonal differences used (chosen by OCSB when opt.sd < 0)
  int32_t modelsFitted;           // candidate fits (R's k)
  UnitRootStat kpss;              // on x (level), urca type "mu", forecast's lag rule
  UnitRootStat adf;               // tseries::adf.test on x
  OcsbStat ocsb;                  // forecast's ocsb.test on x when period > 1 (else NaN)
  ResidualDiagnostics diagnostics;
};

// Status as arima_fit_series: kOk, kTooShort, kNonFinite, kConstantSeries (x, or x differenced d
// times, is constant: a perfect trend), kFitFailed (no candidate could be fitted).
// workspace: arima_workspace_doubles(n) doubles. warm (optional): every candidate found in warm->in
// starts its ML search from that entry (same search path, other starts); every candidate fitted is
// recorded in warm->out (warm.hpp).
int arima_auto_series(const double* x, int n, const AutoOptions& opt, double* workspace,
                      AutoResult* out, WarmStarts* warm = nullptr);

}  // namespace arima
}  // namespace tc
