// Device detection for the CUDA build (cuda_api.hpp): asks the runtime each call, never throws.
// On a machine with the toolkit but no driver it reports the runtime's own error ("CUDA driver
// version is insufficient for CUDA runtime version"), which is the CPU-fallback path.
#include <cuda_runtime.h>

#include <string>

#include "cuda_api.hpp"

namespace tc {
namespace cuda {

CudaInfoResult cuda_info() {
  CudaInfoResult r;
  r.compiled = true;
  int count = 0;
  const cudaError_t e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    r.error = cudaGetErrorString(e);
    cudaGetLastError();  // clear the sticky error so later probes start clean
    return r;
  }
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp p;
    if (cudaGetDeviceProperties(&p, d) != cudaSuccess) continue;
    r.devices.push_back({d, p.name, static_cast<double>(p.totalGlobalMem), std::to_string(p.major) + "." + std::to_string(p.minor), p.multiProcessorCount});
  }
  r.available = !r.devices.empty();
  if (!r.available) r.error = "no CUDA device found";
  return r;
}

}  // namespace cuda
}  // namespace tc
