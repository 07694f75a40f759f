// Standardised innovation distributions (mean 0, variance 1) in fGarch's parameterisation: each
// answers its log-density with analytic derivatives (in e and in its own parameters), CDF, lower-
// tail partial expectation (for ES) and a sampler. Per-evaluation constants (lgamma, digamma) are
// computed once in prepare(), so the per-observation work is a log1p or a pow.
#pragma once

#include <math.h>

#include "philox.hpp"
#include "special.hpp"
#include "spec.hpp"

namespace tc {
namespace garch {

struct NormalDist {
  TC_HD bool prepare(double /*skew*/, double /*shape*/) { return true; }
  TC_HD double logpdf(double e) const { return -0.5 * kLn2Pi - 0.5 * e * e; }
  // psi = d logf / de; dSkew, dShape = d logf / d(parameter)
  TC_HD double logpdf_d(double e, double& psi, double& dSkew, double& dShape) const {
    psi = -e; dSkew = 0.0; dShape = 0.0;
    return -0.5 * kLn2Pi - 0.5 * e * e;
  }
  // Symmetric densities in terms of e^2: psi = -w e (used by the GARCH(1,1) fast path).
  TC_HD double logpdf_e2(double e2, double& w, double& dShape) const {
    w = 1.0; dShape = 0.0;
    return -0.5 * kLn2Pi - 0.5 * e2;
  }
  TC_HD double cdf(double z) const { return norm_cdf(z); }
  // int_{-inf}^{q} z f(z) dz
  TC_HD double lower_partial_mean(double q) const {
    return -exp(-0.5 * q * q) / 2.50662827463100050242;
  }
  TC_HD double abs_moment(double delta) const {  // E|z|^delta
    return exp(0.5 * delta * 0.69314718055994530942 + lgamma(0.5 * (delta + 1.0))) / sqrt(kPi);
  }
  TC_HD double sample(UniformStream& u) const { return u.normal(); }
  static constexpr bool kSymmetric = true;
};

// Standardised Student t (fGarch dstd): variance 1 for nu > 2.
struct StdDist {
  double nu, c0, dc0, nm2;
  TC_HD bool prepare(double /*skew*/, double shape) {
    nu = shape;
    if (!(nu > 2.0) || !is_finite(nu)) return false;
    nm2 = nu - 2.0;
    c0 = lgamma(0.5 * (nu + 1.0)) - lgamma(0.5 * nu) - 0.5 * log(kPi * nm2);
    dc0 = 0.5 * digamma(0.5 * (nu + 1.0)) - 0.5 * digamma(0.5 * nu) - 0.5 / nm2;
    return true;
  }
  TC_HD double logpdf(double e) const { return c0 - 0.5 * (nu + 1.0) * log1p(e * e / nm2); }
  TC_HD double logpdf_d(double e, double& psi, double& dSkew, double& dShape) const {
    const double e2 = e * e, den = nm2 + e2, l1 = log1p(e2 / nm2);
    psi = -(nu + 1.0) * e / den;
    dSkew = 0.0;
    dShape = dc0 - 0.5 * l1 + 0.5 * (nu + 1.0) * e2 / (nm2 * den);
    return c0 - 0.5 * (nu + 1.0) * l1;
  }
  TC_HD double logpdf_e2(double e2, double& w, double& dShape) const {
    const double den = nm2 + e2, l1 = log1p(e2 / nm2);
    w = (nu + 1.0) / den;
    dShape = dc0 - 0.5 * l1 + 0.5 * (nu + 1.0) * e2 / (nm2 * den);
    return c0 - 0.5 * (nu + 1.0) * l1;
  }
  // Raw t CDF at t via the incomplete beta.
  TC_HD static double t_cdf(double t, double nu) {
    const double ib = 0.5 * inc_beta(0.5 * nu, 0.5, nu / (nu + t * t));
    return t < 0.0 ? ib : 1.0 - ib;
  }
  TC_HD double cdf(double z) const { return t_cdf(z * sqrt(nu / nm2), nu); }
  TC_HD static double t_pdf(double t, double nu) {
    return exp(lgamma(0.5 * (nu + 1.0)) - lgamma(0.5 * nu) - 0.5 * log(kPi * nu) -
               0.5 * (nu + 1.0) * log1p(t * t / nu));
  }
  // For raw t: int_{-inf}^{x} t f(t) dt = -(nu + x^2)/(nu - 1) f(x); z = k t with k = sqrt((nu-2)/nu).
  TC_HD static double raw_lower_partial_mean(double x, double nu) {
    return -(nu + x * x) / (nu - 1.0) * t_pdf(x, nu);
  }
  TC_HD double lower_partial_mean(double q) const {
    const double k = sqrt(nm2 / nu);
    return k * raw_lower_partial_mean(q / k, nu);
  }
  TC_HD double abs_moment(double delta) const {
    if (!(nu > delta)) return kInf;
    return exp(0.5 * delta * log(nm2) + lgamma(0.5 * (delta + 1.0)) + lgamma(0.5 * (nu - delta)) -
               lgamma(0.5 * nu)) / sqrt(kPi);
  }
  TC_HD double sample(UniformStream& u) const {
    const double chi2 = 2.0 * u.gamma(0.5 * nu);
    return u.normal() / sqrt(chi2 / nu) * sqrt(nm2 / nu);
  }
  static constexpr bool kSymmetric = true;
};

// Fernandez–Steel skewed standardised t as in fGarch's dsstd (skew xi, shape nu).
struct SstdDist {
  StdDist t;
  double xi, nu, m1, mu, sig, logNorm;  // logNorm = log g + log sig
  double dLogNormXi, dMuXi, dSigXi, dLogNormNu, dMuNu, dSigNu;
  TC_HD bool prepare(double skew, double shape) {
    xi = skew; nu = shape;
    if (!(xi > 0.0) || !is_finite(xi) || !t.prepare(1.0, nu)) return false;
    const double lbeta = lgamma(0.5) + lgamma(0.5 * nu) - lgamma(0.5 * (nu + 1.0));
    m1 = 2.0 * sqrt(nu - 2.0) / (nu - 1.0) * exp(-lbeta);
    const double xi2 = xi * xi, ixi2 = 1.0 / xi2;
    mu = m1 * (xi - 1.0 / xi);
    const double s2 = (1.0 - m1 * m1) * (xi2 + ixi2) + 2.0 * m1 * m1 - 1.0;
    if (!(s2 > 0.0)) return false;
    sig = sqrt(s2);
    const double g = 2.0 / (xi + 1.0 / xi);
    logNorm = log(g) + log(sig);
    dMuXi = m1 * (1.0 + ixi2);
    dSigXi = (1.0 - m1 * m1) * (xi - ixi2 / xi) / sig;
    dLogNormXi = -(1.0 - ixi2) / (xi + 1.0 / xi) + dSigXi / sig;
    const double dlm1 = 0.5 / (nu - 2.0) - 1.0 / (nu - 1.0) -
                        0.5 * (digamma(0.5 * nu) - digamma(0.5 * (nu + 1.0)));
    const double dm1 = m1 * dlm1;
    dMuNu = dm1 * (xi - 1.0 / xi);
    dSigNu = m1 * dm1 * (2.0 - xi2 - ixi2) / sig;
    dLogNormNu = dSigNu / sig;
    return true;
  }
  TC_HD double logpdf(double e) const {
    const double z = e * sig + mu;
    const double w = z >= 0.0 ? z / xi : z * xi;
    return logNorm + t.logpdf(w);
  }
  TC_HD double logpdf_d(double e, double& psi, double& dSkew, double& dShape) const {
    const double z = e * sig + mu;
    const bool pos = z >= 0.0;
    const double invXi = pos ? 1.0 / xi : xi;
    const double w = z * invXi;
    double pw, dsk, dnu;
    const double lf = t.logpdf_d(w, pw, dsk, dnu);
    psi = pw * sig * invXi;
    const double dlogXi = pos ? 1.0 / xi : -1.0 / xi;
    const double dwXi = (e * dSigXi + dMuXi) * invXi - w * dlogXi;
    dSkew = dLogNormXi + pw * dwXi;
    const double dwNu = (e * dSigNu + dMuNu) * invXi;
    dShape = dLogNormNu + pw * dwNu + dnu;
    return logNorm + lf;
  }
  // fGarch psstd: H(z) - sign(z) g Xi pstd(-|z|/Xi).
  TC_HD double cdf(double e) const {
    const double z = e * sig + mu;
    const double g = 2.0 / (xi + 1.0 / xi);
    if (z >= 0.0) return 1.0 - g * xi * t.cdf(-z / xi);
    return g / xi * t.cdf(z * xi);
  }
  // int_{-inf}^{q} e f(e) de with e = (W - mu)/sig and W Fernandez–Steel skewed.
  TC_HD double lower_partial_mean(double q) const {
    const double w = q * sig + mu, g = 2.0 / (xi + 1.0 / xi);
    const double k = sqrt(t.nm2 / nu);  // standardised std: z = k * raw t
    // G(x) = int_{-inf}^{x} u f_std(u) du, F(x) = P_std(u <= x)
    double eW, pW;
    if (w < 0.0) {
      const double x = w * xi;
      eW = g / (xi * xi) * k * StdDist::raw_lower_partial_mean(x / k, nu);
      pW = g / xi * t.cdf(x);
    } else {
      const double g0 = k * StdDist::raw_lower_partial_mean(0.0, nu);
      const double x = w / xi;
      eW = g / (xi * xi) * g0 + g * xi * xi * (k * StdDist::raw_lower_partial_mean(x / k, nu) - g0);
      pW = g / xi * 0.5 + g * xi * (t.cdf(x) - 0.5);
    }
    return (eW - mu * pW) / sig;
  }
  // fGarch rsstd: a std draw reflected to the side chosen with probability xi/(xi + 1/xi).
  TC_HD double sample(UniformStream& u) const {
    const double weight = xi / (xi + 1.0 / xi);
    const double side = u.next() - weight;  // uniform on (-weight, 1 - weight)
    const double a = fabs(t.sample(u));
    const double r = side >= 0.0 ? -a / xi : a * xi;  // -|x|/Xi * sign(side), Xi = xi^sign(side)
    return (r - mu) / sig;
  }
  static constexpr bool kSymmetric = false;
};

// Generalised error distribution, fGarch dged (shape nu; nu = 2 is normal).
struct GedDist {
  double nu, lambda, logLambda, c0, dc0, dLogLambda;
  TC_HD bool prepare(double /*skew*/, double shape) {
    nu = shape;
    if (!(nu > 0.0) || !is_finite(nu)) return false;
    const double ln2 = 0.69314718055994530942, inu = 1.0 / nu;
    const double lg1 = lgamma(inu), lg3 = lgamma(3.0 * inu);
    logLambda = 0.5 * (-2.0 * inu * ln2 + lg1 - lg3);
    lambda = exp(logLambda);
    c0 = log(nu) - logLambda - (1.0 + inu) * ln2 - lg1;
    const double in2 = inu * inu;
    dLogLambda = 0.5 * (2.0 * ln2 * in2 - digamma(inu) * in2 + 3.0 * digamma(3.0 * inu) * in2);
    dc0 = inu - dLogLambda + ln2 * in2 + digamma(inu) * in2;
    return true;
  }
  TC_HD double logpdf(double e) const {
    const double a = fabs(e) / lambda;
    return c0 - 0.5 * pow(a, nu);
  }
  TC_HD double logpdf_d(double e, double& psi, double& dSkew, double& dShape) const {
    dSkew = 0.0;
    if (e == 0.0) { psi = 0.0; dShape = dc0; return c0; }
    const double la = log(fabs(e)) - logLambda;
    const double pw = exp(nu * la);
    psi = -0.5 * nu * pw / e;
    dShape = dc0 - 0.5 * pw * (la - nu * dLogLambda);
    return c0 - 0.5 * pw;
  }
  TC_HD double logpdf_e2(double e2, double& w, double& dShape) const {
    if (e2 == 0.0) { w = 0.0; dShape = dc0; return c0; }
    const double la = 0.5 * log(e2) - logLambda;
    const double pw = exp(nu * la);
    w = 0.5 * nu * pw / e2;
    dShape = dc0 - 0.5 * pw * (la - nu * dLogLambda);
    return c0 - 0.5 * pw;
  }
  TC_HD double cdf(double e) const {
    const double pr = inc_gamma_p(1.0 / nu, 0.5 * pow(fabs(e) / lambda, nu));
    return e < 0.0 ? 0.5 - 0.5 * pr : 0.5 + 0.5 * pr;
  }
  // -g lambda^2 2^(2/nu) Gamma(2/nu)/nu * Q(2/nu, |q/lambda|^nu / 2), g the density constant.
  TC_HD double lower_partial_mean(double q) const {
    const double s0 = 0.5 * pow(fabs(q) / lambda, nu);
    const double logC = c0 + 2.0 * logLambda + 2.0 / nu * 0.69314718055994530942 +
                        lgamma(2.0 / nu) - log(nu);
    return -exp(logC) * (1.0 - inc_gamma_p(2.0 / nu, s0));
  }
  TC_HD double abs_moment(double delta) const {
    return exp(delta * logLambda + delta / nu * 0.69314718055994530942 +
               lgamma((delta + 1.0) / nu) - lgamma(1.0 / nu));
  }
  TC_HD double sample(UniformStream& u) const {
    const double r = u.gamma(1.0 / nu);
    const double z = lambda * pow(2.0 * r, 1.0 / nu);
    return u.next() < 0.5 ? -z : z;
  }
  static constexpr bool kSymmetric = true;
};

// E|z|^delta for sstd is only needed approximately (stationarity check during the search); the
// symmetric-t value at the same shape is used. Exact moments come from dist_expectation().
TC_HD inline double abs_moment_any(const SstdDist& d, double delta) { return d.t.abs_moment(delta); }
template <class D>
TC_HD inline double abs_moment_any(const D& d, double delta) { return d.abs_moment(delta); }

// E[m(z)] by the trapezoid rule on z = +-exp(u), u in [-30, 12]: exponentially convergent for
// smooth integrands; used off the hot path (forecasts, reported persistence).
// kind 0: (|z| - gamma z)^delta; 1: z^2 1(z < 0); 2: z |z|.
template <class D>
TC_HD double dist_expectation(const D& d, int kind, double gamma, double delta) {
  const double h = 0.02, u0 = -30.0;
  const int nPts = 2101;
  double acc = 0.0;
  for (int side = 0; side < 2; ++side) {
    const double sgn = side ? -1.0 : 1.0;
    for (int i = 0; i < nPts; ++i) {
      const double u = u0 + h * i, a = exp(u), z = sgn * a;
      double m;
      if (kind == 0) m = pow(a - gamma * z, delta);
      else if (kind == 1) m = z < 0.0 ? z * z : 0.0;
      else m = z * a;
      const double w = (i == 0 || i == nPts - 1) ? 0.5 : 1.0;
      acc += w * m * exp(d.logpdf(z)) * a;
    }
  }
  return acc * h;
}

// Quantile by a bracketed Newton iteration on cdf (pdf from logpdf), starting at the normal one.
template <class D>
TC_HD double dist_quantile(const D& d, double p) {
  if (!(p > 0.0 && p < 1.0)) return kNaN;
  double x = norm_quantile(p);
  double lo = x - 1.0, hi = x + 1.0;
  for (int i = 0; i < 200 && d.cdf(lo) > p; ++i) lo = x - 2.0 * (x - lo);
  for (int i = 0; i < 200 && d.cdf(hi) < p; ++i) hi = x + 2.0 * (hi - x);
  for (int it = 0; it < 200; ++it) {
    const double f = d.cdf(x) - p;
    if (f > 0.0) hi = x; else lo = x;
    const double step = f / exp(d.logpdf(x));
    double xn = x - step;
    if (!(xn > lo && xn < hi)) xn = 0.5 * (lo + hi);
    if (fabs(xn - x) <= 1e-14 * (1.0 + fabs(x)) || hi - lo < 1e-14 * (1.0 + fabs(x))) return xn;
    x = xn;
  }
  return x;
}

}  // namespace garch
}  // namespace tc
