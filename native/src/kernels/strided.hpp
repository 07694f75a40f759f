// A series, or a workspace column, whose consecutive elements lie `stride` doubles apart. The
// per-series kernels take their data and workspace as template "array" parameters: the CPU path
// passes plain pointers (contiguous series), the CUDA path passes Strided views into a time-major
// interleave (32 series per group, element t of lane l at group + t * 32 + l) so that a warp's
// threads, each on its own series, read and write neighbouring addresses at the same t.
#pragma once

#include <stddef.h>

#include "hd.hpp"

namespace tc {

template <class T>
struct Strided {
  T* p;
  int stride;
  TC_HD T& operator[](int t) const { return p[static_cast<ptrdiff_t>(t) * stride]; }
  TC_HD Strided operator+(int k) const { return Strided{p + static_cast<ptrdiff_t>(k) * stride, stride}; }
};

}  // namespace tc
