// Mean component: zero, constant or ARMA(u<=2, v<=2) with optional intercept. Residuals follow
// fGarch's recursion z_t = x_t - mu - sum ar_i x_{t-i} - sum ma_j z_{t-j}, with z_t = 0 for the
// first max(u, v) observations; the derivative of z_t in the mean slice is propagated alongside.
#pragma once

#include "spec.hpp"

namespace tc {
namespace garch {

struct MeanModel {
  double mu = 0.0, ar[kMaxArma] = {0.0, 0.0}, ma[kMaxArma] = {0.0, 0.0};
  int nAr = 0, nMa = 0, m = 0, km = 0, iMu = -1, iAr = -1, iMa = -1;

  TC_HD void load(const GarchLayout& L, const double* th) {
    iMu = L.iMu; iAr = L.iAr; iMa = L.iMa; nAr = L.nAr; nMa = L.nMa; km = L.nMean;
    mu = iMu >= 0 ? th[iMu] : 0.0;
    for (int i = 0; i < nAr; ++i) ar[i] = th[iAr + i];
    for (int j = 0; j < nMa; ++j) ma[j] = th[iMa + j];
    m = nAr > nMa ? nAr : nMa;
  }

  // |ar|, |ma| < 1 are box bounds; invertibility of higher orders is not imposed (as fGarch).
  template <class X, class E>
  TC_HD double residual(X x, E eps, int t) const {
    if (t < m) return 0.0;
    double e = x[t] - mu;
    for (int i = 0; i < nAr; ++i) e -= ar[i] * x[t - 1 - i];
    for (int j = 0; j < nMa; ++j) e -= ma[j] * eps[t - 1 - j];
    return e;
  }

  // d z_t / d theta_k for k < km; d1, d2 are the derivatives at t-1, t-2.
  template <class X, class E>
  TC_HD void residual_grad(X x, E eps, int t, const double* d1,
                           const double* d2, double* out) const {
    for (int k = 0; k < km; ++k) out[k] = 0.0;
    if (t < m) return;
    if (nMa >= 1) for (int k = 0; k < km; ++k) out[k] -= ma[0] * d1[k];
    if (nMa >= 2) for (int k = 0; k < km; ++k) out[k] -= ma[1] * d2[k];
    if (iMu >= 0) out[iMu] -= 1.0;
    for (int i = 0; i < nAr; ++i) out[iAr + i] -= x[t - 1 - i];
    for (int j = 0; j < nMa; ++j) out[iMa + j] -= eps[t - 1 - j];
  }

  // h-step conditional means after the sample; future shocks have mean zero.
  template <class X, class E>
  TC_HD void forecast(X x, E eps, int n, int horizon, double* out) const {
    for (int h = 0; h < horizon; ++h) {
      double f = mu;
      for (int i = 0; i < nAr; ++i) {
        const int lag = h - 1 - i;  // index into out when >= 0, else into x
        f += ar[i] * (lag >= 0 ? out[lag] : (n + lag >= 0 ? x[n + lag] : 0.0));
      }
      for (int j = 0; j < nMa; ++j) {
        const int lag = h - 1 - j;
        if (lag < 0 && n + lag >= 0) f += ma[j] * eps[n + lag];
      }
      out[h] = f;
    }
  }
};

}  // namespace garch
}  // namespace tc
