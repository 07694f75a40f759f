// Volatility components. PowerVol covers the family h_t = omega + sum_i news_i(z_{t-i}) +
// sum_j beta_j h_{t-j} in "power" units h = sigma^delta, with the news term chosen at compile time:
//   GARCH  : alpha_i z^2
//   GJR    : alpha_i z^2 + gamma_i z^2 1(z < 0)               (arch's parameterisation)
//   APARCH : alpha_i (|z| - gamma_i z)^delta                   (fGarch's parameterisation)
// EgarchVol is arch's EGARCH(1,1) on log sigma^2. Each step returns h_t and, when asked, dh_t/dtheta
// over the mean and volatility slices, propagated from the lagged derivatives (the recursion's
// analytic gradient). Pre-sample values come from one statistic v (mean of z^2 or backcast).
#pragma once

#include <math.h>

#include "spec.hpp"

namespace tc {
namespace garch {

struct VolPresample {
  int init = kInitSample;
  int t0 = 0;               // first observation in the likelihood
  double v = 0.0;           // mean (or backcast) of squared residuals
  double dv[kMaxParams];    // dv/dtheta over the mean slice
  double logSd = 0.0;       // log sd(x) when fGarch's scaled start applies, else 0
};

template <int KIND>
struct PowerVol {
  double omega, alpha[kMaxLag], gamma[kMaxLag], beta[kMaxLag], delta, invDelta;
  int p, nGamma, q, iOmega, iAlpha, iGamma, iBeta, iDelta, km, kh;
  bool delta2;
  // pre-sample state
  int init, t0, tRec;
  double v, P0, Z0, dZ0dDelta, dvInitDelta;
  double dv[kMaxParams], dZ0[kMaxParams];

  TC_HD bool load(const GarchSpec& S, const GarchLayout& L, const double* th) {
    p = L.nAlpha; nGamma = L.nGamma; q = L.nBeta;
    iOmega = L.iOmega; iAlpha = L.iAlpha; iGamma = L.iGamma; iBeta = L.iBeta; iDelta = L.iDelta;
    km = L.nMean; kh = L.nVolEnd;
    omega = th[iOmega];
    if (!(omega > 0.0)) return false;
    for (int i = 0; i < p; ++i) { alpha[i] = th[iAlpha + i]; if (alpha[i] < 0.0) return false; }
    for (int i = 0; i < kMaxLag; ++i) gamma[i] = 0.0;
    for (int i = 0; i < nGamma; ++i) gamma[i] = th[iGamma + i];
    for (int j = 0; j < q; ++j) { beta[j] = th[iBeta + j]; if (beta[j] < 0.0) return false; }
    if (KIND == kVolGjr)
      for (int i = 0; i < nGamma; ++i) if (alpha[i] + gamma[i] < 0.0) return false;
    if (KIND == kVolAparch)
      for (int i = 0; i < nGamma; ++i) if (!(fabs(gamma[i]) < 1.0)) return false;
    delta = volatility_delta(S, L, th);
    if (!(delta > 0.0)) return false;
    invDelta = 1.0 / delta;
    delta2 = delta == 2.0 && iDelta < 0;  // fast path only when delta is not estimated
    return true;
  }

  // Persistence for the stationarity constraint; absDelta = E|z|^delta of the innovation
  // (symmetric approximation for APARCH and GJR, exact for the rest).
  TC_HD double persistence(double absDelta) const {
    double s = 0.0;
    for (int j = 0; j < q; ++j) s += beta[j];
    for (int i = 0; i < p; ++i) {
      if (KIND == kVolAparch)
        s += alpha[i] * 0.5 * (pow(1.0 - gamma[i], delta) + pow(1.0 + gamma[i], delta)) * absDelta;
      else s += alpha[i];
    }
    if (KIND == kVolGjr) for (int i = 0; i < nGamma; ++i) s += 0.5 * gamma[i];
    return s;
  }

