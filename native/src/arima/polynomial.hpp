// Lag-polynomial helpers: R's PACF <-> AR reparametrisation (stationarity by construction), the
// seasonal expansion phi(B)Phi(B^S), root-modulus tests and MA root flipping (R's maInvert).
#pragma once

#include <math.h>

#include "../kernels/hd.hpp"
#include "dual.hpp"
#include "spec.hpp"

namespace tc {
namespace arima {

// R's partrans: raw -> tanh -> PACF -> Durbin-Levinson -> AR coefficients of a stationary AR(p).
template <class T>
TC_HD inline void pacf_to_ar(int p, const T* raw, T* out) {
  T work[kMaxArLag];
  for (int j = 0; j < p; ++j) work[j] = out[j] = dtanh(raw[j]);
  for (int j = 1; j < p; ++j) {
    const T a = out[j];
    for (int k = 0; k < j; ++k) fms_acc(work[k], a, out[j - k - 1]);
    for (int k = 0; k < j; ++k) out[k] = work[k];
  }
}

// R's invpartrans; false when phi is not strictly stationary (raw left unset).
TC_HD inline bool ar_to_pacf(int p, const double* phi, double* raw) {
  double cur[kMaxArLag], work[kMaxArLag];
  for (int j = 0; j < p; ++j) cur[j] = phi[j];
  for (int j = p - 1; j > 0; --j) {
    const double a = cur[j];
    if (!(fabs(a) < 1.0)) return false;
    for (int k = 0; k < j; ++k) work[k] = (cur[k] + a * cur[j - k - 1]) / (1.0 - a * a);
    for (int k = 0; k < j; ++k) cur[k] = work[k];
  }
  for (int j = 0; j < p; ++j) {
    if (!(fabs(cur[j]) < 1.0)) return false;
    raw[j] = hd_atanh(cur[j]);
  }
  return true;
}

// All roots of 1 - sum phi_i z^i have modulus > radius: the AR with phi_i * radius^i is stationary.
TC_HD inline bool ar_roots_outside(int p, const double* phi, double radius) {
  double scaled[kMaxArLag], raw[kMaxArLag];
  double f = 1.0;
  int last = 0;
  for (int i = 0; i < p; ++i) {
    f *= radius;
    scaled[i] = phi[i] * f;
    if (fabs(phi[i]) > 1e-8) last = i + 1;  // forecast's myarima drops trailing ~0 coefficients
  }
  return ar_to_pacf(last, scaled, raw);
}

// Same for 1 + sum theta_i z^i.
TC_HD inline bool ma_roots_outside(int q, const double* theta, double radius) {
  double neg[kMaxMaLag] = {0.0};
  for (int i = 0; i < q; ++i) neg[i] = -theta[i];
  return ar_roots_outside(q, neg, radius);
}

// phi(B)Phi(B^S) and theta(B)Theta(B^S) in R's sign convention (x_t = sum phi_j x_{t-j} + ...,
// e_t + sum theta_j e_{t-j}), as R's ARIMA_transPars. Returns the expanded orders.
template <class T>
TC_HD inline void expand_seasonal(int p, int q, int sp, int sq, int S, const T* ar, const T* ma,
                                  const T* sar, const T* sma, T* phi, int* pFull, T* theta,
                                  int* qFull) {
  const int pf = p + S * sp, qf = q + S * sq;
  for (int i = 0; i < pf; ++i) phi[i] = T(0.0);
  for (int i = 0; i < qf; ++i) theta[i] = T(0.0);
  for (int i = 0; i < p; ++i) phi[i] = ar[i];
  for (int i = 0; i < q; ++i) theta[i] = ma[i];
  if (sp > 0) {
    phi[S - 1] += sar[0];
    for (int i = 0; i < p; ++i) fms_acc(phi[S + i], ar[i], sar[0]);
  }
  if (sq > 0) {
    theta[S - 1] += sma[0];
    for (int i = 0; i < q; ++i) fma_acc(theta[S + i], ma[i], sma[0]);
  }
  *pFull = pf;
  *qFull = qf;
}

struct Cplx {
  double re, im;
};
TC_HD inline Cplx cmul(Cplx a, Cplx b) { return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re}; }
TC_HD inline Cplx cdiv(Cplx a, Cplx b) {
  const double den = b.re * b.re + b.im * b.im;
  return {(a.re * b.re + a.im * b.im) / den, (a.im * b.re - a.re * b.im) / den};
}
TC_HD inline double cabs2(Cplx a) { return a.re * a.re + a.im * a.im; }

// R's maInvert for q <= kMaxQ: roots of 1 + theta_1 z + ... inside the unit circle are replaced by
// their reciprocals (same likelihood, invertible representation). Durand-Kerner on the monic form.
TC_HD inline void ma_invert(int q, double* theta) {
  int q0 = 0;
  for (int i = 0; i < q; ++i) if (theta[i] != 0.0) q0 = i + 1;
  if (q0 == 0 || ma_roots_outside(q0, theta, 1.0)) return;
  if (q0 == 1) { theta[0] = 1.0 / theta[0]; return; }
  // monic: z^q0 + (theta_{q0-1}/theta_q0) z^{q0-1} + ... + 1/theta_q0
  double c[kMaxQ + 1];  // c[i] = coefficient of z^i in the polynomial divided by theta_q0
  c[0] = 1.0 / theta[q0 - 1];
  for (int i = 1; i <= q0; ++i) c[i] = theta[i - 1] / theta[q0 - 1];
  Cplx z[kMaxQ];
  Cplx seed = {0.4, 0.9};
  z[0] = {1.0, 0.0};
  for (int i = 0; i < q0; ++i) z[i] = (i == 0) ? seed : cmul(z[i - 1], seed);
  for (int it = 0; it < 500; ++it) {
    double moved = 0.0;
    for (int i = 0; i < q0; ++i) {
      Cplx f = {1.0, 0.0};  // Horner, leading coefficient 1
      for (int j = q0 - 1; j >= 0; --j) { f = cmul(f, z[i]); f.re += c[j]; }
      Cplx den = {1.0, 0.0};
      for (int j = 0; j < q0; ++j)
        if (j != i) den = cmul(den, Cplx{z[i].re - z[j].re, z[i].im - z[j].im});
      const Cplx step = cdiv(f, den);
      z[i].re -= step.re;
      z[i].im -= step.im;
      moved += cabs2(step);
    }
    if (moved < 1e-30) break;
  }
  for (int i = 0; i < q0; ++i)
    if (cabs2(z[i]) < 1.0) z[i] = cdiv(Cplx{1.0, 0.0}, z[i]);
  // prod (1 - z / root_i) = 1 + sum theta_j z^j
  Cplx poly[kMaxQ + 1];
  poly[0] = {1.0, 0.0};
  for (int j = 1; j <= q0; ++j) poly[j] = {0.0, 0.0};
  for (int i = 0; i < q0; ++i) {
    const Cplx inv = cdiv(Cplx{-1.0, 0.0}, z[i]);
    for (int j = i + 1; j >= 1; --j) {
      const Cplx t = cmul(poly[j - 1], inv);
      poly[j].re += t.re;
      poly[j].im += t.im;
    }
  }
  for (int j = 0; j < q0; ++j) theta[j] = poly[j + 1].re;
}

}  // namespace arima
}  // namespace tc
