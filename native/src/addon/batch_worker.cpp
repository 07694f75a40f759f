#include "batch_worker.hpp"

#include <chrono>
#include <utility>

#include "../core/runtime.hpp"

namespace tc::addon {

namespace {

template <class Array>
auto AddOutput(Napi::Env env, Napi::Object result, const char* name, std::size_t length)
    -> decltype(Array().Data()) {
  if (env.IsExceptionPending()) return nullptr;
  Array array = Array::New(env, length);
  if (env.IsExceptionPending()) return nullptr;
  result.Set(name, array);
  return array.Data();
}

}  // namespace

double* OutputArrays::Float64(const char* name, std::size_t length) {
  return AddOutput<Napi::Float64Array>(env_, result_, name, length);
}

int32_t* OutputArrays::Int32(const char* name, std::size_t length) {
  return AddOutput<Napi::Int32Array>(env_, result_, name, length);
}

BatchWorker::BatchWorker(Napi::Env env, const std::string& resource, const SeriesInput& input,
                         Napi::Object result, Compute compute, std::shared_ptr<tc::ThreadPool> pool,
                         std::shared_ptr<RunReport> report)
    : Napi::AsyncWorker(env, resource.c_str()),
      deferred_(Napi::Promise::Deferred::New(env)),
      values_(Napi::Persistent(input.values)),
      offsets_(Napi::Persistent(input.offsets)),
      result_(Napi::Persistent(result)),
      compute_(std::move(compute)),
      pool_(std::move(pool)),
      report_(std::move(report)) {}

void BatchWorker::Execute() {
  const auto start = std::chrono::steady_clock::now();
  compute_(*pool_);
  compute_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (report_ && !report_->error.empty()) SetError(report_->error);
}

void BatchWorker::OnOK() {
  Napi::Object result = result_.Value();
  result.Set("computeMs", Napi::Number::New(Env(), compute_ms_));
  if (report_ && !report_->backend.empty()) result.Set("backend", Napi::String::New(Env(), report_->backend));
  if (report_ && report_->device_ms >= 0.0) result.Set("deviceMs", Napi::Number::New(Env(), report_->device_ms));
  deferred_.Resolve(result);
}

void BatchWorker::OnError(const Napi::Error& error) { deferred_.Reject(error.Value()); }

Napi::Promise QueueBatch(Napi::Env env, const char* name, const SeriesInput& input,
                         Napi::Object result, BatchWorker::Compute compute,
                         std::shared_ptr<RunReport> report) {
  auto* worker = new BatchWorker(env, std::string("tensorcast.") + name, input, result,
                                 std::move(compute), tc::current_pool(), std::move(report));
  const Napi::Promise promise = worker->Promise();
  worker->Queue();  // the worker deletes itself after OnOK / OnError
  return promise;
}

}  // namespace tc::addon