  TC_HD bool presample(const VolPresample& ps, bool grad) {
    init = ps.init; t0 = ps.t0; v = ps.v;
    double dvdDelta = 0.0;  // fGarch's scaled start: v sd^(delta - 2)
    if (init == kInitFgarch && ps.logSd != 0.0 && !delta2) {
      v *= exp((delta - 2.0) * ps.logSd);
      if (iDelta >= 0) dvdDelta = v * ps.logSd;
    }
    tRec = init == kInitFgarch ? t0 + (p > q ? p : q) : t0;
    // fGarch's mci start uses the unleveraged persistence and raw mean(z^2) for every family.
    P0 = 0.0;
    for (int i = 0; i < p; ++i) P0 += alpha[i];
    for (int j = 0; j < q; ++j) P0 += beta[j];
    if (delta2) { Z0 = v; dZ0dDelta = 0.0; }
    else { Z0 = pow(v, 0.5 * delta); dZ0dDelta = 0.5 * log(v) * Z0; }
    if (grad) {
      const double c = delta2 ? 1.0 : 0.5 * delta * Z0 / v;
      const double f = v / ps.v;
      for (int k = 0; k < km; ++k) { dv[k] = f * ps.dv[k]; dZ0[k] = c * ps.dv[k]; }
      dvInitDelta = dvdDelta;
    }
    return Z0 > 0.0 && is_finite(Z0);
  }

  // h_t; dE[i] / dH[j] hold dz/dtheta and dh/dtheta at lag i+1 / j+1.
  template <class E, class Hs>
  TC_HD double step(int t, E eps, Hs h, const double* const* dE,
                    const double* const* dH, double* dh, bool grad) const {
    if (t < tRec) {
      if (grad) {
        for (int k = 0; k < kh; ++k) dh[k] = 0.0;
        dh[iOmega] = 1.0;
        for (int i = 0; i < p; ++i) dh[iAlpha + i] = v;
        for (int j = 0; j < q; ++j) dh[iBeta + j] = v;
        for (int k = 0; k < km; ++k) dh[k] = P0 * dv[k];
        if (iDelta >= 0) dh[iDelta] = P0 * dvInitDelta;
      }
      return omega + P0 * v;
    }
    double hv = omega;
    if (grad) { for (int k = 0; k < kh; ++k) dh[k] = 0.0; dh[iOmega] = 1.0; }
    for (int i = 0; i < p; ++i) {
      const int lag = t - 1 - i;
      const double a = alpha[i];
      if (lag < t0) {
        double coef = a;
        hv += a * Z0;
        if (KIND == kVolGjr && i < nGamma) { hv += gamma[i] * 0.5 * Z0; coef += 0.5 * gamma[i]; }
        if (grad) {
          dh[iAlpha + i] += Z0;
          if (KIND == kVolGjr && i < nGamma) dh[iGamma + i] += 0.5 * Z0;
          if (iDelta >= 0) dh[iDelta] += a * dZ0dDelta;
          for (int k = 0; k < km; ++k) dh[k] += coef * dZ0[k];
        }
        continue;
      }
      const double e = eps[lag];
      double c;  // d news / d z
      if (KIND == kVolGarch) {
        const double e2 = e * e;
        hv += a * e2;
        c = 2.0 * a * e;
        if (grad) dh[iAlpha + i] += e2;
      } else if (KIND == kVolGjr) {
        const double e2 = e * e;
        const bool neg = e < 0.0 && i < nGamma;
        hv += a * e2 + (neg ? gamma[i] * e2 : 0.0);
        c = 2.0 * e * (a + (neg ? gamma[i] : 0.0));
        if (grad) { dh[iAlpha + i] += e2; if (neg) dh[iGamma + i] += e2; }
      } else {
        const double g = gamma[i];
        const double u = fabs(e) - g * e;
        if (u <= 0.0) { c = 0.0; continue; }
        double ud, lu = 0.0;
        if (delta2) ud = u * u;
        else { lu = log(u); ud = exp(delta * lu); }
        hv += a * ud;
        const double dud = delta * ud / u;  // d u^delta / du
        c = a * dud * ((e > 0.0 ? 1.0 : (e < 0.0 ? -1.0 : 0.0)) - g);
        if (grad) {
          dh[iAlpha + i] += ud;
          if (i < nGamma && iGamma >= 0) dh[iGamma + i] += -a * dud * e;
          if (iDelta >= 0) dh[iDelta] += a * ud * lu;
        }
      }
      if (grad) for (int k = 0; k < km; ++k) dh[k] += c * dE[i][k];
    }
    for (int j = 0; j < q; ++j) {
      const int lag = t - 1 - j;
      const double b = beta[j];
      if (lag < t0) {
        hv += b * Z0;
        if (grad) {
          dh[iBeta + j] += Z0;
          if (iDelta >= 0) dh[iDelta] += b * dZ0dDelta;
          for (int k = 0; k < km; ++k) dh[k] += b * dZ0[k];
        }
      } else {
        hv += b * h[lag];
        if (grad) {
          dh[iBeta + j] += h[lag];
          const double* d = dH[j];
          for (int k = 0; k < kh; ++k) dh[k] += b * d[k];
        }
      }
    }
    return hv;
  }

