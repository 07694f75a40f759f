// EWMA variance (RiskMetrics) on returns r in percent, decay lambda in (0, 1).
//   s2     = (1/n) * sum r_t^2               (seed: the sample second moment)
//   s2     = lambda s2 + (1-lambda) r_t^2    t = 0..n-1, in order
//   mean_k = 0,  var_k = s2                  k = 1..h  (flat: EWMA has no mean reversion)
//   params = [lambda, s2 (next-step variance)];  lambda outside (0,1) is BAD_PARAMETER; needs n >= 2
#pragma once

#include "baseline_args.hpp"
#include "hd.hpp"
#include "numeric.hpp"
#include "status.hpp"

namespace tc {

struct Ewma {
  static constexpr int kParams = 2;

  TC_HD static int run(const double* r, int n, const BaselineArgs& a, const SeriesOut& out) {
    const double lambda = a.lambda;
    // Negated so that a NaN lambda is rejected too.
    if (!(lambda > 0.0 && lambda < 1.0)) return kBadParameter;
    if (n < 2) return kTooShort;
    if (!all_finite(r, n)) return kNonFinite;
    double sum_sq = 0.0;
    for (int t = 0; t < n; ++t) sum_sq += r[t] * r[t];
    double s2 = sum_sq / n;
    for (int t = 0; t < n; ++t) s2 = lambda * s2 + (1.0 - lambda) * (r[t] * r[t]);
    for (int k = 0; k < a.horizon; ++k) {
      out.mean[k] = 0.0;
      out.var[k] = s2;
    }
    out.params[0] = lambda;
    out.params[1] = s2;
    return kOk;
  }
};

}  // namespace tc
