// The garchBatch entry point (one GARCH-family batch run on the thread pool by a BatchWorker) and
// the synchronous garchParamNames.
#pragma once

#include <napi.h>

namespace tc::addon {

// garchBatch(input): Promise<GarchBatchOutput>; argument errors reject, never throw.
Napi::Value GarchBatch(const Napi::CallbackInfo& info);

// garchAdvance(input): Promise<GarchAdvanceOutput>: cached filter states advanced by new bars.
Napi::Value GarchAdvance(const Napi::CallbackInfo& info);

// garchParamNames(spec): string[]; throws a TypeError on a bad spec.
Napi::Value GarchParamNames(const Napi::CallbackInfo& info);

}  // namespace tc::addon
