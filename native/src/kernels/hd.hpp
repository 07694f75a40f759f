// Marks a function as compilable for both host and CUDA device, so one kernel source serves the
// CPU thread pool and the GPU (one series per thread).
#pragma once

#if defined(__CUDACC__)
#define TC_HD __host__ __device__
#else
#define TC_HD
#endif
