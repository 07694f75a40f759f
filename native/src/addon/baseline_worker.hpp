// Runs one baseline batch on the thread pool, off the JS thread, and settles a promise with the
// typed arrays it wrote.
#pragma once

#include <napi.h>

#include <memory>

#include "../core/batch.hpp"
#include "../core/baseline_models.hpp"
#include "../core/thread_pool.hpp"
#include "baseline_input.hpp"

namespace tc::addon {

struct BaselineResultArrays {
  Napi::Float64Array mean;
  Napi::Float64Array variance;
  Napi::Float64Array params;
  Napi::Int32Array status;
};

class BaselineWorker final : public Napi::AsyncWorker {
 public:
  // Holds references to the inputs and outputs until the promise settles, so their memory stays
  // alive while other threads read and write it.
  BaselineWorker(Napi::Env env, const BaselineInput& input, BaselineResultArrays outputs,
                 std::shared_ptr<tc::ThreadPool> pool);

  Napi::Promise Promise() const { return deferred_.Promise(); }

 private:
  void Execute() override;  // on a libuv thread: no JS values may be touched here
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

  Napi::Promise::Deferred deferred_;
  Napi::Reference<Napi::Float64Array> values_;
  Napi::Reference<Napi::Int32Array> offsets_;
  Napi::Reference<Napi::Float64Array> mean_;
  Napi::Reference<Napi::Float64Array> variance_;
  Napi::Reference<Napi::Float64Array> params_;
  Napi::Reference<Napi::Int32Array> status_;
  tc::BaselineCpuDriver run_;
  tc::BaselineBatch batch_;
  std::shared_ptr<tc::ThreadPool> pool_;
  double compute_ms_ = 0.0;
};

// The JS entry point baselineBatch(input): Promise<output>.
Napi::Value BaselineBatch(const Napi::CallbackInfo& info);

}  // namespace tc::addon
