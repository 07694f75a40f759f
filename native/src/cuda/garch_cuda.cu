// The GARCH-family batch on a CUDA device: one thread per series, running the same per-series
// functions as the CPU path (garch_fit_series, garch_forecast_series, garch_capture_state,
// dist_quantile from native/src/garch/), compiled for the device. The host side splits the batch
// into chunks that fit the device memory and alternates them over two streams.
//
// Simulated variance forecasts (EGARCH, APARCH delta != 2) run afterwards in garch_paths_kernel, one
// thread per (series, path), from the same vol_path_step as the CPU's path loop.
//
// Layout: the series arrive contiguous (series-major, as on the CPU path); interleave_kernel
// rewrites each chunk time-major in groups of 32 (interleave.hpp), and the kernels see their series
// and workspace through Strided views, so a warp's loads and stores at one t are contiguous. Built
// with --fmad=false so results are the IEEE results of the source, as on the host
// (-ffp-contract=off). Host buffers are page-locked (cudaHostRegister) when a batch needs more than
// one chunk, so one stream's copies overlap the other's kernel.
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "../core/garch_series.hpp"
#include "cuda_api.hpp"
#include "interleave.hpp"
#include "streams.hpp"

namespace tc {
namespace cuda {

namespace {

using garch::GarchSpec;

constexpr int kMaxCandidates = 4;

// The chunk's output columns on the device, and the fit kernel's handoff to the path kernel.
struct DeviceOut : GarchBatchOutputs {
  int32_t* chosenIdx;  // candidate index of the chosen spec
  int32_t* simulate;   // 1: the variance forecast's steps 2.. come from the path kernels
};

// Series i of the chunk (series-major, from offsets) into the time-major interleave: one block per
// series, its threads over t (contiguous reads, writes kLanes apart).
__global__ void interleave_kernel(const double* values, const int32_t* offsets, int32_t base, const int64_t* groupBase,
                                  double* interleaved) {
  const int i = blockIdx.x;
  const int32_t begin = offsets[i] - base;
  const int n = offsets[i + 1] - offsets[i];
  const Strided<double> dst = lane_view(interleaved, groupBase, i, 1);
  for (int t = threadIdx.x; t < n; t += blockDim.x) dst[t] = values[begin + t];
}

__global__ void garch_batch_kernel(const GarchSpec* candidates, int nCandidates, int select,
                                   const double* interleaved, const int32_t* offsets, int count,
                                   const int64_t* groupBase, double* ws, const double* start,
                                   garch::GarchForecastOptions fo, uint32_t firstId,
                                   const double* qprobs, int nq, DeviceOut o) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const int n = offsets[i + 1] - offsets[i];
  const Strided<const double> x = lane_view(interleaved, groupBase, i, 1);
  const Strided<double> w = lane_view(ws, groupBase, i, 2);
  const double* warm = nullptr;
  if (nCandidates == 1 && start != nullptr && isfinite(start[i * garch::kMaxParams])) warm = start + i * garch::kMaxParams;
  garch::GarchForecastOptions oi = fo;
  oi.seriesId = firstId + static_cast<uint32_t>(i);  // the position in the whole batch, as on the CPU
  oi.simulateInline = 0;  // simulated steps: garch_paths_kernel, one thread per (series, path)
  const GarchPathHandoff handoff{o.chosenIdx, o.simulate};
  garch_series_row(candidates, nCandidates, static_cast<GarchSelect>(select), x, n, w, warm, oi, qprobs, nq, o,
                   static_cast<size_t>(i), &handoff);
}

// Simulated variance forecasts (EGARCH, APARCH with delta != 2): one thread per (series, path).
// Block (i, b) runs paths b * kPathThreads + threadIdx.x of series i from the filter the fit kernel
// left in its workspace; each step's sigma^2 is summed over the block in a fixed tree order into
// partial[(i * gridDim.y + b) * H + k]. garch_paths_finish then adds the blocks in order and
// divides by the path count. The draws are the CPU's (Philox keyed by (seed, series, path, step));
// only the summation order differs, so the means agree with the CPU's to rounding.
constexpr int kPathThreads = 256;

__global__ void garch_paths_kernel(const GarchSpec* candidates, const int32_t* offsets, const int64_t* groupBase,
                                   const double* ws, garch::GarchForecastOptions fo,
                                   uint32_t firstId, DeviceOut o, double* partial) {
  __shared__ double sum[kPathThreads];
  const int i = blockIdx.x;
  if (!o.simulate[i]) return;  // uniform over the block
  const int H = fo.horizon, P = fo.nPaths > 0 ? fo.nPaths : 1;
  const int path = blockIdx.y * kPathThreads + threadIdx.x;
  const bool active = path < P;
  const GarchSpec spec = candidates[o.chosenIdx[i]];
  const garch::GarchLayout lay = garch::make_layout(spec);
  const double* th = o.params + static_cast<size_t>(i) * garch::kMaxParams;
  const int n = offsets[i + 1] - offsets[i];
  const Strided<const double> eps = lane_view(ws, groupBase, i, 2);
  const Strided<const double> hs = eps + n;
  const garch::VolParams v = garch::vol_params(spec, lay, th);
  const double h1 = garch::next_state(spec, v, eps, hs, n);
  double* out = partial + (static_cast<size_t>(i) * gridDim.y + blockIdx.y) * H;
  garch_with_distribution(spec, th, [&](const auto& d) {
    garch::VolPath st;
    garch::vol_path_start(eps, hs, n, h1, &st);
    for (int k = 0; k + 1 < H; ++k) {
      sum[threadIdx.x] = active ? garch::vol_path_step(spec, v, d, fo.seed, firstId + static_cast<uint32_t>(i),
                                                      static_cast<uint32_t>(path), k, &st)
                                : 0.0;
      __syncthreads();
      for (int half = kPathThreads / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) sum[threadIdx.x] += sum[threadIdx.x + half];
        __syncthreads();
      }
      if (threadIdx.x == 0) out[k + 1] = sum[0];
      __syncthreads();
    }
  });
}

__global__ void garch_paths_finish(int count, int blocks, garch::GarchForecastOptions fo, const double* partial, DeviceOut o) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count || !o.simulate[i]) return;
  const int H = fo.horizon, P = fo.nPaths > 0 ? fo.nPaths : 1;
  for (int k = 1; k < H; ++k) {
    double total = 0.0;
    for (int b = 0; b < blocks; ++b) total += partial[(static_cast<size_t>(i) * blocks + b) * H + k];
    o.forecast_variance[static_cast<size_t>(i) * H + k] = garch_finite_or_nan(total / P);
  }
}

