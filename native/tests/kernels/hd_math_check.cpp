// Accuracy of native/src/kernels/hd_math.hpp against long double (x87 80-bit, glibc's logl etc.):
// the error in ulps of the double result over random arguments spanning each function's range,
// plus the special values. Exit 0 when every function is within its documented bound. Run by
// tests/native/hd_math.test.ts:  g++ -std=c++17 -O2 -ffp-contract=off hd_math_check.cpp
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>

#include "../../src/kernels/hd_math.hpp"

namespace {

double ulp_error(double got, long double ref) {
  const double r = static_cast<double>(ref);
  if (std::isinf(r) || std::isnan(r)) return got == r || (std::isnan(got) && std::isnan(r)) ? 0.0 : INFINITY;
  const double ulp = std::nextafter(std::fabs(r), INFINITY) - std::fabs(r);
  return static_cast<double>(std::fabs(static_cast<long double>(got) - ref) / ulp);
}

struct Stat {
  const char* name;
  double maxUlp;  // the documented bound (hd_math.hpp)
  double worst = 0.0, at = 0.0;
  long n = 0;
  void add(double x, double got, long double ref) {
    const double e = ulp_error(got, ref);
    ++n;
    if (!(e <= worst)) { worst = e; at = x; }
  }
  bool report() const {
    const bool ok = worst <= maxUlp;
    std::printf("%-6s %8ld arguments: max error %.3f ulp (at %.17g; bound %.0f): %s\n", name, n, worst, at, maxUlp, ok ? "PASS" : "FAIL");
    return ok;
  }
};

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

int main() {
  std::mt19937_64 rng(20261204);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  Stat lg{"log", 1.0}, l1p{"log1p", 3.0}, th{"tanh", 3.0}, ath{"atanh", 3.0};
  for (int i = 0; i < 400000; ++i) {
    // log: x = m 2^e over the whole double range, and close to 1
    const double x = std::ldexp(1.0 + u01(rng), static_cast<int>(u01(rng) * 2090.0) - 1070);
    lg.add(x, tc::hd_log(x), logl(static_cast<long double>(x)));
    const double near1 = 1.0 + (u01(rng) - 0.5) * std::ldexp(1.0, -static_cast<int>(u01(rng) * 50.0));
    lg.add(near1, tc::hd_log(near1), logl(static_cast<long double>(near1)));
    // log1p on (-1, 1e6) with small magnitudes well represented
    const double y = u01(rng) < 0.5 ? (u01(rng) - 0.5) * std::ldexp(1.0, -static_cast<int>(u01(rng) * 60.0)) : -1.0 + std::ldexp(1.0, static_cast<int>(u01(rng) * 70.0) - 50) * u01(rng);
    if (y > -1.0) l1p.add(y, tc::hd_log1p(y), log1pl(static_cast<long double>(y)));
    // tanh on small magnitudes and on (-25, 25)
    const double t = u01(rng) < 0.5 ? (u01(rng) - 0.5) * std::ldexp(1.0, -static_cast<int>(u01(rng) * 40.0)) : (u01(rng) - 0.5) * 50.0;
    th.add(t, tc::hd_tanh(t), tanhl(static_cast<long double>(t)));
    // atanh on (-1, 1), with arguments near +-1 and near 0
    const double a0 = u01(rng);
    const double a = u01(rng) < 0.3 ? (1.0 - std::ldexp(a0, -static_cast<int>(u01(rng) * 50.0))) * (u01(rng) < 0.5 ? -1 : 1)
                                    : (a0 - 0.5) * 2.0 * std::ldexp(1.0, -static_cast<int>(u01(rng) * 30.0));
    if (std::fabs(a) < 1.0) ath.add(a, tc::hd_atanh(a), atanhl(static_cast<long double>(a)));
  }
  const bool accurate = lg.report() & l1p.report() & th.report() & ath.report();
  bool special = true;
  // special values: as the C library defines them
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  const double denorm = std::numeric_limits<double>::denorm_min();
  struct Case { const char* what; double got, want; } cases[] = {
      {"log(0)", tc::hd_log(0.0), -inf},        {"log(-1)", tc::hd_log(-1.0), nan},   {"log(inf)", tc::hd_log(inf), inf},
      {"log(nan)", tc::hd_log(nan), nan},       {"log(1)", tc::hd_log(1.0), 0.0},     {"log(denorm_min)", tc::hd_log(denorm), std::log(denorm)},
      {"log1p(-1)", tc::hd_log1p(-1.0), -inf},  {"log1p(-2)", tc::hd_log1p(-2.0), nan}, {"log1p(0)", tc::hd_log1p(0.0), 0.0},
      {"tanh(inf)", tc::hd_tanh(inf), 1.0},     {"tanh(-inf)", tc::hd_tanh(-inf), -1.0}, {"tanh(nan)", tc::hd_tanh(nan), nan},
      {"tanh(0)", tc::hd_tanh(0.0), 0.0},       {"atanh(1)", tc::hd_atanh(1.0), inf},  {"atanh(-1)", tc::hd_atanh(-1.0), -inf},
      {"atanh(1.5)", tc::hd_atanh(1.5), nan},   {"atanh(nan)", tc::hd_atanh(nan), nan}, {"atanh(0)", tc::hd_atanh(0.0), 0.0},
  };
  for (const Case& c : cases) {
    const bool good = same(c.got, c.want);
    if (!good) std::printf("special %s = %.17g, want %.17g: FAIL\n", c.what, c.got, c.want);
    special = special && good;
  }
  std::printf("special values: %s\n", special ? "PASS" : "FAIL");
  const bool ok = accurate && special;
  std::printf(ok ? "ALL PASS\n" : "SOME FAILED\n");
  return ok ? 0 : 1;
}
