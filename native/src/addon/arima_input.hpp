// The checked form of an arimaBatch() argument.
#pragma once

#include <napi.h>

#include <cstddef>
#include <string>
#include <vector>

#include "../core/arima_driver.hpp"
#include "js_values.hpp"

namespace tc::addon {

struct ArimaInput : SeriesInput {
  tc::ArimaBatchSettings settings;  // spec passes arima_spec_valid; 1 <= horizon <= kMaxHorizon
  bool deviceRequested = false;     // backend 'cuda' asked: fixed orders run on the device, a search on the CPU
  bool warmState = false;           // return every series' warm-start table (warmState: true)
};

// "" when `out` is usable, else what is wrong for a TypeError naming the field. When a getter
// throws, the exception is left pending on the env and a non-empty message is returned.
std::string ParseArimaBatchInput(const Napi::Value& arg, ArimaInput& out);

struct ArimaForecastInput : SeriesInput {
  int32_t horizon = 1;
  std::vector<int32_t> order;  // count * kArimaOrderSlots
  std::vector<double> coef;    // count * kArimaCoefSlots
  std::vector<double> sigma2;  // count
};

std::string ParseArimaForecastInput(const Napi::Value& arg, ArimaForecastInput& out);

}  // namespace tc::addon
