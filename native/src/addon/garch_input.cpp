#include "garch_input.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "js_values.hpp"

namespace tc::addon {

namespace {

using namespace tc::garch;

constexpr double kInt32Max = std::numeric_limits<int32_t>::max();
constexpr double kMaxSafeInteger = 9007199254740991.0;  // Number.MAX_SAFE_INTEGER

// The wire names of each enum of GarchSpec, as data (src/native/garch.ts lists the same names).
constexpr NamedValue kVols[] = {{"garch", kVolGarch}, {"gjr", kVolGjr}, {"aparch", kVolAparch}, {"egarch", kVolEgarch}};
constexpr NamedValue kMeans[] = {{"zero", kMeanZero}, {"constant", kMeanConstant}, {"arma", kMeanArma}};
constexpr NamedValue kDists[] = {{"normal", kDistNormal}, {"t", kDistStd}, {"sstd", kDistSstd}, {"ged", kDistGed}};
constexpr NamedValue kInits[] = {{"fgarch", kInitFgarch}, {"sample", kInitSample}, {"backcast", kInitBackcast}};
constexpr NamedValue kSelects[] = {{"none", static_cast<int32_t>(GarchSelect::kNone)},
                                   {"aic", static_cast<int32_t>(GarchSelect::kAic)},
                                   {"bic", static_cast<int32_t>(GarchSelect::kBic)}};

std::string CheckOrders(const Napi::Value& p, const Napi::Value& o, const Napi::Value& q,
                        GarchSpec& s) {
  if (!IsIntegerIn(p, 1, kMaxLag)) return "spec.p must be 1 or 2, got " + Describe(p);
  if (!IsIntegerIn(q, 0, kMaxLag)) return "spec.q must be 0, 1 or 2, got " + Describe(q);
  s.p = p.As<Napi::Number>().Int32Value();
  s.q = q.As<Napi::Number>().Int32Value();
  if (s.vol == kVolEgarch && (s.p != 1 || s.q != 1)) {
    return "egarch is EGARCH(1,1) only: spec.p and spec.q must be 1, got p = " +
           std::to_string(s.p) + ", q = " + std::to_string(s.q);
  }
  // o counts GJR asymmetry terms; the other families have none (APARCH's gammas follow p).
  s.o = 0;
  if (s.vol == kVolGjr) {
    if (!IsIntegerIn(o, 0, s.p)) {
      return "spec.o must be an integer in [0, spec.p = " + std::to_string(s.p) + "] for gjr, got " + Describe(o);
    }
    s.o = o.As<Napi::Number>().Int32Value();
  }
  return "";
}

std::string CheckArma(const Napi::Value& ar, const Napi::Value& ma, GarchSpec& s) {
  const std::pair<const Napi::Value*, const char*> orders[] = {{&ar, "spec.ar"}, {&ma, "spec.ma"}};
  for (const auto& [value, field] : orders) {
    if (s.mean == kMeanArma) {
      if (!IsIntegerIn(*value, 0, kMaxArma)) return std::string(field) + " must be 0, 1 or 2, got " + Describe(*value);
    } else if (!value->IsUndefined() && !IsIntegerIn(*value, 0, 0)) {
      return std::string(field) + " must be 0 unless spec.mean is 'arma', got " + Describe(*value);
    }
  }
  s.arOrder = s.mean == kMeanArma ? ar.As<Napi::Number>().Int32Value() : 0;
  s.maOrder = s.mean == kMeanArma ? ma.As<Napi::Number>().Int32Value() : 0;
  s.armaIncludeMean = 1;
  return "";
}

}  // namespace

std::string ParseGarchSpec(const Napi::Value& arg, GarchSpec& out) {
  if (!IsPlainObject(arg)) {
    return "spec must be an object { vol, p, o, q, mean, ar, ma, dist, init, deltaFixed?, enforceStationarity? }, got " + Describe(arg);
  }
  const auto spec = arg.As<Napi::Object>();
  const Napi::Value vol = spec.Get("vol");
  const Napi::Value p = spec.Get("p");
  const Napi::Value o = spec.Get("o");
  const Napi::Value q = spec.Get("q");
  const Napi::Value mean = spec.Get("mean");
  const Napi::Value ar = spec.Get("ar");
  const Napi::Value ma = spec.Get("ma");
  const Napi::Value dist = spec.Get("dist");
  const Napi::Value init = spec.Get("init");
  const Napi::Value delta_fixed = spec.Get("deltaFixed");
  const Napi::Value enforce_stationarity = spec.Get("enforceStationarity");
  if (arg.Env().IsExceptionPending()) return "reading the spec threw";

  GarchSpec s;  // kernel defaults for everything the wire does not carry
  std::string problem;
  if (!(problem = PickName(vol, "spec.vol", kVols, s.vol)).empty()) return problem;
  if (!(problem = PickName(mean, "spec.mean", kMeans, s.mean)).empty()) return problem;
  if (!(problem = PickName(dist, "spec.dist", kDists, s.dist)).empty()) return problem;
  if (!(problem = PickName(init, "spec.init", kInits, s.init)).empty()) return problem;
  if (!(problem = CheckOrders(p, o, q, s)).empty()) return problem;
  if (!(problem = CheckArma(ar, ma, s)).empty()) return problem;
  if (!delta_fixed.IsUndefined()) {
    if (s.vol != kVolAparch) return "spec.deltaFixed applies to vol 'aparch' only; leave it undefined";
    const double d = delta_fixed.IsNumber() ? delta_fixed.As<Napi::Number>().DoubleValue() : 0.0;
    if (!(d > 0.0 && std::isfinite(d))) {
      return "spec.deltaFixed must be a number > 0 (or undefined to estimate delta), got " + Describe(delta_fixed);
    }
    s.deltaFixed = 1;
    s.delta = d;
  }
  if (!enforce_stationarity.IsUndefined()) {
    if (!enforce_stationarity.IsBoolean()) {
      return "spec.enforceStationarity must be a boolean (or undefined for true), got " + Describe(enforce_stationarity);
    }
    s.enforceStationarity = enforce_stationarity.As<Napi::Boolean>().Value() ? 1 : 0;
  }
  // The checks above name the field; this is the kernel's own word, should the two ever drift.
  if (!spec_valid(s)) return "spec is not a model the GARCH kernel supports";
  out = s;
  return "";
}

std::string ParseGarchAdvanceInput(const Napi::Value& arg, GarchAdvanceInput& out) {
  if (!IsPlainObject(arg)) {
    return "garchAdvance expects an object { spec, params, state, seriesIds, values, offsets, horizon, "
           "varTailProbs, quantileProbs, seed, paths }, got " + Describe(arg);
  }
  const auto input = arg.As<Napi::Object>();
  const Napi::Value spec = input.Get("spec");
  const Napi::Value params = input.Get("params");
  const Napi::Value state = input.Get("state");
  const Napi::Value series_ids = input.Get("seriesIds");
  const Napi::Value values = input.Get("values");
  const Napi::Value offsets = input.Get("offsets");
  if (arg.Env().IsExceptionPending()) return "reading the garchAdvance argument threw";
  std::string problem = ParseGarchSpec(spec, out.settings.spec);
  if (!problem.empty()) return problem;
  if (!(problem = ReadSeries(values, offsets, out)).empty()) return problem;
  const std::size_t n = out.count;
  if (!(problem = ReadFloat64Exact(params, "params", n * tc::kGarchParamSlots, out.params)).empty()) return problem;
  if (!(problem = ReadFloat64Exact(state, "state", n * tc::kGarchStateSlots, out.state)).empty()) return problem;
  if (!IsTypedArrayOf(series_ids, napi_int32_array) || series_ids.As<Napi::Int32Array>().ElementLength() != n) {
    return "seriesIds must be an Int32Array of " + std::to_string(n) + " entries, got " + Describe(series_ids);
  }
  const auto ids = series_ids.As<Napi::Int32Array>();
  out.series_ids.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (ids[i] < 0) return "seriesIds must be >= 0, got " + std::to_string(ids[i]) + " at " + std::to_string(i);
    out.series_ids[i] = static_cast<uint32_t>(ids[i]);
  }
  return ParseGarchForecast(input, out.settings);
}

