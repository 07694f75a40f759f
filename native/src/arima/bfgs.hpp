// Quasi-Newton minimiser (BFGS, inverse-Hessian form) with a strong-Wolfe line search, for the few
// (<= kMaxCoef) parameters of one ARIMA fit. TC_HD, fixed-size, no allocation. The objective
// supplies exact gradients (dual numbers), so the stopping rule can be a small gradient norm.
#pragma once

#include <math.h>

#include "../kernels/hd.hpp"
#include "spec.hpp"

namespace tc {
namespace arima {

struct BfgsOptions {
  int maxIterations = 200;
  double gradTol = 1e-9;   // max |g_i| of the per-observation objective
  double relFTol = 1e-15;  // stop when an accepted step changes f by less than this, relatively
};

struct BfgsOutcome {
  double f;
  int iterations;
  int evaluations;
  bool converged;
  bool ok;  // false if even the starting point could not be evaluated
};

// fn(x, &f, g) -> bool: false (or a non-finite f) marks x as outside the domain; the line search
// then backs off. x holds the start on entry and the minimiser on exit.
template <class Fn>
TC_HD inline BfgsOutcome bfgs_minimize(Fn& fn, double* x, int k, const BfgsOptions& opt) {
  BfgsOutcome res{0.0, 0, 0, false, false};
  double g[kMaxCoef], H[kMaxCoef * kMaxCoef], p[kMaxCoef], xn[kMaxCoef], gn[kMaxCoef];
  double f = 0.0;
  res.evaluations = 1;
  if (!fn(x, &f, g) || !(f - f == 0.0)) return res;
  res.ok = true;
  res.f = f;
  if (k == 0) { res.converged = true; return res; }
  for (int i = 0; i < k * k; ++i) H[i] = 0.0;
  for (int i = 0; i < k; ++i) H[i * k + i] = 1.0;
  bool firstStep = true;
  const double c1 = 1e-4, c2 = 0.9;
  for (int it = 0; it < opt.maxIterations; ++it) {
    double gmax = 0.0;
    for (int i = 0; i < k; ++i) gmax = fmax(gmax, fabs(g[i]));
    if (gmax < opt.gradTol) { res.converged = true; break; }
    double d0 = 0.0;
    for (int i = 0; i < k; ++i) {
      double s = 0.0;
      for (int j = 0; j < k; ++j) s -= H[i * k + j] * g[j];
      p[i] = s;
      d0 += s * g[i];
    }
    if (!(d0 < 0.0)) {  // lost descent: restart from steepest descent
      for (int i = 0; i < k * k; ++i) H[i] = 0.0;
      for (int i = 0; i < k; ++i) { H[i * k + i] = 1.0; p[i] = -g[i]; }
      d0 = 0.0;
      for (int i = 0; i < k; ++i) d0 -= g[i] * g[i];
      firstStep = true;
    }
    double pmax = 0.0;
    for (int i = 0; i < k; ++i) pmax = fmax(pmax, fabs(p[i]));
    // a first (unscaled) step is capped at 1 in the largest coordinate: raw tanh parameters live on O(1)
    double alpha = firstStep ? fmin(1.0, 1.0 / pmax) : 1.0;
    // strong-Wolfe search: bracket, then zoom by safeguarded quadratic interpolation
    double aLo = 0.0, fLo = f, dLo = d0, aHi = -1.0, fHi = 0.0;
    double fa = 0.0, da = 0.0;
    bool accepted = false;
    for (int ls = 0; ls < 60; ++ls) {
      for (int i = 0; i < k; ++i) xn[i] = x[i] + alpha * p[i];
      ++res.evaluations;
      const bool valid = fn(xn, &fa, gn) && (fa - fa == 0.0);
      da = 0.0;
      if (valid) for (int i = 0; i < k; ++i) da += gn[i] * p[i];
      if (!valid || fa > f + c1 * alpha * d0 || (ls > 0 && fa >= fLo)) {
        aHi = alpha;
        fHi = valid ? fa : 1e300;
      } else if (fabs(da) <= -c2 * d0) {
        accepted = true;
        break;
      } else {
        if (aHi >= 0.0 ? da * (aHi - aLo) >= 0.0 : da >= 0.0) { aHi = aLo; fHi = fLo; }
        aLo = alpha; fLo = fa; dLo = da;
      }
      if (aHi < 0.0) {  // still bracketing: expand
        alpha *= 2.0;
        continue;
      }
      // zoom: quadratic through (aLo, fLo, dLo) and (aHi, fHi), kept inside the bracket's middle
      const double width = aHi - aLo;
      if (fabs(width) * pmax < 1e-16) break;
      double t = 0.5;
      if (fHi < 1e299) {
        const double curv = fHi - fLo - dLo * width;
        if (curv > 0.0) t = -dLo * width / (2.0 * curv);
      }
      if (!(t >= 0.1 && t <= 0.9)) t = (t < 0.1) ? 0.1 : 0.5;
      alpha = aLo + t * width;
    }
    if (!accepted) {
      // accept the best sufficient-decrease point found, else give up
      if (aLo > 0.0 && fLo < f) {
        alpha = aLo;
        for (int i = 0; i < k; ++i) xn[i] = x[i] + alpha * p[i];
        ++res.evaluations;
        if (!fn(xn, &fa, gn)) break;
      } else {
        res.converged = (gmax < 1e3 * opt.gradTol);
        break;
      }
    }
    double s[kMaxCoef], y[kMaxCoef], sy = 0.0, yy = 0.0;
    for (int i = 0; i < k; ++i) {
      s[i] = xn[i] - x[i];
      y[i] = gn[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    const double fOld = f;
    for (int i = 0; i < k; ++i) { x[i] = xn[i]; g[i] = gn[i]; }
    f = fa;
    res.iterations = it + 1;
    if (sy > 1e-16 * sqrt(yy) && yy > 0.0) {
      if (firstStep) {  // Nocedal & Wright (6.20): scale H0 to the observed curvature
        for (int i = 0; i < k * k; ++i) H[i] = 0.0;
        for (int i = 0; i < k; ++i) H[i * k + i] = sy / yy;
        firstStep = false;
      }
      double Hy[kMaxCoef], yHy = 0.0;
      for (int i = 0; i < k; ++i) {
        double t = 0.0;
        for (int j = 0; j < k; ++j) t += H[i * k + j] * y[j];
        Hy[i] = t;
        yHy += y[i] * t;
      }
      const double rho = 1.0 / sy;
      for (int i = 0; i < k; ++i)
        for (int j = 0; j < k; ++j)
          H[i * k + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
    if (fabs(fOld - f) <= opt.relFTol * (fabs(f) + 1e-300)) {
      double gm = 0.0;
      for (int i = 0; i < k; ++i) gm = fmax(gm, fabs(g[i]));
      res.converged = gm < 1e3 * opt.gradTol;
      if (res.converged) break;
    }
  }
  res.f = f;
  if (!res.converged) {
    double gm = 0.0;
    for (int i = 0; i < k; ++i) gm = fmax(gm, fabs(g[i]));
    res.converged = gm < opt.gradTol;
  }
  return res;
}

}  // namespace arima
}  // namespace tc
