// Random walk with drift on the level.
//   c      = (x[n-1] - x[0]) / (n-1)
//   mean_k = x[n-1] + k c                    k = 1..h
//   e_t    = x_t - x_{t-1} - c               t = 1..n-1
//   sigma2 = (1/(n-2)) * sum e_t^2           (one degree of freedom spent on c)
//   var_k  = k sigma2 (1 + k/(n-1))          (estimating c adds k^2 sigma2 / (n-1))
//   params = [drift c, sigma2];  needs n >= 3
#pragma once

#include "baseline_args.hpp"
#include "hd.hpp"
#include "numeric.hpp"
#include "status.hpp"

namespace tc {

struct Drift {
  static constexpr int kParams = 2;

  TC_HD static int run(const double* x, int n, const BaselineArgs& a, const SeriesOut& out) {
    if (n < 3) return kTooShort;
    if (!all_finite(x, n)) return kNonFinite;
    const double steps = n - 1;
    const double c = (x[n - 1] - x[0]) / steps;
    double sum_sq = 0.0;
    for (int t = 1; t < n; ++t) {
      const double e = x[t] - x[t - 1] - c;
      sum_sq += e * e;
    }
    const double sigma2 = sum_sq / (n - 2);
    for (int k = 1; k <= a.horizon; ++k) {
      out.mean[k - 1] = x[n - 1] + k * c;
      out.var[k - 1] = k * sigma2 * (1.0 + k / steps);
    }
    out.params[0] = c;
    out.params[1] = sigma2;
    return kOk;
  }
};

}  // namespace tc
