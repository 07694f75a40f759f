// Failure reasons on degenerate input: every spec family must give the documented FitReason, not
// converged, NaN estimates. Zero sample variance (constant, all zeros, values so small that the
// variance underflows) is kReasonDegenerateData (9), not kReasonNonFiniteData (7).
#include <cmath>
#include <cstdio>
#include <vector>

#include "../../src/garch/garch.hpp"
#include "test_util.hpp"

using namespace tc::garch;

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../../../tests/data/dem2gbp_returns.csv";
  std::vector<double> base = tc_test::read_csv_column(path, "ret");
  if (base.size() < 500) { std::fprintf(stderr, "cannot read %s\n", path.c_str()); return 2; }
  base.resize(500);
  struct Case { const char* name; std::vector<double> x; int reason; };
  std::vector<Case> cases;
  cases.push_back({"constant 3.5", std::vector<double>(500, 3.5), kReasonDegenerateData});
  cases.push_back({"constant 0.1", std::vector<double>(500, 0.1), kReasonDegenerateData});
  cases.push_back({"zeros", std::vector<double>(500, 0.0), kReasonDegenerateData});
  std::vector<double> tiny = base, small = base, level = base, nan = base, inf = base;
  for (double& v : tiny) v *= 1e-200;
  for (double& v : small) v *= 1e-170;
  for (size_t t = 0; t < level.size(); ++t) level[t] = 100.0 + (t % 2 ? 1e-13 : 0.0);
  nan[3] = NAN;
  inf[3] = INFINITY;
  cases.push_back({"values near 1e-200", tiny, kReasonDegenerateData});
  cases.push_back({"values near 1e-170", small, kReasonDegenerateData});
  cases.push_back({"100 +- rounding", level, kReasonDegenerateData});
  cases.push_back({"a NaN", nan, kReasonNonFiniteData});
  cases.push_back({"an Infinity", inf, kReasonNonFiniteData});
  cases.push_back({"five points", {1, -1, 2, 0.5, -0.3}, kReasonTooShort});
  GarchSpec specs[4];
  specs[1].vol = kVolGjr; specs[1].o = 1; specs[1].dist = kDistStd;
  specs[2].vol = kVolAparch; specs[2].dist = kDistSstd; specs[2].init = kInitFgarch;
  specs[3].vol = kVolEgarch; specs[3].dist = kDistGed;
  tc_test::Table tab;
  std::vector<double> ws(garch_workspace_doubles(1000));
  for (const GarchSpec& S : specs)
    for (const Case& c : cases) {
      GarchFitResult r;
      const int reason = garch_fit_series(S, c.x.data(), static_cast<int>(c.x.size()), ws.data(), &r);
      char label[64];
      std::snprintf(label, sizeof label, "vol %d: %s", S.vol, c.name);
      tab.check(label, reason == c.reason && r.reason == c.reason && !r.converged && std::isnan(r.params[0]));
      if (reason != c.reason) std::printf("  reason %d, expected %d\n", reason, c.reason);
    }
  std::printf("reason check: %s (%d failures)\n", tab.failures ? "FAIL" : "PASS", tab.failures);
  return tab.failures ? 1 : 0;
}
