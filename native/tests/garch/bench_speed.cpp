// Throughput of the fit (with Hessian and sandwich SEs) on the Dow-30 panel: 30 tickers x ~2,528
// daily 100*log returns, by default GARCH(1,1)/normal with fGarch's init (what tests/reference/
// fgarch_timing.json timed: ~14 s in R). Reports best-of-5 wall time with 1 and 2 threads.
// Usage: bench_speed <dow30 csv> [dist] [vol] [p] [q]  (enum values of spec.hpp)
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../../src/garch/batch.hpp"

using namespace tc::garch;

static std::vector<std::vector<double>> load_dow30(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::map<std::string, std::vector<double>> close;
  std::vector<std::string> order;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string tk, date, c;
    std::getline(ss, tk, ','); std::getline(ss, date, ','); std::getline(ss, c, ',');
    if (!close.count(tk)) order.push_back(tk);
    close[tk].push_back(std::stod(c));  // file is sorted by ticker then date
  }
  std::vector<std::vector<double>> out;
  for (const auto& tk : order) {
    const auto& c = close[tk];
    std::vector<double> r;
    for (size_t i = 1; i < c.size(); ++i) r.push_back(100.0 * std::log(c[i] / c[i - 1]));
    out.push_back(r);
  }
  return out;
}

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "../../../examples/data/dow30_daily_close.csv";
  const int dist = argc > 2 ? std::atoi(argv[2]) : kDistNormal;
  const int vol = argc > 3 ? std::atoi(argv[3]) : kVolGarch;
  const int p = argc > 4 ? std::atoi(argv[4]) : 1, q = argc > 5 ? std::atoi(argv[5]) : 1;
  const auto series = load_dow30(path);
  if (series.empty()) { std::fprintf(stderr, "cannot read %s\n", path.c_str()); return 2; }
  GarchSpec spec;
  spec.init = kInitFgarch;
  spec.dist = dist;
  spec.vol = vol;
  spec.p = p;
  spec.q = q;
  if (vol == kVolGjr) spec.o = 1;
  spec.enforceStationarity = 0;
  const int nS = static_cast<int>(series.size());
  // the public batch API: values back to back with offsets
  std::vector<double> values;
  std::vector<int64_t> offsets{0};
  for (const auto& s : series) { values.insert(values.end(), s.begin(), s.end()); offsets.push_back(values.size()); }
  const int k = make_layout(spec).k;
  std::vector<double> params(nS * k), se(nS * k), ser(nS * k), ll(nS);
  std::vector<int32_t> conv(nS), iters(nS), reason(nS);
  GarchBatchOutput out;
  out.params = params.data(); out.stdErr = se.data(); out.stdErrRobust = ser.data();
  out.loglik = ll.data(); out.converged = conv.data(); out.iterations = iters.data(); out.reason = reason.data();
  auto run = [&](int threads) {
    garch_fit_batch(spec, nullptr, values.data(), offsets.data(), nS, out, threads);
  };
  for (int threads : {1, 2}) {
    double best = 1e9;
    for (int rep = 0; rep < 5; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      run(threads);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      best = std::min(best, ms);
    }
    std::printf("%d series x ~%zu obs, %d thread(s): %.2f ms (best of 5)\n", nS, series[0].size(), threads, best);
  }
  int nConv = 0;
  double meanIt = 0;
  for (int i = 0; i < nS; ++i) {
    nConv += conv[i]; meanIt += iters[i];
    if (!conv[i]) std::printf("series %d not converged: reason %d, ll %.6f\n", i, reason[i], ll[i]);
  }
  std::printf("converged %d/%d, mean BFGS iterations %.1f\n", nConv, nS, meanIt / nS);
  std::printf("first: ll %.6f params %.6g %.6g %.6g %.6g se %.4g %.4g %.4g %.4g\n", ll[0], params[0],
              params[1], params[2], params[3], se[0], se[1], se[2], se[3]);
  return nConv == nS ? 0 : 1;
}
