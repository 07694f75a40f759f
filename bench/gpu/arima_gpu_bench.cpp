// bench/gpu (issue 7): the fixed-order ARIMA batch — ARIMA(1,0,1) with intercept, exact ML from the
// CSS start, standard errors, diagnostics, KPSS / ADF and a 10-step forecast — through the addon's
// CPU driver (native/src/core/arima_driver.cpp) and its CUDA path (native/src/cuda/arima_cuda.cu),
// both running arima_fixed_row (native/src/core/arima_series.hpp) per series.
//
//   check : fresh random ARMA(1,1) series; every GPU output element written (sentinel-filled),
//           the same status per series, converged coefficients within 1e-9 relative of the CPU's,
//           log-likelihoods within 1e-10 (series where both converged; converged flags that differ
//           are counted and printed, not failed: the device libm may round exp/log differently).
//   time  : series/s on the GPU and on all CPU threads per batch size, and the ratio.
//
// Without a usable device: says why, times the CPU only, exits 0 (3 with --require-gpu).
#include <cuda_runtime.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "../../native/src/core/arima_driver.hpp"
#include "../../native/src/cuda/cuda_api.hpp"
#include "bench_util.hpp"

namespace {

using bench::is_sentinel;
using bench::rel;
using bench::sentinel;

// count series of n ARMA(1,1) values with an intercept, coefficients drawn per series.
void simulate(std::size_t count, int n, uint64_t seed, std::vector<double>* values, std::vector<int32_t>* offsets) {
  bench::simulate_batch(count, n, seed, values, offsets, [](bench::Rng& r, double* x, int len) {
    const double phi = 1.6 * r.uniform() - 0.8, theta = 1.2 * r.uniform() - 0.6, mu = r.uniform() - 0.5, sd = 0.5 + r.uniform();
    double prevY = 0.0, prevE = 0.0;
    for (int t = -100; t < len; ++t) {
      const double e = sd * r.normal();
      const double y = phi * prevY + e + theta * prevE;
      prevY = y;
      prevE = e;
      if (t >= 0) x[t] = mu + y;
    }
  });
}

struct Outputs {
  std::vector<double> coef, se, mean, var, d[13];
  std::vector<int32_t> order, k[8];
  Outputs(std::size_t m, int H) {
    const double s = sentinel();
    coef.assign(m * tc::kArimaCoefSlots, s);
    se.assign(m * tc::kArimaCoefSlots, s);
    mean.assign(m * H, s);
    var.assign(m * H, s);
    for (auto& v : d) v.assign(m, s);
    order.assign(m * tc::kArimaOrderSlots, INT32_MIN);
    for (auto& v : k) v.assign(m, INT32_MIN);
  }
  // d: sigma2 loglik aic aicc bic ljungBoxP jarqueBeraP kpssStat kpssP adfStat adfP ocsbStat ocsbCrit
  // k: ocsbLag status converged iterations nObs ljungBoxLag modelsFitted warmStarted
  tc::ArimaBatchOutputs view() {
    return {coef.data(), se.data(), d[0].data(), d[1].data(), d[2].data(), d[3].data(), d[4].data(), d[5].data(), d[6].data(),
            d[7].data(), d[8].data(), d[9].data(), d[10].data(), d[11].data(), d[12].data(), k[0].data(), k[1].data(), k[2].data(),
            k[3].data(), k[4].data(), k[5].data(), k[6].data(), order.data(), mean.data(), var.data(), k[7].data(), nullptr};
  }
  std::size_t unwritten() const {
    std::size_t u = 0;
    for (const auto* v : {&coef, &se, &mean, &var}) for (double x : *v) u += is_sentinel(x);
    for (const auto& v : d) for (double x : v) u += is_sentinel(x);
    for (int32_t x : order) u += x == INT32_MIN;
    for (const auto& v : k) for (int32_t x : v) u += x == INT32_MIN;
    return u;
  }
};

tc::ArimaBatchSettings settings() {
  tc::ArimaBatchSettings s;
  s.spec.p = 1;
  s.spec.q = 1;
  s.horizon = 10;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes{100, 1000, 10000};
  std::size_t checkSeries = 1000, maxCpuSeries = 10000;
  int points = 1000;
  bool requireGpu = false;
  int repeat = 3;  // timed runs per row; the table shows medians
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : "";
    if (key == "--sizes") {
      sizes.clear();
      for (const char* p = v; *p;) { sizes.push_back(std::strtoull(p, const_cast<char**>(&p), 10)); if (*p == ',') ++p; }
      ++i;
    } else if (key == "--check") { checkSeries = std::strtoull(v, nullptr, 10); ++i; }
    else if (key == "--max-cpu-series") { maxCpuSeries = std::strtoull(v, nullptr, 10); ++i; }
    else if (key == "--points") { points = std::atoi(v); ++i; }
    else if (key == "--repeat") { repeat = std::max(1, std::atoi(v)); ++i; }
    else if (key == "--require-gpu") requireGpu = true;
    else { std::fprintf(stderr, "unknown argument %s (--sizes a,b,c --check N --max-cpu-series N --points N --repeat N --require-gpu)\n", key.c_str()); return 2; }
  }
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  tc::ThreadPool pool(threads);
  const tc::cuda::CudaInfoResult info = tc::cuda::cuda_info();
  const bool gpu = info.available;
  std::printf("# tensorcast bench/gpu: ARIMA(1,0,1) with intercept, exact ML fits with standard errors, %d points, horizon 10\n", points);
  std::printf("# CPU: %u threads\n", threads);
  if (gpu) std::printf("# GPU: %s (compute %s, %d SMs)\n", info.devices[0].name.c_str(), info.devices[0].computeCapability.c_str(), info.devices[0].multiprocessors);
  else std::printf("# GPU: none usable (%s): CPU figures only\n", info.error.c_str());
  const tc::ArimaBatchSettings set = settings();
  int failures = 0;
  if (gpu && checkSeries > 0) {
    std::vector<double> values;
    std::vector<int32_t> offsets;
    const uint64_t seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    simulate(checkSeries, points, seed, &values, &offsets);
    Outputs cpu(checkSeries, set.horizon), dev(checkSeries, set.horizon);
    tc::ArimaBatchJob job{{values.data(), offsets.data(), checkSeries}, set, cpu.view()};
    tc::run_arima_batch(pool, job);
    job.out = dev.view();
    double ms = 0.0;
    const std::string problem = tc::cuda::run_arima_batch_cuda(job, &ms);
    if (!problem.empty()) { std::printf("check: FAIL: %s\n", problem.c_str()); return 1; }
    std::size_t statusDiffers = 0, convDiffers = 0, compared = 0, identical = 0, over = 0;
    double worstCoef = 0.0, worstLl = 0.0;
    const std::vector<int32_t>&cs = cpu.k[1], &ds = dev.k[1], &cc = cpu.k[2], &dc = dev.k[2];
    for (std::size_t i = 0; i < checkSeries; ++i) {
      if (cs[i] != ds[i]) { ++statusDiffers; continue; }
      if (cc[i] != dc[i]) { ++convDiffers; continue; }
      if (cs[i] != 0 || !cc[i]) continue;
      ++compared;
      double seriesWorst = 0.0;
      for (int j = 0; j < tc::kArimaCoefSlots; ++j) {
        const double a = cpu.coef[i * tc::kArimaCoefSlots + j], b = dev.coef[i * tc::kArimaCoefSlots + j];
        if (std::isfinite(a) || std::isfinite(b)) seriesWorst = std::max(seriesWorst, std::isfinite(a) && std::isfinite(b) ? rel(a, b) : 1.0);
      }
      worstCoef = std::max(worstCoef, seriesWorst);
      identical += seriesWorst == 0.0 ? 1 : 0;
      over += seriesWorst > 1e-9 ? 1 : 0;
      worstLl = std::max(worstLl, rel(cpu.d[1][i], dev.d[1][i]));
    }
    const std::size_t unwritten = dev.unwritten();
    const bool ok = unwritten == 0 && statusDiffers == 0 && worstCoef <= 1e-9 && worstLl <= 1e-10 && compared > 0;
    std::printf("check (seed %llu, %zu series): unwritten GPU outputs %zu; status differs %zu; converged differs %zu; compared %zu "
                "(coefficients bit-identical on %zu, over 1e-9 on %zu); max rel diff coef %.2e (<= 1e-9), loglik %.2e (<= 1e-10): %s\n",
                static_cast<unsigned long long>(seed), checkSeries, unwritten, statusDiffers, convDiffers, compared, identical, over, worstCoef,
                worstLl, ok ? "PASS" : "FAIL");
    failures += ok ? 0 : 1;
  }
  // medians of `repeat` runs; GPU s (wall): the host call as the service makes it
  std::printf("\n| ARIMA series | CPU s | CPU series/s | GPU s (device) | GPU s (wall) | GPU series/s (wall) | GPU / CPU (wall) |\n|---:|---:|---:|---:|---:|---:|---:|\n");
  for (std::size_t m : sizes) {
    std::vector<double> values;
    std::vector<int32_t> offsets;
    simulate(m, points, 11 + m, &values, &offsets);
    Outputs out(m, set.horizon);  // reused by every timed run (the check above proves the writes)
    tc::ArimaBatchJob job{{values.data(), offsets.data(), m}, set, out.view()};
    const double cpuS = m <= maxCpuSeries ? bench::time_cpu(repeat, [&] { tc::run_arima_batch(pool, job); }) : NAN;
    bench::GpuTiming g;
    if (gpu) {
      g = bench::time_gpu(repeat, [&](double* ms) { return tc::cuda::run_arima_batch_cuda(job, ms); });
      if (!g.problem.empty()) { std::printf("| %zu | GPU FAIL: %s |\n", m, g.problem.c_str()); ++failures; continue; }
    }
    const double gpuS = g.deviceS, gpuWallS = g.wallS;
    std::printf("| %zu | %s | %s | %s | %s | %s | %s |\n", m, bench::cell(cpuS, "%.3f").c_str(), bench::cell(m / cpuS, "%.0f").c_str(),
                bench::cell(gpuS, "%.3f").c_str(), bench::cell(gpuWallS, "%.3f").c_str(), bench::cell(m / gpuWallS, "%.0f").c_str(),
                bench::cell(cpuS / gpuWallS, "%.1fx").c_str());
    std::fflush(stdout);
  }
  if (!gpu && requireGpu) return 3;
  return failures == 0 ? 0 : 1;
}
