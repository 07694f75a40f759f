// Public entry to the ARIMA kernel (one series per call, TC_HD): include this header only.
//   arima_workspace_doubles(n)                      scratch to preallocate per series
//   arima_fit_series(spec, x, n, ws, &result)       exact ML fit (CSS start), status code
//   arima_forecast_series(spec, x, n, result, sigma2, h, ws, mean, var)
//   arima_diagnostics(...)                          Ljung-Box and Jarque-Bera p-values
//   nsdiffs_ocsb(x, n, S, &stat)                    seasonal differences D by the OCSB test
// Host-only automatic selection (OCSB nsdiffs, KPSS ndiffs, Hyndman-Khandakar stepwise): auto.hpp.
#pragma once

#include "diagnostics.hpp"
#include "fit.hpp"
#include "forecast.hpp"
#include "seasonal_test.hpp"
#include "spec.hpp"
