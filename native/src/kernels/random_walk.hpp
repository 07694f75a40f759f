// Random walk on the level.
//   mean_k = x[n-1]                          k = 1..h
//   e_t    = x_t - x_{t-1}                   t = 1..n-1
//   sigma2 = (1/(n-1)) * sum e_t^2
//   var_k  = k * sigma2
//   params = [sigma2];  needs n >= 2
#pragma once

#include "baseline_args.hpp"
#include "hd.hpp"
#include "numeric.hpp"
#include "status.hpp"

namespace tc {

struct RandomWalk {
  static constexpr int kParams = 1;

  TC_HD static int run(const double* x, int n, const BaselineArgs& a, const SeriesOut& out) {
    if (n < 2) return kTooShort;
    if (!all_finite(x, n)) return kNonFinite;
    double sum_sq = 0.0;
    for (int t = 1; t < n; ++t) {
      const double e = x[t] - x[t - 1];
      sum_sq += e * e;
    }
    const double sigma2 = sum_sq / (n - 1);
    for (int k = 1; k <= a.horizon; ++k) {
      out.mean[k - 1] = x[n - 1];
      out.var[k - 1] = k * sigma2;
    }
    out.params[0] = sigma2;
    return kOk;
  }
};

}  // namespace tc
