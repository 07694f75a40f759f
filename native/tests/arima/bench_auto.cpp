// Benchmark / regression dump for the auto selection (not part of `make check`):
//   bench_auto dump FILE   : writes every chosen model, coefficients and ICs (%.17g) for returns and
//                            log prices, for a bitwise before/after comparison
//   bench_auto time [REPS] : median wall/CPU of the 30 return selections on 1 and 2 threads
//   bench_auto series      : CPU time, candidates and evaluations per return series (1 thread):
//                            how uneven the series are, i.e. what the 2-thread tail can cost
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "../../src/arima/auto.hpp"
#include "test_data.hpp"

using namespace tc::arima;

static double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static double run_all(const std::vector<std::vector<double>>& xs, int threads,
                      std::vector<AutoResult>* out, double* cpu) {
  out->assign(xs.size(), AutoResult{});
  const double c0 = cpu_seconds();
  std::atomic<size_t> next{0};
  const auto t0 = std::chrono::steady_clock::now();
  auto worker = [&]() {
    std::vector<double> ws;
    for (size_t i; (i = next++) < xs.size();) {
      const int n = static_cast<int>(xs[i].size());
      ws.resize(arima_workspace_doubles(n));
      AutoOptions opt;
      arima_auto_series(xs[i].data(), n, opt, ws.data(), &(*out)[i]);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& th : pool) th.join();
  *cpu = cpu_seconds() - c0;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int main(int argc, char** argv) {
  const auto dow = arimatest::load_dow30();
  const std::string mode = argc > 1 ? argv[1] : "time";
  if (mode == "dump") {
    FILE* f = std::fopen(argc > 2 ? argv[2] : "/dev/stdout", "w");
    for (int set = 0; set < 2; ++set) {
      std::vector<std::vector<double>> xs;
      for (const auto& s : dow)
        xs.push_back(set == 0 ? arimatest::log_returns_pct(s.close) : arimatest::log_prices(s.close));
      std::vector<AutoResult> res;
      double cpu;
      run_all(xs, 1, &res, &cpu);
      for (size_t i = 0; i < dow.size(); ++i) {
        const AutoResult& r = res[i];
        std::fprintf(f, "%s %s (%d,%d,%d)c%d models=%d aicc=%.17g ll=%.17g s2=%.17g coef", dow[i].ticker.c_str(),
                     set ? "lp" : "ret", r.spec.p, r.spec.d, r.spec.q, r.spec.constant, r.modelsFitted,
                     r.fit.aicc, r.fit.loglik, r.fit.sigma2);
        const int k = arima_layout(r.spec).k;
        for (int j = 0; j < k; ++j) std::fprintf(f, " %.17g", r.fit.coef[j]);
        std::fprintf(f, " se");
        for (int j = 0; j < k; ++j) std::fprintf(f, " %.17g", r.fit.se[j]);
        std::fprintf(f, " it=%d ev=%d LB=%.17g\n", r.fit.iterations, r.fit.evaluations,
                     r.diagnostics.ljungBoxP);
      }
    }
    std::fclose(f);
    return 0;
  }
  if (mode == "series") {
    double total = 0.0, worst = 0.0;
    for (const auto& s : dow) {
      const std::vector<double> x = arimatest::log_returns_pct(s.close);
      std::vector<double> ws(arima_workspace_doubles(static_cast<int>(x.size())));
      AutoResult r;
      double best = 1e30;
      for (int rep = 0; rep < 3; ++rep) {  // min of 3: the machine is shared
        const double c0 = cpu_seconds();
        arima_auto_series(x.data(), static_cast<int>(x.size()), AutoOptions{}, ws.data(), &r);
        best = std::min(best, cpu_seconds() - c0);
      }
      total += best;
      worst = std::max(worst, best);
      std::printf("%-5s %6.2f ms cpu  models=%2d  (%d,%d,%d)\n", s.ticker.c_str(), 1e3 * best, r.modelsFitted,
                  r.spec.p, r.spec.d, r.spec.q);
    }
    std::printf("total %.1f ms, slowest %.1f ms\n", 1e3 * total, 1e3 * worst);
    return 0;
  }
  const int reps = argc > 2 ? std::atoi(argv[2]) : 7;
  const int threadsOnly = argc > 3 ? std::atoi(argv[3]) : 0;
  std::vector<std::vector<double>> xs;
  for (const auto& s : dow) xs.push_back(arimatest::log_returns_pct(s.close));
  std::vector<AutoResult> res;
  for (int th = 1; th <= 2; ++th) {
    if (threadsOnly && th != threadsOnly) continue;
    std::vector<double> wall, cpu;
    for (int r = 0; r < reps; ++r) {
      double c;
      wall.push_back(run_all(xs, th, &res, &c));
      cpu.push_back(c);
    }
    std::printf("threads=%d wall median %.1f ms (min %.1f) cpu median %.1f ms (min %.1f)\n", th,
                1e3 * median(wall), 1e3 * *std::min_element(wall.begin(), wall.end()),
                1e3 * median(cpu), 1e3 * *std::min_element(cpu.begin(), cpu.end()));
  }
  return 0;
}
