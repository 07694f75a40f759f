// bench/gpu (issue 7): a standalone program, no Node, that runs the GARCH(1,1) batch — full fits
// with standard errors and 10-step forecasts — through the very drivers the addon uses: the CPU
// thread pool (native/src/core/garch_driver.cpp) and the CUDA path (native/src/cuda/garch_cuda.cu).
//
//   check : fresh random GARCH(1,1) series; every GPU output element written (outputs are pre-filled
//           with a sentinel NaN payload), converged parameters within 1e-9 relative of the CPU's,
//           log-likelihood within 1e-10 relative (series where both converged; the device's libm
//           may differ from glibc in the last ulp, so reasons are compared and reported, not failed).
//   mc    : EGARCH(1,1) variance forecasts by simulation, 10,000 paths x 20 steps x 1,000 series
//           (one GPU thread per (series, path)), GPU against CPU (same Philox paths) and timed.
//   time  : series/s on GPU and on all CPU threads for each batch size, the ratio, and the share of
//           the memory-bandwidth floor reached (the time to read every input value once and write
//           every output once at the device's peak bandwidth, over the measured device time).
//
// Without a usable device it says why (here: "CUDA driver version is insufficient"), times the CPU
// only and exits 0; `--require-gpu` makes that exit 3. Build and run: bench/gpu/README.md.
#include <cuda_runtime.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "../../native/src/core/garch_driver.hpp"
#include "../../native/src/cuda/cuda_api.hpp"
#include "bench_util.hpp"

namespace {

using bench::is_sentinel;
using bench::rel;
using bench::Rng;
using bench::sentinel;

// count series of n GARCH(1,1)-normal returns, parameters drawn per series.
void simulate(std::size_t count, int n, uint64_t seed, std::vector<double>* values, std::vector<int32_t>* offsets) {
  bench::simulate_batch(count, n, seed, values, offsets, [](Rng& r, double* x, int len) {
    const double alpha = 0.03 + 0.12 * r.uniform();
    const double beta = (0.85 + 0.13 * r.uniform()) - alpha;
    const double omega = 0.01 + 0.09 * r.uniform();
    const double mu = 0.1 * (r.uniform() - 0.5);
    double h = omega / (1.0 - alpha - beta), e = 0.0;
    for (int t = -200; t < len; ++t) {  // burn-in from the unconditional variance
      h = omega + alpha * e * e + beta * h;
      e = std::sqrt(h) * r.normal();
      if (t >= 0) x[t] = mu + e;
    }
  });
}

// Output arrays of one run, pre-filled with the sentinel.
struct Outputs {
  std::vector<double> params, se, ser, loglik, aic, bic, pers, uncond, mean, var, vr, es, q, state;
  std::vector<int32_t> conv, reason, iters, nobs, cp, cq;
  Outputs(std::size_t m, int H, int V, int nq) {
    const double s = sentinel();
    const std::size_t P = tc::kGarchParamSlots;
    for (auto* v : {&params, &se, &ser}) v->assign(m * P, s);
    for (auto* v : {&loglik, &aic, &bic, &pers, &uncond}) v->assign(m, s);
    mean.assign(m * H, s); var.assign(m * H, s); vr.assign(m * V, s); es.assign(m * V, s);
    q.assign(m * nq, s); state.assign(m * tc::kGarchStateSlots, s);
    for (auto* v : {&conv, &reason, &iters, &nobs, &cp, &cq}) v->assign(m, INT32_MIN);
  }
  tc::GarchBatchOutputs view() {
    return {params.data(), se.data(), ser.data(), loglik.data(), aic.data(), bic.data(), pers.data(),
            uncond.data(), conv.data(), reason.data(), iters.data(), nobs.data(), cp.data(), cq.data(),
            mean.data(), var.data(), vr.data(), es.data(), q.data(), state.data()};
  }
  // Elements still holding the sentinel (never written).
  std::size_t unwritten() const {
    std::size_t k = 0;
    for (const auto* v : {&params, &se, &ser, &loglik, &aic, &bic, &pers, &uncond, &mean, &var, &vr, &es, &q, &state})
      for (double d : *v) k += is_sentinel(d);
    for (const auto* v : {&conv, &reason, &iters, &nobs, &cp, &cq})
      for (int32_t i : *v) k += i == INT32_MIN;
    return k;
  }
};

tc::GarchBatchSettings settings() {
  tc::GarchBatchSettings s;  // GARCH(1,1), constant mean, normal; standard errors on (the defaults)
  s.forecast.horizon = 10;
  s.forecast.nLevels = 2;
  s.forecast.levels[0] = 0.01;
  s.forecast.levels[1] = 0.05;
  s.quantile_probs = {0.025, 0.975};
  return s;
}

struct Args {
  std::vector<std::size_t> sizes{100, 1000, 10000, 100000};
  std::size_t checkSeries = 2000;
  std::size_t maxCpuSeries = 100000;
  int points = 2500;
  std::size_t mcSeries = 1000;
  int mcPaths = 10000;
  int repeat = 3;  // timed runs per row; the table shows medians
  bool requireGpu = false;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : "";
    if (k == "--sizes") {
      a.sizes.clear();
      for (const char* p = v; *p;) { a.sizes.push_back(std::strtoull(p, const_cast<char**>(&p), 10)); if (*p == ',') ++p; }
      ++i;
    } else if (k == "--check") { a.checkSeries = std::strtoull(v, nullptr, 10); ++i; }
    else if (k == "--max-cpu-series") { a.maxCpuSeries = std::strtoull(v, nullptr, 10); ++i; }
    else if (k == "--points") { a.points = std::atoi(v); ++i; }
    else if (k == "--mc-series") { a.mcSeries = std::strtoull(v, nullptr, 10); ++i; }
    else if (k == "--mc-paths") { a.mcPaths = std::atoi(v); ++i; }
    else if (k == "--repeat") { a.repeat = std::max(1, std::atoi(v)); ++i; }
    else if (k == "--require-gpu") a.requireGpu = true;
    else { std::fprintf(stderr, "unknown argument %s (--sizes a,b,c --check N --max-cpu-series N --points N --mc-series N --mc-paths N --repeat N --require-gpu)\n", k.c_str()); std::exit(2); }
  }
  return a;
}

