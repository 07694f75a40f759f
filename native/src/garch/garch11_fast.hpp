// Hand-specialised likelihood pass for the workhorse model — GARCH(1,1) with zero or constant mean
// — used by garch_negloglik in place of the generic composition (same results to rounding; the
// generic pass is its reference twin in tests/garch/fast_path_check.cpp). Why it is faster:
// derivatives live in scalars instead of ring buffers, the symmetric densities are evaluated from
// e^2 = z^2 / h (no sqrt), and sum log h_t is taken as the log of running products (one log per
// block instead of one per observation).
#pragma once

#include <math.h>

#include "distributions.hpp"
#include "spec.hpp"

namespace tc {
namespace garch {

TC_HD inline bool garch11_fast_applies(const GarchSpec& S) {
  return S.vol == kVolGarch && S.p == 1 && S.q == 1 && S.mean != kMeanArma;
}

template <class Dist, class X, class W>
TC_HD double negloglik_garch11(const GarchSpec& S, const GarchLayout& L, const double* th,
                               X x, int n, W ws, double* grad, double* opg) {
  const bool wantGrad = grad != nullptr || opg != nullptr;
  const int K = L.k;
  const bool hasMu = L.iMu >= 0;
  const double mu = hasMu ? th[L.iMu] : 0.0;
  const double omega = th[L.iOmega], alpha = th[L.iAlpha], beta = th[L.iBeta];
  if (!(omega > 0.0) || alpha < 0.0 || beta < 0.0) return kInf;
  if (S.enforceStationarity && !(alpha + beta < 1.0)) return kInf;
  Dist dist;
  const double skew = L.iSkew >= 0 ? th[L.iSkew] : S.skew;
  const double shape = L.iShape >= 0 ? th[L.iShape] : S.shape;
  if (!dist.prepare(skew, shape)) return kInf;
  if (n < 2) return kInf;

  // pass 1: residuals and pre-sample statistic (t0 = 0 for every init here)
  const W eps = ws;
  const W hs = ws + n;
  double v = 0.0, dvMu = 0.0;
  if (S.init == kInitBackcast) {
    const int tau = n < 75 ? n : 75;
    double w = 1.0, sw = 0.0;
    for (int t = 0; t < n; ++t) {
      const double e = x[t] - mu;
      eps[t] = e;
      if (t < tau) { v += w * e * e; dvMu += w * e; sw += w; w *= 0.94; }
    }
    v /= sw; dvMu *= -2.0 / sw;
  } else {
    for (int t = 0; t < n; ++t) { const double e = x[t] - mu; eps[t] = e; v += e * e; dvMu += e; }
    v /= n; dvMu *= -2.0 / n;
  }
  if (!(v > 0.0) || !is_finite(v)) return kInf;

  // h_0 = omega + (alpha + beta) v for the sample, fgarch and backcast starts alike
  double h = omega + (alpha + beta) * v;
  double dMu = (alpha + beta) * dvMu, dOm = 1.0, dAl = v, dBe = v;
  double llDist = 0.0, logProd = 0.0, prod = 1.0;
  double gMu = 0.0, gOm = 0.0, gAl = 0.0, gBe = 0.0, gSk = 0.0, gSh = 0.0;
  if (opg) for (int k = 0; k < K * K; ++k) opg[k] = 0.0;
  // e_{t-1} and h_{t-1} ride in registers (ep, hp), not re-read from the workspace: on the GPU the
  // workspace is device memory, and h's recursion would wait on a store-then-load every step
  double ep = 0.0, hp = 0.0;
  for (int t = 0; t < n; ++t) {
    if (t > 0) {
      h = omega + alpha * ep * ep + beta * hp;
      if (wantGrad) {
        dMu = -2.0 * alpha * ep + beta * dMu;
        dOm = 1.0 + beta * dOm;
        dAl = ep * ep + beta * dAl;
        dBe = hp + beta * dBe;
      }
    }
    if (!(h > 0.0)) return kInf;
    hs[t] = h;
    prod *= h;
    if (!(prod > 1e-200 && prod < 1e200)) { logProd += log(prod); prod = 1.0; }
    const double e0 = eps[t], ih = 1.0 / h;
    ep = e0;
    hp = h;
    double A, B, dSk = 0.0, dSh = 0.0;  // score = A * dz/dtheta + B * dh/dtheta + dist terms
    if constexpr (Dist::kSymmetric) {
      const double e2 = e0 * e0 * ih;
      double w;
      llDist += dist.logpdf_e2(e2, w, dSh);
      A = -w * e0 * ih;                 // psi / s
      B = 0.5 * (w * e2 - 1.0) * ih;    // -(1 + e psi) / (2 h)
    } else {
      const double s = sqrt(h), e = e0 / s;
      double psi;
      llDist += dist.logpdf_d(e, psi, dSk, dSh);
      A = psi / s;
      B = -0.5 * (1.0 + e * psi) * ih;
    }
    if (wantGrad) {
      const double sMu = B * dMu - A, sOm = B * dOm, sAl = B * dAl, sBe = B * dBe;
      gMu += sMu; gOm += sOm; gAl += sAl; gBe += sBe; gSk += dSk; gSh += dSh;
      if (opg) {
        double gt[kMaxParams];
        if (hasMu) gt[L.iMu] = sMu;
        gt[L.iOmega] = sOm; gt[L.iAlpha] = sAl; gt[L.iBeta] = sBe;
        if (L.iSkew >= 0) gt[L.iSkew] = dSk;
        if (L.iShape >= 0) gt[L.iShape] = dSh;
        for (int i = 0; i < K; ++i)
          for (int j = i; j < K; ++j) opg[i * K + j] += gt[i] * gt[j];
      }
    }
  }
  logProd += log(prod);
  const double ll = llDist - 0.5 * logProd;
  if (!is_finite(ll)) return kInf;
  if (grad) {
    if (hasMu) grad[L.iMu] = -gMu;
    grad[L.iOmega] = -gOm; grad[L.iAlpha] = -gAl; grad[L.iBeta] = -gBe;
    if (L.iSkew >= 0) grad[L.iSkew] = -gSk;
    if (L.iShape >= 0) grad[L.iShape] = -gSh;
  }
  if (opg)
    for (int i = 0; i < K; ++i)
      for (int j = 0; j < i; ++j) opg[i * K + j] = opg[j * K + i];
  return -ll;
}

}  // namespace garch
}  // namespace tc
