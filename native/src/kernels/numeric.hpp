// Numeric helpers that behave the same on host and device.
#pragma once

#include <cmath>

#include "hd.hpp"

namespace tc {

// NAN is a constant expression on both sides, unlike std::numeric_limits in device code.
constexpr double kNaN = static_cast<double>(NAN);

// v - v is 0 for finite v and NaN for ±inf or NaN; avoids std::isfinite, which is host-only, and
// stays exact because we never build with -ffast-math.
TC_HD inline bool is_finite(double v) { return v - v == 0.0; }

TC_HD inline bool all_finite(const double* v, int n) {
  for (int i = 0; i < n; ++i) {
    if (!is_finite(v[i])) return false;
  }
  return true;
}

TC_HD inline void fill(double* v, int n, double value) {
  for (int i = 0; i < n; ++i) v[i] = value;
}

}  // namespace tc
