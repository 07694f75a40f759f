// The model description (a POD the batch driver fills once per request) and the flat parameter
// layout derived from it. Each component (mean, volatility, distribution) owns one contiguous slice
// of the parameter vector, in fGarch's order: mu, ar*, ma*, omega, alpha*, gamma*, beta*, delta,
// skew, shape.
#pragma once

#include <math.h>
#include <stdint.h>

#include "../kernels/hd.hpp"
#include "../kernels/strided.hpp"

namespace tc {
namespace garch {

constexpr int kMaxParams = 16;  // 1 + 2 + 2 + 1 + 2 + 2 + 2 + 1 + 2 = 15 at the largest spec
constexpr int kMaxArma = 2;
constexpr int kMaxLag = 2;  // p, o, q <= 2

enum MeanKind : int32_t { kMeanZero = 0, kMeanConstant = 1, kMeanArma = 2 };
enum VolKind : int32_t { kVolGarch = 0, kVolGjr = 1, kVolAparch = 2, kVolEgarch = 3 };
enum DistKind : int32_t { kDistNormal = 0, kDistStd = 1, kDistSstd = 2, kDistGed = 3 };
// kInitSample: pre-sample eps^2 and sigma^2 = mean of squared residuals (FCP benchmark).
// kInitFgarch: fGarch's "mci": h_t = omega + (sum alpha + sum beta) * mean(z^2) for t <= max(p,q),
//              ARMA residuals before max(ar,ma) set to 0 and kept in the likelihood.
// kInitBackcast: arch's exponentially weighted backcast (0.94^i over the first 75 residuals).
enum InitKind : int32_t { kInitSample = 0, kInitFgarch = 1, kInitBackcast = 2 };

struct GarchSpec {
  int32_t mean = kMeanConstant;
  int32_t arOrder = 0;      // ARMA only, <= 2
  int32_t maOrder = 0;      // ARMA only, <= 2
  int32_t armaIncludeMean = 1;  // ARMA only: estimate mu as well
  int32_t vol = kVolGarch;
  int32_t p = 1;            // ARCH lags (alpha); EGARCH: must be 1
  int32_t o = 0;            // GJR asymmetry lags (gamma), <= p; APARCH: gamma count is p
  int32_t q = 1;            // GARCH lags (beta); EGARCH: must be 1
  int32_t dist = kDistNormal;
  int32_t init = kInitSample;
  int32_t deltaFixed = 0;   // APARCH: 1 = delta held at `delta`
  double delta = 2.0;       // APARCH fixed value / start value
  int32_t shapeFixed = 0;   // std, sstd, ged: 1 = shape held at `shape`
  double shape = 0.0;       // 0 = data-driven start; otherwise start / fixed value
  int32_t skewFixed = 0;    // sstd: 1 = skew held at `skew`
  double skew = 1.0;
  // fGarch fits x / sd(x), so in original units its mci start is sd(x)^(delta-2) * mean(z^2): not
  // scale-equivariant when an APARCH delta != 2. loglik is always reported on the original data
  // with the plain start, as fGarch does.
  //   0 = maximise the reported (plain-start) likelihood;
  //   1 = maximise fGarch's scaled-start likelihood (estimates equal fGarch's), then re-maximise the
  //       reported one from there and keep that when it gains more than 1.92 (chi-square(1) 95% / 2);
  //   2 = fGarch's scaled-start optimum only (strict fGarch reproduction, even where its reported
  //       likelihood is far below the plain-start optimum).
  int32_t fgarchScaledStart = 1;
  int32_t enforceStationarity = 1;  // reject persistence >= 1 during the search
  int32_t computeStdErrors = 1;     // Hessian and sandwich standard errors
  int32_t maxIterations = 200;      // per start
  int32_t maxStarts = 3;            // retries from the next-best grid start
  int32_t disableFastPath = 0;      // 1 = always use the generic composition (reference twin)
};

// Index of each component's slice in the flat parameter vector; -1 when the component has none.
struct GarchLayout {
  int k = 0;         // total free parameters
  int nMean = 0;     // mean slice [0, nMean)
  int nVolEnd = 0;   // volatility slice [nMean, nVolEnd); parameters below nVolEnd move sigma
  int iMu = -1, iAr = -1, nAr = 0, iMa = -1, nMa = 0;
  int iOmega = -1, iAlpha = -1, nAlpha = 0, iGamma = -1, nGamma = 0, iBeta = -1, nBeta = 0;
  int iDelta = -1;
  int iSkew = -1, iShape = -1;
};

TC_HD inline int mean_param_count(const GarchSpec& s) {
  if (s.mean == kMeanZero) return 0;
  if (s.mean == kMeanConstant) return 1;
  return (s.armaIncludeMean ? 1 : 0) + s.arOrder + s.maOrder;
}

TC_HD inline int vol_gamma_count(const GarchSpec& s) {
  if (s.vol == kVolGjr) return s.o;
  if (s.vol == kVolAparch || s.vol == kVolEgarch) return s.p;
  return 0;
}

TC_HD inline bool dist_has_shape(int32_t d) { return d != kDistNormal; }
TC_HD inline bool dist_has_skew(int32_t d) { return d == kDistSstd; }

// Returns false for a spec outside the supported orders (checked once by the driver).
TC_HD inline bool spec_valid(const GarchSpec& s) {
  if (s.mean < kMeanZero || s.mean > kMeanArma) return false;
  if (s.arOrder < 0 || s.arOrder > kMaxArma || s.maOrder < 0 || s.maOrder > kMaxArma) return false;
  if (s.mean != kMeanArma && (s.arOrder != 0 || s.maOrder != 0)) return false;
  if (s.vol < kVolGarch || s.vol > kVolEgarch) return false;
  if (s.p < 1 || s.p > kMaxLag || s.q < 0 || s.q > kMaxLag || s.o < 0 || s.o > s.p) return false;
  if (s.vol == kVolEgarch && (s.p != 1 || s.q != 1)) return false;
  if (s.vol != kVolGjr && s.o != 0) return false;
  if (s.dist < kDistNormal || s.dist > kDistGed) return false;
  if (s.init < kInitSample || s.init > kInitBackcast) return false;
  if (s.vol == kVolAparch && s.deltaFixed && !(s.delta > 0.0)) return false;
  return true;
}

TC_HD inline GarchLayout make_layout(const GarchSpec& s) {
  GarchLayout L;
  int i = 0;
  // mean slice
  if (s.mean == kMeanConstant || (s.mean == kMeanArma && s.armaIncludeMean)) L.iMu = i++;
  if (s.mean == kMeanArma) {
    L.nAr = s.arOrder;
    if (L.nAr) { L.iAr = i; i += L.nAr; }
    L.nMa = s.maOrder;
    if (L.nMa) { L.iMa = i; i += L.nMa; }
  }
  L.nMean = i;
  // volatility slice
  L.iOmega = i++;
  L.nAlpha = s.p;
  L.iAlpha = i; i += L.nAlpha;
  L.nGamma = vol_gamma_count(s);
  if (L.nGamma) { L.iGamma = i; i += L.nGamma; }
  L.nBeta = s.q;
  if (L.nBeta) { L.iBeta = i; i += L.nBeta; }
  if (s.vol == kVolAparch && !s.deltaFixed) L.iDelta = i++;
  L.nVolEnd = i;
  // distribution slice
  if (dist_has_skew(s.dist) && !s.skewFixed) L.iSkew = i++;
  if (dist_has_shape(s.dist) && !s.shapeFixed) L.iShape = i++;
  L.k = i;
  return L;
}

TC_HD inline double volatility_delta(const GarchSpec& s, const GarchLayout& L, const double* th) {
  if (s.vol != kVolAparch) return 2.0;
  return L.iDelta >= 0 ? th[L.iDelta] : s.delta;
}

TC_HD inline bool is_finite(double v) { return v - v == 0.0; }

constexpr double kInf = static_cast<double>(INFINITY);
constexpr double kNaN = static_cast<double>(NAN);
constexpr double kPi = 3.14159265358979323846;
constexpr double kLn2Pi = 1.83787706640934548356;

}  // namespace garch
}  // namespace tc
