// Public entry point of the GARCH-family kernel: include this one header.
//   GarchSpec (spec.hpp)          model description, POD
//   garch_fit_series (fit.hpp)    TC_HD per-series fit; workspace of garch_workspace_doubles(n)
//   garch_forecast_series (forecast.hpp)  h-step mean / variance, one-step VaR / ES
#pragma once

#include "fit.hpp"
#include "forecast.hpp"
#include "spec.hpp"
