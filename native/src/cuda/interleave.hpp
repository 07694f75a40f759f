// The device layout of a chunk of series: time-major interleave in groups of kLanes series.
// Group g holds series g*kLanes .. g*kLanes+kLanes-1 of the chunk; element t of the series in lane l
// is at groupBase[g] + t * kLanes + l, for t below the group's longest series (shorter lanes leave
// their tail unused). A warp's threads, each fitting its own series at the same t, then touch one
// contiguous run of kLanes doubles instead of kLanes addresses n apart. The workspace (eps and h,
// 2n per series) uses the same layout at twice the group sizes: Strided views make `ws + n` land in
// the lane's own column. Host code plans the groups; the views are built on the device and, in
// native/tests/garch/strided_check.cpp, on the host to check the layout against contiguous series.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "../kernels/hd.hpp"
#include "../kernels/strided.hpp"

namespace tc {
namespace cuda {

constexpr int kLanes = 32;

TC_HD inline int group_count(int series) { return (series + kLanes - 1) / kLanes; }

// groupBase[0..groups]: prefix sums of kLanes * (longest series of the group), in doubles.
// offsets are the chunk's series offsets (offsets[i + 1] - offsets[i] = length of series i).
inline int64_t plan_groups(const int32_t* offsets, int series, int64_t* groupBase) {
  const int groups = group_count(series);
  groupBase[0] = 0;
  for (int g = 0; g < groups; ++g) {
    int32_t longest = 0;
    for (int i = g * kLanes; i < series && i < (g + 1) * kLanes; ++i) {
      const int32_t n = offsets[i + 1] - offsets[i];
      longest = n > longest ? n : longest;
    }
    groupBase[g + 1] = groupBase[g] + static_cast<int64_t>(kLanes) * longest;
  }
  return groupBase[groups];
}

// Series i of the chunk in an interleaved buffer; scale 2 for the workspace (2n per series).
template <class T>
TC_HD Strided<T> lane_view(T* buffer, const int64_t* groupBase, int i, int scale) {
  return Strided<T>{buffer + scale * groupBase[i / kLanes] + i % kLanes, kLanes};
}

}  // namespace cuda
}  // namespace tc
