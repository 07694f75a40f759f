// Seasonal naive with period m >= 1: repeat the last observed season.
//   mean_k = x[n - m + ((k-1) mod m)]        k = 1..h
//   e_t    = x_t - x_{t-m}                   t = m..n-1  (n-m residuals)
//   sigma2 = (1/(n-m)) * sum e_t^2
//   var_k  = sigma2 * (floor((k-1)/m) + 1)   (one more seasonal step per completed season)
//   params = [sigma2, m];  m < 1 is BAD_PARAMETER; needs n >= m+1
#pragma once

#include "baseline_args.hpp"
#include "hd.hpp"
#include "numeric.hpp"
#include "status.hpp"

namespace tc {

struct SeasonalNaive {
  static constexpr int kParams = 2;

  TC_HD static int run(const double* x, int n, const BaselineArgs& a, const SeriesOut& out) {
    const int m = a.period;
    if (m < 1) return kBadParameter;
    // Written as n - m < 1 so that m near INT_MAX cannot overflow m + 1.
    if (n - m < 1) return kTooShort;
    if (!all_finite(x, n)) return kNonFinite;
    double sum_sq = 0.0;
    for (int t = m; t < n; ++t) {
      const double e = x[t] - x[t - m];
      sum_sq += e * e;
    }
    const double sigma2 = sum_sq / (n - m);
    for (int k = 1; k <= a.horizon; ++k) {
      out.mean[k - 1] = x[n - m + (k - 1) % m];
      out.var[k - 1] = sigma2 * ((k - 1) / m + 1);
    }
    out.params[0] = sigma2;
    out.params[1] = m;
    return kOk;
  }
};

}  // namespace tc
