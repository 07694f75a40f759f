// The two objectives R's arima minimises, written once on a scalar template T (double for values,
// Dual<k> for exact gradients):
//   css_objective   : 0.5 log(ssq / nu) of the conditional residuals (R's ARIMA_CSS), and
//   exact_objective : 0.5 (log(ssq / nu) + sumlog / nu), the sigma2-concentrated exact Gaussian
//                     likelihood from the Kalman filter (R's ARIMA_Like), so that
//                     loglik = -0.5 (2 nu obj + nu + nu log(2 pi)) is R's fit$loglik.
// Both act on the differenced series w (length nw) minus the constant c.
#pragma once

#include <math.h>

#include "../kernels/hd.hpp"
#include "dual.hpp"
#include "spec.hpp"

namespace tc {
namespace arima {

// Lag structure of the expanded polynomials: coefficient arrays are dense (index = lag - 1), the
// lists name the lags that can be non-zero, so seasonal models skip the structural zeros.
struct LagSet {
  int n = 0;
  int lag[2 * (kMaxP + 1) + 2];
};

TC_HD inline LagSet make_lags(int p, int sp, int S) {
  LagSet s;
  for (int i = 1; i <= p; ++i) s.lag[s.n++] = i;
  if (sp > 0)
    for (int i = 0; i <= p; ++i) s.lag[s.n++] = S + i;
  return s;
}

// Scratch (in T elements) the exact objective needs for state dimension r and expanded AR order pf.
TC_HD inline int exact_scratch_elems(int r, int pf) {
  return 5 * r * r + 8 * r + (pf + 1) * (pf + 2) + 8;
}

// Stationary covariance P0 of the Harvey state (sigma2 = 1), r = max(pf, qf + 1): the solution of
// P0 = T P0 T' + R R' that R obtains with Gardner et al.'s Q0 (its default SSinit). Built from the
// ARMA autocovariances gamma(0..r-1) and the psi weights, since state i is
//   alpha_t[i] = sum_{j>=0} phi_{i+j+1} y_{t-1-j} + R_{i+j} e_{t-j},  R = (1, theta_1, ...),
// which is O(r^3) where Gardner's algorithm is O(r^6) -- it matters for seasonal models (r = 16).
// Returns false when the AR part is numerically non-stationary (singular autocovariance system).
template <class T>
TC_HD inline bool stationary_cov(const T* phi, int pf, const T* theta, int qf, int r, T* P0,
                                 T* scratch) {
  T* psi = scratch;            // r + 1
  T* gam = psi + (r + 1);      // r (+ pf)
  T* A = gam + (r + pf + 1);   // (pf + 1) x (pf + 2) augmented system
  T* G = A + (pf + 1) * (pf + 2);  // r x r, rows: Gamma a_l
  T* Cb = G + r * r;               // r x r, rows: C b_l
  auto ph = [&](int i) -> T { return (i >= 1 && i <= pf) ? phi[i - 1] : T(0.0); };
  auto th = [&](int i) -> T { return i == 0 ? T(1.0) : ((i >= 1 && i <= qf) ? theta[i - 1] : T(0.0)); };
  // psi weights
  for (int j = 0; j <= r; ++j) {
    T s = th(j);
    for (int i = 1; i <= pf && i <= j; ++i) fma_acc(s, phi[i - 1], psi[j - i]);
    psi[j] = s;
  }
  // gamma(0..pf): gamma(k) - sum_i phi_i gamma(|k-i|) = sum_{j=k}^{qf} theta_j psi_{j-k}
  const int m = pf + 1;
  for (int k = 0; k < m; ++k) {
    T* row = A + k * (m + 1);
    for (int c = 0; c <= m; ++c) row[c] = T(0.0);
    row[k] = row[k] + 1.0;
    for (int i = 1; i <= pf; ++i) {
      const int c = k - i < 0 ? i - k : k - i;
      row[c] -= phi[i - 1];
    }
    T rhs(0.0);
    for (int j = k; j <= qf; ++j) fma_acc(rhs, th(j), psi[j - k]);
    row[m] = rhs;
  }
  for (int c = 0; c < m; ++c) {  // Gaussian elimination, partial pivoting on the values
    int piv = c;
    for (int rr = c + 1; rr < m; ++rr)
      if (fabs(value(A[rr * (m + 1) + c])) > fabs(value(A[piv * (m + 1) + c]))) piv = rr;
    if (!(fabs(value(A[piv * (m + 1) + c])) > 1e-12)) return false;
    if (piv != c)
      for (int cc = 0; cc <= m; ++cc) {
        const T t = A[c * (m + 1) + cc];
        A[c * (m + 1) + cc] = A[piv * (m + 1) + cc];
        A[piv * (m + 1) + cc] = t;
      }
    const T inv = 1.0 / A[c * (m + 1) + c];
    for (int rr = 0; rr < m; ++rr) {
      if (rr == c) continue;
      const T f = A[rr * (m + 1) + c] * inv;
      for (int cc = c; cc <= m; ++cc) fms_acc(A[rr * (m + 1) + cc], f, A[c * (m + 1) + cc]);
    }
  }
  for (int k = 0; k < m; ++k) gam[k] = A[k * (m + 1) + m] / A[k * (m + 1) + k];
  for (int k = m; k < r; ++k) {
    T s(0.0);
    for (int i = 1; i <= pf; ++i) fma_acc(s, phi[i - 1], gam[k - i]);
    for (int j = k; j <= qf; ++j) fma_acc(s, th(j), psi[j - k]);
    gam[k] = s;
  }
  // a_l[j] = phi_{l+j+1}, b_l[j] = R_{l+j}; Gamma[j][m] = gamma(|j-m|); C[j][m] = psi_{m-1-j} (m > j)
  for (int l = 0; l < r; ++l) {
    for (int j = 0; j < r; ++j) {
      T g(0.0), cb(0.0);
      for (int mm = 0; mm < r; ++mm) {
        const T a = ph(l + mm + 1);
        if (l + mm + 1 <= pf) fma_acc(g, gam[j > mm ? j - mm : mm - j], a);
        if (mm > j) fma_acc(cb, psi[mm - 1 - j], th(l + mm));
      }
      G[l * r + j] = g;
      Cb[l * r + j] = cb;
    }
  }
  for (int i = 0; i < r; ++i) {
    for (int l = i; l < r; ++l) {
      T s(0.0);
      for (int j = 0; j < r; ++j) {
        const T ai = ph(i + j + 1), al = ph(l + j + 1);
        fma_acc(s, ai, G[l * r + j]);
        fma_acc(s, ai, Cb[l * r + j]);
        fma_acc(s, al, Cb[i * r + j]);
        fma_acc(s, th(i + j), th(l + j));
      }
      P0[i * r + l] = s;
      P0[l * r + i] = s;
    }
  }
  return true;
}

// sumlog += log F with invF = 1 / F known: the value as a running product prod (F >= 1 on the
// Chandrasekhar path; the caller adds log(prod) at the end), the derivatives as dF / F.
TC_HD inline void log_acc(double& sumlog, double& prod, double F, double /*invF*/) {
  prod *= F;
  if (prod > 1e150) { sumlog += hd_log(prod); prod = 1.0; }  // F < 1e4 per factor: no overflow
}
template <int N>
TC_HD inline void log_acc(Dual<N>& sumlog, double& prod, const Dual<N>& F, const Dual<N>& invF) {
  prod *= F.v;
  if (prod > 1e150) { sumlog.v += hd_log(prod); prod = 1.0; }
  for (int i = 0; i < N; ++i) sumlog.d[i] += F.d[i] * invF.v;
}

// Sums the exact filter produces; obj = 0.5 (log(ssq / nu) + sumlog / nu).
template <class T>
struct FilterSums {
  T ssq, sumlog;
  int nu;
};

// Switch from the Kalman recursion to the plain ARMA residual recursion once the one-step variance
// F_t is within this of its limit 1: the filtered state covariance is then ~0, so the two agree to
// O(tol) in the likelihood (Gardner et al.'s "quick recursions"). 0 disables the switch.
constexpr double kFastSwitchTol = 1e-9;

// The reported (final) pass switches only when F_t - 1 is a few ulps: the neglected terms are
// O(F_t - 1) per step, summing to < 1e-15 / (1 - rho^2) in the loglik (rho: largest root modulus),
// below the ~1e-12 rounding difference between filter forms.
constexpr double kFinalSwitchTol = 1e-15;

// Innovation history ring: a power of two above the longest MA lag, indexed with a mask.
constexpr int kRingSize = 32;
constexpr int kRingMask = kRingSize - 1;
static_assert(kRingSize > kMaxMaLag, "ring must hold every MA lag");

struct FilterOut {       // optional outputs of the final (double) pass
  double* resid = nullptr;   // nw standardised residuals (y - yhat) / sqrt(F_t), as R's residuals
  double* aFilt = nullptr;   // r: filtered state at the last observation
  double* PFilt = nullptr;   // r x r: its covariance (sigma2 = 1)
};

// The plain ARMA residual recursion from t0 on (the "quick recursions" after the Kalman filter has
// converged, and the CSS residuals): e_t = (w_t - sum phi_L w_{t-L}) - c (1 - sum phi_L)
// - sum theta_L e_{t-L}. ehist holds e_{t0-1}, e_{t0-2}, ... (ring); ssq accumulates e_t^2.
template <class T>
TC_HD inline void arma_tail(const double* w, int t0, int nw, const T& c, const T* phi,
                            const LagSet& arLags, const T* theta, const LagSet& maLags, T* ehist,
                            T* ssq, double* resid) {
  T sphi(0.0);
  for (int k = 0; k < arLags.n; ++k) sphi += phi[arLags.lag[k] - 1];
  const T cc = c * (1.0 - sphi);
  T acc = *ssq;
  for (int t = t0; t < nw; ++t) {
    T e = T(w[t]) - cc;
    for (int k = 0; k < arLags.n; ++k) e -= phi[arLags.lag[k] - 1] * w[t - arLags.lag[k]];
    T m(0.0);
    for (int k = 0; k < maLags.n; ++k)
      fma_acc(m, theta[maLags.lag[k] - 1], ehist[(t - maLags.lag[k]) & kRingMask]);
    e -= m;
    ehist[t & kRingMask] = e;
    fma_acc(acc, e, e);
    if (resid) resid[t] = value(e);
  }
  *ssq = acc;
}

// Same recursion for Dual<N>, structure-of-arrays: values and derivative lanes in separate
// registers, phi * w as double products. About 2.5x faster than the generic operators.
template <int N>
TC_HD inline void arma_tail(const double* w, int t0, int nw, const Dual<N>& c, const Dual<N>* phi,
                            const LagSet& arLags, const Dual<N>* theta, const LagSet& maLags,
                            Dual<N>* ehist, Dual<N>* ssq, double* resid) {
  double ev[kRingSize], ed[kRingSize][N];
  for (int i = 0; i < kRingSize; ++i) {
    ev[i] = ehist[i].v;
    for (int j = 0; j < N; ++j) ed[i][j] = ehist[i].d[j];
  }
  Dual<N> sphi(0.0);
  for (int k = 0; k < arLags.n; ++k) sphi += phi[arLags.lag[k] - 1];
  const Dual<N> cc = c * (1.0 - sphi);
  int nar = arLags.n, nma = maLags.n;
  int arL[2 * (kMaxP + 1) + 2], maL[2 * (kMaxP + 1) + 2];
  double arV[2 * (kMaxP + 1) + 2], maV[2 * (kMaxP + 1) + 2];
  double arD[2 * (kMaxP + 1) + 2][N], maD[2 * (kMaxP + 1) + 2][N];
  for (int k = 0; k < nar; ++k) {
    arL[k] = arLags.lag[k];
    arV[k] = phi[arL[k] - 1].v;
    for (int j = 0; j < N; ++j) arD[k][j] = phi[arL[k] - 1].d[j];
  }
  for (int k = 0; k < nma; ++k) {
    maL[k] = maLags.lag[k];
    maV[k] = theta[maL[k] - 1].v;
    for (int j = 0; j < N; ++j) maD[k][j] = theta[maL[k] - 1].d[j];
  }
  double sv = ssq->v, sd[N];
  for (int j = 0; j < N; ++j) sd[j] = ssq->d[j];
  for (int t = t0; t < nw; ++t) {
    double v = w[t] - cc.v;
    double d[N];
    for (int j = 0; j < N; ++j) d[j] = -cc.d[j];
    for (int k = 0; k < nar; ++k) {
      const double x = w[t - arL[k]];
      v -= arV[k] * x;
      for (int j = 0; j < N; ++j) d[j] -= arD[k][j] * x;
    }
    for (int k = 0; k < nma; ++k) {
      const int s = (t - maL[k]) & kRingMask;
      const double ex = ev[s];
      v -= maV[k] * ex;
      for (int j = 0; j < N; ++j) d[j] -= maD[k][j] * ex + maV[k] * ed[s][j];
    }
    const int s0 = t & kRingMask;
    ev[s0] = v;
    for (int j = 0; j < N; ++j) ed[s0][j] = d[j];
    sv += v * v;
    for (int j = 0; j < N; ++j) sd[j] += 2.0 * v * d[j];
    if (resid) resid[t] = v;
  }
  ssq->v = sv;
  for (int j = 0; j < N; ++j) ssq->d[j] = sd[j];
  for (int i = 0; i < kRingSize; ++i) {
    ehist[i].v = ev[i];
    for (int j = 0; j < N; ++j) ehist[i].d[j] = ed[i][j];
  }
}

// The same tail with the gradient by reverse mode (adjoint), for Dual<N> and a non-seasonal MA part
// (MA lags 1..Q, Q <= 3): a forward pass of values stores e_t in ebuf[t0 .. nw), then one backward
// pass of lambda_t = d ssq / d e_t,
//   lambda_t = 2 e_t - sum_M theta_M lambda_{t+M},
// collects d ssq / d (phi_L, theta_M, cc, the incoming e_{t0-j}) as dot products and chains them to
// the N derivative lanes once at the end. The recursion is latency-bound, so the last Q values of
// e (lambda) live in registers and the lag-1 term is added last: one multiply-subtract per step on
// the critical path. ehist is read (values and derivatives) but not updated.
template <int Q, int N>
TC_HD inline void arma_tail_adjoint(const double* w, int t0, int nw, const Dual<N>& c,
                                    const Dual<N>* phi, const LagSet& arLags, const Dual<N>* theta,
                                    const Dual<N>* ehist, Dual<N>* ssq, double* ebuf) {
  constexpr int kL = 2 * (kMaxP + 1) + 2;
  Dual<N> sphi(0.0);
  for (int k = 0; k < arLags.n; ++k) sphi += phi[arLags.lag[k] - 1];
  const Dual<N> cc = c * (1.0 - sphi);
  const double ccv = cc.v;
  const int nar = arLags.n;
  int arL[kL];
  double arV[kL];
  for (int k = 0; k < nar; ++k) { arL[k] = arLags.lag[k]; arV[k] = phi[arL[k] - 1].v; }
  const double th1 = Q >= 1 ? theta[0].v : 0.0, th2 = Q >= 2 ? theta[1].v : 0.0,
               th3 = Q >= 3 ? theta[2].v : 0.0;
  double ei[3];  // e_{t0-1}, e_{t0-2}, e_{t0-3}
  for (int j = 0; j < 3; ++j) ei[j] = ehist[(t0 - 1 - j) & kRingMask].v;
  double e1 = ei[0], e2 = ei[1], e3 = ei[2];
  double sv = ssq->v;
  // Two steps at a time: x_{t+1} written on x_{t-1}, x_{t-2}, x_{t-3} (the squared companion
  // matrix), so both new values hang on x_{t-1} by one multiply-add: half the serial latency.
  const double c1 = th1 * th1 - th2, c2 = th1 * th2 - th3, c3 = th1 * th3;
  int t = t0;
  if (Q >= 1) {
    for (; t + 1 < nw; t += 2) {
      double b0 = w[t] - ccv, b1 = w[t + 1] - ccv;
      for (int k = 0; k < nar; ++k) {
        b0 -= arV[k] * w[t - arL[k]];
        b1 -= arV[k] * w[t + 1 - arL[k]];
      }
      b1 -= th1 * b0;  // before b0 takes its MA terms: c2, c3 carry those
      if (Q >= 3) { b0 -= th3 * e3; b1 += c3 * e3; }
      if (Q >= 2) { b0 -= th2 * e2; b1 += c2 * e2; }
      const double v0 = b0 - th1 * e1;
      const double v1 = b1 + c1 * e1;
      e3 = e1; e2 = v0; e1 = v1;
      ebuf[t] = v0;
      ebuf[t + 1] = v1;
      sv += v0 * v0;
      sv += v1 * v1;
    }
  }
  for (; t < nw; ++t) {
    double b = w[t] - ccv;
    for (int k = 0; k < nar; ++k) b -= arV[k] * w[t - arL[k]];
    if (Q >= 3) b -= th3 * e3;
    if (Q >= 2) b -= th2 * e2;
    const double v = Q >= 1 ? b - th1 * e1 : b;
    e3 = e2; e2 = e1; e1 = v;
    ebuf[t] = v;
    sv += v * v;
  }
  double gAr[kL], gMa[3] = {0.0, 0.0, 0.0}, gInit[3] = {0.0, 0.0, 0.0}, gcc = 0.0;
  for (int k = 0; k < nar; ++k) gAr[k] = 0.0;
  double l1 = 0.0, l2 = 0.0, l3 = 0.0;  // lambda_{t+1}, lambda_{t+2}, lambda_{t+3}
  const int tSplit = t0 + Q < nw ? t0 + Q : nw;  // from here on every e_{t-M} is in ebuf
  int tb = nw - 1;
  if (Q >= 1) {  // pairs (t, t-1) down to tSplit, as in the forward pass
    for (; tb - 1 >= tSplit; tb -= 2) {
      double b0 = 2.0 * ebuf[tb], b1 = 2.0 * ebuf[tb - 1];
      b1 -= th1 * b0;
      if (Q >= 3) { b0 -= th3 * l3; b1 += c3 * l3; }
      if (Q >= 2) { b0 -= th2 * l2; b1 += c2 * l2; }
      const double la = b0 - th1 * l1;  // lambda_tb
      const double lb = b1 + c1 * l1;   // lambda_{tb-1}
      l3 = l1; l2 = la; l1 = lb;
      gcc -= la;
      gcc -= lb;
      for (int k = 0; k < nar; ++k) {
        gAr[k] -= la * w[tb - arL[k]];
        gAr[k] -= lb * w[tb - 1 - arL[k]];
      }
      if (Q >= 1) { gMa[0] -= la * ebuf[tb - 1]; gMa[0] -= lb * ebuf[tb - 2]; }
      if (Q >= 2) { gMa[1] -= la * ebuf[tb - 2]; gMa[1] -= lb * ebuf[tb - 3]; }
      if (Q >= 3) { gMa[2] -= la * ebuf[tb - 3]; gMa[2] -= lb * ebuf[tb - 4]; }
    }
  }
  for (int t = tb; t >= t0; --t) {
    double b = 2.0 * ebuf[t];
    if (Q >= 3) b -= th3 * l3;
    if (Q >= 2) b -= th2 * l2;
    const double l = Q >= 1 ? b - th1 * l1 : b;
    l3 = l2; l2 = l1; l1 = l;
    gcc -= l;
    for (int k = 0; k < nar; ++k) gAr[k] -= l * w[t - arL[k]];
    if (t >= tSplit) {
      if (Q >= 1) gMa[0] -= l * ebuf[t - 1];
      if (Q >= 2) gMa[1] -= l * ebuf[t - 2];
      if (Q >= 3) gMa[2] -= l * ebuf[t - 3];
    } else {
      for (int m = 1; m <= Q; ++m) {
        const int s = t - m;
        const double thm = m == 1 ? th1 : (m == 2 ? th2 : th3);
        if (s >= t0) {
          gMa[m - 1] -= l * ebuf[s];
        } else {
          gMa[m - 1] -= l * ei[t0 - 1 - s];
          gInit[t0 - 1 - s] -= l * thm;
        }
      }
    }
  }
  double sd[N];
  for (int j = 0; j < N; ++j) sd[j] = ssq->d[j] + gcc * cc.d[j];
  for (int k = 0; k < nar; ++k)
    for (int j = 0; j < N; ++j) sd[j] += gAr[k] * phi[arL[k] - 1].d[j];
  for (int m = 0; m < Q; ++m)
    for (int j = 0; j < N; ++j) sd[j] += gMa[m] * theta[m].d[j];
  for (int i = 0; i < Q; ++i)
    if (gInit[i] != 0.0) {
      const Dual<N>& eh = ehist[(t0 - 1 - i) & kRingMask];
      for (int j = 0; j < N; ++j) sd[j] += gInit[i] * eh.d[j];
    }
  ssq->v = sv;
  for (int j = 0; j < N; ++j) ssq->d[j] = sd[j];
}

// Tail dispatch: reverse mode for Dual<N> when a buffer of nw doubles is given, else forward.
template <class T>
TC_HD inline void arma_tail_grad(const double* w, int t0, int nw, const T& c, const T* phi,
                                 const LagSet& arLags, const T* theta, const LagSet& maLags,
                                 T* ehist, T* ssq, double* /*ebuf*/) {
  arma_tail(w, t0, nw, c, phi, arLags, theta, maLags, ehist, ssq, static_cast<double*>(nullptr));
}
template <int N>
TC_HD inline void arma_tail_grad(const double* w, int t0, int nw, const Dual<N>& c,
                                 const Dual<N>* phi, const LagSet& arLags, const Dual<N>* theta,
                                 const LagSet& maLags, Dual<N>* ehist, Dual<N>* ssq, double* ebuf) {
  // non-seasonal MA (lags 1..q, q <= 3): reverse mode; seasonal: forward
  const int q = maLags.n;
  const bool plain = q <= 3 && (q == 0 || maLags.lag[q - 1] == q);
  if (ebuf && plain) {
    switch (q) {
      case 0: arma_tail_adjoint<0>(w, t0, nw, c, phi, arLags, theta, ehist, ssq, ebuf); return;
      case 1: arma_tail_adjoint<1>(w, t0, nw, c, phi, arLags, theta, ehist, ssq, ebuf); return;
      case 2: arma_tail_adjoint<2>(w, t0, nw, c, phi, arLags, theta, ehist, ssq, ebuf); return;
      default: arma_tail_adjoint<3>(w, t0, nw, c, phi, arLags, theta, ehist, ssq, ebuf); return;
    }
  }
  arma_tail(w, t0, nw, c, phi, arLags, theta, maLags, ehist, ssq, static_cast<double*>(nullptr));
}

// Kalman filter on y_t = w_t - c for the ARMA(pf, qf) in Harvey's form; scratch of
// exact_scratch_elems(r, pf) elements. Returns false if P0 does not exist.
template <class T>
TC_HD inline bool exact_filter(const double* w, int nw, const T& c, const T* phi, int pf,
                               const LagSet& arLags, const T* theta, int qf, const LagSet& maLags,
                               T* scratch, double switchTol, FilterSums<T>* sums,
                               const FilterOut* out, double* tailBuf = nullptr) {
  const int r = (pf > qf + 1) ? pf : qf + 1;
  T* Pp = scratch;           // predicted covariance
  T* Pf = Pp + r * r;        // filtered covariance
  T* ap = Pf + r * r;        // predicted state
  T* af = ap + r;            // filtered state
  T* rest = af + r;
  if (!stationary_cov(phi, pf, theta, qf, r, Pp, rest)) return false;
  T Rv[kMaxState];
  T ph[kMaxState];
  for (int i = 0; i < r; ++i) {
    ph[i] = i < pf ? phi[i] : T(0.0);
    Rv[i] = i == 0 ? T(1.0) : (i - 1 < qf ? theta[i - 1] : T(0.0));
    ap[i] = T(0.0);
  }
  T ssq(0.0), sumlog(0.0);
  int nu = 0;
  T ehist[kRingSize];  // ring buffer of the last innovations, for the quick recursion
  for (int i = 0; i < kRingSize; ++i) ehist[i] = T(0.0);
  int t = 0;
  const int minFast = (pf > qf) ? pf : qf;
  bool fast = false;
  if (!out || !out->aFilt) {
    // Search path: Chandrasekhar (Morf-Sidhu-Kailath) recursions. From the stationary start,
    // P_{t+1} - P_t = W_t M_t W_t' has rank 1 (P_2 - P_1 = -K_1 K_1' / F_1), so the predicted
    // covariance never has to be formed: with K_t = T P_t Z' and F_t = P_t[0][0],
    //   F_{t+1} = F_t + M_t W_t[0]^2,    K_{t+1} = K_t + (T W_t) M_t W_t[0],
    //   W_{t+1} = T W_t - K_{t+1} W_t[0] / F_{t+1},    M_{t+1} = M_t + (M_t W_t[0])^2 / F_t,
    //   a_{t+1} = T a_t + K_t e_t / F_t.
    // O(r) per step instead of O(r^2); the same likelihood up to rounding (loglik vs R's
    // covariance form: ~1e-12). Used by the search and by the reported fit (switchTol = 0, with
    // residuals); only a pass that wants the filtered state (forecasts) keeps the covariance form.
    T K[kMaxState], W[kMaxState];
    for (int i = 0; i < r; ++i) {
      K[i] = ph[i] * Pp[0];
      if (i + 1 < r) K[i] += Pp[(i + 1) * r];
      W[i] = K[i];
    }
    T F = Pp[0];
    T invF = 1.0 / F;  // one division per step, shared by e / F, log F and the updates
    T M = -invF;
    double prodF = 1.0;  // sum log F_t as log of a running product (F_t >= 1), flushed rarely
    for (; t < nw; ++t) {
      const T e = (w[t] - c) - ap[0];
      ehist[t & kRingMask] = e;
      const T eF = e * invF;
      if (value(F) < 1e4) {
        fma_acc(ssq, e, eF);
        log_acc(sumlog, prodF, F, invF);
        ++nu;
      }
      if (out && out->resid) out->resid[t] = value(e) / sqrt(value(F));
      if (t + 1 == nw) break;
      if (switchTol > 0.0 && t + 1 >= minFast && value(F) - 1.0 < switchTol) {
        fast = true;
        ++t;
        break;
      }
      const T a0 = ap[0];
      for (int i = 0; i < r; ++i) {
        T v = ph[i] * a0;
        if (i + 1 < r) v += ap[i + 1];
        fma_acc(v, K[i], eF);
        ap[i] = v;
      }
      const T w0 = W[0];
      const T Mw0 = M * w0;
      fma_acc(M, Mw0, Mw0 * invF);  // / F_t
      fma_acc(F, Mw0, w0);          // F_{t+1}
      invF = 1.0 / F;
      const T w0F = w0 * invF;
      for (int i = 0; i < r; ++i) {
        T tw = ph[i] * w0;
        if (i + 1 < r) tw += W[i + 1];
        fma_acc(K[i], tw, Mw0);  // K_{t+1}
        fms_acc(tw, K[i], w0F);
        W[i] = tw;
      }
    }
    sumlog = sumlog + hd_log(prodF);
  } else
  for (; t < nw; ++t) {
    const T y = w[t] - c;
    const T F = Pp[0];
    const T e = y - ap[0];
    ehist[t & kRingMask] = e;
    if (value(F) < 1e4) {  // R's rule: (near-)diffuse observations do not enter the likelihood
      fma_acc(ssq, e, e / F);
      sumlog += dlog(F);
      ++nu;
    }
    if (out && out->resid) out->resid[t] = value(e) / sqrt(value(F));
    const T invF = 1.0 / F;
    for (int i = 0; i < r; ++i) {
      af[i] = ap[i];
      fma_acc(af[i], Pp[i], e * invF);
    }
    for (int i = 0; i < r; ++i) {
      const T ki = Pp[i] * invF;
      for (int j = i; j < r; ++j) {
        T v = Pp[i * r + j];
        fms_acc(v, ki, Pp[j]);
        Pf[i * r + j] = v;
        Pf[j * r + i] = v;
      }
    }
    if (t + 1 == nw) break;
    if (switchTol > 0.0 && t + 1 >= minFast && value(F) - 1.0 < switchTol) {
      fast = true;
      ++t;
      break;
    }
    // predict: a = T af, P = T Pf T' + R R'
    for (int i = 0; i < r; ++i) {
      ap[i] = (i + 1 < r) ? af[i + 1] : T(0.0);
      fma_acc(ap[i], ph[i], af[0]);
    }
    for (int i = 0; i < r; ++i) {
      for (int j = i; j < r; ++j) {
        // (T P T')_{ij} = ph_i ph_j P00 + ph_i P_{0,j+1} + ph_j P_{i+1,0} + P_{i+1,j+1}
        T v = Rv[i] * Rv[j];
        T tmp = Pf[0] * ph[j];
        if (j + 1 < r) tmp += Pf[j + 1];
        fma_acc(v, ph[i], tmp);
        if (i + 1 < r) {
          fma_acc(v, ph[j], Pf[(i + 1) * r]);
          if (j + 1 < r) v += Pf[(i + 1) * r + j + 1];
        }
        Pp[i * r + j] = v;
        Pp[j * r + i] = v;
      }
    }
  }
  if (fast) {
    if (out && out->resid) {
      arma_tail(w, t, nw, c, phi, arLags, theta, maLags, ehist, &ssq, out->resid);
    } else {
      arma_tail_grad(w, t, nw, c, phi, arLags, theta, maLags, ehist, &ssq, tailBuf);
    }
    nu += nw - t;
  }
  if (out && out->aFilt) {
    // only meaningful without the quick switch (the final pass disables it)
    for (int i = 0; i < r; ++i) out->aFilt[i] = value(af[i]);
    for (int i = 0; i < r * r; ++i) out->PFilt[i] = value(Pf[i]);
  }
  sums->ssq = ssq;
  sums->sumlog = sumlog;
  sums->nu = nu;
  return true;
}

// R's ARIMA_CSS on the differenced series: residuals from t = pf on, earlier MA residuals = 0.
template <class T>
TC_HD inline T css_objective(const double* w, int nw, const T& c, const T* phi, int pf,
                             const LagSet& arLags, const T* theta, const LagSet& maLags,
                             int* nuOut, double* residOut, double* tailBuf = nullptr) {
  T ehist[kRingSize];  // residuals before t = pf stay 0, as in R
  for (int i = 0; i < kRingSize; ++i) ehist[i] = T(0.0);
  T ssq(0.0);
  if (residOut)
    arma_tail(w, pf, nw, c, phi, arLags, theta, maLags, ehist, &ssq, residOut);
  else
    arma_tail_grad(w, pf, nw, c, phi, arLags, theta, maLags, ehist, &ssq, tailBuf);
  const int nu = nw - pf;
  if (nuOut) *nuOut = nu;
  return 0.5 * dlog(ssq / static_cast<double>(nu));
}

}  // namespace arima
}  // namespace tc
