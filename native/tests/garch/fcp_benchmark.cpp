// GARCH(1,1), constant mean, normal, sample-variance start on the Bollerslev–Ghysels DEM/GBP
// returns against the FCP benchmark (Fiorentini, Calzolari, Panattoni 1996; McCullough & Renfro
// 1999 table values). Tolerance: log relative error >= 6 for estimates and loglik, 3 significant
// digits for the Hessian standard errors.
#include <cstdio>
#include <vector>

#include "../../src/garch/garch.hpp"
#include "test_util.hpp"

using namespace tc::garch;

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "../../../tests/data/dem2gbp_returns.csv";
  const std::vector<double> x = tc_test::read_csv_column(path, "ret");
  if (x.size() < 100) { std::fprintf(stderr, "could not read %s\n", path); return 2; }
  GarchSpec spec;  // defaults: constant mean, GARCH(1,1), normal, sample init
  std::vector<double> ws(garch_workspace_doubles(static_cast<int>(x.size())));
  GarchFitResult r;
  garch_fit_series(spec, x.data(), static_cast<int>(x.size()), ws.data(), &r);

  std::printf("FCP benchmark, n = %zu, converged = %d, reason = %d, iterations = %d, passes = %d\n",
              x.size(), r.converged, r.reason, r.iterations, r.fevals);
  tc_test::Table t;
  t.header();
  const char* names[4] = {"mu", "omega", "alpha1", "beta1"};
  const double est[4] = {-0.006190408380, 0.010761397852, 0.153134061820, 0.805973670305};
  const double se[4] = {0.00846212, 0.00285271, 0.0265228, 0.0335527};
  for (int i = 0; i < 4; ++i) t.rel(names[i], r.params[i], est[i], 1e-6);
  t.rel("loglik", r.loglik, -1106.607881041, 1e-6);
  char buf[64];
  for (int i = 0; i < 4; ++i) {
    std::snprintf(buf, sizeof buf, "se(%s)", names[i]);
    t.rel(buf, r.stdErr[i], se[i], 5e-3);  // 3 significant digits
  }
  t.check("converged", r.converged == 1);
  std::printf("robust SE: %.6g %.6g %.6g %.6g; AIC %.6f BIC %.6f persistence %.6f uncond var %.6f\n",
              r.stdErrRobust[0], r.stdErrRobust[1], r.stdErrRobust[2], r.stdErrRobust[3], r.aic,
              r.bic, r.persistence, r.uncondVariance);
  std::printf("%s (%d failure%s)\n", t.failures ? "FAIL" : "PASS", t.failures,
              t.failures == 1 ? "" : "s");
  return t.failures ? 1 : 0;
}
