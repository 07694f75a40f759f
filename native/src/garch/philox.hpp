// Philox4x32-10 (Salmon et al., SC'11): a counter-based generator, so a draw is a pure function of
// (seed, series, path, step, draw) and host and device simulations give identical paths whatever
// the thread layout.
#pragma once

#include <math.h>
#include <stdint.h>

#include "../kernels/hd.hpp"

namespace tc {
namespace garch {

struct Philox4x32 {
  uint32_t v[4];
};

TC_HD inline void philox_round(uint32_t ctr[4], const uint32_t key[2]) {
  const uint64_t p0 = static_cast<uint64_t>(0xD2511F53u) * ctr[0];
  const uint64_t p1 = static_cast<uint64_t>(0xCD9E8D57u) * ctr[2];
  const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
  const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
  const uint32_t c0 = hi1 ^ ctr[1] ^ key[0];
  const uint32_t c2 = hi0 ^ ctr[3] ^ key[1];
  ctr[0] = c0; ctr[1] = lo1; ctr[2] = c2; ctr[3] = lo0;
}

TC_HD inline Philox4x32 philox4x32_10(const uint32_t counter[4], uint64_t seed) {
  uint32_t ctr[4] = {counter[0], counter[1], counter[2], counter[3]};
  uint32_t key[2] = {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  for (int r = 0; r < 10; ++r) {
    philox_round(ctr, key);
    if (r < 9) { key[0] += 0x9E3779B9u; key[1] += 0xBB67AE85u; }
  }
  Philox4x32 out;
  for (int i = 0; i < 4; ++i) out.v[i] = ctr[i];
  return out;
}

// The uniforms of one (series, path, step) cell. Rejection samplers may need more than four, so
// the fourth counter word numbers the blocks of four.
struct UniformStream {
  uint64_t seed;
  uint32_t series, path, step, block;
  uint32_t used;
  Philox4x32 buf;

  TC_HD UniformStream(uint64_t seed_, uint32_t series_, uint32_t path_, uint32_t step_)
      : seed(seed_), series(series_), path(path_), step(step_), block(0), used(4) {}

  // Uniform on the open interval (0, 1): 53-bit resolution from two words, offset by half a ulp.
  TC_HD double next() {
    if (used >= 4) {
      const uint32_t ctr[4] = {step, path, series, block++};
      buf = philox4x32_10(ctr, seed);
      used = 0;
    }
    const uint32_t a = buf.v[used] >> 5;       // 27 bits
    const uint32_t b = buf.v[used + 1] >> 6;   // 26 bits
    used += 2;
    return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b) + 0.5) *
           (1.0 / 9007199254740992.0);
  }

  TC_HD double normal() {
    const double u1 = next(), u2 = next();
    return sqrt(-2.0 * log(u1)) * cos(6.28318530717958647692 * u2);
  }

  // Marsaglia–Tsang; shape < 1 boosted by U^(1/shape).
  TC_HD double gamma(double shape) {
    double boost = 1.0;
    if (shape < 1.0) {
      boost = pow(next(), 1.0 / shape);
      shape += 1.0;
    }
    const double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (int it = 0; it < 1000; ++it) {
      double x, v;
      do { x = normal(); v = 1.0 + c * x; } while (v <= 0.0);
      v = v * v * v;
      const double u = next();
      if (u < 1.0 - 0.0331 * x * x * x * x) return d * v * boost;
      if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) return d * v * boost;
    }
    return d * boost;
  }
};

}  // namespace garch
}  // namespace tc