#define TC_CUDA_TRY(call, what)                     \
  do {                                              \
    const cudaError_t e_ = (call);                  \
    if (e_ != cudaSuccess) return describe(e_, what); \
  } while (0)

// Device buffers of one chunk, freed on every return path.
struct Buffers {
  std::vector<void*> ptrs;
  Buffers() = default;
  Buffers(const Buffers&) = delete;
  Buffers& operator=(const Buffers&) = delete;
  ~Buffers() { release(); }
  void release() {
    for (void* p : ptrs) cudaFree(p);
    ptrs.clear();
  }
  template <class T>
  cudaError_t alloc(T** out, size_t count) {
    void* p = nullptr;
    const cudaError_t e = cudaMalloc(&p, std::max<size_t>(count, 1) * sizeof(T));
    if (e == cudaSuccess) { ptrs.push_back(p); *out = static_cast<T*>(p); }
    return e;
  }
};

}  // namespace

// Page-locks host ranges for the duration of a batch, so cudaMemcpyAsync on them is truly
// asynchronous; a range that cannot be registered (e.g. it shares a page with one already
// registered) stays pageable, which is slower but equally correct.
struct PinnedRanges {
  std::vector<void*> ptrs;
  PinnedRanges() = default;
  PinnedRanges(const PinnedRanges&) = delete;
  PinnedRanges& operator=(const PinnedRanges&) = delete;
  ~PinnedRanges() { for (void* p : ptrs) cudaHostUnregister(p); }
  void add(const void* p, size_t bytes) {
    if (p == nullptr || bytes < (64u << 10)) return;  // small copies: registration costs more than it saves
    if (cudaHostRegister(const_cast<void*>(p), bytes, cudaHostRegisterDefault) == cudaSuccess) ptrs.push_back(const_cast<void*>(p));
    else cudaGetLastError();  // not sticky; clear it
  }
};

