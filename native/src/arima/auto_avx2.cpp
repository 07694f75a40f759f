// The automatic ARIMA search compiled a second time with AVX2 enabled (and FMA not: no contraction,
// -ffp-contract=off as everywhere), dispatched at run time on CPUs that have it
// (native/src/core/arima_driver.cpp). AVX2 only widens the vector units GCC may use for the same
// IEEE operations in the same order, so results are bit-identical to the baseline x86-64 build
// (tests/native/arima_isa.test.ts); it is ~8-10 % less CPU (native/src/arima/STATUS.md).
// The whole search is compiled here under a renamed namespace, so none of its inline or template
// functions is merged by the linker with the baseline copies a pre-AVX2 CPU must run.
#if defined(__x86_64__) && defined(__GNUC__)
#include <math.h>
#include <stdint.h>

#pragma GCC push_options
#pragma GCC target("avx2")
#define tc tc_avx2
#include "auto.cpp"

// The entry point, with the layouts of tc::arima::AutoOptions / AutoResult / WarmStarts (the same source).
int tc_arima_auto_series_avx2(const double* x, int n, const void* opt, double* ws, void* out,
                              void* warm) {
  return tc::arima::arima_auto_series(x, n, *static_cast<const tc::arima::AutoOptions*>(opt), ws,
                                      static_cast<tc::arima::AutoResult*>(out),
                                      static_cast<tc::arima::WarmStarts*>(warm));
}
#undef tc
#pragma GCC pop_options
#endif
