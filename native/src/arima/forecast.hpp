// h-step forecasts and their exact variances on the level of the input, from the state-space form:
// the ARMA state filtered at the last observation (mean a_n, covariance P_n from R's full Kalman
// recursion) is stacked with the last d + D*S observed levels (known: zero variance), and the
// augmented system x_t = sum delta_j x_{t-j} + c_w + y_t is propagated h steps, as R's
// KalmanForecast does on makeARIMA's model. Variances are in units of the sigma2 the caller passes
// (fit.sigma2 reproduces stats::predict.Arima, fit.sigma2Unbiased forecast::forecast.Arima).
#pragma once

#include "fit.hpp"

namespace tc {
namespace arima {

// Writes mean[0..h) and var[0..h). Uses the same workspace as arima_fit_series.
TC_HD inline int arima_forecast_series(const ArimaSpec& spec, const double* x, int n,
                                       const ArimaResult& fit, double sigma2, int horizon,
                                       double* workspace, double* mean, double* var) {
  fill(mean, horizon > 0 ? horizon : 0, kNaN);
  fill(var, horizon > 0 ? horizon : 0, kNaN);
  if (horizon < 1 || horizon > kMaxHorizon || !(sigma2 >= 0.0) || !is_finite(sigma2))
    return kBadParameter;
  FitContext c;
  const int st = prepare_fit(spec, x, n, workspace, &c);
  if (st != kOk) return st;
  const ArimaLayout& L = c.lay;
  if (!all_finite(fit.coef, L.k)) return kBadParameter;
  double phi[kMaxArLag + 1], theta[kMaxMaLag + 1];
  int pf = 0, qf = 0;
  expand_seasonal(spec.p, spec.q, spec.sp, spec.sq, c.S, fit.coef + L.iAr, fit.coef + L.iMa,
                  fit.coef + L.iSar, fit.coef + L.iSma, phi, &pf, theta, &qf);
  const int r = (pf > qf + 1) ? pf : qf + 1;
  const int lost = n - c.nw;
  const int m = r + lost;
  double* af = c.scratch + kScratchElems;
  double* Pf = af + r;
  double* P = Pf + r * r;     // m x m
  double* M = P + m * m;      // m x m transition
  double* tmp = M + m * m;    // m x m
  double* s = tmp + m * m;    // m state mean
  double* s2 = s + m;
  double* resid = workspace + n;
  FilterOut fo;
  fo.resid = resid;
  fo.aFilt = af;
  fo.PFilt = Pf;
  FilterSums<double> sums;
  const double cw = L.iConst >= 0 ? fit.coef[L.iConst] * c.constMult : 0.0;
  if (!exact_filter(c.w, c.nw, cw, phi, pf, c.arLags, theta, qf, c.maLags, c.scratch, 0.0, &sums,
                    &fo))
    return kBadParameter;
  // Delta: 1 - sum delta_j B^j = (1 - B)^d (1 - B^S)^D
  double delta[kMaxD + kMaxD * kMaxPeriod + 1];
  double poly[kMaxD + kMaxD * kMaxPeriod + 1];
  for (int i = 0; i <= lost; ++i) poly[i] = 0.0;
  poly[0] = 1.0;
  int deg = 0;
  for (int k = 0; k < spec.d + spec.sd; ++k) {
    const int lag = k < spec.d ? 1 : c.S;
    for (int i = deg + lag; i >= lag; --i) poly[i] -= poly[i - lag];
    deg += lag;
  }
  for (int j = 1; j <= lost; ++j) delta[j - 1] = -poly[j];
  // augmented state [alpha (r) | x_n, x_{n-1}, ..., x_{n-lost+1}]
  for (int i = 0; i < m * m; ++i) { P[i] = 0.0; M[i] = 0.0; }
  for (int i = 0; i < r; ++i) {
    s[i] = af[i];
    for (int j = 0; j < r; ++j) P[i * m + j] = Pf[i * r + j];
  }
  for (int j = 0; j < lost; ++j) s[r + j] = x[n - 1 - j];
  double Rv[kMaxState];
  for (int i = 0; i < r; ++i) {
    Rv[i] = i == 0 ? 1.0 : (i - 1 < qf ? theta[i - 1] : 0.0);
    if (i < pf) M[i * m] = phi[i];
    if (i + 1 < r) M[i * m + i + 1] = 1.0;
  }
  if (lost > 0) {  // new level = sum delta_j x_{n+1-j} + alpha'[0] (+ c_w): alpha'[0] = (T alpha)[0] + e
    for (int j = 0; j < r; ++j) M[r * m + j] = M[j];
    for (int j = 0; j < lost; ++j) M[r * m + r + j] = delta[j];
    for (int j = 1; j < lost; ++j) M[(r + j) * m + r + j - 1] = 1.0;
  }
  // noise loading: alpha gets R e, the new level gets e
  double G[kMaxState + kMaxD + kMaxD * kMaxPeriod + 1];
  for (int i = 0; i < m; ++i) G[i] = i < r ? Rv[i] : (i == r ? 1.0 : 0.0);
  for (int h = 0; h < horizon; ++h) {
    for (int i = 0; i < m; ++i) {
      double v = 0.0;
      for (int j = 0; j < m; ++j) v += M[i * m + j] * s[j];
      s2[i] = v;
    }
    if (lost > 0) s2[r] += cw;
    for (int i = 0; i < m; ++i) s[i] = s2[i];
    for (int i = 0; i < m; ++i)  // tmp = M P
      for (int j = 0; j < m; ++j) {
        double v = 0.0;
        for (int k = 0; k < m; ++k) v += M[i * m + k] * P[k * m + j];
        tmp[i * m + j] = v;
      }
    for (int i = 0; i < m; ++i)  // P = tmp M' + G G'
      for (int j = 0; j < m; ++j) {
        double v = G[i] * G[j];
        for (int k = 0; k < m; ++k) v += tmp[i * m + k] * M[j * m + k];
        P[i * m + j] = v;
      }
    const int row = lost > 0 ? r : 0;
    mean[h] = lost > 0 ? s[r] : s[0] + cw;
    var[h] = P[row * m + row] * sigma2;
  }
  if (!all_finite(mean, horizon) || !all_finite(var, horizon)) {
    fill(mean, horizon, kNaN);
    fill(var, horizon, kNaN);
    return kNonFinite;
  }
  return kOk;
}

}  // namespace arima
}  // namespace tc
