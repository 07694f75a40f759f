// Module registration and the small synchronous entry points; everything heavy is in the core.
#include <napi.h>

#include "../core/runtime.hpp"
#include "arima_worker.hpp"
#include "baseline_worker.hpp"
#include "garch_worker.hpp"
#include "js_values.hpp"
#ifdef TC_WITH_CUDA
#include "../cuda/cuda_api.hpp"
#endif

#ifndef TC_VERSION
#error "TC_VERSION must be defined by binding.gyp (from package.json)"
#endif

namespace tc::addon {

namespace {

Napi::Value Configure(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const Napi::Value arg = info[0];
  if (!arg.IsObject()) {
    Napi::TypeError::New(env, "configure expects an object { threads }, got " + Describe(arg))
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const Napi::Value threads = arg.As<Napi::Object>().Get("threads");
  if (env.IsExceptionPending()) return env.Undefined();
  if (!IsIntegerIn(threads, 0, tc::kMaxThreads)) {
    Napi::TypeError::New(env, "configure: threads must be an integer in [0, " +
                                  std::to_string(tc::kMaxThreads) +
                                  "] (0 = one per CPU core), got " + Describe(threads))
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  tc::set_threads(threads.As<Napi::Number>().Uint32Value());
  return env.Undefined();
}

#ifdef TC_WITH_CUDA
// cudaInfo(): { compiled, available, error, devices: [{ index, name, totalMemoryBytes, computeCapability, multiprocessors }] }
Napi::Value CudaInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const tc::cuda::CudaInfoResult r = tc::cuda::cuda_info();
  auto out = Napi::Object::New(env);
  out.Set("compiled", Napi::Boolean::New(env, r.compiled));
  out.Set("available", Napi::Boolean::New(env, r.available));
  out.Set("error", Napi::String::New(env, r.error));
  auto devices = Napi::Array::New(env, r.devices.size());
  for (uint32_t i = 0; i < r.devices.size(); ++i) {
    const auto& d = r.devices[i];
    auto o = Napi::Object::New(env);
    o.Set("index", Napi::Number::New(env, d.index));
    o.Set("name", Napi::String::New(env, d.name));
    o.Set("totalMemoryBytes", Napi::Number::New(env, d.totalMemoryBytes));
    o.Set("computeCapability", Napi::String::New(env, d.computeCapability));
    o.Set("multiprocessors", Napi::Number::New(env, d.multiprocessors));
    devices.Set(i, o);
  }
  out.Set("devices", devices);
  return out;
}
#endif

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto names = tc::compiled_backends();
  auto backends = Napi::Array::New(env, names.size());
  for (uint32_t i = 0; i < names.size(); ++i) backends.Set(i, Napi::String::New(env, names[i]));
  auto result = Napi::Object::New(env);
  result.Set("version", Napi::String::New(env, TC_VERSION));
  result.Set("backends", backends);
  result.Set("threads", Napi::Number::New(env, tc::current_pool()->threads()));
  return result;
}

}  // namespace

}  // namespace tc::addon

// At global scope: NODE_API_MODULE pastes the function name into an identifier.
static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace tc::addon;
  exports.Set("baselineBatch", Napi::Function::New(env, BaselineBatch, "baselineBatch"));
  exports.Set("garchBatch", Napi::Function::New(env, GarchBatch, "garchBatch"));
  exports.Set("garchAdvance", Napi::Function::New(env, GarchAdvance, "garchAdvance"));
  exports.Set("garchParamNames", Napi::Function::New(env, GarchParamNames, "garchParamNames"));
  exports.Set("arimaBatch", Napi::Function::New(env, ArimaBatch, "arimaBatch"));
  exports.Set("arimaForecast", Napi::Function::New(env, ArimaForecast, "arimaForecast"));
  exports.Set("configure", Napi::Function::New(env, Configure, "configure"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
#ifdef TC_WITH_CUDA
  exports.Set("cudaInfo", Napi::Function::New(env, CudaInfo, "cudaInfo"));
#endif
  return exports;
}

NODE_API_MODULE(NODE_GYP_MODULE_NAME, Init)
