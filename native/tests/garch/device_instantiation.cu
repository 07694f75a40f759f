// Compile-only check that the kernel is valid CUDA device code (the build machine has no GPU):
// one series per thread, workspace slice per series.
#include "../../src/garch/garch.hpp"

using namespace tc::garch;

__global__ void fit_kernel(GarchSpec spec, const double* values, const int* offsets, int nSeries,
                           double* workspace, GarchFitResult* out) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= nSeries) return;
  const int begin = offsets[i], n = offsets[i + 1] - begin;
  garch_fit_series(spec, values + begin, n, workspace + 2 * static_cast<size_t>(begin), out + i);
}

__global__ void forecast_kernel(GarchSpec spec, const double* params, int k, const double* values,
                                const int* offsets, int nSeries, double* workspace,
                                GarchForecastOptions o, double* mean, double* var, double* vl,
                                double* es) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= nSeries) return;
  const int begin = offsets[i], n = offsets[i + 1] - begin;
  GarchForecastOptions oi = o;
  oi.seriesId = static_cast<uint32_t>(i);
  garch_forecast_series(spec, params + i * k, values + begin, n, workspace + 2 * static_cast<size_t>(begin), oi,
                        mean + i * o.horizon, var + i * o.horizon, vl + i * o.nLevels, es + i * o.nLevels);
}
