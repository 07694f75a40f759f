// Analytic gradient of -loglik against central differences of -loglik itself, for every
// mean x volatility x distribution x init combination, at a perturbed interior point. The
// independent reference is the likelihood value; the test guards the derivative propagation.
#include <cmath>
#include <cstdio>
#include <vector>

#include "../../src/garch/garch.hpp"
#include "test_util.hpp"

using namespace tc::garch;

static double max_rel_grad_error(const GarchSpec& S, const std::vector<double>& x) {
  const GarchLayout L = make_layout(S);
  const int n = static_cast<int>(x.size());
  std::vector<double> ws(garch_workspace_doubles(n));
  double th[kMaxParams];
  // an interior point for every component
  if (L.iMu >= 0) th[L.iMu] = 0.01;
  for (int i = 0; i < L.nAr; ++i) th[L.iAr + i] = 0.1 / (i + 1);
  for (int j = 0; j < L.nMa; ++j) th[L.iMa + j] = -0.05 / (j + 1);
  const double v = 0.22;
  if (S.vol == kVolEgarch) {
    th[L.iOmega] = 0.05 * std::log(v); th[L.iAlpha] = 0.2; th[L.iGamma] = -0.07; th[L.iBeta] = 0.93;
  } else {
    for (int i = 0; i < L.nAlpha; ++i) th[L.iAlpha + i] = 0.08 / L.nAlpha;
    for (int i = 0; i < L.nGamma; ++i) th[L.iGamma + i] = S.vol == kVolGjr ? 0.04 : 0.15;
    for (int j = 0; j < L.nBeta; ++j) th[L.iBeta + j] = 0.8 / L.nBeta;
    if (L.iDelta >= 0) th[L.iDelta] = 1.6;
    th[L.iOmega] = 0.02;
  }
  if (L.iSkew >= 0) th[L.iSkew] = 0.9;
  if (L.iShape >= 0) th[L.iShape] = S.dist == kDistGed ? 1.4 : 5.5;
  double g[kMaxParams];
  const double f = garch_negloglik(S, L, th, x.data(), n, ws.data(), g, nullptr);
  if (!is_finite(f)) return 1e9;
  double worst = 0.0;
  for (int k = 0; k < L.k; ++k) {
    // best of three step sizes: truncation and rounding error trade off differently per parameter
    double err = 1e300;
    for (double rel : {1e-5, 1e-6, 1e-7}) {
      const double h = rel * (std::fabs(th[k]) + 1e-3);
      double tp[kMaxParams], tm[kMaxParams];
      for (int i = 0; i < L.k; ++i) { tp[i] = th[i]; tm[i] = th[i]; }
      tp[k] += h; tm[k] -= h;
      const double fp = garch_negloglik(S, L, tp, x.data(), n, ws.data(), nullptr, nullptr);
      const double fm = garch_negloglik(S, L, tm, x.data(), n, ws.data(), nullptr, nullptr);
      const double fd = (fp - fm) / (2 * h);
      const double e = std::fabs(fd - g[k]) / (std::fabs(fd) + 1.0);
      if (e < err) err = e;
    }
    if (err > worst) worst = err;
  }
  return worst;
}

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "../../../tests/data/dem2gbp_returns.csv";
  const std::vector<double> x = tc_test::read_csv_column(path, "ret");
  if (x.size() < 100) { std::fprintf(stderr, "could not read %s\n", path); return 2; }
  const char* vols[4] = {"garch", "gjr", "aparch", "egarch"};
  const char* dists[4] = {"norm", "std", "sstd", "ged"};
  const char* inits[3] = {"sample", "fgarch", "backcast"};
  int failures = 0, total = 0;
  for (int mean = 0; mean < 4; ++mean)
    for (int vol = 0; vol < 4; ++vol)
      for (int dist = 0; dist < 4; ++dist)
        for (int init = 0; init < 3; ++init)
          for (int order = 0; order < 2; ++order) {
            GarchSpec S;
            S.vol = vol; S.dist = dist; S.init = init;
            if (mean == 0) S.mean = kMeanZero;
            if (mean == 1) S.mean = kMeanConstant;
            if (mean == 2) { S.mean = kMeanArma; S.arOrder = 1; S.maOrder = 1; }
            if (mean == 3) { S.mean = kMeanArma; S.arOrder = 2; S.maOrder = 2; S.armaIncludeMean = 0; }
            if (order == 1) {
              if (vol == kVolEgarch) continue;
              S.p = 2; S.q = 2; S.o = vol == kVolGjr ? 1 : 0;
            } else {
              S.o = vol == kVolGjr ? 1 : 0;
            }
            if (vol == kVolAparch && order == 1) { S.deltaFixed = 1; S.delta = 1.3; }
            S.enforceStationarity = 0;
            const double err = max_rel_grad_error(S, x);
            ++total;
            const bool ok = err < 1e-5;
            if (!ok) {
              ++failures;
              std::printf("FAIL mean=%d %s(%d,%d,%d) %s init=%s: max rel err %.3g\n", mean, vols[vol],
                          S.p, S.o, S.q, dists[dist], inits[init], err);
            }
          }
  std::printf("gradient check: %d/%d combinations within 1e-5 %s\n", total - failures, total,
              failures ? "FAIL" : "PASS");
  return failures ? 1 : 0;
}
