#include "arima_worker.hpp"

#include <chrono>
#include <string>
#include <utility>

#include "../core/runtime.hpp"
#include "js_values.hpp"

namespace tc::addon {

ArimaWorker::ArimaWorker(Napi::Env env, const ArimaInput& input, Napi::Object result,
                         const tc::ArimaBatchOutputs& outputs, std::shared_ptr<tc::ThreadPool> pool)
    : Napi::AsyncWorker(env, "tensorcast.arimaBatch"),
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

void ArimaWorker::Execute() {
  const auto start = std::chrono::steady_clock::now();
  tc::run_arima_batch(*pool_, job_);
  compute_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void ArimaWorker::OnOK() {
  Napi::Object result = result_.Value();
  result.Set("computeMs", Napi::Number::New(Env(), compute_ms_));
  deferred_.Resolve(result);
}

void ArimaWorker::OnError(const Napi::Error& error) { deferred_.Reject(error.Value()); }

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
// properties of the object the promise resolves to, in the order of ArimaBatchOutput.
bool AllocateOutputs(Napi::Env env, const ArimaInput& input, Napi::Object result,
                     tc::ArimaBatchOutputs& out) {
  using F64 = Napi::Float64Array;
  using I32 = Napi::Int32Array;
  const std::size_t n = input.count;
  const std::size_t slots = n * tc::kArimaCoefSlots;
  const std::size_t steps = n * static_cast<std::size_t>(input.settings.horizon);
  out.coef = AddOutput<F64>(env, result, "coef", slots);
  out.std_err = AddOutput<F64>(env, result, "stdErr", slots);
  out.sigma2 = AddOutput<F64>(env, result, "sigma2", n);
  out.loglik = AddOutput<F64>(env, result, "loglik", n);
  out.aic = AddOutput<F64>(env, result, "aic", n);
  out.aicc = AddOutput<F64>(env, result, "aicc", n);
  out.bic = AddOutput<F64>(env, result, "bic", n);
  out.ljung_box_p = AddOutput<F64>(env, result, "ljungBoxP", n);
  out.jarque_bera_p = AddOutput<F64>(env, result, "jarqueBeraP", n);
  out.kpss_stat = AddOutput<F64>(env, result, "kpssStat", n);
  out.kpss_p = AddOutput<F64>(env, result, "kpssP", n);
  out.adf_stat = AddOutput<F64>(env, result, "adfStat", n);
  out.adf_p = AddOutput<F64>(env, result, "adfP", n);
  out.status = AddOutput<I32>(env, result, "status", n);
  out.converged = AddOutput<I32>(env, result, "converged", n);
  out.iterations = AddOutput<I32>(env, result, "iterations", n);
  out.n_obs = AddOutput<I32>(env, result, "nObs", n);
  out.ljung_box_lag = AddOutput<I32>(env, result, "ljungBoxLag", n);
  out.models_fitted = AddOutput<I32>(env, result, "modelsFitted", n);
  out.order = AddOutput<I32>(env, result, "order", n * tc::kArimaOrderSlots);
  out.forecast_mean = AddOutput<F64>(env, result, "forecastMean", steps);
  out.forecast_variance = AddOutput<F64>(env, result, "forecastVariance", steps);
  return !env.IsExceptionPending();
}

}  // namespace

Napi::Value ArimaBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ArimaInput input;
  const std::string problem = ParseArimaBatchInput(info[0], input);
  if (!problem.empty()) return Rejected(env, PendingOrTypeError(env, "arimaBatch: " + problem));

  // horizon <= kMaxHorizon, so the widest row is bounded by the series count alone
  const double widest = static_cast<double>(tc::arima::kMaxHorizon);
  if (static_cast<double>(input.count) * widest > kMaxOutputCells) {
    const auto error = Napi::RangeError::New(
        env, "arimaBatch: " + std::to_string(input.count) + " series is more than " +
                 std::to_string(static_cast<long long>(kMaxOutputCells / widest)) +
                 " per call; split the batch");
    return Rejected(env, error.Value());
  }
  Napi::Object result = Napi::Object::New(env);
  tc::ArimaBatchOutputs outputs{};
  if (!AllocateOutputs(env, input, result, outputs)) {
    return Rejected(env, env.GetAndClearPendingException().Value());
  }

  auto* worker = new ArimaWorker(env, input, result, outputs, tc::current_pool());
  const Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself after OnOK / OnError
  return promise;
}

}  // namespace tc::addon
