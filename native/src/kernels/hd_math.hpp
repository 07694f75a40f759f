// log, log1p, tanh and atanh written in plain IEEE double arithmetic, so host and device compute
// the same bits from the same source (the addon's flags forbid contraction on both sides: host
// -ffp-contract=off, device --fmad=false; + - * / and sqrt are correctly rounded on both). glibc's
// libm and CUDA's differ in the last place on some arguments, and an optimizer that stops on a
// gradient tolerance turns one ulp into ~1e-7 on a flat likelihood ridge: the ARIMA fit path uses
// these so a series fitted on the GPU equals the CPU fit exactly (bench/gpu/arima_gpu_bench checks).
//
// Accuracy (measured over 400,000 random arguments each): log within 0.75 ulp of the exact value,
// log1p, tanh and atanh within 3 ulp (2.2, 2.9, 2.7 seen)
// (native/tests/kernels/hd_math_check.cpp, run by tests/native/hd_math.test.ts, against long double).
// Method: log reduces x = 2^e m with m in [sqrt(1/2), sqrt(2)), f = m - 1 (exact), s = f / (2 + f),
// log(1 + f) = 2 atanh(s) = f - (f^2/2 - s (f^2/2 + R(s^2))) with R the atanh series' tail
// (|s| <= 0.1716: eleven terms reach 1e-18), and e ln 2 in two parts. tanh uses expm1 by its Taylor
// series (|y| <= 0.7: Horner, to y^20/20!) and exp(y) = 2^k exp(r) beyond; atanh uses log1p, and
// log1p(y) = log(u) y / (u - 1) with u = 1 + y (Goldberg's correction for the rounding of u).
#pragma once

#include <stdint.h>
#include <string.h>

#include "hd.hpp"

namespace tc {
namespace hdm {

TC_HD inline uint64_t bits_of(double x) {
#if defined(__CUDA_ARCH__)
  return static_cast<uint64_t>(__double_as_longlong(x));
#else
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
#endif
}
TC_HD inline double from_bits(uint64_t b) {
#if defined(__CUDA_ARCH__)
  return __longlong_as_double(static_cast<long long>(b));
#else
  double x;
  memcpy(&x, &b, sizeof x);
  return x;
#endif
}

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2 to 32 bits: e * kLn2Hi is exact for |e| < 2^21
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 - kLn2Hi

}  // namespace hdm

/** Natural log; log(0) = -inf, log(x < 0) = NaN, log(inf) = inf, NaN passes through. */
TC_HD inline double hd_log(double x) {
  if (!(x > 0.0)) return hdm::from_bits(x == 0.0 ? 0xfff0000000000000ULL : 0x7ff8000000000000ULL);  // -inf, or NaN
  uint64_t b = hdm::bits_of(x);
  if ((b >> 52) >= 0x7ff) return x;  // inf
  int e = 0;
  if ((b >> 52) == 0) {  // subnormal: scale by 2^54 first
    b = hdm::bits_of(x * 18014398509481984.0);
    e = -54;
  }
  e += static_cast<int>(b >> 52) - 1023;
  uint64_t mb = (b & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;  // m in [1, 2)
  if (mb > 0x3ff6a09e667f3bcdULL) {                                    // m > sqrt(2): halve m
    mb -= 0x0010000000000000ULL;
    e += 1;
  }
  const double f = hdm::from_bits(mb) - 1.0;  // exact (Sterbenz)
  const double s = f / (2.0 + f);
  const double z = s * s;
  // R(z) = sum_{k>=1} 2 z^k / (2k + 1), Horner from the smallest term
  double r = 2.0 / 23.0;
  r = 2.0 / 21.0 + z * r;
  r = 2.0 / 19.0 + z * r;
  r = 2.0 / 17.0 + z * r;
  r = 2.0 / 15.0 + z * r;
  r = 2.0 / 13.0 + z * r;
  r = 2.0 / 11.0 + z * r;
  r = 2.0 / 9.0 + z * r;
  r = 2.0 / 7.0 + z * r;
  r = 2.0 / 5.0 + z * r;
  r = 2.0 / 3.0 + z * r;
  const double R = z * r;
  const double hfsq = 0.5 * f * f;
  const double de = static_cast<double>(e);
  return de * hdm::kLn2Hi - ((hfsq - (s * (hfsq + R) + de * hdm::kLn2Lo)) - f);
}

/** log(1 + y), accurate for small y; y < -1 gives NaN, y = -1 gives -inf. */
TC_HD inline double hd_log1p(double y) {
  const double u = 1.0 + y;
  if (u == 1.0) return y;
  if (!(u > 0.0) || u - u != 0.0) return hd_log(u);  // -inf, NaN or inf
  return hd_log(u) * (y / (u - 1.0));
}

/** exp(y) - 1 for |y| <= 0.7 by its Taylor series to y^20 / 20! (Horner). */
TC_HD inline double hd_expm1_small(double y) {
  double p = 1.0;
  for (int k = 20; k >= 2; --k) p = 1.0 + (y / k) * p;  // y (1 + y/2 (1 + y/3 (... (1 + y/20))))
  return y * p;
}

/** exp(y) for |y| <= 700 (the caller keeps it there). */
TC_HD inline double hd_exp(double y) {
  const double kInvLn2 = 1.44269504088896338700e+00;
  const double kf = y * kInvLn2;
  const int k = static_cast<int>(kf < 0.0 ? kf - 0.5 : kf + 0.5);
  const double dk = static_cast<double>(k);
  const double r = (y - dk * hdm::kLn2Hi) - dk * hdm::kLn2Lo;  // |r| <= ~0.35
  const double er = 1.0 + hd_expm1_small(r);
  // 2^k in two factors so k down to -1074 or up to 1023 never overflows the exponent field
  const int k1 = k / 2, k2 = k - k1;
  return er * hdm::from_bits(static_cast<uint64_t>(1023 + k1) << 52) * hdm::from_bits(static_cast<uint64_t>(1023 + k2) << 52);
}

/** Hyperbolic tangent; tanh(+-inf) = +-1, NaN passes through. */
TC_HD inline double hd_tanh(double x) {
  if (x != x) return x;
  const double a = x < 0.0 ? -x : x;
  double t;
  if (a < 1e-9) {
    t = a;  // tanh(a) = a - a^3/3: the cubic term is below half an ulp
  } else if (a <= 0.35) {
    const double em = hd_expm1_small(2.0 * a);  // tanh = expm1(2a) / (expm1(2a) + 2)
    t = em / (em + 2.0);
  } else if (a < 22.0) {
    t = 1.0 - 2.0 / (hd_exp(2.0 * a) + 1.0);
  } else {
    t = 1.0;  // 1 - tanh(22) < 2^-63
  }
  return x < 0.0 ? -t : t;
}

/** Inverse hyperbolic tangent; atanh(+-1) = +-inf, |x| > 1 gives NaN. */
TC_HD inline double hd_atanh(double x) {
  if (x != x) return x;
  const double a = x < 0.0 ? -x : x;
  double t;
  if (a < 1e-9) {
    t = a;  // atanh(a) = a + a^3/3
  } else if (a < 0.5) {
    t = 0.5 * hd_log1p(2.0 * a + 2.0 * a * a / (1.0 - a));
  } else {
    t = 0.5 * hd_log1p(2.0 * a / (1.0 - a));  // a = 1: inf; a > 1: log1p of a negative < -1: NaN
  }
  return x < 0.0 ? -t : t;
}

}  // namespace tc
