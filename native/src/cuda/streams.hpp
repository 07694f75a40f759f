// Host-side plumbing shared by the CUDA batch paths (garch_cuda.cu, arima_cuda.cu): the error text
// the GPU executor recognises ("cuda error: ..."), and the two streams a batch alternates its chunks
// over, with the events that time the device work across both.
#pragma once

#include <cuda_runtime.h>

#include <string>

namespace tc {
namespace cuda {

inline std::string describe(cudaError_t e, const char* what) {
  return std::string("cuda error: ") + what + ": " + cudaGetErrorString(e);
}

class StreamPair {
 public:
  StreamPair() = default;
  StreamPair(const StreamPair&) = delete;
  StreamPair& operator=(const StreamPair&) = delete;
  ~StreamPair() {
    for (int s = 0; s < created_; ++s) cudaStreamDestroy(streams_[s]);
    if (timing_) { cudaEventDestroy(t0_); cudaEventDestroy(t1_); }
  }

  // Creates both streams and starts the clock; "" or a "cuda error: ..." message.
  std::string start() {
    for (; created_ < 2; ++created_) {
      const cudaError_t e = cudaStreamCreate(&streams_[created_]);
      if (e != cudaSuccess) return describe(e, "cudaStreamCreate");
    }
    timing_ = cudaEventCreate(&t0_) == cudaSuccess && cudaEventCreate(&t1_) == cudaSuccess;
    if (timing_) cudaEventRecord(t0_, streams_[0]);
    return "";
  }

  cudaStream_t operator[](int s) const { return streams_[s]; }

  // Waits for both streams; problem keeps its first message, else takes a stream's error. Writes the
  // device time from start() to now (0 if the events could not be made).
  void finish(std::string* problem, double* device_ms) {
    for (int s = 0; s < created_; ++s) {
      const cudaError_t e = cudaStreamSynchronize(streams_[s]);
      if (problem->empty() && e != cudaSuccess) *problem = describe(e, "kernel");
    }
    *device_ms = 0.0;
    if (!timing_) return;
    float ms = 0.0f;
    cudaEventRecord(t1_, streams_[0]);
    cudaEventSynchronize(t1_);
    cudaEventElapsedTime(&ms, t0_, t1_);
    *device_ms = ms;
  }

 private:
  cudaStream_t streams_[2] = {nullptr, nullptr};
  int created_ = 0;
  bool timing_ = false;
  cudaEvent_t t0_ = nullptr, t1_ = nullptr;
};

}  // namespace cuda
}  // namespace tc