double peak_bandwidth_bytes_per_s(int device) {
  int clockKhz = 0, busBits = 0;
  if (cudaDeviceGetAttribute(&clockKhz, cudaDevAttrMemoryClockRate, device) != cudaSuccess) return 0.0;
  if (cudaDeviceGetAttribute(&busBits, cudaDevAttrGlobalMemoryBusWidth, device) != cudaSuccess) return 0.0;
  return 2.0 * clockKhz * 1e3 * (busBits / 8.0);  // double data rate
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse(argc, argv);
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  tc::ThreadPool pool(threads);
  const tc::cuda::CudaInfoResult info = tc::cuda::cuda_info();
  const bool gpu = info.available;
  std::printf("# tensorcast bench/gpu: GARCH(1,1)-normal full fits with standard errors, %d points, horizon 10\n", args.points);
  std::printf("# CPU: %u threads\n", threads);
  if (gpu) {
    const auto& d = info.devices[0];
    std::printf("# GPU: %s (compute %s, %d SMs, %.1f GiB), peak bandwidth %.0f GB/s\n", d.name.c_str(), d.computeCapability.c_str(), d.multiprocessors,
                d.totalMemoryBytes / 1073741824.0, peak_bandwidth_bytes_per_s(0) / 1e9);
  } else {
    std::printf("# GPU: none usable (%s): CPU figures only\n", info.error.c_str());
  }
  const tc::GarchBatchSettings set = settings();
  const auto started = std::chrono::steady_clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  double tCheck = 0.0, tTable = 0.0;
  const int H = set.forecast.horizon, V = set.forecast.nLevels, nq = static_cast<int>(set.quantile_probs.size());
  int failures = 0;

  // ---- check: GPU against CPU on fresh series
  if (gpu && args.checkSeries > 0) {
    std::vector<double> values;
    std::vector<int32_t> offsets;
    const uint64_t seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    simulate(args.checkSeries, args.points, seed, &values, &offsets);
    Outputs cpu(args.checkSeries, H, V, nq), dev(args.checkSeries, H, V, nq);
    tc::GarchBatchJob job{{values.data(), offsets.data(), args.checkSeries}, set, cpu.view()};
    tc::run_garch_batch(pool, job);
    job.out = dev.view();
    double ms = 0.0;
    const std::string problem = tc::cuda::run_garch_batch_cuda(job, &ms);
    if (!problem.empty()) { std::printf("check: FAIL: %s\n", problem.c_str()); return 1; }
    const std::size_t unwritten = dev.unwritten();
    double worstParam = 0.0, worstLl = 0.0;
    std::size_t mismatched = 0, converged = 0;  // reason or converged flag differ (reported, not failed)
    for (std::size_t i = 0; i < args.checkSeries; ++i) {
      if (cpu.reason[i] != dev.reason[i] || cpu.conv[i] != dev.conv[i]) ++mismatched;
      if (!cpu.conv[i] || !dev.conv[i]) continue;
      ++converged;
      for (int j = 0; j < 4; ++j) worstParam = std::max(worstParam, rel(cpu.params[i * tc::kGarchParamSlots + j], dev.params[i * tc::kGarchParamSlots + j]));
      worstLl = std::max(worstLl, rel(cpu.loglik[i], dev.loglik[i]));
    }
    const bool ok = unwritten == 0 && worstParam <= 1e-9 && worstLl <= 1e-10;
    std::printf("check (seed %llu, %zu series): unwritten GPU outputs %zu; reason/converged differ on %zu; converged %zu; "
                "max rel diff params %.2e (<= 1e-9), loglik %.2e (<= 1e-10): %s\n",
                static_cast<unsigned long long>(seed), args.checkSeries, unwritten, mismatched, converged, worstParam, worstLl, ok ? "PASS" : "FAIL");
    failures += ok ? 0 : 1;
  }

  tCheck = elapsed();
  // ---- time: medians of args.repeat runs. GPU s (device): CUDA events around the chunked copies and
  // kernels; GPU s (wall): the host call as the service makes it (allocation, page-locking, the
  // interleave, the copies back), what a batch waits for.
  std::printf("\n| series | CPU s | CPU series/s | GPU s (device) | GPU s (wall) | GPU series/s (wall) | GPU / CPU (wall) | bandwidth floor reached |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  const double bw = gpu ? peak_bandwidth_bytes_per_s(0) : 0.0;
  for (std::size_t m : args.sizes) {
    std::vector<double> values;
    std::vector<int32_t> offsets;
    simulate(m, args.points, 7 + m, &values, &offsets);
    Outputs out(m, H, V, nq);  // reused by every timed run (the check above proves the writes)
    tc::GarchBatchJob job{{values.data(), offsets.data(), m}, set, out.view()};
    const double cpuS = m <= args.maxCpuSeries ? bench::time_cpu(args.repeat, [&] { tc::run_garch_batch(pool, job); }) : NAN;
    bench::GpuTiming g;
    if (gpu) {
      g = bench::time_gpu(args.repeat, [&](double* ms) { return tc::cuda::run_garch_batch_cuda(job, ms); });
      if (!g.problem.empty()) { std::printf("| %zu | GPU FAIL: %s |\n", m, g.problem.c_str()); ++failures; continue; }
    }
    const double gpuS = g.deviceS, gpuWallS = g.wallS;
    const double bytes = 8.0 * m * args.points + 4.0 * (m + 1) +
                         m * (8.0 * (3 * tc::kGarchParamSlots + 5 + 2 * H + 2 * V + nq + tc::kGarchStateSlots) + 4.0 * 6);
    std::printf("| %zu | %s | %s | %s | %s | %s | %s | %s |\n", m, bench::cell(cpuS, "%.3f").c_str(), bench::cell(m / cpuS, "%.0f").c_str(),
                bench::cell(gpuS, "%.3f").c_str(), bench::cell(gpuWallS, "%.3f").c_str(), bench::cell(m / gpuWallS, "%.0f").c_str(),
                bench::cell(cpuS / gpuWallS, "%.1fx").c_str(), bench::cell(bw > 0 ? bytes / bw / gpuS : NAN, "%.2e").c_str());
    std::fflush(stdout);
  }
  tTable = elapsed();
  // ---- Monte Carlo: EGARCH(1,1) variance forecasts by simulation, 20 simulated steps (horizon 21)
  // x mcPaths paths x mcSeries series; simulation time = (fit + horizon 21) - (fit + horizon 1).
  if (args.mcSeries > 0) {
    std::vector<double> values;
    std::vector<int32_t> offsets;
    simulate(args.mcSeries, args.points, 99, &values, &offsets);
    tc::GarchBatchSettings mc = set;
    mc.spec.vol = tc::garch::kVolEgarch;
    mc.forecast.nPaths = args.mcPaths;
    const auto timed = [&](int horizon, bool onGpu, Outputs* keep) {
      tc::GarchBatchSettings st = mc;
      st.forecast.horizon = horizon;
      Outputs out(args.mcSeries, horizon, V, nq);
      tc::GarchBatchJob job{{values.data(), offsets.data(), args.mcSeries}, st, out.view()};
      double sec = NAN;
      if (onGpu) {
        double ms = 0.0;
        if (tc::cuda::run_garch_batch_cuda(job, &ms).empty()) sec = ms / 1e3;
      } else {
        const auto t0 = std::chrono::steady_clock::now();
        tc::run_garch_batch(pool, job);
        sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      }
      if (keep) *keep = std::move(out);
      return sec;
    };
    Outputs cpuOut(0, 1, V, nq), gpuOut(0, 1, V, nq);
    const auto med = [&](int horizon, bool onGpu, Outputs* keep) {
      return bench::median_seconds(args.repeat, [&] { return timed(horizon, onGpu, keep); });
    };
    const double cpuSim = med(21, false, &cpuOut) - med(1, false, nullptr);
    double gpuSim = NAN;
    if (gpu) {
      gpuSim = med(21, true, &gpuOut) - med(1, true, nullptr);
      // The simulation is checked where both sides simulate from the same fitted parameters: an
      // EGARCH fit (exp in its recursion) can stop a few ulps of libm apart on the two sides, and
      // 20 steps of paths amplify that; those series are counted and their fits compared instead.
      double worst = 0.0, worstFitParam = 0.0;
      std::size_t compared = 0, fitDiffers = 0;
      const std::size_t perSeries = cpuOut.var.size() / args.mcSeries;
      for (std::size_t s = 0; s < args.mcSeries; ++s) {
        double p = 0.0;
        for (int j = 0; j < tc::kGarchParamSlots; ++j) {
          const double a = cpuOut.params[s * tc::kGarchParamSlots + j], b = gpuOut.params[s * tc::kGarchParamSlots + j];
          if (std::isfinite(a) || std::isfinite(b)) p = std::max(p, std::isfinite(a) && std::isfinite(b) ? rel(a, b) : 1.0);
        }
        if (p > 1e-13) { ++fitDiffers; worstFitParam = std::max(worstFitParam, p); continue; }
        for (std::size_t k = s * perSeries; k < (s + 1) * perSeries; ++k) {
          if (!std::isfinite(cpuOut.var[k]) || !std::isfinite(gpuOut.var[k])) continue;
          worst = std::max(worst, rel(cpuOut.var[k], gpuOut.var[k]));
          ++compared;
        }
      }
      const bool ok = gpuOut.unwritten() == 0 && worst <= 1e-12 && compared > 0;
      std::printf("\nMonte Carlo check: %zu variance forecasts compared, max rel diff GPU vs CPU %.2e (<= 1e-12; same Philox paths, "
                  "different summation order), unwritten %zu; %zu of %zu EGARCH fits differ beyond 1e-13 (max %.2e), not compared: %s\n",
                  compared, worst, gpuOut.unwritten(), fitDiffers, args.mcSeries, worstFitParam, ok ? "PASS" : "FAIL");
      failures += ok ? 0 : 1;
    }
    const double steps = 20.0 * args.mcPaths * args.mcSeries;
    // a difference of two timings: "–" where the simulation is below the fits' run-to-run noise
    const auto num = [](double v, const char* fmt) {
      char b[64];
      if (!(v > 0.0)) return std::string("–");
      std::snprintf(b, sizeof b, fmt, v);
      return std::string(b);
    };
    std::printf("\n| Monte Carlo (EGARCH(1,1)) | CPU s | CPU path-steps/s | GPU s (device) | GPU path-steps/s | GPU / CPU |\n|---|---:|---:|---:|---:|---:|\n");
    std::printf("| %d paths x 20 steps x %zu series | %s | %s | %s | %s | %s |\n", args.mcPaths, args.mcSeries, num(cpuSim, "%.3f").c_str(),
                num(steps / cpuSim, "%.3g").c_str(), num(gpuSim, "%.4f").c_str(), num(steps / gpuSim, "%.3g").c_str(),
                num(cpuSim > 0 && gpuSim > 0 ? cpuSim / gpuSim : NAN, "%.1fx").c_str());
  }
  std::printf("\n# wall: check %.1f s, table %.1f s, Monte Carlo %.1f s (data simulation included)\n", tCheck, tTable - tCheck, elapsed() - tTable);
  if (!gpu && args.requireGpu) return 3;
  return failures == 0 ? 0 : 1;
}
