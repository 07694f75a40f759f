// Shared by the bench/gpu programs: the sentinel that proves every output element was written,
// the bench's own random numbers (independent of the kernels' Philox), and the relative difference.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace bench {

constexpr uint64_t kSentinelBits = 0x7ff4dead0000beefULL;  // a NaN no kernel produces

inline double sentinel() {
  double d;
  std::memcpy(&d, &kSentinelBits, sizeof d);
  return d;
}
inline bool is_sentinel(double v) {
  uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b == kSentinelBits;
}

// splitmix64 + Box–Muller.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
  double normal() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); }
};

inline double rel(double a, double b) { return std::fabs(a - b) / std::max(1.0, std::max(std::fabs(a), std::fabs(b))); }

// count series of n values each, series i drawn by fill(rng, x, n) from its own stream of seed.
template <class Fill>
void simulate_batch(std::size_t count, int n, uint64_t seed, std::vector<double>* values, std::vector<int32_t>* offsets, Fill fill) {
  values->resize(count * static_cast<std::size_t>(n));
  offsets->resize(count + 1);
  for (std::size_t i = 0; i < count; ++i) {
    Rng r{seed * 1000003ULL + i};
    fill(r, values->data() + i * n, n);
    (*offsets)[i] = static_cast<int32_t>(i * n);
  }
  (*offsets)[count] = static_cast<int32_t>(count * n);
}

// Runs f() n >= 1 times; f returns seconds (NaN: failed). The median, NaN if any run failed.
template <class F>
double median_seconds(int n, F f) {
  std::vector<double> t;
  for (int i = 0; i < std::max(1, n); ++i) {
    const double s = f();
    if (std::isnan(s)) return s;
    t.push_back(s);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// Host seconds of run() (median of n).
template <class Run>
double time_cpu(int n, Run run) {
  return median_seconds(n, [&] {
    const auto t0 = std::chrono::steady_clock::now();
    run();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
}

// A GPU call timed n times: run(&deviceMs) returns "" or the failure. wallS: the host call as the
// service makes it (allocation, page-locking, interleave, copies); deviceS: CUDA events around the
// copies and kernels. Medians; NaN with `problem` set when a run failed.
struct GpuTiming {
  double wallS = NAN, deviceS = NAN;
  std::string problem;
};
template <class Run>
GpuTiming time_gpu(int n, Run run) {
  GpuTiming g;
  std::vector<double> device;
  g.wallS = median_seconds(n, [&] {
    double ms = 0.0;
    const auto t0 = std::chrono::steady_clock::now();
    g.problem = run(&ms);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    device.push_back(ms / 1e3);
    return g.problem.empty() ? wall : NAN;
  });
  if (g.problem.empty()) {
    std::sort(device.begin(), device.end());
    g.deviceS = device[device.size() / 2];
  }
  return g;
}

// A table cell: "–" for NaN (not measured), else v in fmt.
inline std::string cell(double v, const char* fmt) {
  if (std::isnan(v)) return "–";
  char b[64];
  std::snprintf(b, sizeof b, fmt, v);
  return b;
}

}  // namespace bench
