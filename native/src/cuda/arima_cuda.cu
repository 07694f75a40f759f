// The fixed-order ARIMA batch on a CUDA device: one thread per series running arima_fixed_row
// (native/src/core/arima_series.hpp), the very function the CPU thread pool runs per series: the
// exact-likelihood fit with its CSS start and warm start, standard errors, residual diagnostics,
// KPSS / ADF / OCSB, and the forecast, written to row i of every output column. The automatic
// search is host code (std containers, the stepwise candidate list) and stays on the CPU.
//
// Host side: chunks of whole series within a quarter of the free device memory, alternated over two
// streams. Series are series-major here (each thread's likelihood pass walks its own series); the
// ARIMA fit spends most of its time in the per-thread state-space recursion on registers and local
// memory, not in reading x, so the GARCH path's interleave is not applied. Built with --fmad=false.
#include <cuda_runtime.h>

#include <algorithm>
#include <string>
#include <vector>

#include "../core/arima_series.hpp"
#include "cuda_api.hpp"
#include "streams.hpp"

namespace tc {
namespace cuda {

namespace {

constexpr long kScratchPerSeries = static_cast<long>(arima::kMaxCoef + 1) * arima::kScratchElems;

__global__ void arima_batch_kernel(arima::ArimaSpec spec, const double* values, const int32_t* offsets, int count, int32_t base,
                                   double* ws, const double* warmIn, int horizon, ArimaBatchOutputs out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const int32_t begin = offsets[i] - base;
  const int n = offsets[i + 1] - offsets[i];
  double* w = ws + 2 * static_cast<size_t>(begin) + static_cast<size_t>(i) * kScratchPerSeries;
  arima_fixed_row(spec, values + begin, n, w, warmIn ? warmIn + static_cast<size_t>(i) * kArimaWarmRowDoubles : nullptr, horizon, out,
                  static_cast<size_t>(i));
}

// One output column: its host array and its width in elements per series.
struct Column {
  void** device;  // the field of the device-side ArimaBatchOutputs to point at the chunk's slice
  char* host;
  size_t width, elem;
};

}  // namespace

std::string run_arima_batch_cuda(const ArimaBatchJob& job, double* device_ms) {
  *device_ms = 0.0;
  const std::size_t count = job.in.count;
  if (count == 0) return "";
  if (job.settings.automatic) return "cuda error: the automatic ARIMA search has no device kernel";
  cudaError_t e0 = cudaSetDevice(0);
  if (e0 != cudaSuccess) return describe(e0, "cudaSetDevice");
  const size_t H = static_cast<size_t>(job.settings.horizon);
  const bool warmIn = !job.settings.warm_in.empty();
  const ArimaBatchOutputs& h = job.out;
  ArimaBatchOutputs d = h;  // device pointers, per chunk
  std::vector<Column> cols = {
      {reinterpret_cast<void**>(&d.coef), reinterpret_cast<char*>(h.coef), kArimaCoefSlots, 8},
      {reinterpret_cast<void**>(&d.std_err), reinterpret_cast<char*>(h.std_err), kArimaCoefSlots, 8},
      {reinterpret_cast<void**>(&d.forecast_mean), reinterpret_cast<char*>(h.forecast_mean), H, 8},
      {reinterpret_cast<void**>(&d.forecast_variance), reinterpret_cast<char*>(h.forecast_variance), H, 8},
      {reinterpret_cast<void**>(&d.order), reinterpret_cast<char*>(h.order), kArimaOrderSlots, 4}};
  using DoubleColumn = double* ArimaBatchOutputs::*;
  using CountColumn = int32_t* ArimaBatchOutputs::*;
  const DoubleColumn scalars[] = {&ArimaBatchOutputs::sigma2, &ArimaBatchOutputs::loglik, &ArimaBatchOutputs::aic,
                                  &ArimaBatchOutputs::aicc, &ArimaBatchOutputs::bic, &ArimaBatchOutputs::ljung_box_p,
                                  &ArimaBatchOutputs::jarque_bera_p, &ArimaBatchOutputs::kpss_stat, &ArimaBatchOutputs::kpss_p,
                                  &ArimaBatchOutputs::adf_stat, &ArimaBatchOutputs::adf_p, &ArimaBatchOutputs::ocsb_stat,
                                  &ArimaBatchOutputs::ocsb_crit};
  for (auto m : scalars) cols.push_back({reinterpret_cast<void**>(&(d.*m)), reinterpret_cast<char*>(h.*m), 1, 8});
  const CountColumn counts[] = {&ArimaBatchOutputs::ocsb_lag, &ArimaBatchOutputs::status, &ArimaBatchOutputs::converged,
                                  &ArimaBatchOutputs::iterations, &ArimaBatchOutputs::n_obs, &ArimaBatchOutputs::ljung_box_lag,
                                  &ArimaBatchOutputs::models_fitted, &ArimaBatchOutputs::warm_started};
  for (auto m : counts) cols.push_back({reinterpret_cast<void**>(&(d.*m)), reinterpret_cast<char*>(h.*m), 1, 4});
  if (h.warm_state) cols.push_back({reinterpret_cast<void**>(&d.warm_state), reinterpret_cast<char*>(h.warm_state), kArimaWarmRowDoubles, 8});
  size_t outBytesPerSeries = 0;
  for (const Column& c : cols) outBytesPerSeries += c.width * c.elem;

  size_t freeBytes = 0, totalBytes = 0;
  e0 = cudaMemGetInfo(&freeBytes, &totalBytes);
  if (e0 != cudaSuccess) return describe(e0, "cudaMemGetInfo");
  const double budget = 0.25 * static_cast<double>(freeBytes);
  // one device allocation per stream (inputs, workspace, outputs), freed on every return path
  struct Live {
    void* p[2] = {nullptr, nullptr};
    ~Live() { cudaFree(p[0]); cudaFree(p[1]); }
  } live;
  StreamPair streams;
  std::string problem = streams.start();
  if (!problem.empty()) return problem;
  std::size_t first = 0;
  int chunk = 0;
  while (first < count && problem.empty()) {
    std::size_t last = first;
    double bytes = 0.0;
    while (last < count) {
      const double n = job.in.offsets[last + 1] - job.in.offsets[last];
      const double need = 8.0 * 3 * n + 8.0 * kScratchPerSeries + outBytesPerSeries + 4.0 + (warmIn ? 8.0 * kArimaWarmRowDoubles : 0.0);
      if (last > first && bytes + need > budget) break;
      bytes += need;
      ++last;
    }
    const int s = chunk++ % 2;
    cudaStream_t stream = streams[s];
    if (cudaStreamSynchronize(stream) != cudaSuccess) { problem = describe(cudaGetLastError(), "stream"); break; }
    cudaFree(live.p[s]);
    live.p[s] = nullptr;
    const size_t m = last - first;
    const int32_t base = job.in.offsets[first];
    const size_t points = static_cast<size_t>(job.in.offsets[last] - base);
    // carve one allocation into 8-byte-aligned slices
    std::vector<std::pair<void**, size_t>> slices;
    double *dValues = nullptr, *dWs = nullptr, *dWarm = nullptr;
    int32_t* dOff = nullptr;
    slices.push_back({reinterpret_cast<void**>(&dValues), points * 8});
    slices.push_back({reinterpret_cast<void**>(&dWs), (2 * points + m * kScratchPerSeries) * 8});
    slices.push_back({reinterpret_cast<void**>(&dOff), (m + 1) * 4});
    if (warmIn) slices.push_back({reinterpret_cast<void**>(&dWarm), m * kArimaWarmRowDoubles * 8});
    for (const Column& c : cols) slices.push_back({c.device, m * c.width * c.elem});
    size_t total = 0;
    for (const auto& sl : slices) total += (sl.second + 7) / 8 * 8;
    cudaError_t e = cudaMalloc(&live.p[s], std::max<size_t>(total, 8));
    if (e != cudaSuccess) { live.p[s] = nullptr; problem = describe(e, e == cudaErrorMemoryAllocation ? "out of memory" : "cudaMalloc"); break; }
    size_t at = 0;
    for (const auto& sl : slices) { *sl.first = static_cast<char*>(live.p[s]) + at; at += (sl.second + 7) / 8 * 8; }
    const auto A = [&](cudaError_t r) { if (e == cudaSuccess) e = r; };
    A(cudaMemcpyAsync(dValues, job.in.values + base, points * 8, cudaMemcpyHostToDevice, stream));
    A(cudaMemcpyAsync(dOff, job.in.offsets + first, (m + 1) * 4, cudaMemcpyHostToDevice, stream));
    if (warmIn) A(cudaMemcpyAsync(dWarm, job.settings.warm_in.data() + first * kArimaWarmRowDoubles, m * kArimaWarmRowDoubles * 8, cudaMemcpyHostToDevice, stream));
    const int threads = 64;
    arima_batch_kernel<<<static_cast<unsigned>((m + threads - 1) / threads), threads, 0, stream>>>(
        job.settings.spec, dValues, dOff, static_cast<int>(m), base, dWs, dWarm, static_cast<int>(H), d);
    A(cudaGetLastError());
    for (const Column& c : cols)
      A(cudaMemcpyAsync(c.host + first * c.width * c.elem, *c.device, m * c.width * c.elem, cudaMemcpyDeviceToHost, stream));
    if (e != cudaSuccess) problem = describe(e, "kernel or copy");
    first = last;
  }
  streams.finish(&problem, device_ms);
  return problem;
}

}  // namespace cuda
}  // namespace tc
