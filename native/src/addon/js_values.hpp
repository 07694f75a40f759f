// Small checks on JS values shared by the entry points. None of them calls back into user code.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tc::addon {

// An object that is neither an array nor a typed array: the shape every options argument has.
bool IsPlainObject(const Napi::Value& value);

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

// The series of a ragged batch as every batch entry point takes them.
struct SeriesInput {
  Napi::Float64Array values;
  Napi::Int32Array offsets;  // validated: count + 1 entries, 0 <= o[0] <= ... <= o[count] <= values.length
  std::size_t count = 0;
};

// Checks `values` (a Float64Array) and `offsets` (an Int32Array, CheckOffsets) into out; "" or why not.
std::string ReadSeries(const Napi::Value& values, const Napi::Value& offsets, SeriesInput& out);

// One wire name of an enum and its value.
struct NamedValue {
  const char* name;
  int32_t value;
};

// "" and sets `out` when value is one of the table's names, else the message naming `field`.
std::string PickName(const Napi::Value& value, const char* field, const NamedValue* table,
                     std::size_t table_size, int32_t& out);
template <std::size_t N>
std::string PickName(const Napi::Value& value, const char* field, const NamedValue (&table)[N],
                     int32_t& out) {
  return PickName(value, field, table, N, out);
}

// A Float64Array of at most max_length probabilities, each strictly inside (0, 1); "" or why not.
std::string ReadProbabilities(const Napi::Value& value, const char* field, std::size_t max_length,
                              std::vector<double>& out);

// A Float64Array of exactly `length` values, copied into out (values may be NaN); "" or why not.
std::string ReadFloat64Exact(const Napi::Value& value, const char* field, std::size_t length,
                             std::vector<double>& out);

// A batch's optional `backend`: undefined or 'cpu' (cuda = false) or 'cuda' (cuda = true; an
// addon built without CUDA answers "cuda unavailable: ..."); "" or why not.
std::string ReadBackend(const Napi::Value& value, bool& cuda);

// Async entry points never throw synchronously: argument errors become a rejected promise.
Napi::Promise Rejected(Napi::Env env, const Napi::Value& error);

// The pending exception if a getter threw while reading arguments, else a TypeError with `message`.
Napi::Value PendingOrTypeError(Napi::Env env, const std::string& message);

}  // namespace tc::addon