std::string ParseGarchBatchInput(const Napi::Value& arg, GarchInput& out) {
  if (!IsPlainObject(arg)) {
    return "garchBatch expects an object { spec, values, offsets, horizon, varTailProbs, quantileProbs, "
           "seed, paths, select }, got " + Describe(arg);
  }
  const auto input = arg.As<Napi::Object>();
  const Napi::Value spec = input.Get("spec");
  const Napi::Value values = input.Get("values");
  const Napi::Value offsets = input.Get("offsets");
  const Napi::Value select = input.Get("select");
  const Napi::Value start_params = input.Get("startParams");
  const Napi::Value backend = input.Get("backend");
  if (arg.Env().IsExceptionPending()) return "reading the garchBatch argument threw";
  {
    const std::string problem = ReadBackend(backend, out.cuda);
    if (!problem.empty()) return problem;
  }

  GarchBatchSettings& set = out.settings;
  std::string problem = ParseGarchSpec(spec, set.spec);
  if (!problem.empty()) return problem;
  int32_t selected = 0;
  if (!(problem = PickName(select, "select", kSelects, selected)).empty()) return problem;
  set.select = static_cast<GarchSelect>(selected);

  if (!(problem = ReadSeries(values, offsets, out)).empty()) return problem;
  if (!start_params.IsUndefined()) {
    problem = ReadFloat64Exact(start_params, "startParams", out.count * tc::kGarchParamSlots,
                               set.start_params);
    if (!problem.empty()) return problem + " (series x " + std::to_string(tc::kGarchParamSlots) + " slots)";
  }
  return ParseGarchForecast(input, set);
}

