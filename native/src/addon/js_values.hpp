// Small checks on JS values shared by the entry points. None of them calls back into user code.
#pragma once

#include <napi.h>

#include <string>

namespace tc::addon {

bool IsTypedArrayOf(const Napi::Value& value, napi_typedarray_type type);

// A Number holding an integer in [lo, hi] (so NaN, ±inf and 1.5 are rejected).
bool IsIntegerIn(const Napi::Value& value, double lo, double hi);

// "1.5", "a string", "undefined", "a Float32Array"... for error messages.
std::string Describe(const Napi::Value& value);

// V8 treats a failed ArrayBuffer allocation as a fatal OOM, not an exception, so output sizes are
// bounded before asking: 2^27 doubles (1 GiB per output array) is ~25x what the default request
// limits allow (maxTickers x maxHorizonBars = 5M) and far below where calloc starts to refuse.
constexpr double kMaxOutputCells = 134217728.0;

// Offsets of a ragged batch: N + 1 non-decreasing entries within values. "" when valid, else why not.
std::string CheckOffsets(const Napi::Int32Array& offsets, std::size_t values_length);

// Async entry points never throw synchronously: argument errors become a rejected promise.
Napi::Promise Rejected(Napi::Env env, const Napi::Value& error);

// The pending exception if a getter threw while reading arguments, else a TypeError with `message`.
Napi::Value PendingOrTypeError(Napi::Env env, const std::string& message);

}  // namespace tc::addon
