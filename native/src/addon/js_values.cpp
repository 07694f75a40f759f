#include "js_values.hpp"

#include <cmath>
#include <cstdio>

namespace tc::addon {

bool IsTypedArrayOf(const Napi::Value& value, napi_typedarray_type type) {
  return value.IsTypedArray() && value.As<Napi::TypedArray>().TypedArrayType() == type;
}

bool IsPlainObject(const Napi::Value& value) {
  return value.IsObject() && !value.IsArray() && !value.IsTypedArray();
}

bool IsIntegerIn(const Napi::Value& value, double lo, double hi) {
  if (!value.IsNumber()) return false;
  const double d = value.As<Napi::Number>().DoubleValue();
  return std::floor(d) == d && d >= lo && d <= hi;
}

namespace {
const char* TypedArrayName(napi_typedarray_type type) {
  switch (type) {
    case napi_int8_array: return "an Int8Array";
    case napi_uint8_array: return "a Uint8Array";
    case napi_uint8_clamped_array: return "a Uint8ClampedArray";
    case napi_int16_array: return "an Int16Array";
    case napi_uint16_array: return "a Uint16Array";
    case napi_int32_array: return "an Int32Array";
    case napi_uint32_array: return "a Uint32Array";
    case napi_float32_array: return "a Float32Array";
    case napi_float64_array: return "a Float64Array";
    default: return "a typed array";
  }
}
}  // namespace

std::string Describe(const Napi::Value& value) {
  if (value.IsNumber()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", value.As<Napi::Number>().DoubleValue());
    return buf;
  }
  if (value.IsTypedArray()) return TypedArrayName(value.As<Napi::TypedArray>().TypedArrayType());
  if (value.IsArray()) return "an Array";
  switch (value.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_string: return "a string";
    case napi_symbol: return "a symbol";
    case napi_function: return "a function";
    case napi_bigint: return "a bigint";
    default: return "an object";
  }
}

Napi::Promise Rejected(Napi::Env env, const Napi::Value& error) {
  auto deferred = Napi::Promise::Deferred::New(env);
  deferred.Reject(error);
  return deferred.Promise();
}

Napi::Value PendingOrTypeError(Napi::Env env, const std::string& message) {
  if (env.IsExceptionPending()) return env.GetAndClearPendingException().Value();
  return Napi::TypeError::New(env, message).Value();
}

std::string CheckOffsets(const Napi::Int32Array& offsets, std::size_t values_length) {
  const std::size_t length = offsets.ElementLength();
  if (length == 0) return "offsets must have N + 1 entries for N series, got an empty Int32Array";
  const int32_t* o = offsets.Data();
  if (o[0] < 0) return "offsets[0] must be >= 0, got " + std::to_string(o[0]);
  for (std::size_t i = 1; i < length; ++i) {
    if (o[i] < o[i - 1]) {
      return "offsets must be non-decreasing, got offsets[" + std::to_string(i - 1) +
             "] = " + std::to_string(o[i - 1]) + " > offsets[" + std::to_string(i) +
             "] = " + std::to_string(o[i]);
    }
  }
  if (static_cast<std::size_t>(o[length - 1]) > values_length) {
    return "offsets[" + std::to_string(length - 1) + "] = " + std::to_string(o[length - 1]) +
           " is past the end of values (length " + std::to_string(values_length) + ")";
  }
  return "";
}

std::string ReadSeries(const Napi::Value& values, const Napi::Value& offsets, SeriesInput& out) {
  if (!IsTypedArrayOf(values, napi_float64_array)) {
    return "values must be a Float64Array, got " + Describe(values);
  }
  if (!IsTypedArrayOf(offsets, napi_int32_array)) {
    return "offsets must be an Int32Array, got " + Describe(offsets);
  }
  out.values = values.As<Napi::Float64Array>();
  out.offsets = offsets.As<Napi::Int32Array>();
  std::string problem = CheckOffsets(out.offsets, out.values.ElementLength());
  if (!problem.empty()) return problem;
  out.count = out.offsets.ElementLength() - 1;
  return "";
}

std::string PickName(const Napi::Value& value, const char* field, const NamedValue* table,
                     std::size_t table_size, int32_t& out) {
  std::string names;
  for (std::size_t k = 0; k < table_size; ++k) {
    names += std::string(names.empty() ? "" : ", ") + table[k].name;
  }
  if (!value.IsString()) return std::string(field) + " must be one of " + names + ", got " + Describe(value);
  const std::string got = value.As<Napi::String>().Utf8Value();
  for (std::size_t k = 0; k < table_size; ++k) {
    if (got == table[k].name) {
      out = table[k].value;
      return "";
    }
  }
  return std::string(field) + " must be one of " + names + ", got '" + got + "'";
}

std::string ReadProbabilities(const Napi::Value& value, const char* field, std::size_t max_length,
                              std::vector<double>& out) {
  if (!IsTypedArrayOf(value, napi_float64_array)) {
    return std::string(field) + " must be a Float64Array, got " + Describe(value);
  }
  const auto array = value.As<Napi::Float64Array>();
  const std::size_t length = array.ElementLength();
  if (length > max_length) {
    return std::string(field) + " must have at most " + std::to_string(max_length) +
           " entries, got " + std::to_string(length);
  }
  out.assign(array.Data(), array.Data() + length);
  for (std::size_t j = 0; j < length; ++j) {
    if (!(out[j] > 0.0 && out[j] < 1.0)) {
      return std::string(field) + "[" + std::to_string(j) + "] must be in (0, 1), got " +
             Describe(Napi::Number::New(value.Env(), out[j]));
    }
  }
  return "";
}

}  // namespace tc::addon

namespace tc::addon {

std::string ReadFloat64Exact(const Napi::Value& value, const char* field, std::size_t length,
                             std::vector<double>& out) {
  if (!IsTypedArrayOf(value, napi_float64_array)) {
    return std::string(field) + " must be a Float64Array, got " + Describe(value);
  }
  const auto array = value.As<Napi::Float64Array>();
  if (array.ElementLength() != length) {
    return std::string(field) + " must hold " + std::to_string(length) + " values, got " +
           std::to_string(array.ElementLength());
  }
  out.assign(array.Data(), array.Data() + length);
  return "";
}

}  // namespace tc::addon

namespace tc::addon {

std::string ReadBackend(const Napi::Value& value, bool& cuda) {
  cuda = false;
  if (value.IsUndefined()) return "";
  const std::string b = value.IsString() ? value.As<Napi::String>().Utf8Value() : "";
  if (b != "cpu" && b != "cuda") return "backend must be 'cpu' or 'cuda', got " + Describe(value);
#ifndef TC_WITH_CUDA
  if (b == "cuda") return "cuda unavailable: the native addon was built without CUDA (nvcc not found at build time)";
#endif
  cuda = b == "cuda";
  return "";
}

}  // namespace tc::addon
