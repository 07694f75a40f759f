// Dense K x K helpers (K <= kMaxParams, row-major, on the stack) for the optimizer and the
// covariance matrices.
#pragma once

#include <math.h>

#include "spec.hpp"

namespace tc {
namespace garch {

// Inverse of a symmetric positive-definite matrix via Cholesky; false if not positive definite.
TC_HD inline bool invert_spd(const double* A, int K, double* Ainv) {
  double Lm[kMaxParams * kMaxParams];
  for (int i = 0; i < K; ++i) {
    for (int j = 0; j <= i; ++j) {
      double s = A[i * K + j];
      for (int k = 0; k < j; ++k) s -= Lm[i * K + k] * Lm[j * K + k];
      if (i == j) {
        if (!(s > 0.0)) return false;
        Lm[i * K + i] = sqrt(s);
      } else {
        Lm[i * K + j] = s / Lm[j * K + j];
      }
    }
  }
  // Linv (lower), then Ainv = Linv' Linv
  double Li[kMaxParams * kMaxParams];
  for (int i = 0; i < K * K; ++i) Li[i] = 0.0;
  for (int i = 0; i < K; ++i) {
    Li[i * K + i] = 1.0 / Lm[i * K + i];
    for (int j = 0; j < i; ++j) {
      double s = 0.0;
      for (int k = j; k < i; ++k) s -= Lm[i * K + k] * Li[k * K + j];
      Li[i * K + j] = s / Lm[i * K + i];
    }
  }
  for (int i = 0; i < K; ++i)
    for (int j = 0; j <= i; ++j) {
      double s = 0.0;
      for (int k = i; k < K; ++k) s += Li[k * K + i] * Li[k * K + j];
      Ainv[i * K + j] = s;
      Ainv[j * K + i] = s;
    }
  return true;
}

// General inverse by Gauss–Jordan with partial pivoting; false if singular.
TC_HD inline bool invert_general(const double* A, int K, double* Ainv) {
  double M[kMaxParams * kMaxParams];
  for (int i = 0; i < K * K; ++i) { M[i] = A[i]; Ainv[i] = 0.0; }
  for (int i = 0; i < K; ++i) Ainv[i * K + i] = 1.0;
  for (int c = 0; c < K; ++c) {
    int piv = c;
    for (int r = c + 1; r < K; ++r) if (fabs(M[r * K + c]) > fabs(M[piv * K + c])) piv = r;
    if (!(fabs(M[piv * K + c]) > 0.0)) return false;
    if (piv != c)
      for (int j = 0; j < K; ++j) {
        double t = M[c * K + j]; M[c * K + j] = M[piv * K + j]; M[piv * K + j] = t;
        t = Ainv[c * K + j]; Ainv[c * K + j] = Ainv[piv * K + j]; Ainv[piv * K + j] = t;
      }
    const double d = 1.0 / M[c * K + c];
    for (int j = 0; j < K; ++j) { M[c * K + j] *= d; Ainv[c * K + j] *= d; }
    for (int r = 0; r < K; ++r) {
      if (r == c) continue;
      const double f = M[r * K + c];
      if (f == 0.0) continue;
      for (int j = 0; j < K; ++j) { M[r * K + j] -= f * M[c * K + j]; Ainv[r * K + j] -= f * Ainv[c * K + j]; }
    }
  }
  return true;
}

}  // namespace garch
}  // namespace tc
