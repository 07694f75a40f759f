# Builds native/build/Release/tensorcast.node: `npm run build:native` from the package root.
{
  # native/build_cuda.mjs writes cuda_build/link.json when nvcc built the CUDA library; then the
  # addon links it and the static CUDA runtime (only the driver is needed at run time).
  "variables": {
    "tc_cuda_lib%": "<!(node -p \"try { require('./cuda_build/link.json').lib } catch { '' }\")",
    "tc_cudart_dir%": "<!(node -p \"try { require('./cuda_build/link.json').cudartDir } catch { '' }\")"
  },
  "targets": [
    {
      "target_name": "tensorcast",
      "sources": [
        "src/core/thread_pool.cpp",
        "src/core/runtime.cpp",
        "src/core/baseline_models.cpp",
        "src/core/garch_driver.cpp",
        "src/garch/batch.cpp",
        "src/core/arima_driver.cpp",
        "src/arima/auto.cpp",
        "src/arima/auto_avx2.cpp",
        "src/addon/js_values.cpp",
        "src/addon/batch_worker.cpp",
        "src/addon/baseline_input.cpp",
        "src/addon/baseline_worker.cpp",
        "src/addon/garch_input.cpp",
        "src/addon/garch_worker.cpp",
        "src/addon/arima_input.cpp",
        "src/addon/arima_worker.cpp",
        "src/addon/module.cpp"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_DISABLE_CPP_EXCEPTIONS",
        "TC_VERSION=\"<!(node -p \"require('../package.json').version\")\""
      ],
      # ISO C++17 instead of node's gnu++17; no -ffast-math anywhere, and no FMA contraction, so
      # results are the IEEE double results of the source as written whatever -march is.
      "cflags_cc!": ["-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-ffp-contract=off"],
      "conditions": [
        ["tc_cuda_lib!=''", {
          "defines": ["TC_WITH_CUDA=1"],
          "libraries": ["<(tc_cuda_lib)", "-L<(tc_cudart_dir)", "-lcudart_static", "-ldl", "-lrt", "-lpthread"]
        }]
      ],
      "xcode_settings": {
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off"]
      }
    }
  ]
}
