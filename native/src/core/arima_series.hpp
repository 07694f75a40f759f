// One series of an ARIMA batch, written once for the CPU thread pool (arima_driver.cpp) and the CUDA
// kernel (native/src/cuda/arima_cuda.cu): row i of every output column, the fixed-order fit with its
// warm start, residual diagnostics, the unit-root tests, and the forecast. TC_HD, no exceptions, no
// allocation: the columns are plain pointers (host arrays on the CPU, device arrays on the GPU).
// The automatic search (host only, native/src/arima/auto.cpp) uses arima_row_begin / arima_row_end
// around its own search.
#pragma once

#include <math.h>
#include <stddef.h>

#include "../arima/arima.hpp"
#include "../arima/warm.hpp"
#include "arima_driver.hpp"

namespace tc {

TC_HD inline double arima_finite_or_nan(double v) { return is_finite(v) ? v : kNaN; }

struct ArimaSeriesTests {
  arima::UnitRootStat kpss{kNaN, kNaN, 0}, adf{kNaN, kNaN, 0};
  arima::OcsbStat ocsb{kNaN, kNaN, 0};
};

TC_HD inline void arima_write_order(int32_t* row, const arima::ArimaSpec& s) {
  const int32_t v[kArimaOrderSlots] = {s.p, s.d, s.q, s.sp, s.sd, s.sq, arima::arima_period(s), arima::arima_has_constant(s) ? 1 : 0};
  for (int j = 0; j < kArimaOrderSlots; ++j) row[j] = v[j];
}

// Row i before the fit: NaN / 0 everywhere, the requested orders, and the warm tables opened.
TC_HD inline void arima_row_begin(const ArimaBatchOutputs& out, size_t i, int horizon, const arima::ArimaSpec& spec,
                                  const double* warmIn, arima::WarmStarts* warm) {
  for (int j = 0; j < kArimaCoefSlots; ++j) { out.coef[i * kArimaCoefSlots + j] = kNaN; out.std_err[i * kArimaCoefSlots + j] = kNaN; }
  for (int k = 0; k < horizon; ++k) { out.forecast_mean[i * horizon + k] = kNaN; out.forecast_variance[i * horizon + k] = kNaN; }
  double* scalars[] = {out.sigma2, out.loglik, out.aic, out.aicc, out.bic, out.ljung_box_p, out.jarque_bera_p,
                       out.kpss_stat, out.kpss_p, out.adf_stat, out.adf_p, out.ocsb_stat, out.ocsb_crit};
  for (double* p : scalars) p[i] = kNaN;
  int32_t* counts[] = {out.converged, out.iterations, out.n_obs, out.ljung_box_lag, out.models_fitted, out.ocsb_lag, out.warm_started};
  for (int32_t* p : counts) p[i] = 0;
  arima_write_order(out.order + i * kArimaOrderSlots, spec);
  warm->in = warmIn;
  warm->out = out.warm_state ? out.warm_state + i * kArimaWarmRowDoubles : nullptr;
  warm->written = 0;
  warm->used = 0;
  arima::warm_clear(warm->out);
}

// Row i after the fit (status from the fit or search; fit, diag only read when status is kOk):
// the fitted orders and tests, then on success the coefficients in fixed slots (0..2 ar, 3..5 ma,
// 6 sar1, 7 sma1, 8 intercept|drift), the scalars, and the forecast with the ML sigma2
// (stats::predict.Arima); ws is the fit's workspace.
TC_HD inline void arima_row_end(const ArimaBatchOutputs& out, size_t i, int horizon, const arima::ArimaSpec& spec, int status,
                                const arima::ArimaResult& fit, const arima::ResidualDiagnostics& diag,
                                const ArimaSeriesTests& tests, int warmUsed, const double* x, int n, double* ws) {
  arima_write_order(out.order + i * kArimaOrderSlots, spec);
  out.warm_started[i] = warmUsed;
  out.kpss_stat[i] = arima_finite_or_nan(tests.kpss.statistic);
  out.kpss_p[i] = arima_finite_or_nan(tests.kpss.pvalue);
  out.adf_stat[i] = arima_finite_or_nan(tests.adf.statistic);
  out.adf_p[i] = arima_finite_or_nan(tests.adf.pvalue);
  out.ocsb_stat[i] = arima_finite_or_nan(tests.ocsb.statistic);
  out.ocsb_crit[i] = arima_finite_or_nan(tests.ocsb.critical);
  out.ocsb_lag[i] = tests.ocsb.lags;
  out.status[i] = status;
  if (status != kOk) return;
  const arima::ArimaLayout layout = arima::arima_layout(spec);
  const int slotOf[] = {0, 3, 6, 7, 8};
  const int first[] = {layout.iAr, layout.iMa, layout.iSar, layout.iSma, layout.iConst};
  const int count[] = {spec.p, spec.q, spec.sp, spec.sq, layout.iConst >= 0 ? 1 : 0};
  for (int g = 0; g < 5; ++g)
    for (int j = 0; j < count[g]; ++j) {
      out.coef[i * kArimaCoefSlots + slotOf[g] + j] = arima_finite_or_nan(fit.coef[first[g] + j]);
      out.std_err[i * kArimaCoefSlots + slotOf[g] + j] = arima_finite_or_nan(fit.se[first[g] + j]);
    }
  out.sigma2[i] = arima_finite_or_nan(fit.sigma2);
  out.loglik[i] = arima_finite_or_nan(fit.loglik);
  out.aic[i] = arima_finite_or_nan(fit.aic);
  out.aicc[i] = arima_finite_or_nan(fit.aicc);
  out.bic[i] = arima_finite_or_nan(fit.bic);
  out.ljung_box_p[i] = arima_finite_or_nan(diag.ljungBoxP);
  out.ljung_box_lag[i] = diag.ljungBoxLag;
  out.jarque_bera_p[i] = arima_finite_or_nan(diag.jarqueBeraP);
  out.converged[i] = fit.converged;
  out.iterations[i] = fit.iterations;
  out.n_obs[i] = fit.nobs;
  double* mean = out.forecast_mean + i * horizon;
  double* var = out.forecast_variance + i * horizon;
  arima::arima_forecast_series(spec, x, n, fit, fit.sigma2, horizon, ws, mean, var);  // NaN on failure
  for (int k = 0; k < horizon; ++k) { mean[k] = arima_finite_or_nan(mean[k]); var[k] = arima_finite_or_nan(var[k]); }
}

// Series i at fixed orders: fit (warm-started from warmIn's entry for spec, if any), diagnostics,
// KPSS / ADF (and OCSB when seasonal) on the series as given — reported for fixed orders too: O(n)
// each, and they say whether d was a sensible choice — and the forecast.
TC_HD inline void arima_fixed_row(const arima::ArimaSpec& spec, const double* x, int n, double* ws, const double* warmIn,
                                  int horizon, const ArimaBatchOutputs& out, size_t i) {
  arima::WarmStarts warm;
  arima_row_begin(out, i, horizon, spec, warmIn, &warm);
  arima::ArimaResult fit;
  arima::ResidualDiagnostics diag{kNaN, kNaN, 0, kNaN, kNaN};
  ArimaSeriesTests tests;
  const int status = arima::arima_fit_series(spec, x, n, ws, &fit, arima::warm_find(&warm, spec), &warm.used);
  out.models_fitted[i] = 1;
  if (status == kOk) {
    arima::warm_record(&warm, spec, fit.coef, arima::arima_layout(spec).k);
    diag = arima::arima_diagnostics(spec, ws + n, n);
  }
  bool allFinite = n >= 3;
  for (int t = 0; allFinite && t < n; ++t) allFinite = is_finite(x[t]);
  if (allFinite) {
    tests.kpss = arima::kpss_level(x, n);
    tests.adf = arima::adf_trend(x, n);
    const int S = arima::arima_period(spec);
    if (S > 1) arima::nsdiffs_ocsb(x, n, S, &tests.ocsb);
  }
  arima_row_end(out, i, horizon, spec, status, fit, diag, tests, warm.used, x, n, ws);
}

}  // namespace tc
