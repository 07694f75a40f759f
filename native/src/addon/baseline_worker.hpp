// The baselineBatch entry point: one baseline batch run on the thread pool by a BatchWorker.
#pragma once

#include <napi.h>

namespace tc::addon {

// The JS entry point baselineBatch(input): Promise<output>.
Napi::Value BaselineBatch(const Napi::CallbackInfo& info);

}  // namespace tc::addon
