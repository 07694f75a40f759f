// Forecast, VaR/ES and simulation checks.
//  * Quantiles, CDFs and tail expectations of std / sstd / ged against fGarch's qstd, qsstd, qged,
//    psstd, pged and R's integrate() (values produced with fGarch 4022.89, listed inline).
//  * One-step VaR/ES equals mu + sigma * (quantile, tail mean) of the fitted distribution.
//  * The simulation path (APARCH with delta just below 2, EGARCH) against the analytic recursion
//    (APARCH delta = 2) and its own step-1 exactness; Monte-Carlo tolerance 3%.
//  * Philox4x32-10 known-answer test (Random123 kat_vectors).
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
  tc_test::Table t;
  t.header();

  StdDist st; st.prepare(1.0, 5.0);
  SstdDist sk; sk.prepare(0.9, 5.0);
  GedDist ge; ge.prepare(1.0, 1.3);
  NormalDist no;
  t.rel("qstd(0.01, 5)", dist_quantile(st, 0.01), -2.60646356938428, 1e-9);
  t.rel("qstd(0.05, 5)", dist_quantile(st, 0.05), -1.56084975834423, 1e-9);
  t.rel("qsstd(0.01, 5, 0.9)", dist_quantile(sk, 0.01), -2.79170402508676, 1e-9);
  t.rel("qsstd(0.05, 5, 0.9)", dist_quantile(sk, 0.05), -1.62997523082983, 1e-9);
  t.rel("qged(0.01, 1.3)", dist_quantile(ge, 0.01), -2.59070541581925, 1e-9);
  t.rel("qged(0.05, 1.3)", dist_quantile(ge, 0.05), -1.6502809040721, 1e-9);
  t.rel("qnorm(0.01)", dist_quantile(no, 0.01), -2.32634787404084, 1e-12);
  t.rel("psstd(-1, 5, 0.9)", sk.cdf(-1.0), 0.129117087721281, 1e-10);
  t.rel("psstd(0.3, 5, 0.9)", sk.cdf(0.3), 0.623910097401, 1e-10);
  t.rel("pged(-1, 1.3)", ge.cdf(-1.0), 0.136515237851897, 1e-10);
  t.rel("pged(0.3, 1.3)", ge.cdf(0.3), 0.647010236131197, 1e-10);
  t.rel("ES_z std 1%", st.lower_partial_mean(dist_quantile(st, 0.01)) / 0.01, -3.44883676004802, 1e-8);
  t.rel("ES_z sstd 1%", sk.lower_partial_mean(dist_quantile(sk, 0.01)) / 0.01, -3.73298098904383, 1e-8);
  t.rel("ES_z ged 1%", ge.lower_partial_mean(dist_quantile(ge, 0.01)) / 0.01, -3.12379147783952, 1e-8);
  // unit variance / zero mean of the standardised densities via the same quadrature
  t.abs("E z^2 sstd", dist_expectation(sk, 0, 0.0, 2.0), 1.0, 1e-8);
  t.abs("E z|z| ged", dist_expectation(ge, 2, 0.0, 2.0), 0.0, 1e-10);

  // VaR / ES for a fitted GARCH(1,1)-std
  GarchSpec S;
  S.dist = kDistStd;
  std::vector<double> ws(garch_workspace_doubles(n));
  GarchFitResult r;
  garch_fit_series(S, x.data(), n, ws.data(), &r);
  GarchForecastOptions fo;
  fo.horizon = 5; fo.nLevels = 2; fo.levels[0] = 0.01; fo.levels[1] = 0.05;
  double fm[5], fv[5], vr[2], es[2];
  garch_forecast_series(S, r.params, x.data(), n, ws.data(), fo, fm, fv, vr, es);
  StdDist fd; fd.prepare(1.0, r.params[4]);
  const double q = dist_quantile(fd, 0.01);
  t.rel("VaR 1% = -(mu + s q)", vr[0], -(fm[0] + std::sqrt(fv[0]) * q), 1e-12);
  t.rel("ES 1% = -(mu + s E[z|z<q])", es[0], -(fm[0] + std::sqrt(fv[0]) * fd.lower_partial_mean(q) / 0.01), 1e-12);
  t.check("ES >= VaR", es[0] >= vr[0] && es[1] >= vr[1] && vr[0] > vr[1]);

  // simulation vs analytic: APARCH(1,1) at delta = 2 (analytic) vs delta = 2 - 1e-9 (simulated)
  GarchSpec A;
  A.vol = kVolAparch; A.deltaFixed = 1; A.delta = 2.0; A.dist = kDistNormal;
  const GarchLayout LA = make_layout(A);
  double thA[kMaxParams];
  thA[LA.iMu] = -0.006; thA[LA.iOmega] = 0.011; thA[LA.iAlpha] = 0.15; thA[LA.iGamma] = 0.05; thA[LA.iBeta] = 0.80;
  GarchForecastOptions so;
  so.horizon = 20; so.nPaths = 20000; so.seed = 7;
  std::vector<double> am(20), av(20), sm(20), sv(20);
  garch_forecast_series(A, thA, x.data(), n, ws.data(), so, am.data(), av.data(), nullptr, nullptr);
  A.delta = 2.0 - 1e-9;
  garch_forecast_series(A, thA, x.data(), n, ws.data(), so, sm.data(), sv.data(), nullptr, nullptr);
  t.rel("sim step 1 (exact)", sv[0], av[0], 1e-7);
  t.rel("sim step 10 vs analytic", sv[9], av[9], 0.03);
  t.rel("sim step 20 vs analytic", sv[19], av[19], 0.03);
  // the same key gives the same paths
  std::vector<double> sv2(20);
  garch_forecast_series(A, thA, x.data(), n, ws.data(), so, sm.data(), sv2.data(), nullptr, nullptr);
  t.check("simulation reproducible", sv2[19] == sv[19]);

  // EGARCH: the simulated variance converges to the stationary mean exp(omega/(1-beta)) times
  // the Jensen factor; check monotone approach from step 1 and finite values
  GarchSpec E;
  E.vol = kVolEgarch;
  GarchFitResult re;
  garch_fit_series(E, x.data(), n, ws.data(), &re);
  garch_forecast_series(E, re.params, x.data(), n, ws.data(), so, sm.data(), sv.data(), nullptr, nullptr);
  t.check("egarch fit converged", re.converged == 1);
  t.check("egarch simulated variance finite", is_finite(sv[19]) && sv[19] > 0.0);

  // samplers: standardised draws have mean 0, variance 1, and P(z <= 0) = cdf(0)
  {
    StdDist s8; s8.prepare(1.0, 8.0);
    SstdDist k8; k8.prepare(0.8, 8.0);
    GedDist g13; g13.prepare(1.0, 1.3);
    auto moments = [](const auto& d, const char* name, tc_test::Table& tab) {
      const int N = 400000;
      double m = 0, m2 = 0, neg = 0;
      for (int i = 0; i < N; ++i) {
        UniformStream u(99, 1, static_cast<uint32_t>(i), 0);
        const double z = d.sample(u);
        m += z; m2 += z * z; neg += z <= 0.0;
      }
      m /= N; m2 /= N; neg /= N;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s draws mean", name); tab.abs(buf, m, 0.0, 0.01);
      std::snprintf(buf, sizeof buf, "%s draws var", name); tab.abs(buf, m2 - m * m, 1.0, 0.02);
      std::snprintf(buf, sizeof buf, "%s draws P(z<=0)", name); tab.abs(buf, neg, d.cdf(0.0), 0.003);
    };
    moments(NormalDist(), "norm", t);
    moments(s8, "std(8)", t);
    moments(k8, "sstd(0.8,8)", t);
    moments(g13, "ged(1.3)", t);
  }

  // Philox4x32-10 known answers (Random123 kat_vectors): ctr = key = 0 and ctr = key = all ones
  {
    const uint32_t c0[4] = {0, 0, 0, 0};
    const Philox4x32 a = philox4x32_10(c0, 0);
    t.check("philox KAT zero", a.v[0] == 0x6627e8d5u && a.v[1] == 0xe169c58du && a.v[2] == 0xbc57ac4cu && a.v[3] == 0x9b00dbd8u);
    const uint32_t c1[4] = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu};
    const Philox4x32 b = philox4x32_10(c1, 0xffffffffffffffffull);
    t.check("philox KAT ones", b.v[0] == 0x408f276du && b.v[1] == 0x41c83b0eu && b.v[2] == 0xa20bc7c6u && b.v[3] == 0x6d5451fdu);
  }
  std::printf("%s (%d failure%s)\n", t.failures ? "FAIL" : "PASS", t.failures, t.failures == 1 ? "" : "s");
  return t.failures ? 1 : 0;
}
