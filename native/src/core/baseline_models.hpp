// The baseline models the addon can run, as data: one row per model instead of a switch on names,
// so adding a model (or a CUDA driver column later) touches one table.
#pragma once

#include <string>

#include "batch.hpp"
#include "thread_pool.hpp"

namespace tc {

using BaselineCpuDriver = void (*)(ThreadPool& pool, const BaselineBatch& batch);

struct BaselineModel {
  const char* name;
  bool uses_period;  // BaselineArgs::period is read
  bool uses_lambda;  // BaselineArgs::lambda is read
  BaselineCpuDriver run_cpu;
};

// nullptr when no model has this name.
const BaselineModel* find_baseline(const char* name);

// "random_walk, drift, ..." for error messages.
const std::string& baseline_names();

}  // namespace tc
