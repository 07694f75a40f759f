#include "baseline_models.hpp"

#include <cstring>

#include "../kernels/drift.hpp"
#include "../kernels/ewma.hpp"
#include "../kernels/random_walk.hpp"
#include "../kernels/seasonal_naive.hpp"

namespace tc {

namespace {

template <class Kernel>
void run_cpu(ThreadPool& pool, const BaselineBatch& batch) {
  pool.parallel_for(batch.in.count, [&batch](std::size_t i) { run_batch_item<Kernel>(batch, i); });
}

constexpr BaselineModel kModels[] = {
    {"random_walk", false, false, &run_cpu<RandomWalk>},
    {"drift", false, false, &run_cpu<Drift>},
    {"seasonal_naive", true, false, &run_cpu<SeasonalNaive>},
    {"ewma", false, true, &run_cpu<Ewma>},
};

}  // namespace

const BaselineModel* find_baseline(const char* name) {
  for (const auto& model : kModels) {
    if (std::strcmp(model.name, name) == 0) return &model;
  }
  return nullptr;
}

const std::string& baseline_names() {
  static const std::string names = [] {
    std::string joined;
    for (const auto& model : kModels) {
      if (!joined.empty()) joined += ", ";
      joined += model.name;
    }
    return joined;
  }();
  return names;
}

}  // namespace tc
