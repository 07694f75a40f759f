// The GARCH(1,1) fast path against its reference twin, the generic composition
// (spec.disableFastPath = 1): value, gradient and score outer products must agree to rounding
// for every distribution, init and zero/constant mean.
#include <cmath>
#include <cstdio>
#include <vector>

#include "../../src/garch/garch.hpp"
#include "test_util.hpp"

using namespace tc::garch;

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "../../../tests/data/dem2gbp_returns.csv";
  const std::vector<double> x = tc_test::read_csv_column(path, "ret");
  if (x.size() < 100) { std::fprintf(stderr, "could not read %s\n", path); return 2; }
  const int n = static_cast<int>(x.size());
  std::vector<double> ws(garch_workspace_doubles(n));
  int failures = 0, total = 0;
  double worst = 0.0;
  for (int mean = 0; mean < 2; ++mean)
    for (int dist = 0; dist < 4; ++dist)
      for (int init = 0; init < 3; ++init) {
        GarchSpec S;
        S.mean = mean ? kMeanConstant : kMeanZero;
        S.dist = dist; S.init = init;
        const GarchLayout L = make_layout(S);
        double th[kMaxParams];
        if (L.iMu >= 0) th[L.iMu] = -0.01;
        th[L.iOmega] = 0.012; th[L.iAlpha] = 0.14; th[L.iBeta] = 0.81;
        if (L.iSkew >= 0) th[L.iSkew] = 0.92;
        if (L.iShape >= 0) th[L.iShape] = dist == kDistGed ? 1.3 : 4.5;
        double gf[kMaxParams], gg[kMaxParams], of[kMaxParams * kMaxParams], og[kMaxParams * kMaxParams];
        const double ff = garch_negloglik(S, L, th, x.data(), n, ws.data(), gf, of);
        S.disableFastPath = 1;
        const double fg = garch_negloglik(S, L, th, x.data(), n, ws.data(), gg, og);
        double err = std::fabs(ff - fg) / std::fabs(fg);
        for (int k = 0; k < L.k; ++k) err = std::fmax(err, std::fabs(gf[k] - gg[k]) / (1.0 + std::fabs(gg[k])));
        for (int k = 0; k < L.k * L.k; ++k) err = std::fmax(err, std::fabs(of[k] - og[k]) / (1.0 + std::fabs(og[k])));
        ++total;
        worst = std::fmax(worst, err);
        if (!(err < 1e-9)) {
          ++failures;
          std::printf("FAIL mean=%d dist=%d init=%d: %.3g\n", mean, dist, init, err);
        }
      }
  std::printf("fast path vs generic: %d/%d agree (worst rel diff %.2g) %s\n", total - failures, total,
              worst, failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}
