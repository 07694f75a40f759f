// The part of running one series that every kernel shares, so that each kernel only states its
// model: outputs start as NaN (unused param slots stay NaN), a result that overflowed is reported
// as NON_FINITE, and a failed series never leaks half-written numbers.
#pragma once

#include "baseline_args.hpp"
#include "hd.hpp"
#include "numeric.hpp"
#include "status.hpp"

namespace tc {

template <class Kernel>
TC_HD inline int run_series(const double* x, int n, const BaselineArgs& a, const SeriesOut& out) {
  fill(out.mean, a.horizon, kNaN);
  fill(out.var, a.horizon, kNaN);
  fill(out.params, kParamSlots, kNaN);
  int status = Kernel::run(x, n, a, out);
  if (status == kOk && !(all_finite(out.mean, a.horizon) && all_finite(out.var, a.horizon) &&
                         all_finite(out.params, Kernel::kParams))) {
    status = kNonFinite;
  }
  if (status != kOk) {
    fill(out.mean, a.horizon, kNaN);
    fill(out.var, a.horizon, kNaN);
    fill(out.params, kParamSlots, kNaN);
  }
  return status;
}

}  // namespace tc
