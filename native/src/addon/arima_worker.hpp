// The arimaBatch entry point: one ARIMA batch run on the thread pool by a BatchWorker.
#pragma once

#include <napi.h>

namespace tc::addon {

// arimaBatch(input): Promise<ArimaBatchOutput>; argument errors reject, never throw.
Napi::Value ArimaBatch(const Napi::CallbackInfo& info);

// arimaForecast(input): Promise<ArimaForecastOutput>: forecasts at fixed (cached) coefficients.
Napi::Value ArimaForecast(const Napi::CallbackInfo& info);

}  // namespace tc::addon
