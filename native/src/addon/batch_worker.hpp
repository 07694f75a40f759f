// The mechanism every batch entry point shares: read the argument, bound and allocate the outputs
// on the JS thread, run the batch on the thread pool off the JS thread, and settle a promise with
// { ...outputs, computeMs }. A model supplies only its parse / size / allocate / run pieces.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "../core/batch.hpp"
#include "../core/thread_pool.hpp"
#include "js_values.hpp"

namespace tc::addon {

// The object a batch promise resolves to, built on the JS thread (the worker thread cannot create
// JS values): each output is a new typed array stored as result[name], in the order added.
// What a batch run reports besides its outputs: an error (the promise rejects with it), and where
// it ran (result.backend, result.deviceMs; set by the CUDA path only).
struct RunReport {
  std::string error;
  std::string backend;
  double device_ms = -1.0;
};

class OutputArrays {
 public:
  explicit OutputArrays(Napi::Env env)
      : env_(env), result_(Napi::Object::New(env)), report_(std::make_shared<RunReport>()) {}

  // The new array's data; nullptr once anything threw (then every later call is a no-op).
  double* Float64(const char* name, std::size_t length);
  int32_t* Int32(const char* name, std::size_t length);

  bool ok() const { return !env_.IsExceptionPending(); }
  Napi::Object result() const { return result_; }
  // Written by the pool work (capture it in the Compute), read on the JS thread when it finishes.
  std::shared_ptr<RunReport> report() const { return report_; }

 private:
  Napi::Env env_;
  Napi::Object result_;
  std::shared_ptr<RunReport> report_;
};

class BatchWorker final : public Napi::AsyncWorker {
 public:
  using Compute = std::function<void(tc::ThreadPool&)>;

  // `result` already holds every output array and `compute` writes into them; the references keep
  // the input series and the outputs alive while pool threads use them.
  BatchWorker(Napi::Env env, const std::string& resource, const SeriesInput& input,
              Napi::Object result, Compute compute, std::shared_ptr<tc::ThreadPool> pool,
              std::shared_ptr<RunReport> report);

  Napi::Promise Promise() const { return deferred_.Promise(); }

 private:
  void Execute() override;  // on a libuv thread: no JS values may be touched here
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::Float64Array> values_;
  Napi::Reference<Napi::Int32Array> offsets_;
  Napi::ObjectReference result_;
  Compute compute_;
  std::shared_ptr<tc::ThreadPool> pool_;
  std::shared_ptr<RunReport> report_;
  double compute_ms_ = 0.0;
};

// The compute step of a batch sent to the device: run(&deviceMs) returns "" or a "cuda error: ..."
// message; the report says backend "cuda", the device time, and "<call>: <message>" on failure
// (the promise then rejects, and the GPU executor re-runs the batch on the CPU).
template <class Run>
BatchWorker::Compute DeviceCompute(const char* call, std::shared_ptr<RunReport> report, Run run) {
  return [call, report, run](tc::ThreadPool&) {
    report->backend = "cuda";
    double ms = 0.0;
    const std::string problem = run(&ms);
    if (!problem.empty()) report->error = std::string(call) + ": " + problem;
    report->device_ms = ms;
  };
}

// Queues a BatchWorker named "tensorcast.<name>" on the current pool; its promise.
Napi::Promise QueueBatch(Napi::Env env, const char* name, const SeriesInput& input,
                         Napi::Object result, BatchWorker::Compute compute,
                         std::shared_ptr<RunReport> report);

// The raw view of the input series the drivers read; Data() already includes each view's byteOffset.
inline tc::SeriesBatch SeriesOf(const SeriesInput& input) {
  return {input.values.Data(), input.offsets.Data(), input.count};
}

// A batch entry point, name(input): Promise<{ ...outputs, computeMs }>. A model supplies
//   parse(arg, input):      "" or a TypeError message (Input derives from SeriesInput)
//   too_large(input):       "" or a RangeError message, checked before anything is allocated
//   prepare(input, arrays): allocates the outputs and returns the pool work writing into them
// Every message is prefixed with "name: ". Argument errors reject the promise, never throw.
template <class Input>
Napi::Value RunBatch(const Napi::CallbackInfo& info, const char* name,
                     std::string (*parse)(const Napi::Value&, Input&),
                     std::string (*too_large)(const Input&),
                     BatchWorker::Compute (*prepare)(const Input&, OutputArrays&)) {
  Napi::Env env = info.Env();
  const std::string prefix = std::string(name) + ": ";
  Input input;
  const std::string problem = parse(info[0], input);
  if (!problem.empty()) return Rejected(env, PendingOrTypeError(env, prefix + problem));
  const std::string oversized = too_large(input);
  if (!oversized.empty()) return Rejected(env, Napi::RangeError::New(env, prefix + oversized).Value());

  OutputArrays outputs(env);
  BatchWorker::Compute compute = prepare(input, outputs);
  if (!outputs.ok()) return Rejected(env, env.GetAndClearPendingException().Value());
  return QueueBatch(env, name, input, outputs.result(), std::move(compute), outputs.report());
}

}  // namespace tc::addon
