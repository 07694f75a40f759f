// The ARIMA model description (a POD the batch driver fills once per request), the compile-time
// order limits, the ARIMA-specific status codes, the result record and the workspace contract.
//
// Model, as R's stats::arima:  phi(B) Phi(B^S) (1-B)^d (1-B^S)^D (x_t - c(t)) = theta(B) Theta(B^S) e_t
// with c(t) = intercept (d + D = 0) or drift * t (d + D = 1, forecast::Arima's include.drift).
// The exact Gaussian likelihood is that of the differenced series w (R's diffuse kappa = 1e6 prior on
// the differencing states gives the same value up to O(1/kappa)).
#pragma once

#include <stdint.h>

#include "../kernels/hd.hpp"
#include "../kernels/status.hpp"

namespace tc {
namespace arima {

constexpr int kMaxP = 3;        // non-seasonal AR order
constexpr int kMaxQ = 3;        // non-seasonal MA order (the issue asks for 2; 3 costs nothing)
constexpr int kMaxSP = 1;       // seasonal AR order
constexpr int kMaxSQ = 1;       // seasonal MA order
constexpr int kMaxD = 1;        // d and D
constexpr int kMaxPeriod = 12;  // seasonal period S (monthly, quarterly, weekly-in-days)
// Expanded lag polynomials phi(B)Phi(B^S), theta(B)Theta(B^S).
constexpr int kMaxArLag = kMaxP + kMaxSP * kMaxPeriod;
constexpr int kMaxMaLag = kMaxQ + kMaxSQ * kMaxPeriod;
// Harvey state dimension r = max(p', q' + 1).
constexpr int kMaxState = (kMaxArLag > kMaxMaLag + 1) ? kMaxArLag : kMaxMaLag + 1;
constexpr int kMaxCoef = kMaxP + kMaxQ + kMaxSP + kMaxSQ + 1;  // + intercept / drift
constexpr int kMaxHorizon = 1000;

// Appended after the shared codes of kernels/status.hpp (0..3); mirrored in src/native/status.ts
// by the lead when the kernel is wired in. Append, never renumber.
enum ArimaStatus : int {
  kConstantSeries = 16,  // the (differenced) series is constant: no ARMA likelihood exists
  kFitFailed = 17,       // the likelihood could not be evaluated even at the starting values
  kSmallWorkspace = 18,  // caller's workspace shorter than arima_workspace_doubles()
};

struct ArimaSpec {
  int32_t p = 0, d = 0, q = 0;     // non-seasonal orders
  int32_t sp = 0, sd = 0, sq = 0;  // seasonal P, D, Q
  int32_t period = 1;              // S; ignored unless sp + sd + sq > 0
  int32_t constant = 1;            // intercept (d + D = 0) or drift (d + D = 1); ignored if d + D = 2
  int32_t computeStdErrors = 1;    // numerical Hessian of the analytic gradient (2k gradient evals)
  int32_t cssStart = 1;            // 1 = R's "CSS-ML": CSS estimates start the exact ML search
  int32_t maxIterations = 200;     // BFGS iterations per stage
  // 1 = also run the ML search from the zero start and keep the better optimum. ARMA(2,2) fits
  // on returns are often multimodal (near-cancelling roots); R follows only its CSS start.
  int32_t multiStart = 1;
};

// Flat coefficient layout, R's order: ar1..arp, ma1..maq, sar1, sma1, intercept|drift.
struct ArimaLayout {
  int k = 0;  // free coefficients
  int iAr = 0, iMa = 0, iSar = 0, iSma = 0, iConst = -1;
};

TC_HD inline bool arima_has_constant(const ArimaSpec& s) {
  return s.constant != 0 && s.d + s.sd <= 1;
}

TC_HD inline ArimaLayout arima_layout(const ArimaSpec& s) {
  ArimaLayout l;
  l.iAr = 0;
  l.iMa = s.p;
  l.iSar = s.p + s.q;
  l.iSma = l.iSar + s.sp;
  l.k = l.iSma + s.sq;
  if (arima_has_constant(s)) l.iConst = l.k++;
  return l;
}

TC_HD inline int arima_period(const ArimaSpec& s) {
  return (s.sp + s.sd + s.sq > 0) ? s.period : 1;
}

// Observations lost to differencing (R's length(Delta)).
TC_HD inline int arima_lost(const ArimaSpec& s) { return s.d + s.sd * arima_period(s); }

TC_HD inline bool arima_spec_valid(const ArimaSpec& s) {
  if (s.p < 0 || s.p > kMaxP || s.q < 0 || s.q > kMaxQ || s.d < 0 || s.d > kMaxD) return false;
  if (s.sp < 0 || s.sp > kMaxSP || s.sq < 0 || s.sq > kMaxSQ || s.sd < 0 || s.sd > kMaxD) return false;
  if (s.sp + s.sd + s.sq > 0 && (s.period < 2 || s.period > kMaxPeriod)) return false;
  return s.maxIterations > 0;
}

// Result of one fit. Arrays are indexed by the ArimaLayout slots; unused entries are NaN.
struct ArimaResult {
  double coef[kMaxCoef];
  double se[kMaxCoef];      // sqrt(diag(inverse Hessian of -loglik)), as R's sqrt(diag(var.coef))
  double sigma2;            // R's stats::arima sigma2 = ssq / nobs (innovation variance, ML)
  double sigma2Unbiased;    // forecast::Arima's sum(resid^2) / (nobs - npar + 1)
  double loglik, aic, aicc, bic;
  int32_t nobs;             // n - d - D*S, R's n.used / nstar
  int32_t npar;             // k + 1 (sigma2 counted), forecast's npar
  int32_t iterations;       // BFGS iterations of the ML stage
  int32_t evaluations;      // objective + gradient evaluations, CSS and ML stages together
  int32_t converged;        // 1 if the ML stage met its gradient tolerance (R's code == 0)
  int32_t minRootOk;        // 1 if all AR and MA roots have modulus >= 1.01 (auto.arima's filter)
  double cssObjective;      // 0.5 * log(CSS sigma2) at the CSS estimate; NaN if no CSS stage
};

}  // namespace arima
}  // namespace tc
