#include "garch_worker.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>

#include "../core/runtime.hpp"
#include "js_values.hpp"

namespace tc::addon {

GarchWorker::GarchWorker(Napi::Env env, const GarchInput& input, Napi::Object result,
                         const tc::GarchBatchOutputs& outputs,
                         std::shared_ptr<tc::ThreadPool> pool)
    : Napi::AsyncWorker(env, "tensorcast.garchBatch"),
      deferred_(Napi::Promise::Deferred::New(env)),
      values_(Napi::Persistent(input.values)),
      offsets_(Napi::Persistent(input.offsets)),
      result_(Napi::Persistent(result)),
      pool_(std::move(pool)) {
  // Data() already includes each view's byteOffset.
  job_.in = {input.values.Data(), input.offsets.Data(), input.count};
  job_.settings = input.settings;
  job_.out = outputs;
}

void GarchWorker::Execute() {
  const auto start = std::chrono::steady_clock::now();
  tc::run_garch_batch(*pool_, job_);
  compute_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void GarchWorker::OnOK() {
  Napi::Object result = result_.Value();
  result.Set("computeMs", Napi::Number::New(Env(), compute_ms_));
  deferred_.Resolve(result);
}

void GarchWorker::OnError(const Napi::Error& error) { deferred_.Reject(error.Value()); }

namespace {

// A new typed array of `length` elements stored as result[name]; nullptr once anything threw.
template <class Array>
auto AddOutput(Napi::Env env, Napi::Object result, const char* name, std::size_t length)
    -> decltype(Array().Data()) {
  if (env.IsExceptionPending()) return nullptr;
  Array array = Array::New(env, length);
  if (env.IsExceptionPending()) return nullptr;
  result.Set(name, array);
  return array.Data();
}

// Allocates the outputs on the JS thread (the worker thread cannot create JS values) as the
// properties of the object the promise resolves to, in the order of GarchBatchOutput.
bool AllocateOutputs(Napi::Env env, const GarchInput& input, Napi::Object result,
                     tc::GarchBatchOutputs& out) {
  using F64 = Napi::Float64Array;
  using I32 = Napi::Int32Array;
  const std::size_t n = input.count;
  const std::size_t slots = n * tc::kGarchParamSlots;
  const std::size_t steps = n * static_cast<std::size_t>(input.settings.forecast.horizon);
  const std::size_t levels = n * static_cast<std::size_t>(input.settings.forecast.nLevels);
  const std::size_t quantiles = n * input.settings.quantile_probs.size();
  out.params = AddOutput<F64>(env, result, "params", slots);
  out.std_err = AddOutput<F64>(env, result, "stdErr", slots);
  out.std_err_robust = AddOutput<F64>(env, result, "stdErrRobust", slots);
  out.loglik = AddOutput<F64>(env, result, "loglik", n);
  out.aic = AddOutput<F64>(env, result, "aic", n);
  out.bic = AddOutput<F64>(env, result, "bic", n);
  out.persistence = AddOutput<F64>(env, result, "persistence", n);
  out.uncond_variance = AddOutput<F64>(env, result, "uncondVariance", n);
  out.converged = AddOutput<I32>(env, result, "converged", n);
  out.reason = AddOutput<I32>(env, result, "reason", n);
  out.iterations = AddOutput<I32>(env, result, "iterations", n);
  out.n_obs = AddOutput<I32>(env, result, "nObs", n);
  out.chosen_p = AddOutput<I32>(env, result, "chosenP", n);
  out.chosen_q = AddOutput<I32>(env, result, "chosenQ", n);
  out.forecast_mean = AddOutput<F64>(env, result, "forecastMean", steps);
  out.forecast_variance = AddOutput<F64>(env, result, "forecastVariance", steps);
  out.value_at_risk = AddOutput<F64>(env, result, "valueAtRisk", levels);
  out.expected_shortfall = AddOutput<F64>(env, result, "expectedShortfall", levels);
  out.quantiles = AddOutput<F64>(env, result, "quantiles", quantiles);
  return !env.IsExceptionPending();
}

}  // namespace

Napi::Value GarchBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  GarchInput input;
  const std::string problem = ParseGarchBatchInput(info[0], input);
  if (!problem.empty()) return Rejected(env, PendingOrTypeError(env, "garchBatch: " + problem));

  const double widest = std::max({static_cast<double>(input.settings.forecast.horizon),
                                  static_cast<double>(tc::kGarchParamSlots),
                                  static_cast<double>(input.settings.quantile_probs.size())});
  if (static_cast<double>(input.count) * widest > kMaxOutputCells) {
    const auto error = Napi::RangeError::New(
        env, "garchBatch: " + std::to_string(input.count) + " series x " +
                 std::to_string(static_cast<long long>(widest)) +
                 " (the widest of horizon, quantileProbs and parameter slots) is more than " +
                 std::to_string(static_cast<long long>(kMaxOutputCells)) +
                 " output values per array; split the batch");
    return Rejected(env, error.Value());
  }
  Napi::Object result = Napi::Object::New(env);
  tc::GarchBatchOutputs outputs{};
  if (!AllocateOutputs(env, input, result, outputs)) {
    return Rejected(env, env.GetAndClearPendingException().Value());
  }

  auto* worker = new GarchWorker(env, input, result, outputs, tc::current_pool());
  const Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself after OnOK / OnError
  return promise;
}

Napi::Value GarchParamNames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  tc::garch::GarchSpec spec;
  const std::string problem = ParseGarchSpec(info[0], spec);
  if (!problem.empty()) {
    if (!env.IsExceptionPending()) {
      Napi::TypeError::New(env, "garchParamNames: " + problem).ThrowAsJavaScriptException();
    }
    return env.Undefined();
  }
  const std::vector<std::string> names = tc::garch_parameter_names(spec);
  auto array = Napi::Array::New(env, names.size());
  for (uint32_t i = 0; i < names.size(); ++i) array.Set(i, Napi::String::New(env, names[i]));
  return array;
}

}  // namespace tc::addon
