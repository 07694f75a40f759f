// One ARIMA fit on one series, as R's stats::arima(method = "CSS-ML") / forecast::Arima:
//   1. difference x into w (d, D), so the exact likelihood is that of the ARMA on w;
//   2. CSS estimates (untransformed coefficients, R's armaCSS) as starting values;
//   3. exact ML by BFGS on R's transformed scale (PACF/tanh for AR and, unlike R, also for MA,
//      which keeps every iterate invertible -- R instead flips MA roots after the search; the
//      likelihood is the same on both representations);
//   4. standard errors from a central-difference Hessian of the exact (dual-number) gradient in
//      the natural coefficients, var = (nobs * H)^-1 as R's solve(res$hessian * n.used).
// Workspace: arima_workspace_doubles(n) doubles per series, laid out as
//   [0, n)        w, the differenced series (length n - d - D*S)
//   [n, 2n)       standardised residuals aligned to x (the first d + D*S are 0), valid after a fit
//   [2n, ...)     filter scratch for the dual-number objective.
#pragma once

#include <math.h>

#include "../kernels/hd.hpp"
#include "../kernels/numeric.hpp"
#include "../kernels/status.hpp"
#include "bfgs.hpp"
#include "dual.hpp"
#include "likelihood.hpp"
#include "polynomial.hpp"
#include "spec.hpp"

