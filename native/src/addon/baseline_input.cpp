#include "baseline_input.hpp"

#include <cstdint>
#include <limits>

#include "js_values.hpp"

namespace tc::addon {

namespace {

constexpr double kInt32Max = std::numeric_limits<int32_t>::max();
constexpr double kInt32Min = std::numeric_limits<int32_t>::min();

}  // namespace

std::string ParseBaselineInput(const Napi::Value& arg, BaselineInput& out) {
  if (!IsPlainObject(arg)) {
    return "baselineBatch expects an object { kind, values, offsets, horizon, period?, lambda? }, got " +
           Describe(arg);
  }
  const auto input = arg.As<Napi::Object>();
  // Read every field first: a throwing getter leaves an exception pending, reported by the caller.
  const Napi::Value kind = input.Get("kind");
  const Napi::Value values = input.Get("values");
  const Napi::Value offsets = input.Get("offsets");
  const Napi::Value horizon = input.Get("horizon");
  const Napi::Value period = input.Get("period");
  const Napi::Value lambda = input.Get("lambda");
  if (arg.Env().IsExceptionPending()) return "reading the baselineBatch argument threw";

  if (!kind.IsString()) return "kind must be a string, got " + Describe(kind);
  const std::string kind_name = kind.As<Napi::String>().Utf8Value();
  out.model = tc::find_baseline(kind_name.c_str());
  if (out.model == nullptr) {
    return "kind must be one of " + tc::baseline_names() + ", got '" + kind_name + "'";
  }
  const std::string series_error = ReadSeries(values, offsets, out);
  if (!series_error.empty()) return series_error;

  if (!IsIntegerIn(horizon, 1, kInt32Max)) {
    return "horizon must be an integer >= 1, got " + Describe(horizon);
  }
  out.args.horizon = horizon.As<Napi::Number>().Int32Value();

  // Out-of-domain values (period < 1, lambda outside (0, 1)) are per-series BAD_PARAMETER statuses,
  // decided by the kernel; here only the type must be right.
  out.args.period = 0;
  if (out.model->uses_period) {
    if (!IsIntegerIn(period, kInt32Min, kInt32Max)) {
      return std::string("period must be an integer for ") + out.model->name + ", got " + Describe(period);
    }
    out.args.period = period.As<Napi::Number>().Int32Value();
  }
  out.args.lambda = 0.0;
  if (out.model->uses_lambda) {
    if (!lambda.IsNumber()) {
      return std::string("lambda must be a number for ") + out.model->name + ", got " + Describe(lambda);
    }
    out.args.lambda = lambda.As<Napi::Number>().DoubleValue();
  }
  return "";
}

}  // namespace tc::addon