  // sigma_t = h_t^(1/delta): log sigma, sigma and d log sigma / dtheta.
  TC_HD bool scale(double hv, const double* dh, double& logs, double& s, double* dlogs,
                   bool grad) const {
    if (!(hv > 0.0)) return false;
    const double lnh = log(hv);
    logs = lnh * invDelta;
    s = delta2 ? sqrt(hv) : exp(logs);
    if (grad) {
      const double c = invDelta / hv;
      for (int k = 0; k < kh; ++k) dlogs[k] = c * dh[k];
      if (iDelta >= 0) dlogs[iDelta] -= lnh * invDelta * invDelta;
    }
    return true;
  }
  TC_HD void after(double, double, const double*, const double*, bool) {}
};

// arch's EGARCH(1,1): ln s2_t = omega + alpha (|e_{t-1}| - sqrt(2/pi)) + gamma e_{t-1}
//                              + beta ln s2_{t-1},  e = z / s. State h_t = ln s2_t.
struct EgarchVol {
  double omega, alpha, gamma, beta;
  int iOmega, iAlpha, iGamma, iBeta, km, kh;
  int t0;
  double lnv, prevE;
  double dlnv[kMaxParams], prevDe[kMaxParams];
  static constexpr double kAbsMeanNormal = 0.79788456080286535588;  // sqrt(2/pi)

  TC_HD bool load(const GarchSpec&, const GarchLayout& L, const double* th) {
    iOmega = L.iOmega; iAlpha = L.iAlpha; iGamma = L.iGamma; iBeta = L.iBeta;
    km = L.nMean; kh = L.nVolEnd;
    omega = th[iOmega]; alpha = th[iAlpha]; gamma = th[iGamma]; beta = th[iBeta];
    return fabs(beta) < 1.0;
  }
  TC_HD double persistence(double) const { return beta; }
  TC_HD bool presample(const VolPresample& ps, bool grad) {
    t0 = ps.t0;
    if (!(ps.v > 0.0)) return false;
    lnv = log(ps.v);
    if (grad) for (int k = 0; k < km; ++k) dlnv[k] = ps.dv[k] / ps.v;
    prevE = 0.0;
    return true;
  }
  template <class E, class Hs>
  TC_HD double step(int t, E, Hs h, const double* const*,
                    const double* const* dH, double* dh, bool grad) const {
    if (grad) { for (int k = 0; k < kh; ++k) dh[k] = 0.0; dh[iOmega] = 1.0; }
    if (t == t0) {
      if (grad) { dh[iBeta] = lnv; for (int k = 0; k < km; ++k) dh[k] += beta * dlnv[k]; }
      return omega + beta * lnv;
    }
    const double e = prevE, ae = fabs(e);
    const double hv = omega + alpha * (ae - kAbsMeanNormal) + gamma * e + beta * h[t - 1];
    if (grad) {
      dh[iAlpha] += ae - kAbsMeanNormal;
      dh[iGamma] += e;
      dh[iBeta] += h[t - 1];
      const double c = alpha * (e > 0.0 ? 1.0 : (e < 0.0 ? -1.0 : 0.0)) + gamma;
      const double* d = dH[0];
      for (int k = 0; k < kh; ++k) dh[k] += c * prevDe[k] + beta * d[k];
    }
    return hv;
  }
  TC_HD bool scale(double hv, const double* dh, double& logs, double& s, double* dlogs,
                   bool grad) const {
    if (!(hv < 700.0 && hv > -700.0)) return false;
    logs = 0.5 * hv;
    s = exp(logs);
    if (grad) for (int k = 0; k < kh; ++k) dlogs[k] = 0.5 * dh[k];
    return true;
  }
  // Carry e_t and de_t/dtheta = dz_t/s_t - e_t dlog s_t to the next step.
  TC_HD void after(double e, double s, const double* dE, const double* dlogs, bool grad) {
    prevE = e;
    if (grad) {
      const double is = 1.0 / s;
      for (int k = 0; k < kh; ++k) prevDe[k] = (k < km ? dE[k] * is : 0.0) - e * dlogs[k];
    }
  }
};

}  // namespace garch
}  // namespace tc
