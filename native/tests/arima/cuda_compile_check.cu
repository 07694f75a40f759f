// Compile-only check that the per-series kernel is device code: one GPU thread per series.
#include "../../src/arima/arima.hpp"

__global__ void arima_fit_kernel(const tc::arima::ArimaSpec spec, const double* values,
                                 const int* offsets, int count, double* workspace,
                                 long workspaceStride, tc::arima::ArimaResult* results,
                                 double* mean, double* var, int horizon, int* status) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const double* x = values + offsets[i];
  const int n = offsets[i + 1] - offsets[i];
  double* ws = workspace + i * workspaceStride;
  int st = tc::arima::arima_fit_series(spec, x, n, ws, &results[i]);
  if (st == tc::kOk)
    st = tc::arima::arima_forecast_series(spec, x, n, results[i], results[i].sigma2, horizon, ws,
                                          mean + i * horizon, var + i * horizon);
  tc::arima::ResidualDiagnostics d = tc::arima::arima_diagnostics(spec, ws + n, n);
  (void)d;
  status[i] = st;
}