std::string run_garch_batch_cuda(const GarchBatchJob& job, double* device_ms) {
  *device_ms = 0.0;
  const std::size_t count = job.in.count;
  if (count == 0) return "";
  TC_CUDA_TRY(cudaSetDevice(0), "cudaSetDevice");
  GarchSpec candidates[kMaxCandidates];
  const int nCandidates = garch_candidate_specs(job.settings.spec, job.settings.select, candidates);
  const int H = job.settings.forecast.horizon, V = job.settings.forecast.nLevels;
  const int nq = static_cast<int>(job.settings.quantile_probs.size());
  const int P = garch::kMaxParams, S = garch::kStateSlots;

  // Chunks of whole groups of kLanes series within a quarter of the free device memory: the
  // series-major values, their interleave (padded to the group's longest series) and its 2n
  // workspace, and every output.
  size_t freeBytes = 0, totalBytes = 0;
  TC_CUDA_TRY(cudaMemGetInfo(&freeBytes, &totalBytes), "cudaMemGetInfo");
  // simulated forecasts: one partial row of H per block of kPathThreads paths
  const bool canSimulate = job.settings.spec.vol == garch::kVolEgarch || job.settings.spec.vol == garch::kVolAparch;
  const int pathBlocks = canSimulate ? (std::max(job.settings.forecast.nPaths, 1) + kPathThreads - 1) / kPathThreads : 0;
  const double perSeriesOut = 8.0 * (3 * P + 5 + 2 * H + 2 * V + nq + S) + 4.0 * 10 + 8.0 * pathBlocks * H;
  const double budget = 0.25 * static_cast<double>(freeBytes);
  std::vector<std::size_t> cuts{0};
  {
    double bytes = 0.0;
    for (std::size_t g = 0; g < count; g += kLanes) {
      const std::size_t gEnd = std::min<std::size_t>(g + kLanes, count);
      double raw = 0.0, longest = 0.0;
      for (std::size_t i = g; i < gEnd; ++i) {
        const double n = job.in.offsets[i + 1] - job.in.offsets[i];
        raw += n;
        longest = std::max(longest, n);
      }
      const double need = 8.0 * raw + 8.0 * 3 * kLanes * longest + perSeriesOut * static_cast<double>(gEnd - g) + 8.0;
      if (g > cuts.back() && bytes + need > budget) { cuts.push_back(g); bytes = 0.0; }
      bytes += need;
    }
    cuts.push_back(count);
  }
  const std::size_t chunks = cuts.size() - 1;
  PinnedRanges pinned;
  if (chunks > 1) {
    const GarchBatchOutputs& out = job.out;
    pinned.add(job.in.values + job.in.offsets[0], static_cast<size_t>(job.in.offsets[count] - job.in.offsets[0]) * 8);
    const std::pair<const void*, size_t> ranges[] = {{out.params, count * P * 8}, {out.std_err, count * P * 8},
                                                     {out.std_err_robust, count * P * 8}, {out.forecast_mean, count * H * 8},
                                                     {out.forecast_variance, count * H * 8}, {out.state, count * S * 8}};
    for (const auto& r : ranges) pinned.add(r.first, r.second);
  }

  StreamPair streams;
  std::string problem = streams.start();
  if (!problem.empty()) return problem;
  Buffers live[2];
  std::vector<int64_t> plans[2];  // each stream's group plan, alive until its upload is done
  for (std::size_t c = 0; c < chunks && problem.empty(); ++c) {
    const std::size_t first = cuts[c], last = cuts[c + 1];
    const int s = static_cast<int>(c % 2);
    cudaStream_t stream = streams[s];
    // The buffers this stream used two chunks ago are done once the stream is idle again.
    if (cudaStreamSynchronize(stream) != cudaSuccess) { problem = describe(cudaGetLastError(), "stream"); break; }
    live[s].release();
    Buffers& b = live[s];
    const int m = static_cast<int>(last - first);
    const int groups = group_count(m);
    std::vector<int64_t>& plan = plans[s];
    plan.assign(groups + 1, 0);
    const int64_t interleavedDoubles = plan_groups(job.in.offsets + first, m, plan.data());
    const int32_t base = job.in.offsets[first];
    const size_t points = static_cast<size_t>(job.in.offsets[last] - base);
    double *dValues = nullptr, *dX = nullptr, *dWs = nullptr, *dStart = nullptr, *dQ = nullptr, *dPartial = nullptr;
    int32_t* dOff = nullptr;
    int64_t* dPlan = nullptr;
    GarchSpec* dSpecs = nullptr;
    DeviceOut o{};
    cudaError_t e = cudaSuccess;
    const auto A = [&](cudaError_t r) { if (e == cudaSuccess) e = r; };
    A(b.alloc(&dValues, points)); A(b.alloc(&dX, interleavedDoubles)); A(b.alloc(&dWs, 2 * interleavedDoubles));
    A(b.alloc(&dOff, m + 1)); A(b.alloc(&dPlan, groups + 1));
    A(b.alloc(&dSpecs, kMaxCandidates)); A(b.alloc(&dQ, nq));
    A(b.alloc(&o.params, m * P)); A(b.alloc(&o.std_err, m * P)); A(b.alloc(&o.std_err_robust, m * P));
    A(b.alloc(&o.loglik, m)); A(b.alloc(&o.aic, m)); A(b.alloc(&o.bic, m)); A(b.alloc(&o.persistence, m));
    A(b.alloc(&o.uncond_variance, m)); A(b.alloc(&o.converged, m)); A(b.alloc(&o.reason, m));
    A(b.alloc(&o.iterations, m)); A(b.alloc(&o.n_obs, m)); A(b.alloc(&o.chosen_p, m)); A(b.alloc(&o.chosen_q, m));
    A(b.alloc(&o.forecast_mean, static_cast<size_t>(m) * H)); A(b.alloc(&o.forecast_variance, static_cast<size_t>(m) * H));
    A(b.alloc(&o.value_at_risk, m * V)); A(b.alloc(&o.expected_shortfall, m * V)); A(b.alloc(&o.quantiles, m * nq));
    A(b.alloc(&o.state, m * S)); A(b.alloc(&o.chosenIdx, m)); A(b.alloc(&o.simulate, m));
    if (pathBlocks > 0 && H > 1) A(b.alloc(&dPartial, static_cast<size_t>(m) * pathBlocks * H));
    if (!job.settings.start_params.empty()) A(b.alloc(&dStart, m * P));
    if (e != cudaSuccess) { problem = describe(e, e == cudaErrorMemoryAllocation ? "out of memory" : "cudaMalloc"); break; }
    A(cudaMemcpyAsync(dValues, job.in.values + base, points * 8, cudaMemcpyHostToDevice, stream));
    A(cudaMemcpyAsync(dOff, job.in.offsets + first, (m + 1) * 4, cudaMemcpyHostToDevice, stream));
    A(cudaMemcpyAsync(dPlan, plan.data(), (groups + 1) * 8, cudaMemcpyHostToDevice, stream));
    A(cudaMemcpyAsync(dSpecs, candidates, sizeof(GarchSpec) * kMaxCandidates, cudaMemcpyHostToDevice, stream));
    if (nq > 0) A(cudaMemcpyAsync(dQ, job.settings.quantile_probs.data(), nq * 8, cudaMemcpyHostToDevice, stream));
    if (dStart) A(cudaMemcpyAsync(dStart, job.settings.start_params.data() + first * P, m * P * 8, cudaMemcpyHostToDevice, stream));
    interleave_kernel<<<m, 128, 0, stream>>>(dValues, dOff, base, dPlan, dX);
    A(cudaGetLastError());
    const int threads = 64;
    garch_batch_kernel<<<(m + threads - 1) / threads, threads, 0, stream>>>(
        dSpecs, nCandidates, static_cast<int>(job.settings.select), dX, dOff, m, dPlan, dWs, dStart,
        job.settings.forecast, static_cast<uint32_t>(first), dQ, nq, o);
    A(cudaGetLastError());
    if (dPartial) {
      // all-ones bytes are a NaN: a path block that cannot run (its distribution does not prepare)
      // leaves NaN, never stale memory
      A(cudaMemsetAsync(dPartial, 0xff, static_cast<size_t>(m) * pathBlocks * H * 8, stream));
      garch_paths_kernel<<<dim3(m, pathBlocks), kPathThreads, 0, stream>>>(dSpecs, dOff, dPlan, dWs, job.settings.forecast,
                                                                          static_cast<uint32_t>(first), o, dPartial);
      A(cudaGetLastError());
      garch_paths_finish<<<(m + threads - 1) / threads, threads, 0, stream>>>(m, pathBlocks, job.settings.forecast, dPartial, o);
      A(cudaGetLastError());
    }
    const GarchBatchOutputs& out = job.out;
    const auto back = [&](void* dst, const void* src, size_t bytesToCopy) { A(cudaMemcpyAsync(dst, src, bytesToCopy, cudaMemcpyDeviceToHost, stream)); };
    back(out.params + first * P, o.params, m * P * 8); back(out.std_err + first * P, o.std_err, m * P * 8);
    back(out.std_err_robust + first * P, o.std_err_robust, m * P * 8);
    back(out.loglik + first, o.loglik, m * 8); back(out.aic + first, o.aic, m * 8); back(out.bic + first, o.bic, m * 8);
    back(out.persistence + first, o.persistence, m * 8); back(out.uncond_variance + first, o.uncond_variance, m * 8);
    back(out.converged + first, o.converged, m * 4); back(out.reason + first, o.reason, m * 4);
    back(out.iterations + first, o.iterations, m * 4); back(out.n_obs + first, o.n_obs, m * 4);
    back(out.chosen_p + first, o.chosen_p, m * 4); back(out.chosen_q + first, o.chosen_q, m * 4);
    back(out.forecast_mean + first * H, o.forecast_mean, static_cast<size_t>(m) * H * 8);
    back(out.forecast_variance + first * H, o.forecast_variance, static_cast<size_t>(m) * H * 8);
    back(out.value_at_risk + first * V, o.value_at_risk, m * V * 8);
    back(out.expected_shortfall + first * V, o.expected_shortfall, m * V * 8);
    back(out.quantiles + first * nq, o.quantiles, m * nq * 8);
    back(out.state + first * S, o.state, m * S * 8);
    if (e != cudaSuccess) problem = describe(e, "kernel or copy");
  }
  streams.finish(&problem, device_ms);
  return problem;
}

}  // namespace cuda
}  // namespace tc
