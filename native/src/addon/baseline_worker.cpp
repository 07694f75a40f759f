#include "baseline_worker.hpp"

#include <chrono>
#include <utility>

#include "../core/runtime.hpp"
#include "js_values.hpp"

namespace tc::addon {

BaselineWorker::BaselineWorker(Napi::Env env, const BaselineInput& input,
                               BaselineResultArrays outputs,
                               std::shared_ptr<tc::ThreadPool> pool)
    : Napi::AsyncWorker(env, "tensorcast.baselineBatch"),
      deferred_(Napi::Promise::Deferred::New(env)),
      values_(Napi::Persistent(input.values)),
      offsets_(Napi::Persistent(input.offsets)),
      mean_(Napi::Persistent(outputs.mean)),
      variance_(Napi::Persistent(outputs.variance)),
      params_(Napi::Persistent(outputs.params)),
      status_(Napi::Persistent(outputs.status)),
      run_(input.model->run_cpu),
      pool_(std::move(pool)) {
  // Data() already includes each view's byteOffset.
  batch_.in = {input.values.Data(), input.offsets.Data(), input.count};
  batch_.args = input.args;
  batch_.out = {outputs.mean.Data(), outputs.variance.Data(), outputs.params.Data(),
                outputs.status.Data()};
}

void BaselineWorker::Execute() {
  const auto start = std::chrono::steady_clock::now();
  run_(*pool_, batch_);
  compute_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

void BaselineWorker::OnOK() {
  Napi::Env env = Env();
  auto result = Napi::Object::New(env);
  result.Set("mean", mean_.Value());
  result.Set("variance", variance_.Value());
  result.Set("params", params_.Value());
  result.Set("status", status_.Value());
  result.Set("computeMs", Napi::Number::New(env, compute_ms_));
  deferred_.Resolve(result);
}

void BaselineWorker::OnError(const Napi::Error& error) { deferred_.Reject(error.Value()); }

namespace {

// Allocates the outputs on the JS thread (the worker thread cannot create JS values).
bool AllocateOutputs(Napi::Env env, std::size_t count, int horizon, BaselineResultArrays& out) {
  const std::size_t cells = count * static_cast<std::size_t>(horizon);
  out.mean = Napi::Float64Array::New(env, cells);
  if (env.IsExceptionPending()) return false;
  out.variance = Napi::Float64Array::New(env, cells);
  if (env.IsExceptionPending()) return false;
  out.params = Napi::Float64Array::New(env, count * tc::kParamSlots);
  if (env.IsExceptionPending()) return false;
  out.status = Napi::Int32Array::New(env, count);
  return !env.IsExceptionPending();
}

}  // namespace

Napi::Value BaselineBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  BaselineInput input;
  const std::string problem = ParseBaselineInput(info[0], input);
  if (!problem.empty()) return Rejected(env, PendingOrTypeError(env, "baselineBatch: " + problem));

  const double cells = static_cast<double>(input.count) * input.args.horizon;
  if (cells > kMaxOutputCells) {
    const auto error = Napi::RangeError::New(
        env, "baselineBatch: " + std::to_string(input.count) + " series x horizon " +
                 std::to_string(input.args.horizon) + " is more than " +
                 std::to_string(static_cast<long long>(kMaxOutputCells)) +
                 " output values per array; split the batch");
    return Rejected(env, error.Value());
  }
  BaselineResultArrays outputs;
  if (!AllocateOutputs(env, input.count, input.args.horizon, outputs)) {
    return Rejected(env, env.GetAndClearPendingException().Value());
  }

  auto* worker = new BaselineWorker(env, input, outputs, tc::current_pool());
  const Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself after OnOK / OnError
  return promise;
}

}  // namespace tc::addon
