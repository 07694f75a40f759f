// The checked form of a garchBatch() argument and of the spec object both GARCH entry points take.
#pragma once

#include <napi.h>

#include <cstddef>
#include <string>
#include <vector>

#include "../core/garch_driver.hpp"
#include "js_values.hpp"

namespace tc::addon {

struct GarchInput : SeriesInput {
  tc::GarchBatchSettings settings;  // spec passes spec_valid; probabilities in (0, 1)
  bool cuda = false;                // backend: 'cuda' (only accepted by a CUDA build)
};

struct GarchAdvanceInput : SeriesInput {
  tc::GarchBatchSettings settings;  // spec and forecast options
  std::vector<double> params;       // count * kGarchParamSlots
  std::vector<double> state;        // count * kGarchStateSlots
  std::vector<uint32_t> series_ids; // count
};

// All return "" when `out` is usable, else what is wrong for a TypeError naming the field. When a
// getter throws, the exception is left pending on the env and a non-empty message is returned.
std::string ParseGarchSpec(const Napi::Value& arg, tc::garch::GarchSpec& out);
std::string ParseGarchBatchInput(const Napi::Value& arg, GarchInput& out);
std::string ParseGarchAdvanceInput(const Napi::Value& arg, GarchAdvanceInput& out);
// horizon, paths, seed, varTailProbs and quantileProbs of either entry point.
std::string ParseGarchForecast(const Napi::Object& input, tc::GarchBatchSettings& set);

}  // namespace tc::addon