std::string ParseGarchForecast(const Napi::Object& input, tc::GarchBatchSettings& set) {
  const Napi::Value horizon = input.Get("horizon");
  const Napi::Value var_tail_probs = input.Get("varTailProbs");
  const Napi::Value quantile_probs = input.Get("quantileProbs");
  const Napi::Value seed = input.Get("seed");
  const Napi::Value paths = input.Get("paths");
  if (input.Env().IsExceptionPending()) return "reading the forecast options threw";
  std::string problem;
  if (!IsIntegerIn(horizon, 1, kInt32Max)) {
    return "horizon must be an integer >= 1, got " + Describe(horizon);
  }
  set.forecast.horizon = horizon.As<Napi::Number>().Int32Value();
  if (!IsIntegerIn(paths, 1, kInt32Max)) return "paths must be an integer >= 1, got " + Describe(paths);
  set.forecast.nPaths = paths.As<Napi::Number>().Int32Value();
  if (!IsIntegerIn(seed, 0, kMaxSafeInteger)) {
    return "seed must be an integer in [0, 2^53 - 1], got " + Describe(seed);
  }
  set.forecast.seed = static_cast<uint64_t>(seed.As<Napi::Number>().DoubleValue());

  std::vector<double> tails;
  if (!(problem = ReadProbabilities(var_tail_probs, "varTailProbs", kMaxVarLevels, tails)).empty()) {
    return problem;
  }
  set.forecast.nLevels = static_cast<int32_t>(tails.size());
  for (std::size_t l = 0; l < tails.size(); ++l) set.forecast.levels[l] = tails[l];
  // Bounded only by the output-size guard of the caller.
  return ReadProbabilities(quantile_probs, "quantileProbs", std::numeric_limits<std::size_t>::max(),
                           set.quantile_probs);
}

}  // namespace tc::addon
