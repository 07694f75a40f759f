// Residual diagnostics and unit-root statistics, TC_HD:
//   ljung_box_pvalue  : stats::Box.test(type = "Ljung-Box", lag, fitdf)
//   jarque_bera_pvalue: tseries::jarque.bera.test (population moments, chi-square(2))
//   kpss_level        : urca::ur.kpss(type = "mu", use.lag = trunc(3 sqrt(n) / 13)) statistic and
//                       forecast::ndiffs' p-value (linear interpolation in urca's table, clamped)
//   adf_trend         : tseries::adf.test statistic (trend + constant, k = trunc((n-1)^(1/3))) and
//                       its interpolated p-value
//   chisq_upper       : 1 - pchisq(x, df) from the regularised incomplete gamma function.
#pragma once

#include <math.h>

#include "../kernels/hd.hpp"
#include "../kernels/numeric.hpp"
#include "spec.hpp"

namespace tc {
namespace arima {

// Q(a, x) = Gamma(a, x) / Gamma(a): series for x < a + 1, Lentz continued fraction otherwise.
TC_HD inline double gamma_q(double a, double x) {
  if (!(a > 0.0) || !(x >= 0.0)) return kNaN;
  if (x == 0.0) return 1.0;
  const double lg = lgamma(a);
  if (x < a + 1.0) {
    double sum = 1.0 / a, term = sum, ap = a;
    for (int i = 0; i < 1000; ++i) {
      ap += 1.0;
      term *= x / ap;
      sum += term;
      if (fabs(term) < fabs(sum) * 1e-16) break;
    }
    return 1.0 - sum * exp(-x + a * log(x) - lg);
  }
  const double tiny = 1e-300;
  double b = x + 1.0 - a, cc = 1.0 / tiny, d = 1.0 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (fabs(d) < tiny) d = tiny;
    cc = b + an / cc;
    if (fabs(cc) < tiny) cc = tiny;
    d = 1.0 / d;
    const double del = d * cc;
    h *= del;
    if (fabs(del - 1.0) < 1e-16) break;
  }
  return exp(-x + a * log(x) - lg) * h;
}

TC_HD inline double chisq_upper(double x, double df) { return gamma_q(0.5 * df, 0.5 * x); }

TC_HD inline double ljung_box_pvalue(const double* e, int n, int lag, int fitdf, double* statOut) {
  if (n < 2 || lag < 1 || lag >= n || lag - fitdf < 1) return kNaN;
  double mean = 0.0;
  for (int i = 0; i < n; ++i) mean += e[i];
  mean /= n;
  double c0 = 0.0;
  for (int i = 0; i < n; ++i) c0 += (e[i] - mean) * (e[i] - mean);
  if (!(c0 > 0.0)) return kNaN;
  double q = 0.0;
  for (int k = 1; k <= lag; ++k) {
    double ck = 0.0;
    for (int i = k; i < n; ++i) ck += (e[i] - mean) * (e[i - k] - mean);
    const double rk = ck / c0;
    q += rk * rk / (n - k);
  }
  q *= n * (n + 2.0);
  if (statOut) *statOut = q;
  return chisq_upper(q, lag - fitdf);
}

// forecast::checkresiduals' default lag: 10 (2 S if seasonal), at most n / 5, at least df + 3.
TC_HD inline int ljung_box_default_lag(int n, int period, int df) {
  int lag = period > 1 ? 2 * period : 10;
  const int cap = static_cast<int>(floor(n / 5.0 + 0.5));
  if (cap < lag) lag = cap;
  if (lag < df + 3) lag = df + 3;
  return lag;
}

TC_HD inline double jarque_bera_pvalue(const double* e, int n, double* statOut) {
  if (n < 3) return kNaN;
  double m1 = 0.0;
  for (int i = 0; i < n; ++i) m1 += e[i];
  m1 /= n;
  double m2 = 0.0, m3 = 0.0, m4 = 0.0;
  for (int i = 0; i < n; ++i) {
    const double d = e[i] - m1, d2 = d * d;
    m2 += d2; m3 += d2 * d; m4 += d2 * d2;
  }
  m2 /= n; m3 /= n; m4 /= n;
  if (!(m2 > 0.0)) return kNaN;
  const double b1 = (m3 / pow(m2, 1.5)) * (m3 / pow(m2, 1.5));
  const double b2 = m4 / (m2 * m2);
  const double stat = n * b1 / 6.0 + n * (b2 - 3.0) * (b2 - 3.0) / 24.0;
  if (statOut) *statOut = stat;
  return chisq_upper(stat, 2.0);
}

// R's approx(xs, ys, xout, rule = 2) for increasing xs.
TC_HD inline double interp_clamped(const double* xs, const double* ys, int m, double x) {
  if (x <= xs[0]) return ys[0];
  if (x >= xs[m - 1]) return ys[m - 1];
  for (int i = 1; i < m; ++i)
    if (x <= xs[i]) return ys[i - 1] + (ys[i] - ys[i - 1]) * (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
  return ys[m - 1];
}

struct UnitRootStat {
  double statistic;
  double pvalue;
  int lags;
};

TC_HD inline UnitRootStat kpss_level(const double* x, int n) {
  UnitRootStat r{kNaN, kNaN, 0};
  if (n < 3) return r;
  const int lmax = static_cast<int>(3.0 * sqrt(static_cast<double>(n)) / 13.0);
  r.lags = lmax;
  double mean = 0.0;
  for (int i = 0; i < n; ++i) mean += x[i];
  mean /= n;
  double S = 0.0, num = 0.0, s2 = 0.0;
  for (int i = 0; i < n; ++i) {
    const double e = x[i] - mean;
    S += e;
    num += S * S;
    s2 += e * e;
  }
  num /= static_cast<double>(n) * n;
  s2 /= n;
  double den = s2;
  for (int k = 1; k <= lmax; ++k) {
    double ck = 0.0;
    for (int i = k; i < n; ++i) ck += (x[i] - mean) * (x[i - k] - mean);
    den += 2.0 / n * (1.0 - k / (lmax + 1.0)) * ck;
  }
  r.statistic = num / den;
  const double cval[4] = {0.347, 0.463, 0.574, 0.739};
  const double pct[4] = {0.10, 0.05, 0.025, 0.01};
  r.pvalue = interp_clamped(cval, pct, 4, r.statistic);
  return r;
}

TC_HD inline bool is_constant_series(const double* x, int n) {
  for (int i = 1; i < n; ++i)
    if (x[i] != x[0]) return false;
  return true;
}

// forecast::ndiffs(x, test = "kpss", alpha, max.d); scratch of n doubles.
TC_HD inline int ndiffs_kpss(const double* x, int n, double alpha, int maxD, double* scratch) {
  for (int i = 0; i < n; ++i) scratch[i] = x[i];
  int len = n, d = 0;
  if (is_constant_series(scratch, len)) return 0;
  bool dodiff = kpss_level(scratch, len).pvalue < alpha;
  while (dodiff && d < maxD) {
    ++d;
    for (int i = 0; i + 1 < len; ++i) scratch[i] = scratch[i + 1] - scratch[i];
    --len;
    if (len < 3 || is_constant_series(scratch, len)) return d;
    dodiff = kpss_level(scratch, len).pvalue < alpha;
  }
  return d;
}

constexpr int kMaxAdfLags = 24;  // tseries' k = trunc((n-1)^(1/3)) reaches 24 at n = 13,825

TC_HD inline UnitRootStat adf_trend(const double* x, int n) {
  UnitRootStat r{kNaN, kNaN, 0};
  int k = static_cast<int>(pow(n - 1.0, 1.0 / 3.0) + 1e-12);
  if (k > kMaxAdfLags) k = kMaxAdfLags;
  r.lags = k;
  const int kk = k + 1;
  const int ny = n - 1;            // y = diff(x)
  const int rows = ny - kk + 1;
  const int nreg = 3 + k;          // const, xt1, tt, k lagged differences
  if (rows <= nreg + 1) return r;
  // centred regressors (the xt1 t-value is unchanged with a constant in the model)
  double mx = 0.0, mt = 0.0;
  for (int t = kk; t <= ny; ++t) { mx += x[t - 1]; mt += t; }
  mx /= rows; mt /= rows;
  constexpr int M = 3 + kMaxAdfLags;
  double XtX[M * M], Xty[M], row[M];
  for (int i = 0; i < nreg * nreg; ++i) XtX[i] = 0.0;
  for (int i = 0; i < nreg; ++i) Xty[i] = 0.0;
  double yty = 0.0;
  for (int t = kk; t <= ny; ++t) {  // 1-based as in R: yt = y[t], y[t] = x[t+1] - x[t]
    const double yt = x[t] - x[t - 1];
    row[0] = 1.0;
    row[1] = x[t - 1] - mx;
    row[2] = t - mt;
    for (int j = 1; j <= k; ++j) row[2 + j] = x[t - j] - x[t - j - 1];
    for (int i = 0; i < nreg; ++i) {
      Xty[i] += row[i] * yt;
      for (int j = 0; j <= i; ++j) XtX[i * nreg + j] += row[i] * row[j];
    }
    yty += yt * yt;
  }
  // Cholesky XtX = L L'
  double Lm[M * M];
  for (int i = 0; i < nreg; ++i)
    for (int j = 0; j <= i; ++j) {
      double s = XtX[i * nreg + j];
      for (int m = 0; m < j; ++m) s -= Lm[i * nreg + m] * Lm[j * nreg + m];
      if (i == j) {
        if (!(s > 0.0)) return r;
        Lm[i * nreg + i] = sqrt(s);
      } else {
        Lm[i * nreg + j] = s / Lm[j * nreg + j];
      }
    }
  double z[M], beta[M];
  for (int i = 0; i < nreg; ++i) {
    double s = Xty[i];
    for (int m = 0; m < i; ++m) s -= Lm[i * nreg + m] * z[m];
    z[i] = s / Lm[i * nreg + i];
  }
  for (int i = nreg - 1; i >= 0; --i) {
    double s = z[i];
    for (int m = i + 1; m < nreg; ++m) s -= Lm[m * nreg + i] * beta[m];
    beta[i] = s / Lm[i * nreg + i];
  }
  double rss = yty;
  for (int i = 0; i < nreg; ++i) rss -= beta[i] * Xty[i];  // y'y - b'X'y
  const double s2 = rss / (rows - nreg);
  // (X'X)^-1 [1][1] = || L^-1 e_1 ||^2
  double v[M];
  for (int i = 0; i < nreg; ++i) {
    double s = (i == 1) ? 1.0 : 0.0;
    for (int m = 0; m < i; ++m) s -= Lm[i * nreg + m] * v[m];
    v[i] = s / Lm[i * nreg + i];
  }
  double inv11 = 0.0;
  for (int i = 0; i < nreg; ++i) inv11 += v[i] * v[i];
  r.statistic = beta[1] / sqrt(s2 * inv11);
  const double tableT[6] = {25, 50, 100, 250, 500, 1e5};
  const double table[8][6] = {{4.38, 4.15, 4.04, 3.99, 3.98, 3.96}, {3.95, 3.8, 3.73, 3.69, 3.68, 3.66},
                              {3.6, 3.5, 3.45, 3.43, 3.42, 3.41},   {3.24, 3.18, 3.15, 3.13, 3.13, 3.12},
                              {1.14, 1.19, 1.22, 1.23, 1.24, 1.25}, {0.8, 0.87, 0.9, 0.92, 0.93, 0.94},
                              {0.5, 0.58, 0.62, 0.64, 0.65, 0.66},  {0.15, 0.24, 0.28, 0.31, 0.32, 0.33}};
  const double tablep[8] = {0.01, 0.025, 0.05, 0.1, 0.9, 0.95, 0.975, 0.99};
  double ipl[8];
  for (int i = 0; i < 8; ++i) {
    double col[6];
    for (int j = 0; j < 6; ++j) col[j] = -table[i][j];
    // tseries interpolates in the sample size of the differenced series
    ipl[i] = interp_clamped(tableT, col, 6, static_cast<double>(ny));
  }
  r.pvalue = interp_clamped(ipl, tablep, 8, r.statistic);
  return r;
}

struct ResidualDiagnostics {
  double ljungBoxStat, ljungBoxP;  // lag ljungBoxLag, df = ljungBoxLag - (p + q + P + Q)
  int ljungBoxLag;
  double jarqueBeraStat, jarqueBeraP;
};

// forecast::checkresiduals defaults on the residuals a fit leaves at workspace[n, 2n) (R's
// residuals(fit): the first d + D*S are ~0 in R and exactly 0 here), plus tseries' Jarque-Bera.
TC_HD inline ResidualDiagnostics arima_diagnostics(const ArimaSpec& spec, const double* resid, int n) {
  ResidualDiagnostics r;
  const int df = spec.p + spec.q + spec.sp + spec.sq;
  r.ljungBoxLag = ljung_box_default_lag(n, arima_period(spec), df);
  r.ljungBoxStat = kNaN;
  r.ljungBoxP = ljung_box_pvalue(resid, n, r.ljungBoxLag, df, &r.ljungBoxStat);
  r.jarqueBeraStat = kNaN;
  r.jarqueBeraP = jarque_bera_pvalue(resid, n, &r.jarqueBeraStat);
  return r;
}

}  // namespace arima
}  // namespace tc
