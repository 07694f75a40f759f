// A whole request's series and outputs as raw pointers, the form both the CPU driver and a future
// CUDA driver consume: series i is values[offsets[i] .. offsets[i+1]), and its outputs are row i of
// the series-major output arrays.
#pragma once

#include <cstddef>
#include <cstdint>

#include "../kernels/baseline_args.hpp"
#include "../kernels/hd.hpp"
#include "../kernels/run_series.hpp"

namespace tc {

struct SeriesBatch {
  const double* values;
  const int32_t* offsets;  // count + 1 entries, non-decreasing (checked at the boundary)
  std::size_t count;
};

struct BaselineOutputs {
  double* mean;     // count * horizon
  double* var;      // count * horizon
  double* params;   // count * kParamSlots
  int32_t* status;  // count
};

struct BaselineBatch {
  SeriesBatch in;
  BaselineArgs args;
  BaselineOutputs out;
};

// One series of the batch: a CPU thread calls it in a loop, a GPU thread would call it once.
template <class Kernel>
TC_HD inline void run_batch_item(const BaselineBatch& b, std::size_t i) {
  const int32_t begin = b.in.offsets[i];
  const int n = b.in.offsets[i + 1] - begin;
  const std::size_t h = static_cast<std::size_t>(b.args.horizon);
  const SeriesOut out{b.out.mean + i * h, b.out.var + i * h, b.out.params + i * kParamSlots};
  b.out.status[i] = run_series<Kernel>(b.in.values + begin, n, b.args, out);
}

}  // namespace tc
