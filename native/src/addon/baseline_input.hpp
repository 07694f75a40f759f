// The checked form of a baselineBatch() argument.
#pragma once

#include <napi.h>

#include <string>

#include "../core/baseline_models.hpp"
#include "js_values.hpp"

namespace tc::addon {

struct BaselineInput : SeriesInput {
  const tc::BaselineModel* model = nullptr;
  tc::BaselineArgs args{};
};

// Returns "" when `out` is usable, else what is wrong for a TypeError. When a getter throws, the
// exception is left pending on the env and a non-empty message is returned.
std::string ParseBaselineInput(const Napi::Value& arg, BaselineInput& out);

}  // namespace tc::addon
