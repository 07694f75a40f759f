// The host-side surface of the CUDA build (native/src/cuda/*.cu, compiled by nvcc into
// libtc_cuda.a by native/build_cuda.mjs). Only compiled into the addon when TC_WITH_CUDA is defined.
#pragma once

#include <string>
#include <vector>

#include "../core/arima_driver.hpp"
#include "../core/garch_driver.hpp"

namespace tc {
namespace cuda {

struct CudaDeviceInfo {
  int index;
  std::string name;
  double totalMemoryBytes;
  std::string computeCapability;  // "major.minor"
  int multiprocessors;
};

struct CudaInfoResult {
  bool compiled = true;
  bool available = false;
  std::string error;  // why not available (cudaGetDeviceCount's message), else empty
  std::vector<CudaDeviceInfo> devices;
};

// Never throws; asks the driver each call.
CudaInfoResult cuda_info();

// Runs the whole batch on device 0, writing job.out exactly as run_garch_batch does. Returns "" or
// a message starting "cuda error: " (out of memory, launch failure, ...); the outputs are then
// incomplete and the caller must not use them. device_ms: wall time of the device work.
std::string run_garch_batch_cuda(const GarchBatchJob& job, double* device_ms);

// The fixed-order ARIMA batch on device 0 (arima_cuda.cu), writing job.out exactly as
// run_arima_batch does; same error contract. An automatic search is refused ("cuda error: ..."):
// the caller runs it on the CPU.
std::string run_arima_batch_cuda(const ArimaBatchJob& job, double* device_ms);

}  // namespace cuda
}  // namespace tc
