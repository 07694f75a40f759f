#include "arima_input.hpp"

#include <string>

#include "js_values.hpp"

namespace tc::addon {

namespace {

using namespace tc::arima;

// Reads an integer field of obj in [lo, hi] into out; "" or the message naming `prefix.name`.
std::string ReadInt(const Napi::Object& obj, const char* prefix, const char* name, int lo, int hi,
                    int32_t& out) {
  const Napi::Value v = obj.Get(name);
  if (obj.Env().IsExceptionPending()) return std::string("reading ") + prefix + "." + name + " threw";
  if (!IsIntegerIn(v, lo, hi)) {
    return std::string(prefix) + "." + name + " must be an integer in [" + std::to_string(lo) + ", " +
           std::to_string(hi) + "], got " + Describe(v);
  }
  out = v.As<Napi::Number>().Int32Value();
  return "";
}

std::string ReadBool(const Napi::Object& obj, const char* prefix, const char* name, int32_t& out) {
  const Napi::Value v = obj.Get(name);
  if (obj.Env().IsExceptionPending()) return std::string("reading ") + prefix + "." + name + " threw";
  if (!v.IsBoolean()) return std::string(prefix) + "." + name + " must be a boolean, got " + Describe(v);
  out = v.As<Napi::Boolean>().Value() ? 1 : 0;
  return "";
}

std::string ParseSpec(const Napi::Value& arg, ArimaSpec& s) {
  if (!IsPlainObject(arg)) {
    return "spec must be an object { p, d, q, seasonalP, seasonalD, seasonalQ, period, constant }, got " +
           Describe(arg);
  }
  const auto o = arg.As<Napi::Object>();
  std::string e;
  if (!(e = ReadInt(o, "spec", "p", 0, kMaxP, s.p)).empty()) return e;
  if (!(e = ReadInt(o, "spec", "d", 0, kMaxD, s.d)).empty()) return e;
  if (!(e = ReadInt(o, "spec", "q", 0, kMaxQ, s.q)).empty()) return e;
  if (!(e = ReadInt(o, "spec", "seasonalP", 0, kMaxSP, s.sp)).empty()) return e;
  if (!(e = ReadInt(o, "spec", "seasonalD", 0, kMaxD, s.sd)).empty()) return e;
  if (!(e = ReadInt(o, "spec", "seasonalQ", 0, kMaxSQ, s.sq)).empty()) return e;
  if (!(e = ReadInt(o, "spec", "period", 1, kMaxPeriod, s.period)).empty()) return e;
  if (!(e = ReadBool(o, "spec", "constant", s.constant)).empty()) return e;
  if (s.sp + s.sd + s.sq > 0 && s.period < 2) {
    return "spec.period must be in [2, " + std::to_string(kMaxPeriod) +
           "] when a seasonal order is set, got " + std::to_string(s.period);
  }
  // The checks above name the field; this is the kernel's own word, should the two ever drift.
  if (!arima_spec_valid(s)) return "spec is not a model the ARIMA kernel supports";
  return "";
}

constexpr const char* kIcNames[] = {"aicc", "aic", "bic"};  // index = arima::InfoCriterion

std::string ParseAuto(const Napi::Value& arg, const ArimaSpec& spec, AutoOptions& a) {
  if (!IsPlainObject(arg)) {
    return "auto must be null or an object { maxP, maxD, maxQ, maxSeasonalP, maxSeasonalQ, "
           "chooseSeasonalD, ic }, got " +
           Describe(arg);
  }
  const auto o = arg.As<Napi::Object>();
  std::string e;
  if (!(e = ReadInt(o, "auto", "maxP", 0, kMaxP, a.maxP)).empty()) return e;
  if (!(e = ReadInt(o, "auto", "maxD", 0, kMaxD, a.maxD)).empty()) return e;
  if (!(e = ReadInt(o, "auto", "maxQ", 0, kMaxQ, a.maxQ)).empty()) return e;
  if (!(e = ReadInt(o, "auto", "maxSeasonalP", 0, kMaxSP, a.maxSP)).empty()) return e;
  if (!(e = ReadInt(o, "auto", "maxSeasonalQ", 0, kMaxSQ, a.maxSQ)).empty()) return e;
  int32_t chooseD = 0;
  if (!(e = ReadBool(o, "auto", "chooseSeasonalD", chooseD)).empty()) return e;
  const Napi::Value ic = o.Get("ic");
  if (o.Env().IsExceptionPending()) return "reading auto.ic threw";
  const std::string got = ic.IsString() ? ic.As<Napi::String>().Utf8Value() : "";
  a.ic = -1;
  for (int k = 0; k < 3; ++k)
    if (got == kIcNames[k]) a.ic = k;
  if (a.ic < 0) return "auto.ic must be one of aicc, aic, bic, got " + Describe(ic);
  // The model description supplies what the search does not choose: season, constant allowed,
  // and D unless the OCSB test chooses it.
  const bool seasonal = spec.sp + spec.sd + spec.sq > 0 || spec.period > 1;
  a.period = seasonal ? spec.period : 1;
  a.sd = chooseD && a.period > 1 ? -1 : spec.sd;
  a.allowDrift = a.allowMean = spec.constant;
  return "";
}

}  // namespace

std::string ParseArimaForecastInput(const Napi::Value& arg, ArimaForecastInput& out) {
  if (!IsPlainObject(arg)) {
    return "arimaForecast expects an object { order, coef, sigma2, values, offsets, horizon }, got " + Describe(arg);
  }
  const auto input = arg.As<Napi::Object>();
  const Napi::Value order = input.Get("order");
  const Napi::Value coef = input.Get("coef");
  const Napi::Value sigma2 = input.Get("sigma2");
  const Napi::Value values = input.Get("values");
  const Napi::Value offsets = input.Get("offsets");
  const Napi::Value horizon = input.Get("horizon");
  if (arg.Env().IsExceptionPending()) return "reading the arimaForecast argument threw";
  std::string problem = ReadSeries(values, offsets, out);
  if (!problem.empty()) return problem;
  const std::size_t n = out.count;
  if (!IsTypedArrayOf(order, napi_int32_array) || order.As<Napi::Int32Array>().ElementLength() != n * tc::kArimaOrderSlots) {
    return "order must be an Int32Array of " + std::to_string(n * tc::kArimaOrderSlots) + " values (series x " +
           std::to_string(tc::kArimaOrderSlots) + " order slots), got " + Describe(order);
  }
  const auto o = order.As<Napi::Int32Array>();
  out.order.assign(o.Data(), o.Data() + o.ElementLength());
  if (!(problem = ReadFloat64Exact(coef, "coef", n * tc::kArimaCoefSlots, out.coef)).empty()) return problem;
  if (!(problem = ReadFloat64Exact(sigma2, "sigma2", n, out.sigma2)).empty()) return problem;
  if (!IsIntegerIn(horizon, 1, kMaxHorizon)) {
    return "horizon must be an integer in [1, " + std::to_string(kMaxHorizon) + "], got " + Describe(horizon);
  }
  out.horizon = horizon.As<Napi::Number>().Int32Value();
  return "";
}

std::string ParseArimaBatchInput(const Napi::Value& arg, ArimaInput& out) {
  if (!IsPlainObject(arg)) {
    return "arimaBatch expects an object { spec, auto, values, offsets, horizon, warmStart?, warmState? }, got " + Describe(arg);
  }
  const auto input = arg.As<Napi::Object>();
  const Napi::Value spec = input.Get("spec");
  const Napi::Value automatic = input.Get("auto");
  const Napi::Value values = input.Get("values");
  const Napi::Value offsets = input.Get("offsets");
  const Napi::Value horizon = input.Get("horizon");
  const Napi::Value backend = input.Get("backend");
  const Napi::Value warm_start = input.Get("warmStart");
  const Napi::Value warm_state = input.Get("warmState");
  if (arg.Env().IsExceptionPending()) return "reading the arimaBatch argument threw";
  {
    // ARIMA has no device kernel yet: a 'cuda' batch runs on the CPU threads and reports backend 'cpu'.
    const std::string problem = ReadBackend(backend, out.deviceRequested);
    if (!problem.empty()) return problem;
  }

  ArimaBatchSettings& set = out.settings;
  std::string problem = ParseSpec(spec, set.spec);
  if (!problem.empty()) return problem;
  set.automatic = !(automatic.IsNull() || automatic.IsUndefined());
  if (set.automatic && !(problem = ParseAuto(automatic, set.spec, set.auto_options)).empty()) return problem;

  if (!(problem = ReadSeries(values, offsets, out)).empty()) return problem;

  if (!IsIntegerIn(horizon, 1, kMaxHorizon)) {
    return "horizon must be an integer in [1, " + std::to_string(kMaxHorizon) + "], got " + Describe(horizon);
  }
  set.horizon = horizon.As<Napi::Number>().Int32Value();
  if (!warm_start.IsUndefined()) {
    problem = ReadFloat64Exact(warm_start, "warmStart", out.count * tc::kArimaWarmRowDoubles, set.warm_in);
    if (!problem.empty()) {
      return problem + " (series x " + std::to_string(tc::kArimaWarmRowDoubles) + ": an earlier call's warmState)";
    }
  }
  if (!warm_state.IsUndefined()) {
    if (!warm_state.IsBoolean()) return "warmState must be a boolean, got " + Describe(warm_state);
    out.warmState = warm_state.As<Napi::Boolean>().Value();
  }
  return "";
}

}  // namespace tc::addon
