// Forward-mode dual numbers: a value and its N partial derivatives. The likelihood is written once
// as a template on its scalar, so the same source gives the objective (double) and its exact
// gradient (Dual<k>) in one pass -- no finite-difference step to tune, and BFGS can converge to
// ~1e-10 in the gradient, tighter than R's optim (ndeps = 1e-3 central differences).
#pragma once

#include <math.h>

#include "../kernels/hd.hpp"
#include "../kernels/hd_math.hpp"

namespace tc {
namespace arima {

template <int N>
struct Dual {
  double v;
  double d[N];
  TC_HD Dual() : v(0.0) { for (int i = 0; i < N; ++i) d[i] = 0.0; }
  TC_HD Dual(double x) : v(x) { for (int i = 0; i < N; ++i) d[i] = 0.0; }  // NOLINT: implicit
  TC_HD static Dual variable(double x, int i) { Dual r(x); r.d[i] = 1.0; return r; }
};

TC_HD inline double value(double x) { return x; }
template <int N> TC_HD inline double value(const Dual<N>& x) { return x.v; }

// A derivative-carrying result from the value f and slope df of a unary function at a.v.
template <int N> TC_HD inline Dual<N> chain(const Dual<N>& a, double f, double df) {
  Dual<N> r; r.v = f;
  for (int i = 0; i < N; ++i) r.d[i] = df * a.d[i];
  return r;
}

template <int N> TC_HD inline Dual<N> operator+(const Dual<N>& a, const Dual<N>& b) {
  Dual<N> r; r.v = a.v + b.v;
  for (int i = 0; i < N; ++i) r.d[i] = a.d[i] + b.d[i];
  return r;
}
template <int N> TC_HD inline Dual<N> operator-(const Dual<N>& a, const Dual<N>& b) {
  Dual<N> r; r.v = a.v - b.v;
  for (int i = 0; i < N; ++i) r.d[i] = a.d[i] - b.d[i];
  return r;
}
template <int N> TC_HD inline Dual<N> operator-(const Dual<N>& a) {
  Dual<N> r; r.v = -a.v;
  for (int i = 0; i < N; ++i) r.d[i] = -a.d[i];
  return r;
}
template <int N> TC_HD inline Dual<N> operator*(const Dual<N>& a, const Dual<N>& b) {
  Dual<N> r; r.v = a.v * b.v;
  for (int i = 0; i < N; ++i) r.d[i] = a.d[i] * b.v + a.v * b.d[i];
  return r;
}
template <int N> TC_HD inline Dual<N> operator/(const Dual<N>& a, const Dual<N>& b) {
  Dual<N> r; r.v = a.v / b.v;
  const double inv = 1.0 / b.v;
  for (int i = 0; i < N; ++i) r.d[i] = (a.d[i] - r.v * b.d[i]) * inv;
  return r;
}
template <int N> TC_HD inline Dual<N> operator+(const Dual<N>& a, double b) { Dual<N> r = a; r.v += b; return r; }
template <int N> TC_HD inline Dual<N> operator+(double b, const Dual<N>& a) { return a + b; }
template <int N> TC_HD inline Dual<N> operator-(const Dual<N>& a, double b) { Dual<N> r = a; r.v -= b; return r; }
template <int N> TC_HD inline Dual<N> operator-(double b, const Dual<N>& a) { return -a + b; }
template <int N> TC_HD inline Dual<N> operator*(const Dual<N>& a, double b) {
  Dual<N> r; r.v = a.v * b;
  for (int i = 0; i < N; ++i) r.d[i] = a.d[i] * b;
  return r;
}
template <int N> TC_HD inline Dual<N> operator*(double b, const Dual<N>& a) { return a * b; }
template <int N> TC_HD inline Dual<N> operator/(const Dual<N>& a, double b) { return a * (1.0 / b); }
template <int N> TC_HD inline Dual<N> operator/(double a, const Dual<N>& b) {
  const double v = a / b.v;
  return chain(b, v, -v / b.v);
}
template <int N> TC_HD inline Dual<N>& operator+=(Dual<N>& a, const Dual<N>& b) { a = a + b; return a; }
template <int N> TC_HD inline Dual<N>& operator-=(Dual<N>& a, const Dual<N>& b) { a = a - b; return a; }

// a += b * c without building the temporary product: the inner loop of every recursion.
TC_HD inline void fma_acc(double& a, double b, double c) { a += b * c; }
template <int N> TC_HD inline void fma_acc(Dual<N>& a, const Dual<N>& b, const Dual<N>& c) {
  a.v += b.v * c.v;
  for (int i = 0; i < N; ++i) a.d[i] += b.d[i] * c.v + b.v * c.d[i];
}
TC_HD inline void fms_acc(double& a, double b, double c) { a -= b * c; }
template <int N> TC_HD inline void fms_acc(Dual<N>& a, const Dual<N>& b, const Dual<N>& c) {
  a.v -= b.v * c.v;
  for (int i = 0; i < N; ++i) a.d[i] -= b.d[i] * c.v + b.v * c.d[i];
}

// hd_log / hd_tanh (kernels/hd_math.hpp), not libm: the same bits on the CPU and the GPU
TC_HD inline double dlog(double x) { return hd_log(x); }
TC_HD inline double dtanh(double x) { return hd_tanh(x); }
template <int N> TC_HD inline Dual<N> dlog(const Dual<N>& a) { return chain(a, hd_log(a.v), 1.0 / a.v); }
template <int N> TC_HD inline Dual<N> dtanh(const Dual<N>& a) {
  const double t = hd_tanh(a.v);
  return chain(a, t, 1.0 - t * t);
}

}  // namespace arima
}  // namespace tc
