// The checked form of an arimaBatch() argument.
#pragma once

#include <napi.h>

#include <cstddef>
#include <string>

#include "../core/arima_driver.hpp"
#include "js_values.hpp"

namespace tc::addon {

struct ArimaInput : SeriesInput {
  tc::ArimaBatchSettings settings;  // spec passes arima_spec_valid; 1 <= horizon <= kMaxHorizon
};

// "" when `out` is usable, else what is wrong for a TypeError naming the field. When a getter
// throws, the exception is left pending on the env and a non-empty message is returned.
std::string ParseArimaBatchInput(const Napi::Value& arg, ArimaInput& out);

}  // namespace tc::addon
