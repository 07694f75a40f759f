// The negative log-likelihood and its analytic gradient in one pass over the data.
// Pass 1 fills z_t (workspace[0, n)) and the pre-sample statistic v with dv/dtheta; pass 2 runs the
// volatility recursion (sigma state in workspace[n, 2n)), the density and the score of each
// observation. Optionally accumulates sum_t g_t g_t' (outer product of per-observation scores, for
// BHHH starts and the Bollerslev–Wooldridge sandwich). Infeasible parameters return +inf.
#pragma once

#include <math.h>

#include "distributions.hpp"
#include "garch11_fast.hpp"
#include "mean_model.hpp"
#include "spec.hpp"
#include "volatility.hpp"

namespace tc {
namespace garch {

// arch's backcast weights 0.94^i, i < 75, normalised over the residuals actually available.
constexpr int kBackcastLength = 75;
constexpr double kBackcastDecay = 0.94;

TC_HD inline int first_likelihood_obs(const GarchSpec& S, const GarchLayout& L) {
  if (S.init == kInitFgarch) return 0;
  return L.nAr > L.nMa ? L.nAr : L.nMa;
}

template <class Vol, class Dist, class X, class W>
TC_HD double negloglik(const GarchSpec& S, const GarchLayout& L, const double* th, X x,
                       int n, W ws, double* grad, double* opg) {
  const bool wantGrad = grad != nullptr || opg != nullptr;
  const int K = L.k, km = L.nMean, kh = L.nVolEnd;
  MeanModel mean;
  mean.load(L, th);
  Dist dist;
  const double skew = L.iSkew >= 0 ? th[L.iSkew] : S.skew;
  const double shape = L.iShape >= 0 ? th[L.iShape] : S.shape;
  if (!dist.prepare(skew, shape)) return kInf;
  Vol vol;
  if (!vol.load(S, L, th)) return kInf;
  if (S.enforceStationarity) {
    const double absDelta =
        S.vol == kVolAparch ? abs_moment_any(dist, volatility_delta(S, L, th)) : 1.0;
    if (!(vol.persistence(absDelta) < 1.0)) return kInf;
  }

  const W eps = ws;
  const W hs = ws + n;
  const int t0 = first_likelihood_obs(S, L);
  const int nLL = n - t0;
  if (nLL < 2) return kInf;

  // Pass 1: residuals and the pre-sample statistic.
  VolPresample ps;
  ps.init = S.init;
  ps.t0 = t0;
  for (int k = 0; k < kMaxParams; ++k) ps.dv[k] = 0.0;
  double dRing[3][kMaxParams];
  for (int r = 0; r < 3; ++r)
    for (int k = 0; k < kMaxParams; ++k) dRing[r][k] = 0.0;
  const bool backcast = S.init == kInitBackcast;
  const int tau = nLL < kBackcastLength ? nLL : kBackcastLength;
  double wNorm = 1.0 / nLL;
  if (backcast) {
    double sw = 0.0, w = 1.0;
    for (int i = 0; i < tau; ++i) { sw += w; w *= kBackcastDecay; }
    wNorm = 1.0 / sw;
  }
  const bool scaledStart = S.init == kInitFgarch && S.fgarchScaledStart && S.vol == kVolAparch;
  double sx = 0.0, sxx = 0.0;
  double v = 0.0, w = wNorm;
  for (int t = 0; t < n; ++t) {
    if (scaledStart) { sx += x[t]; sxx += x[t] * x[t]; }
    const double e = mean.residual(x, eps, t);
    eps[t] = e;
    if (t < t0) continue;
    if (backcast && t - t0 >= tau) continue;
    v += w * e * e;
    if (wantGrad && km > 0) {
      double* dc = dRing[t % 3];
      mean.residual_grad(x, eps, t, dRing[(t + 2) % 3], dRing[(t + 1) % 3], dc);
      for (int k = 0; k < km; ++k) ps.dv[k] += 2.0 * w * e * dc[k];
    }
    if (backcast) w *= kBackcastDecay;
  }
  ps.v = v;
  if (scaledStart) ps.logSd = 0.5 * log((sxx - sx * sx / n) / (n - 1));
  if (!(v > 0.0) || !is_finite(v)) return kInf;
  if (!vol.presample(ps, wantGrad)) return kInf;

  // Pass 2: recursion, density, scores.
  double dE[3][kMaxParams], dH[3][kMaxParams];
  for (int r = 0; r < 3; ++r)
    for (int k = 0; k < kMaxParams; ++k) { dE[r][k] = 0.0; dH[r][k] = 0.0; }
  double G[kMaxParams], gt[kMaxParams], dlogs[kMaxParams];
  for (int k = 0; k < K; ++k) { G[k] = 0.0; gt[k] = 0.0; dlogs[k] = 0.0; }
  if (opg) for (int k = 0; k < K * K; ++k) opg[k] = 0.0;
  double ll = 0.0;
  for (int t = t0; t < n; ++t) {
    double* dEc = dE[t % 3];
    double* dHc = dH[t % 3];
    const double* dEl[2] = {dE[(t + 2) % 3], dE[(t + 1) % 3]};
    const double* dHl[2] = {dH[(t + 2) % 3], dH[(t + 1) % 3]};
    if (wantGrad && km > 0) mean.residual_grad(x, eps, t, dEl[0], dEl[1], dEc);
    const double hv = vol.step(t, eps, hs, dEl, dHl, dHc, wantGrad);
    hs[t] = hv;
    double logs, s;
    if (!vol.scale(hv, dHc, logs, s, dlogs, wantGrad)) return kInf;
    const double e = eps[t] / s;
    if (!wantGrad) {
      ll += dist.logpdf(e) - logs;
    } else {
      double psi, dSkew, dShape;
      ll += dist.logpdf_d(e, psi, dSkew, dShape) - logs;
      const double A = psi / s, B = -(1.0 + e * psi);
      for (int k = 0; k < kh; ++k) gt[k] = B * dlogs[k];
      for (int k = 0; k < km; ++k) gt[k] += A * dEc[k];
      if (L.iSkew >= 0) gt[L.iSkew] = dSkew;
      if (L.iShape >= 0) gt[L.iShape] = dShape;
      for (int k = 0; k < K; ++k) G[k] += gt[k];
      if (opg)
        for (int i = 0; i < K; ++i)
          for (int j = i; j < K; ++j) opg[i * K + j] += gt[i] * gt[j];
    }
    vol.after(e, s, dEc, dlogs, wantGrad);
  }
  if (!is_finite(ll)) return kInf;
  if (grad) for (int k = 0; k < K; ++k) grad[k] = -G[k];
  if (opg)
    for (int i = 0; i < K; ++i)
      for (int j = 0; j < i; ++j) opg[i * K + j] = opg[j * K + i];
  return -ll;
}

template <class Vol, class X, class W>
TC_HD double negloglik_dist(const GarchSpec& S, const GarchLayout& L, const double* th,
                            X x, int n, W ws, double* grad, double* opg) {
  switch (S.dist) {
    case kDistStd: return negloglik<Vol, StdDist, X, W>(S, L, th, x, n, ws, grad, opg);
    case kDistSstd: return negloglik<Vol, SstdDist, X, W>(S, L, th, x, n, ws, grad, opg);
    case kDistGed: return negloglik<Vol, GedDist, X, W>(S, L, th, x, n, ws, grad, opg);
    default: return negloglik<Vol, NormalDist, X, W>(S, L, th, x, n, ws, grad, opg);
  }
}

// The one place a spec is mapped to component types.
template <class X, class W>
TC_HD double garch_negloglik(const GarchSpec& S, const GarchLayout& L, const double* th,
                             X x, int n, W ws, double* grad, double* opg) {
  if (garch11_fast_applies(S) && !S.disableFastPath) {
    switch (S.dist) {
      case kDistStd: return negloglik_garch11<StdDist, X, W>(S, L, th, x, n, ws, grad, opg);
      case kDistSstd: return negloglik_garch11<SstdDist, X, W>(S, L, th, x, n, ws, grad, opg);
      case kDistGed: return negloglik_garch11<GedDist, X, W>(S, L, th, x, n, ws, grad, opg);
      default: return negloglik_garch11<NormalDist, X, W>(S, L, th, x, n, ws, grad, opg);
    }
  }
  switch (S.vol) {
    case kVolGjr: return negloglik_dist<PowerVol<kVolGjr>, X, W>(S, L, th, x, n, ws, grad, opg);
    case kVolAparch: return negloglik_dist<PowerVol<kVolAparch>, X, W>(S, L, th, x, n, ws, grad, opg);
    case kVolEgarch: return negloglik_dist<EgarchVol, X, W>(S, L, th, x, n, ws, grad, opg);
    default: return negloglik_dist<PowerVol<kVolGarch>, X, W>(S, L, th, x, n, ws, grad, opg);
  }
}

}  // namespace garch
}  // namespace tc
