// Runs one ARIMA batch on the thread pool, off the JS thread, and settles a promise with the typed
// arrays it wrote.
#pragma once

#include <napi.h>

#include <memory>

#include "../core/arima_driver.hpp"
#include "../core/thread_pool.hpp"
#include "arima_input.hpp"

namespace tc::addon {

class ArimaWorker final : public Napi::AsyncWorker {
 public:
  // `result` already holds every output array (allocated on the JS thread) and `outputs` points
  // into them; the references keep inputs and outputs alive while pool threads use them.
  ArimaWorker(Napi::Env env, const ArimaInput& input, Napi::Object result,
              const tc::ArimaBatchOutputs& outputs, std::shared_ptr<tc::ThreadPool> pool);

  Napi::Promise Promise() const { return deferred_.Promise(); }

 private:
  void Execute() override;  // on a libuv thread: no JS values may be touched here
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::Float64Array> values_;
  Napi::Reference<Napi::Int32Array> offsets_;
  Napi::ObjectReference result_;
  tc::ArimaBatchJob job_;
  std::shared_ptr<tc::ThreadPool> pool_;
  double compute_ms_ = 0.0;
};

// arimaBatch(input): Promise<ArimaBatchOutput>; argument errors reject, never throw.
Napi::Value ArimaBatch(const Napi::CallbackInfo& info);

}  // namespace tc::addon