namespace tc {
namespace arima {

constexpr int kScratchElems = 5 * kMaxState * kMaxState + 8 * kMaxState +
                              (kMaxArLag + 1) * (kMaxArLag + 2) + 8;

// Stopping rules (max |gradient| of the per-observation objective). ML: 1e-7 moves the loglik by
// ~n g^2 / (2 h) < 1e-9 for n = 2,500 (measured: same optima as 1e-9, ~20% fewer evaluations).
// CSS only supplies starting values; R's own CSS stops at reltol 1e-8 with 1e-3 differences.
constexpr double kMlGradTol = 1e-7;
constexpr double kCssGradTol = 1e-5;

TC_HD inline long arima_workspace_doubles(int n) {
  return 2L * n + static_cast<long>(kMaxCoef + 1) * kScratchElems;
}

// Everything the objective needs, fixed for the duration of one fit.
struct FitContext {
  ArimaSpec spec;
  ArimaLayout lay;
  int S = 1;
  const double* w = nullptr;
  int nw = 0;
  double constMult = 1.0;   // w's mean = constMult * (intercept | drift): S for a seasonal drift
  double constCenter = 0.0; // search coordinates: coef = constCenter + constScale * u
  double constScale = 1.0;
  LagSet arLags, maLags;
  double* scratch = nullptr;
  // nw doubles the reverse-mode gradient may use (the residual region, free during the search);
  // nullptr: forward mode (standard errors, which run after the residuals are written)
  double* tailBuf = nullptr;
};

enum class Objective { kCss, kExactTransformed, kExactNatural };

template <class T>
TC_HD inline bool objective_value(const FitContext& c, const T* u, Objective mode, T* out) {
  const ArimaSpec& s = c.spec;
  const ArimaLayout& L = c.lay;
  T ar[kMaxP + 1], ma[kMaxQ + 1], sar[1] = {T(0.0)}, sma[1] = {T(0.0)};
  if (mode == Objective::kExactTransformed) {
    pacf_to_ar(s.p, u + L.iAr, ar);
    pacf_to_ar(s.q, u + L.iMa, ma);
    for (int i = 0; i < s.q; ++i) ma[i] = -ma[i];
    if (s.sp) sar[0] = dtanh(u[L.iSar]);
    if (s.sq) sma[0] = -dtanh(u[L.iSma]);
  } else {
    for (int i = 0; i < s.p; ++i) ar[i] = u[L.iAr + i];
    for (int i = 0; i < s.q; ++i) ma[i] = u[L.iMa + i];
    if (s.sp) sar[0] = u[L.iSar];
    if (s.sq) sma[0] = u[L.iSma];
  }
  T cw(0.0);
  if (L.iConst >= 0) {
    cw = (mode == Objective::kExactNatural) ? u[L.iConst] * c.constMult
                                            : (c.constCenter + c.constScale * u[L.iConst]) * c.constMult;
  }
  T phi[kMaxArLag + 1], theta[kMaxMaLag + 1];
  int pf = 0, qf = 0;
  expand_seasonal(s.p, s.q, s.sp, s.sq, c.S, ar, ma, sar, sma, phi, &pf, theta, &qf);
  if (mode == Objective::kCss) {
    *out = css_objective(c.w, c.nw, cw, phi, pf, c.arLags, theta, c.maLags, nullptr, nullptr,
                         c.tailBuf);
    return value(*out) - value(*out) == 0.0;
  }
  FilterSums<T> sums;
  if (!exact_filter(c.w, c.nw, cw, phi, pf, c.arLags, theta, qf, c.maLags,
                    reinterpret_cast<T*>(c.scratch), kFastSwitchTol, &sums, nullptr, c.tailBuf))
    return false;
  const double nu = static_cast<double>(sums.nu);
  *out = 0.5 * (dlog(sums.ssq / nu) + sums.sumlog / nu);
  return value(*out) - value(*out) == 0.0;
}

template <int N>
TC_HD inline bool objective_grad_n(const FitContext& c, const double* u, Objective mode, double* f,
                                   double* g) {
  Dual<N> uu[kMaxCoef];
  for (int i = 0; i < N; ++i) uu[i] = Dual<N>::variable(u[i], i);
  Dual<N> out;
  if (!objective_value(c, uu, mode, &out)) return false;
  *f = out.v;
  for (int i = 0; i < N; ++i) g[i] = out.d[i];
  return all_finite(g, N);
}

// f and its exact gradient; one instantiation per parameter count keeps the duals no wider than k.
TC_HD inline bool objective_grad(const FitContext& c, const double* u, Objective mode, double* f,
                                 double* g) {
  switch (c.lay.k) {
    case 0: { double v; if (!objective_value(c, u, mode, &v)) return false; *f = v; return true; }
    case 1: return objective_grad_n<1>(c, u, mode, f, g);
    case 2: return objective_grad_n<2>(c, u, mode, f, g);
    case 3: return objective_grad_n<3>(c, u, mode, f, g);
    case 4: return objective_grad_n<4>(c, u, mode, f, g);
    case 5: return objective_grad_n<5>(c, u, mode, f, g);
    case 6: return objective_grad_n<6>(c, u, mode, f, g);
    case 7: return objective_grad_n<7>(c, u, mode, f, g);
    case 8: return objective_grad_n<8>(c, u, mode, f, g);
    case 9: return objective_grad_n<9>(c, u, mode, f, g);
    default: return false;
  }
}

struct ObjectiveFn {
  const FitContext* c;
  Objective mode;
  TC_HD bool operator()(const double* u, double* f, double* g) const {
    return objective_grad(*c, u, mode, f, g);
  }
};

// w = (1-B)^d (1-B^S)^D x, written to w[0 .. n - lost).
TC_HD inline int difference_series(const double* x, int n, int d, int D, int S, double* w) {
  int len = n;
  for (int i = 0; i < n; ++i) w[i] = x[i];
  for (int k = 0; k < d; ++k) {
    for (int i = 0; i + 1 < len; ++i) w[i] = w[i + 1] - w[i];
    --len;
  }
  for (int k = 0; k < D; ++k) {
    for (int i = 0; i + S < len; ++i) w[i] = w[i + S] - w[i];
    len -= S;
  }
  return len;
}

// Natural coefficients (R's coef order) from the transformed search coordinates.
TC_HD inline void natural_from_search(const FitContext& c, const double* u, double* coef) {
  const ArimaSpec& s = c.spec;
  const ArimaLayout& L = c.lay;
  pacf_to_ar(s.p, u + L.iAr, coef + L.iAr);
  pacf_to_ar(s.q, u + L.iMa, coef + L.iMa);
  for (int i = 0; i < s.q; ++i) coef[L.iMa + i] = -coef[L.iMa + i];
  if (s.sp) coef[L.iSar] = hd_tanh(u[L.iSar]);
  if (s.sq) coef[L.iSma] = -hd_tanh(u[L.iSma]);
  if (L.iConst >= 0) coef[L.iConst] = c.constCenter + c.constScale * u[L.iConst];
}

// Search coordinates from natural coefficients; false if the AR part is not stationary. The MA part
// is first flipped to its invertible representation (R's maInvert).
TC_HD inline bool search_from_natural(const FitContext& c, const double* coefIn, double* u) {
  const ArimaSpec& s = c.spec;
  const ArimaLayout& L = c.lay;
  double coef[kMaxCoef];
  for (int i = 0; i < L.k; ++i) coef[i] = coefIn[i];
  ma_invert(s.q, coef + L.iMa);
  if (s.sq && fabs(coef[L.iSma]) > 1.0) coef[L.iSma] = 1.0 / coef[L.iSma];
  if (!ar_to_pacf(s.p, coef + L.iAr, u + L.iAr)) return false;
  double neg[kMaxQ];
  for (int i = 0; i < s.q; ++i) neg[i] = -coef[L.iMa + i];
  if (!ar_to_pacf(s.q, neg, u + L.iMa)) return false;
  if (s.sp) { if (!(fabs(coef[L.iSar]) < 1.0)) return false; u[L.iSar] = hd_atanh(coef[L.iSar]); }
  if (s.sq) { if (!(fabs(coef[L.iSma]) < 1.0)) return false; u[L.iSma] = hd_atanh(-coef[L.iSma]); }
  if (L.iConst >= 0) u[L.iConst] = (coef[L.iConst] - c.constCenter) / c.constScale;
  for (int i = 0; i < L.k; ++i) {  // keep |pacf| a hair inside 1 so the search starts finite
    if (i == L.iConst) continue;
    if (u[i] > 10.0) u[i] = 10.0;
    if (u[i] < -10.0) u[i] = -10.0;
  }
  return true;
}

TC_HD inline void fill_result_nan(ArimaResult* r) {
  fill(r->coef, kMaxCoef, kNaN);
  fill(r->se, kMaxCoef, kNaN);
  r->sigma2 = r->sigma2Unbiased = r->loglik = r->aic = r->aicc = r->bic = kNaN;
  r->cssObjective = kNaN;
  r->nobs = r->npar = r->iterations = r->evaluations = r->converged = r->minRootOk = 0;
}

// Sets up the context for spec on x; returns a status (kOk to proceed).
TC_HD inline int prepare_fit(const ArimaSpec& spec, const double* x, int n, double* workspace,
                             FitContext* c) {
  if (!arima_spec_valid(spec)) return kBadParameter;
  if (n <= 0 || !all_finite(x, n)) return n <= 0 ? kTooShort : kNonFinite;
  c->spec = spec;
  c->lay = arima_layout(spec);
  c->S = arima_period(spec);
  const int pf = spec.p + c->S * spec.sp;
  const int npar = c->lay.k + 1;
  const int nw = n - arima_lost(spec);
  if (nw < pf + 2 || nw < npar + 2) return kTooShort;
  c->w = workspace;
  c->nw = difference_series(x, n, spec.d, spec.sd, c->S, workspace);
  c->scratch = workspace + 2L * n;
  c->arLags = make_lags(spec.p, spec.sp, c->S);
  c->maLags = make_lags(spec.q, spec.sq, c->S);
  double mean = 0.0;
  for (int i = 0; i < c->nw; ++i) mean += c->w[i];
  mean /= c->nw;
  double ss = 0.0;
  for (int i = 0; i < c->nw; ++i) ss += (c->w[i] - mean) * (c->w[i] - mean);
  const double sd = sqrt(ss / c->nw);
  double amax = 0.0;
  for (int i = 0; i < c->nw; ++i) amax = fmax(amax, fabs(c->w[i]));
  // a (differenced) series with no variation has no ARMA likelihood; forecast::auto.arima
  // special-cases it the same way
  if (!(sd > 1e-12 * (amax + 1e-300)) || !(sd > 0.0)) return kConstantSeries;
  c->constMult = (spec.d == 0 && spec.sd == 1) ? static_cast<double>(c->S) : 1.0;
  c->constCenter = mean / c->constMult;
  c->constScale = sd / c->constMult;
  return kOk;
}

// Exact-likelihood summary at natural coefficients: fills loglik, sigma2, residuals, ICs.
TC_HD inline bool finish_fit(const FitContext& c, const double* coef, int n, double* residOut,
                             ArimaResult* out) {
  const ArimaSpec& s = c.spec;
  const ArimaLayout& L = c.lay;
  double phi[kMaxArLag + 1], theta[kMaxMaLag + 1];
  int pf = 0, qf = 0;
  const double* sar = coef + L.iSar;
  const double* sma = coef + L.iSma;
  expand_seasonal(s.p, s.q, s.sp, s.sq, c.S, coef + L.iAr, coef + L.iMa, sar, sma, phi, &pf, theta,
                  &qf);
  const int lost = n - c.nw;
  for (int i = 0; i < lost; ++i) residOut[i] = 0.0;
  FilterOut fo;
  fo.resid = residOut + lost;
  FilterSums<double> sums;
  const double cw = L.iConst >= 0 ? coef[L.iConst] * c.constMult : 0.0;
  // the reported value: R's Kalman recursion (Chandrasekhar form), switching to the plain ARMA
  // recursion only once F_t - 1 is at the rounding level (kFinalSwitchTol), where the two agree
  if (!exact_filter(c.w, c.nw, cw, phi, pf, c.arLags, theta, qf, c.maLags, c.scratch,
                    kFinalSwitchTol, &sums, &fo))
    return false;
  const double nu = sums.nu;
  const double npar = L.k + 1;
  out->nobs = sums.nu;
  out->npar = L.k + 1;
  out->sigma2 = sums.ssq / nu;
  double rss = 0.0;
  for (int i = 0; i < n; ++i) rss += residOut[i] * residOut[i];
  out->sigma2Unbiased = rss / (nu - npar + 1.0);
  const double kTwoPi = 6.283185307179586;
  out->loglik = -0.5 * (nu * hd_log(sums.ssq / nu) + sums.sumlog + nu + nu * hd_log(kTwoPi));
  out->aic = -2.0 * out->loglik + 2.0 * npar;
  out->bic = out->aic + npar * (hd_log(nu) - 2.0);
  out->aicc = (nu - npar - 1.0 > 0.0) ? out->aic + 2.0 * npar * (npar + 1.0) / (nu - npar - 1.0)
                                        : kNaN;
  out->minRootOk = ar_roots_outside(pf, phi, 1.01) && ma_roots_outside(qf, theta, 1.01);
  return true;
}

// Standard errors: Hessian of the per-observation exact objective in natural coefficients by
// central differences of its exact gradient; var = (nobs H)^-1. Returns false if H is not PD.
TC_HD inline bool standard_errors(const FitContext& c, const double* coef, int nobs, double* se) {
  const int k = c.lay.k;
  double H[kMaxCoef * kMaxCoef], gp[kMaxCoef], gm[kMaxCoef], x[kMaxCoef], f;
  for (int i = 0; i < k; ++i) x[i] = coef[i];
  for (int i = 0; i < k; ++i) {
    const double h = (i == c.lay.iConst) ? 1e-4 * c.constScale : 1e-5 * (1.0 + fabs(coef[i]));
    x[i] = coef[i] + h;
    if (!objective_grad(c, x, Objective::kExactNatural, &f, gp)) return false;
    x[i] = coef[i] - h;
    if (!objective_grad(c, x, Objective::kExactNatural, &f, gm)) return false;
    x[i] = coef[i];
    for (int j = 0; j < k; ++j) H[i * k + j] = (gp[j] - gm[j]) / (2.0 * h) * nobs;
  }
  // symmetrise, then Gauss-Jordan inverse (k <= 9)
  double A[kMaxCoef * 2 * kMaxCoef];
  const int w2 = 2 * k;
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) {
      A[i * w2 + j] = 0.5 * (H[i * k + j] + H[j * k + i]);
      A[i * w2 + k + j] = (i == j) ? 1.0 : 0.0;
    }
  for (int col = 0; col < k; ++col) {
    int piv = col;
    for (int r = col + 1; r < k; ++r)
      if (fabs(A[r * w2 + col]) > fabs(A[piv * w2 + col])) piv = r;
    if (!(fabs(A[piv * w2 + col]) > 0.0)) return false;
    if (piv != col)
      for (int j = 0; j < w2; ++j) { const double t = A[col * w2 + j]; A[col * w2 + j] = A[piv * w2 + j]; A[piv * w2 + j] = t; }
    const double inv = 1.0 / A[col * w2 + col];
    for (int j = 0; j < w2; ++j) A[col * w2 + j] *= inv;
    for (int r = 0; r < k; ++r) {
      if (r == col) continue;
      const double fct = A[r * w2 + col];
      if (fct != 0.0) for (int j = 0; j < w2; ++j) A[r * w2 + j] -= fct * A[col * w2 + j];
    }
  }
  bool ok = true;
  for (int i = 0; i < k; ++i) {
    const double v = A[i * w2 + k + i];
    se[i] = v > 0.0 ? sqrt(v) : kNaN;
    ok = ok && v > 0.0;
  }
  return ok;
}

// The CSS estimate as search coordinates (R's "CSS-ML" start); u is left at its zero start when CSS
// fails or its AR part is not stationary (R stops there). Returns the CSS evaluations.
TC_HD inline int css_start(FitContext& c, const BfgsOptions& opt, double* u, ArimaResult* out) {
  const int k = c.lay.k;
  ObjectiveFn css{&c, Objective::kCss};
  double v[kMaxCoef], coef[kMaxCoef];
  for (int i = 0; i < k; ++i) v[i] = 0.0;
  BfgsOptions cssOpt = opt;
  cssOpt.gradTol = kCssGradTol;
  const BfgsOutcome r = bfgs_minimize(css, v, k, cssOpt);
  if (r.ok) {
    out->cssObjective = r.f;
    for (int i = 0; i < k; ++i) coef[i] = v[i];
    if (c.lay.iConst >= 0) coef[c.lay.iConst] = c.constCenter + c.constScale * v[c.lay.iConst];
    double uu[kMaxCoef];
    if (search_from_natural(c, coef, uu))
      for (int i = 0; i < k; ++i) u[i] = uu[i];
  }
  return r.evaluations;
}

// The kernel: fit spec to x[0..n). workspace: arima_workspace_doubles(n) doubles (see top).
// start (optional, natural coefficients in arima_layout order, e.g. the same model's estimate on an
// earlier window): the first ML search starts there. ARMA likelihoods on returns have several modes
// and the earlier window's is not always the new window's best (HON's ARMA(1,1) and CAT's ARMA(2,2)
// on the Dow 30 lose up to 3.4 log-likelihood units from it alone), so the cold starts are kept as
// guards: R's CSS start whenever its point lies below the warm optimum, and the zero start
// (multiStart) always; the best optimum wins. Running every start always costs 1.3-1.5x a cold fit
// (docs/evaluate.md); this costs about one. *warmUsed (optional): 1 when the warm search converged.
// Returns a Status / ArimaStatus; on anything but kOk, *out is all NaN.
TC_HD inline int arima_fit_series(const ArimaSpec& spec, const double* x, int n, double* workspace,
                                  ArimaResult* out, const double* start = nullptr,
                                  int* warmUsed = nullptr) {
  fill_result_nan(out);
  if (warmUsed) *warmUsed = 0;
  FitContext c;
  int st = prepare_fit(spec, x, n, workspace, &c);
  if (st != kOk) return st;
  const int k = c.lay.k;
  double u[kMaxCoef], coef[kMaxCoef];
  BfgsOptions opt;
  opt.maxIterations = spec.maxIterations;
  opt.gradTol = kMlGradTol;
  c.tailBuf = workspace + n;  // residual region: free until finish_fit
  ObjectiveFn ml{&c, Objective::kExactTransformed};
  const auto take = [&](const BfgsOutcome& r2, const double* u2, BfgsOutcome* best) {
    if (r2.ok && (!best->ok || r2.f < best->f)) {
      *best = r2;
      for (int i = 0; i < k; ++i) u[i] = u2[i];
    }
  };
  int evals = 0;
  BfgsOutcome r{0.0, 0, 0, false, false};
  double u2[kMaxCoef];
  bool warm = false;
  if (start != nullptr && k > 0 && all_finite(start, k) && search_from_natural(c, start, u2)) {
    const BfgsOutcome rw = bfgs_minimize(ml, u2, k, opt);
    evals += rw.evaluations;
    warm = rw.ok && rw.converged;
    take(rw, u2, &r);
  }
  // R's start: the CSS estimate, then ML from there. After a converged warm search it runs only
  // when the CSS point already lies below the warm optimum (its basin is then the better one).
  for (int i = 0; i < k; ++i) u2[i] = 0.0;  // zeros; the constant starts at the sample mean
  if (spec.cssStart && k > 0) evals += css_start(c, opt, u2, out);
  bool fromCss = !warm;
  if (warm) {
    double f0, g0[kMaxCoef];
    fromCss = ml(u2, &f0, g0) && f0 < r.f;
    evals += 1;
  }
  if (fromCss) {
    const BfgsOutcome rc = bfgs_minimize(ml, u2, k, opt);
    evals += rc.evaluations;
    take(rc, u2, &r);
  }
  // the zero start (multiStart), always: on CAT's ARMA(2,2) the CSS and warm searches agree on an
  // optimum and only this one finds the better mode
  if (spec.multiStart && spec.cssStart && k > 1) {
    for (int i = 0; i < k; ++i) u2[i] = 0.0;
    const BfgsOutcome r0 = bfgs_minimize(ml, u2, k, opt);
    evals += r0.evaluations;
    take(r0, u2, &r);
  }
  if (warmUsed) *warmUsed = warm ? 1 : 0;
  c.tailBuf = nullptr;
  if (!r.ok) { fill_result_nan(out); return kFitFailed; }
  natural_from_search(c, u, coef);
  double* resid = workspace + n;
  const double cssObj = out->cssObjective;
  if (!finish_fit(c, coef, n, resid, out)) { fill_result_nan(out); return kFitFailed; }
  for (int i = 0; i < k; ++i) out->coef[i] = coef[i];
  out->iterations = r.iterations;
  out->evaluations = evals;
  out->converged = r.converged ? 1 : 0;
  if (spec.computeStdErrors && k > 0) standard_errors(c, coef, out->nobs, out->se);
  if (!(is_finite(out->loglik) && is_finite(out->sigma2) && all_finite(out->coef, k))) {
    fill_result_nan(out);
    return kNonFinite;
  }
  out->cssObjective = cssObj;
  return kOk;
}

// Standard errors for a finished fit (when it was run with computeStdErrors = 0): fills out->se.
// Returns kOk, or kFitFailed when the Hessian is not positive definite (forecast's checkarima).
TC_HD inline int arima_standard_errors(const ArimaSpec& spec, const double* x, int n,
                                       double* workspace, ArimaResult* out) {
  FitContext c;
  const int st = prepare_fit(spec, x, n, workspace, &c);
  if (st != kOk) return st;
  fill(out->se, kMaxCoef, kNaN);
  if (c.lay.k == 0) return kOk;
  return standard_errors(c, out->coef, out->nobs, out->se) ? static_cast<int>(kOk) : static_cast<int>(kFitFailed);
}

// R's fixed-coefficient evaluation (stats::arima(..., fixed = coef)): loglik, sigma2 and ICs of
// spec at the natural coefficients coef (layout of arima_layout), no search.
TC_HD inline int arima_evaluate_series(const ArimaSpec& spec, const double* x, int n,
                                       const double* coef, double* workspace, ArimaResult* out) {
  fill_result_nan(out);
  FitContext c;
  const int st = prepare_fit(spec, x, n, workspace, &c);
  if (st != kOk) return st;
  if (!all_finite(coef, c.lay.k)) return kBadParameter;
  if (!finish_fit(c, coef, n, workspace + n, out)) { fill_result_nan(out); return kBadParameter; }
  for (int i = 0; i < c.lay.k; ++i) out->coef[i] = coef[i];
  out->converged = 1;
  return is_finite(out->loglik) ? kOk : kNonFinite;
}

}  // namespace arima
}  // namespace tc
