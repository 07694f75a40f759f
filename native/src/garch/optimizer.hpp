// Projected BFGS on the box lo <= theta <= hi (natural parameters, no transforms, so estimates on a
// bound — e.g. fGarch's shape <= 10 — are reached exactly).
//  * Inverse-Hessian start: the inverse of the BHHH matrix sum_t g_t g_t' (an information-matrix
//    estimate that comes free with the scores), which makes the search invariant to the very
//    different parameter scales (omega ~ 1e-2, beta ~ 1) without hand-tuned scaling.
//  * Active set: variables on a bound whose gradient pushes outward are frozen; the direction is
//    -H_FF g_F on the free set; steps are projected onto the box.
//  * Armijo backtracking (+inf from the objective, e.g. persistence >= 1, shrinks the step).
//  * Stop when the Newton decrement g_F' H_FF g_F (about twice f - f*) is below decTol.
// Objective contract: double f(const double* x, double* grad, double* opg_or_null).
#pragma once

#include <math.h>

#include "linalg.hpp"
#include "spec.hpp"

namespace tc {
namespace garch {

enum FitReason : int32_t {
  kReasonConverged = 0,       // Newton decrement below tolerance
  kReasonConvergedFlat = 1,   // no further decrease possible at the noise floor, decrement small
  kReasonMaxIterations = 2,
  kReasonLineSearch = 3,      // line search failed away from an optimum
  kReasonNoFiniteStart = 4,   // no start gave a finite likelihood
  kReasonTooShort = 5,
  kReasonBadSpec = 6,
  kReasonNonFiniteData = 7,
  kReasonSingularHessian = 8,  // converged but the Hessian is not invertible (SEs NaN)
  kReasonDegenerateData = 9    // zero sample variance: a constant series, or one whose spread is
                               // below rounding (relative to its level) or underflows
};

struct OptOutcome {
  double f = kInf;
  int iterations = 0;
  int fevals = 0;
  int reason = kReasonMaxIterations;
  bool converged = false;
  double decrement = kInf;
};

struct OptOptions {
  int maxIterations = 200;
  double decTol = 1e-12;      // nats: f - f* ~ dec / 2
  double flatDecTol = 1e-7;   // accepted as converged when the line search stalls
};

// Inverse Hessian start from the BHHH matrix; falls back to a scaled diagonal.
TC_HD inline void bhhh_inverse(const double* opg, const double* g, int K, double* Hi) {
  double A[kMaxParams * kMaxParams];
  for (int i = 0; i < K * K; ++i) A[i] = opg[i];
  for (int i = 0; i < K; ++i) A[i * K + i] *= 1.0 + 1e-9;
  if (invert_spd(A, K, Hi)) return;
  for (int i = 0; i < K * K; ++i) Hi[i] = 0.0;
  for (int i = 0; i < K; ++i) {
    const double d = opg[i * K + i] > 0.0 ? opg[i * K + i] : g[i] * g[i];
    Hi[i * K + i] = d > 0.0 ? 1.0 / d : 1e-4;
  }
}

// Search direction on the free set F with the bound-held set A fixed: the Newton step of the model
// whose inverse Hessian is Hi, restricted to F, i.e. d_F = -(B_FF)^-1 g_F with B = Hi^-1. In terms
// of Hi that is the Schur complement (B_FF)^-1 = Hi_FF - Hi_FA Hi_AA^-1 Hi_AF. (The plain block
// Hi_FF, used before, is a descent direction too but carries the curvature of the held variables
// into the free ones: with alpha2 or beta2 on its bound the search zig-zagged for hundreds of
// iterations.) Returns the decrement -g'd.
TC_HD inline double free_set_direction(const double* Hi, const double* g, const bool* fr, int K,
                                       double* d) {
  int ia[kMaxParams], na = 0;
  for (int i = 0; i < K; ++i) if (!fr[i]) ia[na++] = i;
  double u[kMaxParams];
  bool schur = false;
  if (na > 0 && na < K) {
    double Haa[kMaxParams * kMaxParams], Haai[kMaxParams * kMaxParams], w[kMaxParams];
    for (int a = 0; a < na; ++a) {
      for (int b = 0; b < na; ++b) Haa[a * na + b] = Hi[ia[a] * K + ia[b]];
      double s = 0.0;
      for (int j = 0; j < K; ++j) if (fr[j]) s += Hi[ia[a] * K + j] * g[j];
      w[a] = s;
    }
    if (invert_spd(Haa, na, Haai)) {
      for (int a = 0; a < na; ++a) {
        double s = 0.0;
        for (int b = 0; b < na; ++b) s += Haai[a * na + b] * w[b];
        u[a] = s;
      }
      schur = true;
    }
  }
  double dec = 0.0;
  for (int i = 0; i < K; ++i) {
    double di = 0.0;
    if (fr[i]) {
      for (int j = 0; j < K; ++j) if (fr[j]) di -= Hi[i * K + j] * g[j];
      if (schur) for (int a = 0; a < na; ++a) di += Hi[i * K + ia[a]] * u[a];
    }
    d[i] = di;
    dec -= g[i] * di;
  }
  return dec;
}

template <class F>
TC_HD OptOutcome projected_bfgs(F& fun, int K, double* x, const double* lo, const double* hi,
                                double* g, double* Hi, const OptOptions& opt) {
  OptOutcome out;
  double opg[kMaxParams * kMaxParams], xn[kMaxParams], gn[kMaxParams], d[kMaxParams];
  double s[kMaxParams], y[kMaxParams], Hy[kMaxParams];
  bool fr[kMaxParams];
  for (int i = 0; i < K; ++i) x[i] = x[i] < lo[i] ? lo[i] : (x[i] > hi[i] ? hi[i] : x[i]);
  double f = fun(x, g, opg);
  out.fevals = 1;
  if (!is_finite(f)) { out.reason = kReasonNoFiniteStart; return out; }
  bhhh_inverse(opg, g, K, Hi);
  bool fresh = true;
  for (int it = 0; it < opt.maxIterations; ++it) {
    out.iterations = it + 1;
    // Held set: on a bound with the gradient pushing outward; then also any variable on a bound
    // that the free-set direction would push outward (so the step along d is never cut to 0).
    for (int i = 0; i < K; ++i)
      fr[i] = !((x[i] <= lo[i] && g[i] > 0.0) || (x[i] >= hi[i] && g[i] < 0.0));
    double dec = free_set_direction(Hi, g, fr, K, d);
    for (int pass = 0; pass < K; ++pass) {
      bool changed = false;
      for (int i = 0; i < K; ++i)
        if (fr[i] && ((x[i] <= lo[i] && d[i] < 0.0) || (x[i] >= hi[i] && d[i] > 0.0))) {
          fr[i] = false;
          changed = true;
        }
      if (!changed) break;
      dec = free_set_direction(Hi, g, fr, K, d);
    }
    out.decrement = dec;
#ifdef TC_GARCH_TRACE
    printf("it %3d f %.10f dec %.3e fresh %d x", it, f, dec, fresh ? 1 : 0);
    for (int i = 0; i < K; ++i) printf(" %.6g%s", x[i], fr[i] ? "" : "*");
    printf(" | g");
    for (int i = 0; i < K; ++i) printf(" %.3g", g[i]);
    printf("\n");
#endif
    if (!(dec > 0.0) && !fresh) {  // lost positive definiteness: restart from BHHH
      fun(x, g, opg); ++out.fevals;
      bhhh_inverse(opg, g, K, Hi);
      fresh = true;
      --it;
      continue;
    }
    if (dec < opt.decTol) { out.f = f; out.reason = kReasonConverged; out.converged = true; return out; }
    // Longest feasible step along d; a variable that reaches its bound there is put on it exactly.
    double tmax = kInf;
    for (int i = 0; i < K; ++i) {
      if (d[i] < 0.0 && (x[i] - lo[i]) < -tmax * d[i]) tmax = (x[i] - lo[i]) / -d[i];
      if (d[i] > 0.0 && (hi[i] - x[i]) < tmax * d[i]) tmax = (hi[i] - x[i]) / d[i];
    }
    double step = tmax < 1.0 ? tmax : 1.0, fn = kInf, slope = 0.0;
    bool ok = false;
    for (int ls = 0; ls < 50 && step > 0.0; ++ls) {
      slope = 0.0;
      for (int i = 0; i < K; ++i) {
        double v = x[i] + step * d[i];
        if (step >= tmax) {  // the boundary step: land on the bound that limits it
          if (d[i] < 0.0 && (x[i] - lo[i]) <= -step * d[i]) v = lo[i];
          if (d[i] > 0.0 && (hi[i] - x[i]) <= step * d[i]) v = hi[i];
        }
        v = v < lo[i] ? lo[i] : (v > hi[i] ? hi[i] : v);
        xn[i] = v;
        slope += g[i] * (v - x[i]);
      }
      fn = fun(xn, gn, nullptr);
      ++out.fevals;
      if (is_finite(fn) && fn <= f + 1e-4 * slope && slope < 0.0) { ok = true; break; }
      // Near the optimum the predicted decrease is below the rounding noise of f (~1e-13 |f|);
      // a full step that does not raise f beyond that noise is taken (the gradient is exact).
      if (ls == 0 && dec < 1e-6 && is_finite(fn) && fn <= f + 1e-13 * (1.0 + fabs(f))) { ok = true; break; }
      if (is_finite(fn) && slope < 0.0) {
        // minimiser of the quadratic through f, slope and fn, kept within [0.1, 0.5] of the step
        const double denom = 2.0 * (fn - f - slope);
        double r = denom > 0.0 ? -slope / denom : 0.5;
        r = r < 0.1 ? 0.1 : (r > 0.5 ? 0.5 : r);
        step *= r;
      } else {
        step *= 0.25;
      }
      if (!(slope < 0.0) && ls > 0) break;
    }
    if (!ok) {
      if (dec < opt.flatDecTol) {
        out.f = f; out.reason = kReasonConvergedFlat; out.converged = true; return out;
      }
      if (fresh) { out.f = f; out.reason = kReasonLineSearch; return out; }
      fun(x, g, opg); ++out.fevals;
      bhhh_inverse(opg, g, K, Hi);
      fresh = true;
      continue;
    }
    double sy = 0.0, ss = 0.0, yy = 0.0;
    for (int i = 0; i < K; ++i) {
      s[i] = xn[i] - x[i]; y[i] = gn[i] - g[i];
      sy += s[i] * y[i]; ss += s[i] * s[i]; yy += y[i] * y[i];
    }
    if (sy > 1e-12 * sqrt(ss * yy)) {
      double yHy = 0.0;
      for (int i = 0; i < K; ++i) {
        double v = 0.0;
        for (int j = 0; j < K; ++j) v += Hi[i * K + j] * y[j];
        Hy[i] = v; yHy += y[i] * v;
      }
      const double a = (sy + yHy) / (sy * sy), b = 1.0 / sy;
      for (int i = 0; i < K; ++i)
        for (int j = 0; j < K; ++j)
          Hi[i * K + j] += a * s[i] * s[j] - b * (Hy[i] * s[j] + s[i] * Hy[j]);
      fresh = false;
    }
    for (int i = 0; i < K; ++i) { x[i] = xn[i]; g[i] = gn[i]; }
    f = fn;
  }
  out.f = f;
  out.reason = kReasonMaxIterations;
  return out;
}

}  // namespace garch
}  // namespace tc
