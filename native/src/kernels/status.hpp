// Per-series outcome of a kernel. The values cross the JS boundary as an Int32Array, so they are
// part of the public contract (mirrored in src/native/status.ts): append, never renumber.
#pragma once

namespace tc {

enum Status : int {
  kOk = 0,
  kTooShort = 1,      // fewer points than the model needs
  kNonFinite = 2,     // a non-finite value in the input or the result
  kBadParameter = 3,  // a model parameter outside its domain
};

}  // namespace tc
