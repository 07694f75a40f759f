// The fixed-size shapes a baseline kernel reads and writes: plain structs, so the same values can be
// copied to a GPU and passed by value to a kernel launch.
#pragma once

namespace tc {

// Every series gets this many parameter slots whatever the model; unused slots stay NaN, so the
// output is one dense array of N * kParamSlots.
constexpr int kParamSlots = 4;

struct BaselineArgs {
  int horizon;    // steps ahead, >= 1 (checked at the boundary)
  int period;     // seasonal_naive: season length m
  double lambda;  // ewma: decay in (0, 1)
};

// One series' slice of the batch outputs: mean[horizon], var[horizon], params[kParamSlots].
struct SeriesOut {
  double* mean;
  double* var;
  double* params;
};

}  // namespace tc
