// The checked form of a baselineBatch() argument.
#pragma once

#include <napi.h>

#include <string>

#include "../core/baseline_models.hpp"

namespace tc::addon {

struct BaselineInput {
  const tc::BaselineModel* model = nullptr;
  Napi::Float64Array values;
  Napi::Int32Array offsets;  // validated: count + 1 entries, 0 <= o[0] <= ... <= o[count] <= values.length
  std::size_t count = 0;
  tc::BaselineArgs args{};
};

// Returns "" when `out` is usable, else what is wrong for a TypeError. When a getter throws, the
// exception is left pending on the env and a non-empty message is returned.
std::string ParseBaselineInput(const Napi::Value& arg, BaselineInput& out);

}  // namespace tc::addon
